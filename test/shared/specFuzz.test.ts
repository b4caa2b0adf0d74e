// The spec fuzz campaign (a hardening acceptance test): ≥ 10 000 specs per run, seeded — a fresh
// seed each run, printed, and in every assertion message; replay with LANDAU_FUZZ_SEED=<seed> — through
// checkExperiment with a per-spec time bound, then the accepted ones run short through the pure solver.
// Oracle: validation ends within SPEC_LIMIT_MS and never throws; a refusal has 1–20 issues, no control
// characters and no message longer than 400 characters; a short run (setup, t = 0 row, two steps) either
// yields rows whose required values are finite (rowCheck.ts's rule) or throws an Error that is not a raw
// TypeError/RangeError/… and names what failed. The campaign runs in a worker thread: a hang is caught by a
// watchdog that terminates the thread and names the spec (no frozen test runner).
// Size: COUNT specs (≈ 1 s to validate); about a fifth are accepted. Of their runs (the first and the last
// of each experiment), those estimated above MAX_SHORT_COST (0.4 s: large N·replicas, fine 3-D grids, stiff
// radial grids: two steps of N = 10⁶ FGM are 10¹² pair updates) are left out and counted; every other one
// runs short, each solver kind in turn by time spent: ≈ 1700 short runs, ≈ 50 s on a loaded 2-core
// machine. RUN_BUDGET_MS only guards against a machine several times slower: the test fails if any run is
// left for time. It prints the counts, the slowest run and the failure kinds.
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { describeSpec, fuzzSeed, fuzzSpec } from '../helpers/specFuzz'
import type { FuzzJob, FuzzReport } from '../helpers/specFuzzWorker'

const COUNT = 10_000
/** One validation must end well within this on a loaded 2-core machine (they take ~0.1 ms). */
const SPEC_LIMIT_MS = 2000
/**
 * No heartbeat for this long is a hang: a validation, or one short-run event (≤ ~1 s by the cost bound);
 * loading the worker (tsx compiles the sources) may take a while on a loaded machine.
 */
const HANG_MS = { load: 60_000, validate: 5000, run: 20_000 }
const RUN_BUDGET_MS = 150_000

function campaign(seed: number): Promise<FuzzReport> {
  const heartbeat = new SharedArrayBuffer(16)
  const beat = new Int32Array(heartbeat)
  const job: FuzzJob = { seed, count: COUNT, runBudgetMs: RUN_BUDGET_MS, specLimitMs: SPEC_LIMIT_MS, heartbeat }
  // A worker's entry file is loaded before any --import hook applies to it, so a JS bootstrap registers tsx's
  // loader in the thread and then imports the TypeScript worker (`tsx/esm/api` resolves from the working
  // directory, the repository root, as vitest runs).
  const entry = new URL('../helpers/specFuzzWorker.ts', import.meta.url).href
  const boot = `import('tsx/esm/api').then(({ register }) => (register(), import(${JSON.stringify(entry)})))`
  const worker = new Worker(boot, { eval: true, workerData: { specFuzz: job } })
  return new Promise((resolve, reject) => {
    let last = ''
    let since = Date.now()
    const watchdog = setInterval(() => {
      const now = `${beat[0]}:${beat[1]}:${beat[2]}:${beat[3]}`
      if (now !== last) {
        last = now
        since = Date.now()
        return
      }
      const limit = [HANG_MS.load, HANG_MS.validate, HANG_MS.run][beat[0]]
      if (Date.now() - since < limit) return
      clearInterval(watchdog)
      void worker.terminate()
      const k = beat[1]
      const what = beat[0] === 2 ? `a short run (run ${beat[2]}) of spec ${k}` : `validating spec ${k}`
      reject(new Error(`seed ${seed}: hang: ${what} made no progress for ${limit / 1000} s: ${describeSpec(fuzzSpec(seed, k))}`))
    }, 100)
    worker.once('message', (r: FuzzReport) => (clearInterval(watchdog), void worker.terminate(), resolve(r)))
    worker.once('error', (e) => (clearInterval(watchdog), reject(new Error(`seed ${seed}: the fuzz worker died: ${e.message}`))))
    // (after a report or an error this is a no-op)
    worker.once(
      'exit',
      (code) => (
        clearInterval(watchdog),
        reject(new Error(`seed ${seed}: the fuzz worker exited (${code}) without a report, at phase ${beat[0]}, spec ${beat[1]}`))
      ),
    )
  })
}

describe('spec fuzz', () => {
  it(`validates ${COUNT} fuzzed specs in bounded time and runs the accepted ones short, with finite values or a named failure`, async () => {
    const seed = fuzzSeed()
    console.log(`spec fuzz seed ${seed} (replay: LANDAU_FUZZ_SEED=${seed})`)
    const r = await campaign(seed)
    console.log(
      `spec fuzz seed ${seed}: ${r.validated} specs validated in ${(r.validateMs / 1000).toFixed(1)} s (slowest ${r.slowestMs.toFixed(1)} ms), ` +
        `${r.accepted} accepted; ${r.ran} short runs in ${(r.runMs / 1000).toFixed(1)} s (${JSON.stringify(r.ranByKind)}), ` +
        `${r.failedClearly} of them named failures; ${r.tooCostly} runs too costly to run short, ${r.outOfTime} left for time; ` +
        `slowest run ${r.slowest[0]?.[0]} (${r.slowest[0]?.[2].toFixed(0)} ms)\n` +
        Object.entries(r.named)
          .sort((a, b) => b[1].count - a[1].count)
          .slice(0, 8)
          .map(([message, { count, first }]) => `  ${count}× ${message} (first: spec/run ${first})`)
          .join('\n'),
    )
    const problems = r.problems.slice(0, 10).map(([k, what]) => `spec ${k}: ${what}: ${describeSpec(fuzzSpec(seed, k), 300)}`)
    expect(problems, `seed ${seed}`).toEqual([])
    const failures = r.failures.slice(0, 10).map(([k, j, what]) => `spec ${k} run ${j}: ${what}: ${describeSpec(fuzzSpec(seed, k), 300)}`)
    expect(failures, `seed ${seed}`).toEqual([])
    expect(r.validated, `seed ${seed}`).toBe(COUNT)
    expect(r.accepted, `seed ${seed}: too few accepted specs to exercise the solvers`).toBeGreaterThan(COUNT / 10)
    expect(r.ran, `seed ${seed}: too few short runs`).toBeGreaterThan(100)
    expect(r.outOfTime, `seed ${seed}: accepted runs left without a short run (the budget ran out)`).toBe(0)
  }, 240_000)
})
