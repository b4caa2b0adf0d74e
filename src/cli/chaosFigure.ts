// `landau chaos --svg/--pdf`: the convergence figure of the UI's Convergence panel, drawn headless. The same
// option (src/shared/figures/convergenceChart.ts) goes through ECharts' server-side SVG renderer, gets the same
// <metadata> as the UI's export (experiment, run ids, reference, time, metric, fits, spec), and for the PDF
// is converted to vector PDF with DejaVu Sans embedded (src/backend/figurePdf.ts, as the UI's PDF export).
// The series differ by marker and dash, not only colour: black and white.
import { init, setPlatformAPI, use, type EChartsCoreOption } from 'echarts/core'
import { CustomChart, LineChart, ScatterChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import { SVGRenderer } from 'echarts/renderers'
import type { ChaosReport } from '../shared/api'
import { buildConvergenceOption, CONVERGENCE_SVG_ID, exportMetadata } from '../shared/figures/convergenceChart'
import { FIGURE_FONT_FAMILY } from '../shared/figures/style'
import { withSvgMetadata, type FigureSize } from '../shared/figureExport'
import { figureTextWidth, svgToPdf } from '../backend/figurePdf'
import { layoutPixels, pagePoints, paperSvg } from './figureSize'

// The export option has no tooltip, but names the key (undefined): ECharts wants the component registered.
use([ScatterChart, LineChart, CustomChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, SVGRenderer])

/** Particle points the figure would draw (a figure without any is refused). */
export const plottedPoints = (r: ChaosReport) => r.series.reduce((n, s) => n + s.points.length, 0)

/** An export option drawn by ECharts' server-side SVG renderer, with `meta` in a <metadata id="{id}"> element. */
export function optionSvg(option: EChartsCoreOption, width: number, height: number, meta: Record<string, unknown>, id: string): string {
  // The legend is laid out from the glyph widths of the embedded font (px of text = pt in PDFKit's units).
  setPlatformAPI({ measureText: (text: string, font?: string) => ({ width: figureTextWidth(text, font) }) })
  const chart = init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    chart.setOption(option)
    return withSvgMetadata(chart.renderToSVGString(), meta, id)
  } finally {
    chart.dispose()
  }
}

/** The figure as an SVG document of the physical size, with the export metadata (and the size) in a <metadata> element. */
export function convergenceSvg(report: ChaosReport, size: FigureSize): string {
  const { width, height } = layoutPixels(size)
  const option = buildConvergenceOption(report, { forExport: true, fontFamily: FIGURE_FONT_FAMILY, width })
  return paperSvg(optionSvg(option, width, height, { ...exportMetadata(report), size }, CONVERGENCE_SVG_ID), size)
}

/** The SVG as a one-page vector PDF of the size, the font embedded (a subset), the metadata in the document info. */
export function convergencePdf(svg: string, report: ChaosReport, size: FigureSize): Promise<Buffer> {
  const page = pagePoints(size)
  return svgToPdf(svg, page.width, page.height, {
    title: `Convergence, experiment ${report.experiment} (${report.spec.name}), ${report.metric} at t = ${report.time}`,
    metadata: exportMetadata(report),
    keywords: `landau-workbench convergence; runs ${report.runs.map((d) => d.run).join(' ')}`,
    creator: 'Landau Workbench (landau chaos)',
  })
}
