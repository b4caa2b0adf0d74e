// Vector PDF of an exported figure (issue 5): the SVG that ECharts' SVG renderer drew, converted by
// svg-to-pdfkit into PDFKit drawing commands, one page of the figure's size, with DejaVu Sans
// (resources/fonts, with its licence) embedded as a subset, so that the PDF reads the same on any machine
// and in any journal's pipeline. Used by `landau chaos --pdf` and by the API's figurePdf (the UI's export).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import PDFDocument from 'pdfkit'
import SVGtoPDF from 'svg-to-pdfkit'

/** The font shipped with the project and embedded in every PDF. */
export const FIGURE_FONT_FILE = fileURLToPath(new URL('../../resources/fonts/DejaVuSans.ttf', import.meta.url))

let fontBytes: Buffer | null = null
const font = () => (fontBytes ??= readFileSync(FIGURE_FONT_FILE))

/** A PDFKit document that only measures text in the figure font. */
let measurer: PDFKit.PDFDocument | null = null
/**
 * Width of `text` in the figure font at the CSS font's px size: in Node ECharts has no canvas to measure
 * text with, so headless layouts (the CLI's SVG) use the embedded font's glyph widths instead.
 */
export function figureTextWidth(text: string, cssFont: string | undefined): number {
  if (!measurer) {
    measurer = new PDFDocument({ autoFirstPage: false })
    measurer.registerFont('DejaVuSans', font())
    measurer.font('DejaVuSans')
  }
  const px = Number(/(\d+(?:\.\d+)?)px/.exec(cssFont ?? '')?.[1] ?? 12)
  return measurer.fontSize(px).widthOfString(text)
}

export interface PdfInfo {
  title: string
  /** The figure's metadata (run ids, specs), as JSON in the document's Subject. */
  metadata: Record<string, unknown>
  keywords?: string
  creator: string
}

/**
 * The SVG (drawn at its own px size, any viewBox) as a one-page PDF of widthPt × heightPt, the drawing
 * scaled to fill it. Every text, whatever family the SVG names, is set in the embedded font.
 */
export function svgToPdf(svg: string, widthPt: number, heightPt: number, info: PdfInfo): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [widthPt, heightPt],
    margin: 0,
    autoFirstPage: true,
    info: {
      Title: info.title,
      Subject: JSON.stringify(info.metadata),
      Keywords: info.keywords ?? 'landau-workbench',
      Creator: info.creator,
    },
  })
  doc.registerFont('DejaVuSans', font())
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  SVGtoPDF(doc, svg, 0, 0, {
    width: widthPt,
    height: heightPt,
    fontCallback: () => 'DejaVuSans',
    warningCallback: (s: string) => process.stderr.write(`warning: PDF conversion: ${s}\n`),
  })
  doc.end()
  return done
}
