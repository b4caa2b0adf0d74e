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
import { optionSvg } from './chaosFigure'
import { InputError } from './inputError'

export interface ChaosStudyFigureOptions {
  svg?: string
  pdf?: string
  /** Figure size in CSS px (default 900 × 450). */
  width?: number
  height?: number
  /** The observable drawn (every row of it at the study's first time); default the study's first. */
  observable?: string
}

export const DEFAULT_FIGURE_WIDTH = 900
export const DEFAULT_FIGURE_HEIGHT = 450

/** The figure of `rows` (indices into report.rows) as an SVG document, with its metadata. */
export function chaosStudySvg(report: ChaosStudyReport, rows: number[], width: number, height: number): string {
  const option = buildChaosStudyOption(report, rows, { forExport: true, fontFamily: FIGURE_FONT_FAMILY, width })
  return optionSvg(option, width, height, chaosStudyMetadata(report, rows), CHAOS_STUDY_SVG_ID)
}

/** The SVG as a one-page vector PDF (1 px = 0.75 pt), the font embedded (a subset), the metadata in the document info. */
export function chaosStudyPdf(svg: string, report: ChaosStudyReport, rows: number[], width: number, height: number): Promise<Buffer> {
  const first = report.rows[rows[0]]
  return svgToPdf(svg, width * 0.75, height * 0.75, {
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

/** Checks a figure size (px), as `landau chaos` does: 100 … 8000. */
export function checkFigureSize(width: number, height: number): void {
  for (const [flag, v] of [
    ['--width', width],
    ['--height', height],
  ] as const) {
    if (!Number.isInteger(v) || v < 100 || v > 8000) throw new InputError(`${flag} must be between 100 and 8000 (px)`)
  }
}

/**
 * Writes the figure of one observable to opts.svg and/or opts.pdf (nothing when neither is given). Refuses
 * (InputError) an observable the report has no rows of, a bad size, or a figure with no point to draw.
 */
export async function writeChaosStudyFigure(report: ChaosStudyReport, opts: ChaosStudyFigureOptions): Promise<void> {
  if (!opts.svg && !opts.pdf) return
  const width = opts.width ?? DEFAULT_FIGURE_WIDTH
  const height = opts.height ?? DEFAULT_FIGURE_HEIGHT
  checkFigureSize(width, height)
  const rows = chaosStudyFigureRows(report, opts.observable)
  if (!rows.length) {
    const have = [...new Set(report.rows.map((r) => r.observable))]
    throw new InputError(
      `nothing to plot: the study has no rows of ${opts.observable ? `observable ${opts.observable}` : 'its first observable'}` +
        (have.length ? ` (it has ${have.join(', ')})` : ''),
    )
  }
  if (!rows.some((i) => report.rows[i].points.length)) throw new InputError('nothing to plot: the rows have no points')
  const svg = chaosStudySvg(report, rows, width, height)
  if (opts.svg) writeOutput(opts.svg, svg)
  if (opts.pdf) writeOutput(opts.pdf, await chaosStudyPdf(svg, report, rows, width, height))
}
