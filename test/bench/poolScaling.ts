// `npm run bench -- pool`: wall time of four independent Kac runs on a pool of 1 and 2 workers (the
// speed-up), beside the machine's own ceiling measured with one and two C peer processes.
import { spawn } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { performance } from 'node:perf_hooks'
import { fix, median, openBench, REPS, spec, verdict } from './benchHelpers'

// N = 1500: below SPLIT_MIN_N, so this measures independent runs on independent threads (a split run has
// its own line), and, with the WebAssembly kernel, long enough (≈ 4 s a run) that thread start-up does
// not dominate as it did with the N = 400 runs of the JavaScript step (≈ 0.6 s a run by now).
const POOL = spec({ solvers: [0, 1, 2, 3].map(() => ({ kind: 'kac' as const, N: 1500, replicas: 2 })), time: { T: 1, dt: 0.01, every: 10 } })

/**
 * Wall time of the whole experiment through a fresh Workbench: submit → every run done (worker start-up
 * included), and the busy fraction: Σ run wall times / (threads × elapsed), how full the pool was kept.
 */
async function poolSeconds(threads: number): Promise<{ seconds: number; busy: number }> {
  const w = await openBench(threads)
  try {
    const t0 = performance.now()
    await w.startExperiment(POOL)
    await w.whenIdle()
    const seconds = (performance.now() - t0) / 1000
    const runs = await w.listRuns()
    const bad = runs.filter((r) => r.status !== 'done')
    if (bad.length) throw new Error(`pool benchmark: run ${bad[0].id} ended ${bad[0].status}: ${bad[0].error ?? ''}`)
    const busy = runs.reduce((a, r) => a + (r.wallMs ?? 0), 0) / 1000 / (threads * seconds)
    return { seconds, busy }
  } finally {
    await w.shutdown()
  }
}

/** The machine's own ceiling: wall time of one C peer process, and of two started together. */
async function cPeerPair(bin: string, copies: number): Promise<number> {
  const t0 = performance.now()
  await Promise.all(
    Array.from(
      { length: copies },
      () =>
        new Promise<void>((ok, fail) => {
          const p = spawn(bin, ['2000', '8', '0.01', '-3'], { stdio: 'ignore' })
          p.on('error', fail)
          p.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`C peer exited ${code}`))))
        }),
    ),
  )
  return (performance.now() - t0) / 1000
}

export async function benchPool(bin: string): Promise<void> {
  const one: number[] = []
  const two: number[] = []
  const busy: number[] = []
  const c1: number[] = []
  const c2: number[] = []
  for (let r = 0; r < REPS; r++) {
    one.push((await poolSeconds(1)).seconds)
    c1.push(await cPeerPair(bin, 1))
    const b = await poolSeconds(2)
    two.push(b.seconds)
    busy.push(b.busy)
    c2.push(await cPeerPair(bin, 2))
  }
  const s = median(one) / median(two)
  const ceiling = (2 * median(c1)) / median(c2)
  console.log(
    `pool scaling, 4 kac runs N=1500 ×2 replicas, 100 steps, ${availableParallelism()} cores: 1 worker ${fix(median(one))} s · 2 workers ${fix(median(two))} s · speed-up ${fix(s)} (target ≥ 1.8) ${verdict(s >= 1.8)}`,
  )
  console.log(
    `  pool context: 2 C peers at once run ${fix(ceiling)}× the work of one in the same time (the machine's ceiling); 2-worker pool busy ${fix(100 * median(busy), 0)} % of its wall time; speed-up per repetition ${one.map((t, k) => fix(t / two[k])).join(', ')}`,
  )
}
