// `landau chaos-study --svg/--pdf`: the chaos study figure (src/shared/figures/chaosStudyChart.ts) of one
// observable, drawn headless as `landau chaos --svg/--pdf` draws the convergence figure (chaosFigure.ts):
// ECharts' server-side SVG renderer with the figure's metadata (study, spec, the rows shown with their
// points, fits and plans) in a <metadata> element, and a vector PDF with DejaVu Sans embedded.
import { writeFileSync } from 'node:fs'
import type { ChaosStudyReport } from '../shared/chaosStudyReport'
import { buildChaosStudyOption, CHAOS_STUDY_SVG_ID, chaosStudyFigureRows } from '../shared/figures/chaosStudyChart'
import { chaosStudyMetadata } from '../shared/figures/chaosStudyExport'
import { FIGURE_FONT_FAMILY } from '../shared/figures/style'
import { svgToPdf } from '../backend/figurePdf'
import type { FigureSize } from '../shared/figureExport'
import { optionSvg } from './chaosFigure'
import { DEFAULT_STUDY_FIGURE_SIZE, figureSize, layoutPixels, pagePoints, paperSvg, type FigureSizeCliOptions } from './figureSize'
import { InputError } from './inputError'

export interface ChaosStudyFigureOptions extends FigureSizeCliOptions {
  svg?: string
  pdf?: string
  /** The observable drawn (every row of it at the study's first time); default the study's first. */
  observable?: string
}

/** The figure of `rows` (indices into report.rows) as an SVG document of the physical size, with its metadata. */
export function chaosStudySvg(report: ChaosStudyReport, rows: number[], size: FigureSize): string {
  const { width, height } = layoutPixels(size)
  const option = buildChaosStudyOption(report, rows, { forExport: true, fontFamily: FIGURE_FONT_FAMILY, width })
  return paperSvg(optionSvg(option, width, height, { ...chaosStudyMetadata(report, rows), size }, CHAOS_STUDY_SVG_ID), size)
}

/** The SVG as a one-page vector PDF of the size, the font embedded (a subset), the metadata in the document info. */
export function chaosStudyPdf(svg: string, report: ChaosStudyReport, rows: number[], size: FigureSize): Promise<Buffer> {
  const first = report.rows[rows[0]]
  const page = pagePoints(size)
  return svgToPdf(svg, page.width, page.height, {
    title: `Chaos study ${report.name}: ${first ? `${first.label} (${first.observable}) at t = ${first.t}` : 'no rows'} vs N`,
    metadata: chaosStudyMetadata(report, rows),
    keywords: `landau-workbench chaos-study; experiments ${report.experiments.join(' ')}`,
    creator: 'Landau Workbench (landau chaos-study)',
  })
}

function writeOutput(file: string, content: string | Buffer): void {
  try {
    writeFileSync(file, content)
  } catch (err) {
    throw new InputError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
}

/**
 * Writes the figure of one observable to opts.svg and/or opts.pdf (nothing when neither is given). Refuses
 * (InputError) an observable the report has no rows of, a bad size, or a figure with no point to draw.
 */
export async function writeChaosStudyFigure(report: ChaosStudyReport, opts: ChaosStudyFigureOptions): Promise<void> {
  if (!opts.svg && !opts.pdf) return
  const size = figureSize(opts, DEFAULT_STUDY_FIGURE_SIZE)
  const rows = chaosStudyFigureRows(report, opts.observable)
  if (!rows.length) {
    const have = [...new Set(report.rows.map((r) => r.observable))]
    throw new InputError(
      `nothing to plot: the study has no rows of ${opts.observable ? `observable ${opts.observable}` : 'its first observable'}` +
        (have.length ? ` (it has ${have.join(', ')})` : ''),
    )
  }
  if (!rows.some((i) => report.rows[i].points.length)) throw new InputError('nothing to plot: the rows have no points')
  const svg = chaosStudySvg(report, rows, size)
  if (opts.svg) writeOutput(opts.svg, svg)
  if (opts.pdf) writeOutput(opts.pdf, await chaosStudyPdf(svg, report, rows, size))
}
