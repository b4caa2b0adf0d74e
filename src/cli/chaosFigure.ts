// `landau chaos --svg/--pdf`: the convergence figure of the UI's Convergence panel, drawn headless. The same
// option (src/shared/convergenceChart.ts) goes through ECharts' server-side SVG renderer, gets the same
// <metadata> as the UI's export (experiment, run ids, reference, time, metric, fits, spec), and for the PDF
// is converted to vector PDF by svg-to-pdfkit with DejaVu Sans (resources/fonts) embedded, so the PDF
// reads the same on any machine. The series differ by marker and dash, not only colour: black and white.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { init, setPlatformAPI, use } from 'echarts/core'
import { CustomChart, LineChart, ScatterChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import { SVGRenderer } from 'echarts/renderers'
import PDFDocument from 'pdfkit'
import SVGtoPDF from 'svg-to-pdfkit'
import type { ChaosReport } from '../shared/api'
import { buildConvergenceOption, exportMetadata, withSvgMetadata } from '../shared/convergenceChart'

// The export option has no tooltip, but names the key (undefined): ECharts wants the component registered.
use([ScatterChart, LineChart, CustomChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, SVGRenderer])

/** The font shipped with the project (resources/fonts, with its licence) and embedded in the PDF. */
export const FIGURE_FONT_FILE = fileURLToPath(new URL('../../resources/fonts/DejaVuSans.ttf', import.meta.url))
/** The SVG names DejaVu Sans first: the PDF embeds it, a viewer of the SVG uses it when installed. */
const FIGURE_FONT_FAMILY = 'DejaVu Sans, Verdana, Arial, sans-serif'

/** The font, loaded once into a PDFKit document that only measures text. */
let measurer: PDFKit.PDFDocument | null = null
function textWidth(text: string, font: string | undefined): number {
  if (!measurer) {
    measurer = new PDFDocument({ autoFirstPage: false })
    measurer.registerFont('DejaVuSans', readFileSync(FIGURE_FONT_FILE))
    measurer.font('DejaVuSans')
  }
  const px = Number(/(\d+(?:\.\d+)?)px/.exec(font ?? '')?.[1] ?? 12)
  return measurer.fontSize(px).widthOfString(text)
}

/** Particle points the figure would draw (a figure without any is refused). */
export const plottedPoints = (r: ChaosReport) => r.series.reduce((n, s) => n + s.points.length, 0)

/** The figure as an SVG document, with the export metadata in a <metadata> element. */
export function convergenceSvg(report: ChaosReport, width: number, height: number): string {
  // In Node ECharts has no canvas to measure text with and guesses; the legend is laid out from the widths
  // of the glyphs of the embedded font instead (px of text = pt in PDFKit's units: same proportions).
  setPlatformAPI({ measureText: (text: string, font?: string) => ({ width: textWidth(text, font) }) })
  const chart = init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    chart.setOption(buildConvergenceOption(report, { forExport: true, fontFamily: FIGURE_FONT_FAMILY }))
    return withSvgMetadata(chart.renderToSVGString(), exportMetadata(report))
  } finally {
    chart.dispose()
  }
}

/** The SVG as a one-page vector PDF (1 px = 0.75 pt), the font embedded (a subset), the metadata in the document info. */
export function convergencePdf(svg: string, report: ChaosReport, width: number, height: number): Promise<Buffer> {
  const w = width * 0.75
  const h = height * 0.75
  const meta = exportMetadata(report)
  const doc = new PDFDocument({
    size: [w, h],
    margin: 0,
    autoFirstPage: true,
    info: {
      Title: `Convergence, experiment ${report.experiment} (${report.spec.name}), ${report.metric} at t = ${report.time}`,
      Subject: JSON.stringify(meta),
      Keywords: `landau-workbench convergence; runs ${report.runs.map((d) => d.run).join(' ')}`,
      Creator: 'Landau Workbench (landau chaos)',
    },
  })
  doc.registerFont('DejaVuSans', readFileSync(FIGURE_FONT_FILE))
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  SVGtoPDF(doc, svg, 0, 0, {
    width: w,
    height: h,
    // Every text in the figure, whatever family the SVG names, is set in the embedded font.
    fontCallback: () => 'DejaVuSans',
    warningCallback: (s: string) => process.stderr.write(`warning: PDF conversion: ${s}\n`),
  })
  doc.end()
  return done
}
