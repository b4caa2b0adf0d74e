// The fuzz campaign's worker thread (test/shared/specFuzz.test.ts starts it with tsx's loader): validates
// `count` specs of the seed, then runs accepted specs short, and posts a FuzzReport. It writes what it is
// doing (phase, spec index, event count) into a shared Int32Array before each piece of work, so that the
// test's watchdog can name the spec of a hang and terminate this thread without freezing the test runner.
import { parentPort, workerData } from 'node:worker_threads'
import { performance } from 'node:perf_hooks'
import { checkExperiment, expandRuns, type ExperimentSpec, type RunSpec } from '../../src/shared/spec'
import { runSolver } from '../../src/solvers/driver/runSolver'
import { fuzzSpec } from './specFuzz'

export interface FuzzJob {
  seed: number
  count: number
  /** Wall time for the run-short phase (ms); accepted specs beyond it are not run (reported). */
  runBudgetMs: number
  /** A validation slower than this (ms) is reported. */
  specLimitMs: number
  /** Int32Array view: [phase (1 validate, 2 run), spec index, run index, events]. */
  heartbeat: SharedArrayBuffer
}

export interface FuzzReport {
  validated: number
  accepted: number
  slowestMs: number
  validateMs: number
  /** Specs whose validation broke a rule: [index, what]. */
  problems: Array<[number, string]>
  ran: number
  /** Accepted runs left out as too costly for a short run, and those left for lack of time. */
  tooCostly: number
  outOfTime: number
  failedClearly: number
  /** Short runs that broke the oracle: [spec index, run index, what]. */
  failures: Array<[number, number, string]>
  runMs: number
  ranByKind: Record<string, number>
  /** Named failures by message (numbers elided): how often, and the first spec/run failing so. */
  named: Record<string, { count: number; first: string }>
  /** The slowest short runs: what, estimated cost, milliseconds. */
  slowest: Array<[string, number, number]>
}

/**
 * Rough time of a short run (setup, the t = 0 row, SHORT_STEPS steps and their rows) in ns, from timings on
 * this machine's cores; only used to leave out runs too long for a campaign, never to change a spec.
 */
export function shortRunCost(run: RunSpec): number {
  const s = run.solver
  const total = Math.round(run.time.T / run.time.dt)
  const steps = Math.min(SHORT_STEPS, total)
  let rows = 1
  for (let k = 1; k <= steps; k++) if (k % run.time.every === 0 || k === total) rows++
  const dt = run.time.dt
  const formula = run.initial.family === 'formula' ? 3e8 : 0 // the formula's 97³ grid (cached afterwards)
  const pairRows3d = (nodes: number) => rows * 60 * Math.min(nodes, 3000) ** 2 // functionals3d's pair sums
  switch (s.kind) {
    case 'kac':
    case 'fgm':
    case 'fournier':
    case 'pairing': {
      const NM = s.N * s.replicas
      const pairs = s.kind === 'pairing' ? s.N : s.N * s.N * (s.kind === 'kac' && s.integrator === 'rotation' ? 0.5 : 3)
      const pooled = Math.min(NM, 65536) // entropy_knn's pool (moments.ts), estimated twice a row (pooled, groups)
      return formula + 400 * NM + 30 * pairs * s.replicas * steps + rows * (30 * NM + 2 * 1500 * pooled)
    }
    case 'bkw-exact':
      return formula + rows * 1e8 + 3000 * s.points // the radial pair sums: 200 × 400 × 24 points
    case 'isotropic': {
      // RK4 sub-steps ≈ Δt·ρ/1.96, ρ ≈ 5e4 (cells/200)² at rMax ≥ 1 — not at rMax > 20, where tails that
      // underflow make the bound ~1e5 times larger (a minutes-long step): left out. With eps, DP5 steps.
      if (s.rMax > 20) return Infinity
      const sub = s.eps === undefined ? Math.max(1, (dt * 5e4 * (s.cells / 200) ** 2) / 1.96) : Math.max(1, 200 * dt * 10)
      return formula + 1000 * s.cells ** 2 + rows * 1.5e8 + steps * sub * (s.eps === undefined ? 4 : 7) * 12 * s.cells ** 2 // Φ, rows, steps
    }
    case 'blob': {
      const count = s.n ** 3
      const h = (2 * s.L) / s.n
      const eps = s.eps ?? 0.64 * h ** 1.98
      const stencil = 4.2 * ((8.6 * Math.sqrt(eps)) / h + 1) ** 3
      const field = count * stencil * 10 + (run.kernel.gamma === 0 ? 0 : 20 * count * count)
      return formula + pairRows3d(count) + 2e7 + steps * 30 * field // ≤ ~30 fixed-point iterations a step
    }
    case 'spectral': {
      // ρ ≈ 4e4 (n/32)² at R ≤ L, growing like (R/L)^{≈2(γ+2)} beyond (×830 at R = 3.5L, γ = 1).
      const R = s.R ?? s.L
      const rho = 4e4 * (s.n / 32) ** 2 * (R > s.L ? 3 * (R / s.L) ** (2 * (run.kernel.gamma + 2) + 1) : 1)
      const substeps = Math.max(1, (800 * (s.n / 32) * dt) / 8, (1.05 * rho * dt) / 8766)
      const stages = Math.sqrt((1.05 * rho * dt) / substeps / 0.56) + 2
      return formula + pairRows3d(s.n ** 3) + rows * 30 * 120 * (1.5 * s.n) ** 3 + steps * substeps * stages * 120 * (1.5 * s.n) ** 3
    }
  }
}

/** Steps of a short run: the t = 0 row, two steps (and their rows when due). */
export const SHORT_STEPS = 2
/** Short runs estimated to take longer than this (ns) are left out. */
export const MAX_SHORT_COST = 4e8
const RAW = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError]
/** A clear failure names what failed first: the solver (`spectral: …`) or the datum (`initial data (formula): …`). */
const NAMED = /^(kac|fgm|fournier|pairing|bkw-exact|blob|isotropic|spectral|initial data \([a-z-]+\)): \S/

/**
 * The oracle's own statement of the rule (rowCheck.ts documents the solver's): every column but `*_se`
 * must be finite, entropy_knn may also be +∞ (coincident particles).
 */
const required = (metric: string, v: number) => metric.endsWith('_se') || Number.isFinite(v) || (metric === 'entropy_knn' && v === Infinity)

/**
 * Runs `run` until its SHORT_STEPS-th step is done (or it ends); 'ok', 'failed' (a clear error, counted in
 * `named` by its message with the numbers elided) or what was wrong.
 */
function runShort(run: RunSpec, beat: Int32Array, named: FuzzReport['named'], where: string): string {
  const total = Math.round(run.time.T / run.time.dt)
  let metrics: string[] = []
  try {
    for (const ev of runSolver(run)) {
      Atomics.add(beat, 3, 1)
      if (ev.type === 'start') metrics = ev.metrics
      else if (ev.type === 'row') {
        const bad = ev.values.findIndex((v, j) => !required(metrics[j], v))
        if (bad >= 0) return `row at step ${ev.step} has ${metrics[bad]} = ${ev.values[bad]}`
      } else if (ev.type === 'progress' && ev.fraction * total >= SHORT_STEPS - 1e-9) return 'ok'
    }
    return 'ok'
  } catch (e) {
    if (!(e instanceof Error)) return `threw a non-Error: ${String(e)}`
    if (RAW.some((C) => e instanceof C)) return `raw ${e.constructor.name}: ${e.message}`
    if (!NAMED.test(e.message) || e.message.length > 1000) return `unclear error: ${e.message.slice(0, 300)}`
    const kind = e.message.replace(/-?\d[\d.e+-]*/g, '#').slice(0, 100)
    named[kind] ??= { count: 0, first: where }
    named[kind].count++
    return 'failed'
  }
}

function main(job: FuzzJob): FuzzReport {
  const beat = new Int32Array(job.heartbeat)
  const report: FuzzReport = {
    validated: 0,
    accepted: 0,
    slowestMs: 0,
    validateMs: 0,
    problems: [],
    ran: 0,
    tooCostly: 0,
    outOfTime: 0,
    failedClearly: 0,
    failures: [],
    runMs: 0,
    slowest: [],
    ranByKind: {},
    named: {},
  }
  const accepted: Array<[number, ExperimentSpec]> = []
  const t0 = performance.now()
  Atomics.store(beat, 0, 1)
  for (let k = 0; k < job.count; k++) {
    const spec = fuzzSpec(job.seed, k)
    Atomics.store(beat, 1, k)
    const start = performance.now()
    try {
      const r = checkExperiment(spec)
      const ms = performance.now() - start
      report.slowestMs = Math.max(report.slowestMs, ms)
      if (ms > job.specLimitMs) report.problems.push([k, `validation took ${ms.toFixed(0)} ms`])
      if (r.ok) accepted.push([k, r.spec])
      else {
        const text = r.issues.map((i) => `${i.path}: ${i.message}`).join('; ')
        if (r.issues.length === 0 || r.issues.length > 20) report.problems.push([k, `${r.issues.length} issues`])
        if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(text)) report.problems.push([k, 'an issue holds a control character'])
        if (r.issues.some((i) => i.message.length > 400 || i.path.length > 200)) report.problems.push([k, 'an issue is longer than 400 characters'])
      }
    } catch (e) {
      report.problems.push([k, `checkExperiment threw ${e instanceof Error ? `${e.constructor.name}: ${e.message.slice(0, 200)}` : String(e)}`])
    }
    report.validated++
  }
  report.accepted = accepted.length
  report.validateMs = performance.now() - t0
  const t1 = performance.now()
  Atomics.store(beat, 0, 2)
  // Candidates: at most two runs of an experiment (the first and the last: a sweep expands into up to 1000
  // alike runs), cheap enough for a short run; then taken round-robin over the solver kinds, so that every
  // kind gets its share of the time budget whatever the mix.
  const byKind = new Map<string, Array<[number, number, RunSpec]>>()
  for (const [k, spec] of accepted) {
    const runs = expandRuns(spec)
    for (const j of runs.length > 1 ? [0, runs.length - 1] : [0]) {
      if (!(shortRunCost(runs[j]) <= MAX_SHORT_COST))
        report.tooCostly++ // NaN (dt = 1e308: ∞·0) too
      else byKind.set(runs[j].solver.kind, [...(byKind.get(runs[j].solver.kind) ?? []), [k, j, runs[j]]])
    }
  }
  // Each step runs the next candidate of the kind that has had the least time so far (cheap particle runs
  // then fill the budget while every kind gets its share).
  const queues = [...byKind.values()].map((q) => ({ q, next: 0, ms: 0 }))
  for (;;) {
    const open = queues.filter((x) => x.next < x.q.length)
    if (open.length === 0) break
    const turn = open.reduce((a, b) => (b.ms < a.ms ? b : a))
    const [k, j, run] = turn.q[turn.next++]
    if (performance.now() - t1 > job.runBudgetMs) {
      report.outOfTime += open.reduce((n, x) => n + x.q.length - x.next, 1)
      break
    }
    Atomics.store(beat, 1, k)
    Atomics.store(beat, 2, j)
    const started = performance.now()
    const outcome = runShort(run, beat, report.named, `${k}/${j}`)
    const ms = performance.now() - started
    turn.ms += ms
    report.slowest = [...report.slowest, [`spec ${k} run ${j} ${run.solver.kind}`, shortRunCost(run), ms] as [string, number, number]]
      .sort((a, b) => b[2] - a[2])
      .slice(0, 5)
    report.ran++
    report.ranByKind[run.solver.kind] = (report.ranByKind[run.solver.kind] ?? 0) + 1
    if (outcome === 'failed') report.failedClearly++
    else if (outcome !== 'ok') report.failures.push([k, j, `${run.solver.kind}: ${outcome}`])
  }
  report.runMs = performance.now() - t1
  return report
}

if (parentPort && workerData?.specFuzz) parentPort.postMessage(main(workerData.specFuzz as FuzzJob))
