// `npm run bench -- split`: one large Kac run (N = 10⁴) split over 1 and 2 workers (docs/NUMERICS.md §4.4):
// the speed-up, and whether the results are bit-identical.
import { availableParallelism } from 'node:os'
import { performance } from 'node:perf_hooks'
import { fix, median, openBench, REPS, spec, verdict } from './benchHelpers'

/** One Kac run big enough to be split (docs/NUMERICS.md §4.4): N = 10⁴, 3 steps of N(N−1)/2 = 5·10⁷ pairs. */
const SPLIT = spec({ name: 'split', solvers: [{ kind: 'kac', N: 10_000, replicas: 1 }], time: { T: 0.03, dt: 0.01, every: 1 }, snapshots: [0.03] })
/** Two small runs first, so that every pool thread has started and compiled the kernel (a warm pool). */
const SPLIT_WARM = spec({
  solvers: [
    { kind: 'kac', N: 300, replicas: 1 },
    { kind: 'kac', N: 300, replicas: 1 },
  ],
  time: { T: 0.2, dt: 0.01, every: 10 },
})

interface SplitResult {
  seconds: number
  /** The history's and the final snapshot's float64 bytes, to compare the runs bit for bit. */
  bits: string
  /** Chunks of the rounds that an assistant ran / all chunks. */
  helped: number
}

/** Wall time of the one run on a warm pool of `threads`: submit → done (SQLite writes included). */
async function splitRun(threads: number): Promise<SplitResult> {
  const w = await openBench(threads)
  try {
    await w.startExperiment(SPLIT_WARM)
    await w.whenIdle()
    const sched = (w as unknown as { scheduler: { assistedChunks: number } }).scheduler
    const t0 = performance.now()
    const { runIds } = await w.startExperiment(SPLIT)
    await w.whenIdle()
    const seconds = (performance.now() - t0) / 1000
    const id = runIds[0]
    const run = await w.getRun(id)
    if (run.status !== 'done') throw new Error(`split benchmark: run ${id} ended ${run.status}: ${run.error ?? ''}`)
    const h = await w.getHistory(id)
    const store = (w as unknown as { store: { getSnapshot(r: number, s: number, k: number): Float64Array } }).store
    const hex = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex')
    const bits = [hex(Float64Array.from(h.t)), ...Object.values(h.values).map((v) => hex(Float64Array.from(v))), hex(store.getSnapshot(id, 3, 0))].join('|')
    const chunks = 3 * 9_999 * Math.ceil(5_000 / 256)
    return { seconds, bits, helped: sched.assistedChunks / chunks }
  } finally {
    await w.shutdown()
  }
}

export async function benchSplit(): Promise<void> {
  const one: SplitResult[] = []
  const two: SplitResult[] = []
  for (let r = 0; r < REPS; r++) {
    one.push(await splitRun(1))
    two.push(await splitRun(2))
  }
  const t1 = median(one.map((x) => x.seconds))
  const t2 = median(two.map((x) => x.seconds))
  const s = t1 / t2
  const same = [...one, ...two].every((x) => x.bits === one[0].bits)
  console.log(
    `single kac run N=1e4, 3 steps, ${availableParallelism()} cores: 1 worker ${fix(t1)} s · 2 workers ${fix(t2)} s · speed-up ${fix(s)} (target ≥ 1.7) · results ${same ? 'bit-identical' : 'DIFFER'} ${verdict(s >= 1.7 && same)}`,
  )
  console.log(
    `  split context: the assistant ran ${fix(100 * median(two.map((x) => x.helped)), 0)} % of the chunks (half is the ideal); speed-up per repetition ${one.map((x, k) => fix(x.seconds / two[k].seconds)).join(', ')}`,
  )
}
