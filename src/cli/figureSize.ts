// Figure sizes on the command line as in the UI's Export pop-over: millimetres and a DPI, checked by the
// same schema (FigureSize, src/shared/figureExport.ts) that the UI's size picker and the backend's PDF
// request (figureRequest.ts) use. The chart is laid out in CSS px (96 per inch) of that size, the SVG
// gets the physical size (width="170mm" over a px viewBox) and the PDF the size in points, as the UI's
// exports. The DPI is the raster resolution of the UI's PNG; the CLI writes vector files only, so it is
// checked (with the size: a PNG at most 12 000 px a side) and written into the figure's metadata.
import { InvalidArgumentError, type Command } from 'commander'
import { FigureSize, PAPER_PRESETS, cssPixels, points, svgAtPaperSize } from '../shared/figureExport'
import { InputError } from './inputError'

/** The UI's default size: a double column, 300 DPI. */
export const DEFAULT_FIGURE_SIZE: FigureSize = { widthMm: PAPER_PRESETS[2].widthMm, heightMm: PAPER_PRESETS[2].heightMm, dpi: 300 }

/** A chaos study's figure is wide (|value| and N·value side by side): a double column, half as high. */
export const DEFAULT_STUDY_FIGURE_SIZE: FigureSize = { ...DEFAULT_FIGURE_SIZE, heightMm: 85 }

export interface FigureSizeCliOptions {
  widthMm?: number
  heightMm?: number
  dpi?: number
}

const number = (flag: string) => (v: string) => {
  const x = Number(v)
  if (v.trim() === '' || !Number.isFinite(x)) throw new InvalidArgumentError(`${flag} must be a number`)
  return x
}

/** The px options of earlier versions: refused with what to write instead (a size in px has no paper size). */
const removedPx = (flag: string, mmFlag: string) => (v: string) => {
  const px = Number(v)
  const mm = Number.isFinite(px) ? ` (${v} px is ${((px / 96) * 25.4).toFixed(0)} mm at the layout's 96 px per inch)` : ''
  throw new InvalidArgumentError(`${flag} (px) was replaced by ${mmFlag}, the size in mm as the UI's Export gives it${mm}`)
}

/** Adds --width-mm, --height-mm and --dpi (and the refusal of the old --width/--height px) to a command. */
export function figureSizeOptions(cmd: Command, defaults: FigureSize): Command {
  return cmd
    .option('--width-mm <mm>', `figure width in mm, 30 to 600 (default ${defaults.widthMm})`, number('--width-mm'))
    .option('--height-mm <mm>', `figure height in mm, 30 to 600 (default ${defaults.heightMm})`, number('--height-mm'))
    .option('--dpi <n>', `raster resolution of the size, as in the UI (72 to 1200; default ${defaults.dpi}); kept in the figure's metadata`, number('--dpi'))
    .addOption(cmd.createOption('--width <px>').hideHelp().argParser(removedPx('--width', '--width-mm')))
    .addOption(cmd.createOption('--height <px>').hideHelp().argParser(removedPx('--height', '--height-mm')))
}

const FLAGS: Record<string, string> = { widthMm: '--width-mm', heightMm: '--height-mm', dpi: '--dpi' }

/** The size asked for, checked by the shared schema; a bad one is an InputError naming the option. */
export function figureSize(o: FigureSizeCliOptions, defaults: FigureSize): FigureSize {
  const size = { widthMm: o.widthMm ?? defaults.widthMm, heightMm: o.heightMm ?? defaults.heightMm, dpi: o.dpi ?? defaults.dpi }
  const r = FigureSize.safeParse(size)
  if (r.success) return r.data
  const issue = r.error.issues[0]
  const flag = FLAGS[String(issue?.path[0])]
  throw new InputError(`${flag ? `${flag}: ` : ''}${issue?.message ?? 'invalid figure size'}`)
}

/** Layout size in CSS px of a figure size (what ECharts draws). */
export const layoutPixels = (s: FigureSize) => ({ width: cssPixels(s.widthMm), height: cssPixels(s.heightMm) })

/** An SVG drawn at the layout size, given the physical size (as the UI's SVG export). */
export const paperSvg = (svg: string, s: FigureSize) => svgAtPaperSize(svg, s.widthMm, s.heightMm)

/** The PDF page in points. */
export const pagePoints = (s: FigureSize) => ({ width: points(s.widthMm), height: points(s.heightMm) })
