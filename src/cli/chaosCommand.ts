// `landau chaos`: the convergence report of an experiment (backend/chaosReport.ts) as text or JSON, and
// optionally the UI's convergence figure as SVG or PDF (chaosFigure.ts). Read-only.
import { existsSync, writeFileSync } from 'node:fs'
import { owner, ownerAlive } from '../backend/processIdentity'
import { ProjectStore } from '../backend/store/projectStore'
import type { TestFunction } from '../solvers/chaos/testFunctions'
import { chaosReport, formatChaosReport, missingFits, type ChaosMetric } from './chaos'
import { DEFAULT_FIGURE_SIZE, figureSize, type FigureSizeCliOptions } from './figureSize'
import { InputError } from './inputError'
import { cleanTimes } from '../shared/cleanTime'

function writeOutput(file: string, content: string | Buffer): void {
  try {
    writeFileSync(file, content)
  } catch (err) {
    throw new InputError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
}

export interface ChaosOptions extends FigureSizeCliOptions {
  /** Default: the project's only experiment (with runs outside the trash). */
  experiment?: number
  time: number
  reference?: number
  metric: ChaosMetric
  phi?: TestFunction
  nMax: number
  json?: boolean
  svg?: string
  pdf?: string
}

export async function chaosCommand(file: string, opts: ChaosOptions) {
  if (!existsSync(file)) throw new InputError(`${file} does not exist`)
  const size = figureSize(opts, DEFAULT_FIGURE_SIZE)
  const store = ProjectStore.open(file, { readonly: true, owner, ownerAlive })
  try {
    const experiment = opts.experiment ?? onlyExperiment(store, file)
    let report
    try {
      report = chaosReport(store, { ...opts, experiment })
    } catch (err) {
      if (err instanceof RangeError) throw new InputError(err.message)
      throw err
    }
    if (opts.svg || opts.pdf) {
      // Loaded only here: ECharts and pdfkit add ≈ 120 MB of RSS to any `landau` process that imports them
      // (≈ 200 MB against ≈ 80 MB measured), which a streaming `landau export` should not carry.
      const { convergencePdf, convergenceSvg, plottedPoints } = await import('./chaosFigure')
      // The figure of the UI's Convergence panel, with the same metadata; refused when it would be empty.
      if (!plottedPoints(report)) throw new InputError(`nothing to plot: no particle run has a positive ${report.metric} at t = ${report.time}`)
      const svg = convergenceSvg(report, size)
      if (opts.svg) writeOutput(opts.svg, svg)
      if (opts.pdf) writeOutput(opts.pdf, await convergencePdf(svg, report, size))
    }
    process.stdout.write(opts.json ? JSON.stringify({ ...report, missingFits: missingFits(report) }, cleanTimes) + '\n' : formatChaosReport(report))
  } finally {
    store.close()
  }
}

/**
 * The experiment when --experiment is not given: the project's only one that has runs outside the trash.
 * With several, the error lists them (id, name, runs) so the next command can name one.
 */
function onlyExperiment(store: ProjectStore, file: string): number {
  const live = new Set(store.listRuns().flatMap((r) => (r.deletedAt === null ? [r.experimentId] : [])))
  const experiments = store.listExperiments().filter((e) => live.has(e.id))
  if (experiments.length === 1) return experiments[0].id
  if (experiments.length === 0) throw new InputError(`${file} holds no experiment with runs`)
  const list = experiments.map((e) => `  ${e.id}: ${e.name} (${e.runIds.length} run${e.runIds.length === 1 ? '' : 's'})`).join('\n')
  throw new InputError(`${file} holds ${experiments.length} experiments: give one with --experiment ID\n${list}`)
}
