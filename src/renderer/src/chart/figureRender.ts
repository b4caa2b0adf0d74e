// Draws a chart's ECharts option as a paper figure (src/shared/figureExport.ts): an SVG (ECharts' SVG
// renderer in its server-side mode, no element needed) at the figure's physical size, a PDF made from that
// SVG by the backend (API figurePdf: vector, font embedded), and a PNG (the canvas renderer off screen,
// scaled to the DPI, with pHYs and the metadata written into the file). Text is set in DejaVu Sans, the
// font the PDF embeds and the app bundles, so that legend layouts measured here match the PDF's glyphs.
import { init, use } from 'echarts/core'
import type { EChartsCoreOption } from 'echarts/core'
import { LineChart } from 'echarts/charts'
import { GraphicComponent, GridComponent, LegendComponent, TitleComponent } from 'echarts/components'
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers'
import fontUrl from '../../../../resources/fonts/DejaVuSans.ttf?url'
import { api } from '../api'
import { CSS_DPI, cssPixels, svgAtPaperSize, withSvgMetadata } from '../../../shared/figureExport'
import { EXPORT_BACKGROUND, FIGURE_FONT_FAMILY } from '../../../shared/figures/style'
import type { FigureSize } from '../../../shared/figureExport'
import { withPngMetadata } from '../../../shared/pngMetadata'

// What every exported figure needs, registered here once: the panels' use() calls sit in their <script
// setup>, which runs only when a panel mounts, so the History figure's SVG (the SVG renderer, else zrender
// falls back to its canvas painter and fails on the null element) worked only after another tab had been
// opened. The chart types beyond lines are registered by the panels that export them (they are mounted then).
use([LineChart, GridComponent, LegendComponent, TitleComponent, GraphicComponent, CanvasRenderer, SVGRenderer])

/** Figures name DejaVu Sans first (registered below under that family), unquoted: ECharts writes the family
 * into an SVG attribute without escaping. */
export { FIGURE_FONT_FAMILY }

let fontReady: Promise<void> | null = null
/** Loads the bundled DejaVu Sans into the page once (the canvas and the text measurer then use it). */
export function loadFigureFont(): Promise<void> {
  fontReady ??= (async () => {
    try {
      const face = new FontFace('DejaVu Sans', `url(${fontUrl})`)
      document.fonts.add(await face.load())
    } catch {
      // An installed DejaVu Sans or the fallbacks serve; the PDF embeds the font whatever happens here.
    }
  })()
  return fontReady
}

export interface FigureSource {
  /** The chart, laid out for export (no tooltip, no zoom, white background). */
  option: EChartsCoreOption
  /** What the figure shows: run ids, specs, … */
  metadata: Record<string, unknown>
  /** The <metadata> element's id in the SVG. */
  svgId: string
  /** The PDF's and PNG's title. */
  title: string
}

/** The figure as an SVG document of the chosen physical size, with its metadata. */
export async function figureSvg(src: FigureSource, size: FigureSize): Promise<string> {
  await loadFigureFont()
  const c = init(null, undefined, { renderer: 'svg', ssr: true, width: cssPixels(size.widthMm), height: cssPixels(size.heightMm) })
  try {
    c.setOption(src.option)
    return svgAtPaperSize(withSvgMetadata(c.renderToSVGString(), src.metadata, src.svgId), size.widthMm, size.heightMm)
  } finally {
    c.dispose()
  }
}

/** The figure as a one-page vector PDF (the backend converts the SVG). */
export async function figurePdf(src: FigureSource, size: FigureSize): Promise<Uint8Array> {
  const svg = await figureSvg(src, size)
  const b64 = await api.figurePdf({ svg, widthMm: size.widthMm, heightMm: size.heightMm, title: src.title, metadata: src.metadata })
  return Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))
}

/** The figure as a PNG of mm·DPI/25.4 pixels a side, its DPI and metadata written into the file. */
export async function figurePng(src: FigureSource, size: FigureSize): Promise<Uint8Array> {
  await loadFigureFont()
  const width = cssPixels(size.widthMm)
  const height = cssPixels(size.heightMm)
  const ratio = size.dpi / CSS_DPI
  // Off screen but laid out: the canvas renderer needs an element in the document.
  const host = document.createElement('div')
  host.style.cssText = `position:fixed;left:-20000px;top:0;width:${width}px;height:${height}px;`
  document.body.append(host)
  const c = init(host, undefined, { renderer: 'canvas', width, height, devicePixelRatio: ratio })
  try {
    c.setOption(src.option)
    const url = c.getDataURL({ type: 'png', pixelRatio: ratio, backgroundColor: EXPORT_BACKGROUND })
    const bytes = Uint8Array.from(atob(url.slice(url.indexOf(',') + 1)), (ch) => ch.charCodeAt(0))
    return withPngMetadata(bytes, size.dpi, {
      Title: src.title,
      Software: 'Landau Workbench',
      'landau-workbench': JSON.stringify(src.metadata),
    })
  } finally {
    c.dispose()
    host.remove()
  }
}
