// `landau chaos`: the propagation-of-chaos diagnostics of an experiment's particle runs against its
// deterministic reference run at one stored time (src/solvers/analysis), one line per run, and for each
// particle system swept over N the log–log slope of a chosen error with its 95 % interval. Read-only.
import { convergenceFit, type FitPoint } from '../solvers/analysis/convergenceFit'
import { chaosDiagnostics, type ChaosDiagnostics } from '../solvers/analysis/chaosDiagnostics'
import { isDeterministic } from '../shared/spec'
import type { RunRecord } from '../shared/api'
import type { ProjectStore } from '../backend/store/projectStore'

/** The errors a convergence fit can use: each a positive quantity with a replica standard error. */
export const CHAOS_METRICS = {
  'w2-excess': (d: ChaosDiagnostics) => ({ y: d.w2One - d.w2OneFloor, se: Math.hypot(d.w2OneSe, d.w2OneFloorSe) }),
  w2: (d: ChaosDiagnostics) => ({ y: d.w2One, se: d.w2OneSe }),
  'w2-pair': (d: ChaosDiagnostics) => ({ y: d.w2Two, se: d.w2TwoSe }),
  weak1: (d: ChaosDiagnostics) => ({ y: Math.abs(d.weak1), se: d.weak1Se }),
  weak2: (d: ChaosDiagnostics) => ({ y: Math.abs(d.weak2), se: d.weak2Se }),
  'entropy-gap': (d: ChaosDiagnostics) => ({ y: Math.abs(d.entropyGap), se: d.entropyGapSe }),
} as const
export type ChaosMetric = keyof typeof CHAOS_METRICS

export interface ChaosReport {
  experiment: number
  time: number
  reference: { run: number; solver: string; t: number }
  runs: (ChaosDiagnostics & { run: number; solver: string; t: number })[]
  fits: { solver: string; metric: ChaosMetric; points: number; slope: number; slopeSe: number; slopeLo: number; slopeHi: number }[]
}

/** Time of the stored item nearest t, if it is t up to 1e-9 relative (times are step·Δt). */
function at<T extends { t: number }>(items: T[], t: number, what: string): T {
  const best = items.reduce<T | undefined>((b, x) => (b === undefined || Math.abs(x.t - t) < Math.abs(b.t - t) ? x : b), undefined)
  if (!best || Math.abs(best.t - t) > 1e-9 * Math.max(1, Math.abs(t))) {
    throw new RangeError(`${what} has nothing stored at t = ${t} (stored: ${items.map((x) => x.t).join(', ') || 'none'}); add the time to the experiment's snapshots`)
  }
  return best
}

export function chaosReport(store: ProjectStore, o: { experiment: number; time: number; reference?: number; metric: ChaosMetric; nMax: number }): ChaosReport {
  const exp = store.getExperiment(o.experiment)
  const runs = store.listRuns().filter((r) => r.experimentId === exp.id && r.status === 'done')
  const ref: RunRecord | undefined = o.reference !== undefined ? store.getRun(o.reference) : runs.find((r) => isDeterministic(r.params))
  if (!ref || !isDeterministic(ref.params)) throw new RangeError(`experiment ${exp.id} has no finished deterministic run to compare with (give --reference RUN)`)
  const dens = store.getDensity(ref.id, at(store.listDensities(ref.id), o.time, `reference run ${ref.id}`).step)
  const hist = store.getHistory(ref.id)
  const k = hist.t.findIndex((t) => Math.abs(t - dens.t) <= 1e-9 * Math.max(1, dens.t))
  const entropyRef = k >= 0 && hist.values.entropy ? hist.values.entropy[k] : NaN
  const out: ChaosReport = { experiment: exp.id, time: o.time, reference: { run: ref.id, solver: ref.solver, t: dens.t }, runs: [], fits: [] }
  for (const r of runs) {
    if (isDeterministic(r.params)) continue
    const snap = at(store.listSnapshots(r.id), o.time, `run ${r.id}`)
    const replicas = Array.from({ length: snap.replicas }, (_, m) => store.getSnapshot(r.id, snap.step, m))
    // Reference samples keyed by the experiment's seed and the run's index: reproducible, distinct per run.
    const d = chaosDiagnostics(replicas, dens.density, entropyRef, { k0: exp.spec.seed >>> 0, k1: r.index }, { nMax: o.nMax })
    out.runs.push({ ...d, run: r.id, solver: r.solver, t: snap.t })
  }
  for (const solver of [...new Set(out.runs.map((r) => r.solver))]) {
    const pts: FitPoint[] = out.runs
      .filter((r) => r.solver === solver)
      .map((r) => ({ N: r.N, ...CHAOS_METRICS[o.metric](r), df: r.M - 1 }))
      .filter((p) => p.y > 0)
    if (new Set(pts.map((p) => p.N)).size < 3) continue // a slope needs a residual degree of freedom
    const f = convergenceFit(pts)
    out.fits.push({ solver, metric: o.metric, points: pts.length, slope: f.slope, slopeSe: f.slopeSe, slopeLo: f.slopeLo, slopeHi: f.slopeHi })
  }
  return out
}

const pm = (x: number, se: number) => `${x.toFixed(4)} ± ${Number.isFinite(se) ? se.toFixed(4) : '—'}`

export function formatChaosReport(r: ChaosReport): string {
  const lines = [
    `experiment ${r.experiment} at t = ${r.time}, reference run ${r.reference.run} (${r.reference.solver}); ± one replica standard error`,
    ['run', 'solver', 'N', 'M', 'W2(F_N1, f)', 'floor', 'W2(F_N2, f⊗f)', 'floor', 'weak k=1', 'weak k=2', 'H_knn − H(f)'].join('\t'),
    ...r.runs.map((d) =>
      [d.run, d.solver, d.N, d.M, pm(d.w2One, d.w2OneSe), pm(d.w2OneFloor, d.w2OneFloorSe), pm(d.w2Two, d.w2TwoSe), pm(d.w2TwoFloor, d.w2TwoFloorSe), pm(d.weak1, d.weak1Se), pm(d.weak2, d.weak2Se), pm(d.entropyGap, d.entropyGapSe)].join('\t'),
    ),
    ...r.fits.map((f) => `${f.solver}: ${f.metric} ∝ N^p, p = ${f.slope.toFixed(3)} ± ${f.slopeSe.toFixed(3)} (95 % interval ${f.slopeLo.toFixed(3)} … ${f.slopeHi.toFixed(3)}, ${f.points} points)`),
  ]
  return lines.join('\n') + '\n'
}
