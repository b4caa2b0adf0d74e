// The convergence report: the propagation-of-chaos diagnostics of an experiment's particle runs
// against its deterministic reference run at one stored time (src/solvers/chaos), one entry per run, and
// for each particle system swept over N a chosen error's points with their 95 % intervals and its log–log
// slope with its interval. Read-only on the store; pure given the store's contents. `landau chaos` formats
// it (src/cli/chaos.ts); the workbench computes it on its interactive worker thread (worker.ts).
import { convergenceFit, LOG_AXIS_FLOOR, type FitPoint } from '../solvers/chaos/convergenceFit'
import { chaosDiagnostics, W2_N_MAX, type ChaosDiagnostics } from '../solvers/chaos/chaosDiagnostics'
import { tQuantile } from '../solvers/special/tQuantile'
import { DEFAULT_TEST_FUNCTION, type TestFunction } from '../solvers/chaos/testFunctions'
import { isDeterministic, sameProblem } from '../shared/spec'
import type { ChaosMetric, ChaosPoint, ChaosReport, RunRecord } from '../shared/api'
import type { ProjectStore } from './store/projectStore'
import { referenceIntegral } from '../solvers/chaos/referenceIntegral'
import { weakChaos } from '../solvers/chaos/weakChaos'
import { diagnosticsKey, phiKey, type DiagnosticsCache } from './chaosDiagnosticsCache'

export type { ChaosMetric, ChaosReport } from '../shared/api'

/** The errors a convergence fit can use: each a positive quantity with a replica standard error. */
export const CHAOS_METRICS = {
  'w2-excess': (d: ChaosDiagnostics) => ({ y: d.w2One - d.w2OneFloor, se: Math.hypot(d.w2OneSe, d.w2OneFloorSe) }),
  'w2sq-excess': (d: ChaosDiagnostics) => ({ y: d.w2OneSqExcess, se: d.w2OneSqExcessSe }),
  w2: (d: ChaosDiagnostics) => ({ y: d.w2One, se: d.w2OneSe }),
  'w2-pair': (d: ChaosDiagnostics) => ({ y: d.w2Two, se: d.w2TwoSe }),
  weak1: (d: ChaosDiagnostics) => ({ y: Math.abs(d.weak1), se: d.weak1Se }),
  weak2: (d: ChaosDiagnostics) => ({ y: Math.abs(d.weak2), se: d.weak2Se }),
  'entropy-gap': (d: ChaosDiagnostics) => ({ y: Math.abs(d.entropyGap), se: d.entropyGapSe }),
} as const satisfies Record<ChaosMetric, (d: ChaosDiagnostics) => { y: number; se: number }>

export function isChaosMetric(x: unknown): x is ChaosMetric {
  return typeof x === 'string' && Object.hasOwn(CHAOS_METRICS, x)
}

/**
 * Why a report cannot be made, as a RangeError (the CLI's input errors) that also says which API error it
 * is: 'invalid-argument' (a time not stored), 'not-found' (no deterministic reference run).
 */
export class ChaosReportError extends RangeError {
  constructor(
    readonly code: 'invalid-argument' | 'not-found',
    message: string,
  ) {
    super(message)
    this.name = 'ChaosReportError'
  }
}

/** Time of the stored item nearest t, if it is t up to 1e-9 relative (times are step·Δt). */
function at<T extends { t: number }>(items: T[], t: number, what: string): T {
  const best = items.reduce<T | undefined>((b, x) => (b === undefined || Math.abs(x.t - t) < Math.abs(b.t - t) ? x : b), undefined)
  if (!best || Math.abs(best.t - t) > 1e-9 * Math.max(1, Math.abs(t))) {
    throw new ChaosReportError(
      'invalid-argument',
      `${what} has nothing stored at t = ${t} (stored: ${items.map((x) => x.t).join(', ') || 'none'}); add the time to the experiment's snapshots`,
    )
  }
  return best
}

/** y ± t_{0.975, df}·se, the lower end clipped for log axes as convergenceFit does. */
function pointInterval(run: number, p: FitPoint): ChaosPoint {
  if (!(p.se >= 0 && Number.isFinite(p.se))) return { run, N: p.N, y: p.y, se: p.se, lo: NaN, hi: NaN, clipped: false }
  const t = tQuantile(0.975, p.df ?? Infinity)
  const lo = p.y - t * p.se
  const clipped = !(lo > 0)
  return { run, N: p.N, y: p.y, se: p.se, lo: clipped ? p.y * LOG_AXIS_FLOOR : lo, hi: p.y + t * p.se, clipped }
}

export interface ChaosReportOptions {
  experiment: number
  time: number
  /** The deterministic run to compare with; default the experiment's first finished one. */
  reference?: number
  metric: ChaosMetric
  /** Cap on points per exact W2 (default W2_N_MAX). */
  nMax?: number
  /** The weak chaos test function (default DEFAULT_TEST_FUNCTION, the unit bump at 0). */
  phi?: TestFunction
  /** Per-run diagnostics kept between reports (the interactive thread's; chaosDiagnosticsCache.ts). */
  cache?: DiagnosticsCache
  /** Only this run's diagnostics (to fill the cache ahead of a view asking for this time). */
  onlyRun?: number
}

export function chaosReport(store: ProjectStore, o: ChaosReportOptions): ChaosReport {
  const exp = store.getExperiment(o.experiment)
  const all = store.listRuns().filter((r) => r.experimentId === exp.id)
  const runs = all.filter((r) => r.status === 'done')
  const ref: RunRecord | undefined = o.reference !== undefined ? store.getRun(o.reference) : runs.find((r) => isDeterministic(r.params))
  if (!ref) throw new ChaosReportError('not-found', `experiment ${exp.id} has no finished deterministic run to compare with (give --reference RUN)`)
  if (!isDeterministic(ref.params))
    throw new ChaosReportError(
      'invalid-argument',
      `run ${ref.id} is a ${ref.solver} run: the reference must be a deterministic run (bkw-exact, isotropic, blob, spectral)`,
    )
  if (ref.status !== 'done') throw new ChaosReportError('invalid-argument', `reference run ${ref.id} is ${ref.status}, not done`)
  if (!sameProblem(ref.spec, exp.spec)) {
    throw new ChaosReportError(
      'invalid-argument',
      `reference run ${ref.id} solves another problem (its γ or initial datum differs from experiment ${exp.id}'s)`,
    )
  }
  const dens = store.getDensity(ref.id, at(store.listDensities(ref.id), o.time, `reference run ${ref.id}`).step)
  const hist = store.getHistory(ref.id)
  const k = hist.t.findIndex((t) => Math.abs(t - dens.t) <= 1e-9 * Math.max(1, dens.t))
  const entropyRef = k >= 0 && hist.values.entropy ? hist.values.entropy[k] : NaN
  const out: ChaosReport = {
    experiment: exp.id,
    time: o.time,
    metric: o.metric,
    reference: { run: ref.id, solver: ref.solver, t: dens.t },
    runs: [],
    series: [],
    omitted: [],
    fits: [],
    pending: [],
    phi: o.phi ?? DEFAULT_TEST_FUNCTION,
    spec: exp.spec,
  }
  // A particle run still running enters as soon as every replica's snapshot at t is stored (diagnostics
  // while runs progress); until then it is listed as pending.
  const near = (t: number) => Math.abs(t - o.time) <= 1e-9 * Math.max(1, Math.abs(o.time))
  for (const r of all) {
    if (isDeterministic(r.params) || r.status === 'done') continue
    const s = r.status === 'running' ? store.listSnapshots(r.id).find((x) => near(x.t)) : undefined
    if (s && 'replicas' in r.params && s.replicas >= r.params.replicas) runs.push(r)
    else if (r.status === 'queued' || r.status === 'running') out.pending.push(r.id)
  }
  runs.sort((a, b) => a.index - b.index)
  const nMax = o.nMax ?? W2_N_MAX
  const phi = phiKey(out.phi)
  for (const r of runs) {
    if (isDeterministic(r.params) || (o.onlyRun !== undefined && r.id !== o.onlyRun)) continue
    const snap = at(store.listSnapshots(r.id), o.time, `run ${r.id}`)
    const replicas = () => Array.from({ length: snap.replicas }, (_, m) => store.getSnapshot(r.id, snap.step, m))
    const key = diagnosticsKey({
      path: store.path,
      run: { id: r.id, createdAt: r.createdAt, index: r.index },
      snapshot: { step: snap.step, replicas: snap.replicas },
      reference: { id: ref.id, createdAt: ref.createdAt, step: dens.step },
      seed: exp.spec.seed >>> 0,
      nMax,
    })
    const hit = o.cache?.get(key)
    let d: ChaosDiagnostics
    if (!hit) {
      // Reference samples keyed by the experiment's seed and the run's index: reproducible, distinct per run.
      d = chaosDiagnostics(replicas(), dens.density, entropyRef, { k0: exp.spec.seed >>> 0, k1: r.index }, { nMax, phi: out.phi })
      o.cache?.set(key, { diagnostics: d, phi })
    } else if (hit.phi !== phi) {
      // Another φ: only the weak functional changes (chaosDiagnostics computes it the same way).
      d = { ...hit.diagnostics, ...weakChaos(replicas(), hit.diagnostics.N, out.phi, referenceIntegral(dens.density, out.phi).value) }
    } else d = hit.diagnostics
    out.runs.push({ ...d, run: r.id, solver: r.solver, t: snap.t })
  }
  for (const solver of [...new Set(out.runs.map((r) => r.solver))]) {
    const all = out.runs.filter((r) => r.solver === solver).map((r) => ({ run: r.run, p: { N: r.N, ...CHAOS_METRICS[o.metric](r), df: r.M - 1 } as FitPoint }))
    const mine = all.filter((x) => x.p.y > 0 && Number.isFinite(x.p.y))
    for (const x of all) if (!mine.includes(x)) out.omitted.push({ run: x.run, solver, N: x.p.N, y: x.p.y, se: x.p.se })
    const pts = mine.map((x) => x.p)
    if (new Set(pts.map((p) => p.N)).size < 3) {
      // No slope (it needs a residual degree of freedom), but the points and their intervals still show.
      out.series.push({ solver, points: mine.map((x) => pointInterval(x.run, x.p)) })
      continue
    }
    const f = convergenceFit(pts)
    out.series.push({ solver, points: f.points.map((q, i) => ({ run: mine[i].run, N: q.N, y: q.y, se: pts[i].se, lo: q.lo, hi: q.hi, clipped: q.clipped })) })
    out.fits.push({
      solver,
      metric: o.metric,
      points: pts.length,
      slope: f.slope,
      slopeSe: f.slopeSe,
      slopeLo: f.slopeLo,
      slopeHi: f.slopeHi,
      intercept: f.intercept,
      interceptSe: f.interceptSe,
      dof: f.dof,
      tCrit: f.tCrit,
      weighted: f.weighted,
      chi2Reduced: f.chi2Reduced,
    })
  }
  return out
}
