// `landau chaos`: the convergence report of an experiment (backend/chaosReport.ts) as text or JSON, and
// optionally the UI's convergence figure as SVG or PDF (chaosFigure.ts). Read-only.
import { existsSync, writeFileSync } from 'node:fs'
import { owner, ownerAlive } from '../backend/processIdentity'
import { ProjectStore } from '../backend/store/projectStore'
import type { TestFunction } from '../solvers/chaos/testFunctions'
import { chaosReport, formatChaosReport, type ChaosMetric } from './chaos'
import { InputError } from './inputError'
import { cleanTimes } from '../shared/cleanTime'

function writeOutput(file: string, content: string | Buffer): void {
  try {
    writeFileSync(file, content)
  } catch (err) {
    throw new InputError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
}

export interface ChaosOptions {
  experiment: number
  time: number
  reference?: number
  metric: ChaosMetric
  phi?: TestFunction
  nMax: number
  json?: boolean
  svg?: string
  pdf?: string
  width: number
  height: number
}

export async function chaosCommand(file: string, opts: ChaosOptions) {
  if (!existsSync(file)) throw new InputError(`${file} does not exist`)
  for (const [flag, v] of [
    ['--width', opts.width],
    ['--height', opts.height],
  ] as const) {
    if (v < 100 || v > 8000) throw new InputError(`${flag} must be between 100 and 8000 (px)`)
  }
  const store = ProjectStore.open(file, { readonly: true, owner, ownerAlive })
  try {
    let report
    try {
      report = chaosReport(store, opts)
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
      const svg = convergenceSvg(report, opts.width, opts.height)
      if (opts.svg) writeOutput(opts.svg, svg)
      if (opts.pdf) writeOutput(opts.pdf, await convergencePdf(svg, report, opts.width, opts.height))
    }
    process.stdout.write(opts.json ? JSON.stringify(report, cleanTimes) + '\n' : formatChaosReport(report))
  } finally {
    store.close()
  }
}
