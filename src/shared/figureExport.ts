// Paper figures: what every chart export shares, whatever the chart. A researcher sizes a figure
// in millimetres for a journal column and picks a DPI for the raster; the chart itself is laid out in CSS
// pixels (96 per inch), so the same ECharts option gives the SVG (physical size in its width/height, px in
// its viewBox), the PDF (points, 72 per inch, made by the backend) and the PNG (pixels = mm·DPI/25.4, its
// DPI written in the file). Each export carries the JSON metadata of what it shows (run ids, specs).
// Pure: no DOM, no Node.
import { z } from 'zod'
import { commentJson, commentText } from './csvComment'

export const MM_PER_INCH = 25.4
/** CSS pixels per inch: ECharts lays a chart out in these. */
export const CSS_DPI = 96

/** Common journal widths, for the size picker. */
export const PAPER_PRESETS = [
  { label: 'single column (85 × 60 mm)', widthMm: 85, heightMm: 60 },
  { label: '1.5 column (120 × 80 mm)', widthMm: 120, heightMm: 80 },
  { label: 'double column (170 × 105 mm)', widthMm: 170, heightMm: 105 },
  { label: 'slide (254 × 143 mm)', widthMm: 254, heightMm: 143 },
] as const

export const DPI_CHOICES = [150, 300, 600] as const

/**
 * A figure's size. Bounds: below 30 mm no axis labels fit; above 600 mm (A1 width) nobody prints a plot;
 * DPI 72–1200 covers screens to line art; and the PNG may not exceed 12 000 px a side (≈ 400 MB of RGBA
 * at the extreme would freeze a renderer).
 */
export const FigureSize = z
  .object({
    widthMm: z
      .number({ error: 'width must be a number (mm)' })
      .finite()
      .min(30, { error: 'width must be ≥ 30 mm' })
      .max(600, { error: 'width must be ≤ 600 mm' }),
    heightMm: z
      .number({ error: 'height must be a number (mm)' })
      .finite()
      .min(30, { error: 'height must be ≥ 30 mm' })
      .max(600, { error: 'height must be ≤ 600 mm' }),
    dpi: z
      .number({ error: 'DPI must be a number' })
      .int({ error: 'DPI must be a whole number' })
      .min(72, { error: 'DPI must be ≥ 72' })
      .max(1200, { error: 'DPI must be ≤ 1200' }),
  })
  .strict()
  .refine((s) => pngPixels(s.widthMm, s.dpi) <= 12000 && pngPixels(s.heightMm, s.dpi) <= 12000, {
    error: 'the PNG would exceed 12 000 px a side: lower the DPI or the size',
  })
export type FigureSize = z.infer<typeof FigureSize>

/** The size check's first message, or null when the size is usable. */
export function figureSizeError(size: unknown): string | null {
  const r = FigureSize.safeParse(size)
  return r.success ? null : (r.error.issues[0]?.message ?? 'invalid figure size')
}

/** Chart layout size in CSS px (the chart is drawn at this size and scaled). */
export const cssPixels = (mm: number) => Math.round((mm / MM_PER_INCH) * CSS_DPI)
/** PDF size in points. */
export const points = (mm: number) => (mm / MM_PER_INCH) * 72
/** Raster size in pixels at a DPI. */
export const pngPixels = (mm: number, dpi: number) => Math.round((mm / MM_PER_INCH) * dpi)

// The figures' fonts, legend layout and compact width live with their style: ./figures/style.ts.

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** Puts a <metadata id="…"> element with the JSON metadata right after the opening <svg …> tag. */
export function withSvgMetadata(svg: string, meta: Record<string, unknown>, id = 'landau-figure'): string {
  const open = svg.indexOf('>', svg.indexOf('<svg'))
  if (open < 0) return svg
  const el = `<metadata id="${id}">${xmlEscape(JSON.stringify(meta))}</metadata>`
  return svg.slice(0, open + 1) + el + svg.slice(open + 1)
}

/**
 * Gives an SVG drawn at w × h CSS px the physical size of the figure: width/height in mm, the drawing
 * in a viewBox of the px it was laid out in, so it prints at the chosen size and scales without loss.
 */
export function svgAtPaperSize(svg: string, widthMm: number, heightMm: number): string {
  const start = svg.indexOf('<svg')
  const end = svg.indexOf('>', start)
  if (start < 0 || end < 0) throw new Error('not an SVG document')
  let tag = svg.slice(start, end)
  const w = /\swidth="([\d.]+)(?:px)?"/.exec(tag)?.[1]
  const h = /\sheight="([\d.]+)(?:px)?"/.exec(tag)?.[1]
  if (!w || !h) throw new Error('the SVG has no pixel width and height')
  tag = tag.replace(/\swidth="[^"]*"/, ` width="${widthMm}mm"`).replace(/\sheight="[^"]*"/, ` height="${heightMm}mm"`)
  if (!/\sviewBox=/.test(tag)) tag += ` viewBox="0 0 ${w} ${h}"`
  return svg.slice(0, start) + tag + svg.slice(end)
}

/** CSV comment lines ("# key: value") for the metadata, so a table says where it came from too. */
export function csvMetadataLines(meta: Record<string, unknown>): string[] {
  // Values hold user text (experiment names, specs): escaped so that none can start a line or a cell.
  return Object.entries(meta).map(([k, v]) => `# ${commentText(k)}: ${typeof v === 'string' ? commentText(v) : commentJson(JSON.stringify(v) ?? 'null')}`)
}

/** What the backend needs to turn an exported SVG into a vector PDF (API figurePdf). */
export const FigurePdfRequest = z
  .object({
    // The renderer's own export (ECharts' SVG renderer) is a few hundred kB; 12 MB is far beyond any chart
    // and stays under the web server's 16 MB request limit.
    svg: z
      .string()
      .min(1)
      .max(12_000_000, { error: 'the SVG is larger than 12 MB' })
      .refine((s) => /<svg[\s>]/.test(s), { error: 'not an SVG document' }),
    widthMm: FigureSize.shape.widthMm,
    heightMm: FigureSize.shape.heightMm,
    title: z.string().max(500),
    metadata: z.record(z.string(), z.unknown()),
  })
  .strict()
export type FigurePdfRequest = z.infer<typeof FigurePdfRequest>
