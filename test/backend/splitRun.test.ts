// A single large Kac run split over the pool's threads (docs/NUMERICS.md §4.4): through the real
// Workbench and Scheduler, the same spec and seed give bit-identical histories and snapshots with 1 worker
// (the run alone, unsplit) and with 2 (the run's thread and an assistant sharing each round's pairs), and
// the assistant did run chunks (otherwise the comparison would prove nothing); the bits hold while the
// assistant leaves for queued runs and rejoins, again and again. Also: a queued run takes its thread back
// from an assistant, and cancelling a split run releases its assistant at once.
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createNodeWorkbench } from '../../src/backend/nodeWorkbench'
import type { Workbench } from '../../src/backend/workbench'
import type { History } from '../../src/shared/api'
import { SPLIT_MIN_N } from '../../src/solvers/particles/steppers'
import { scratchDir } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'

const dir = scratchDir('landau-split-')
const benches: Workbench[] = []
afterAll(() => Promise.all(benches.map((w) => w.shutdown())))

function bench(threads: number): Workbench {
  const w = createNodeWorkbench({ threads })
  benches.push(w)
  return w
}

interface Internals {
  scheduler: { assistedChunks: number; assisting: number }
  store: { getSnapshot(run: number, step: number, replica: number): Float64Array }
}
const internals = (w: Workbench) => w as unknown as Internals
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Float64 bit patterns, so -0/NaN and the last ulp all count. */
function bits(h: History): string[] {
  const view = new DataView(new ArrayBuffer(8))
  const hex = (x: number) => (view.setFloat64(0, x), view.getBigUint64(0).toString(16))
  return [h.t.map(hex).join(), ...Object.entries(h.values).map(([k, v]) => `${k}:${v.map(hex).join()}`)]
}

// Odd N (a particle sits out each round) and 2 replicas (the team's memory holds one replica at a time).
const N = 2501
const big = smallKacSpec({
  name: 'split',
  solvers: [{ kind: 'kac', N, replicas: 2 }],
  kernel: { gamma: -3 },
  time: { T: 0.06, dt: 0.01, every: 1 },
  snapshots: [0.03, 0.06],
})
/** Two small runs: both pool threads start and load the solver before the big run is timed. */
const warm = smallKacSpec({
  solvers: [
    { kind: 'kac', N: 300 },
    { kind: 'kac', N: 300 },
  ],
})

async function runBig(w: Workbench, project: string): Promise<{ history: History; snaps: Uint8Array[] }> {
  await w.createProject(project)
  await w.startExperiment(warm)
  await w.whenIdle()
  const { runIds } = await w.startExperiment(big)
  await w.whenIdle()
  const [id] = runIds
  expect((await w.getRun(id)).status).toBe('done')
  const store = internals(w).store
  const snaps = [3, 6].flatMap((step) => [0, 1].map((k) => new Uint8Array(store.getSnapshot(id, step, k).buffer)))
  return { history: await w.getHistory(id), snaps }
}

/** The 1-worker run of `big` (the run alone, unsplit), computed once for the tests that compare with it. */
let reference: Promise<{ history: History; snaps: Uint8Array[] }> | null = null
const oneWorker = () => (reference ??= runBig(bench(1), join(dir, 'one.landau')))

describe('a single large Kac run on several workers', () => {
  it('gives bit-identical histories and snapshots with 1 and 2 pool workers, the second helping', async () => {
    expect(N).toBeGreaterThanOrEqual(SPLIT_MIN_N)
    const one = await oneWorker()
    const w2 = bench(2)
    const two = await runBig(w2, join(dir, 'two.landau'))
    expect(one.history.t.length).toBe(7)
    expect(bits(two.history)).toEqual(bits(one.history))
    expect(two.snaps).toEqual(one.snaps)
    // the assistant ran some of the 6 steps × 2 replicas × 2501 rounds × 5 chunks
    expect(internals(w2).scheduler.assistedChunks).toBeGreaterThan(0)
  })

  it('keeps the bits while its assistant leaves for queued runs and comes back, again and again', async () => {
    const one = await oneWorker()
    const w = bench(2)
    await w.createProject(join(dir, 'churn.landau'))
    await w.startExperiment(warm)
    await w.whenIdle()
    const sched = internals(w).scheduler
    const {
      runIds: [id],
    } = await w.startExperiment(big)
    // small runs queued one after another while the big one steps: each takes the assistant's thread
    let smalls = 0
    while ((await w.getRun(id)).status !== 'done' && smalls < 20) {
      const before = sched.assistedChunks
      await w.startExperiment(smallKacSpec({ solvers: [{ kind: 'kac', N: 30 }] }))
      smalls++
      for (let i = 0; i < 20 && sched.assistedChunks === before; i++) await sleep(5)
    }
    await w.whenIdle()
    expect(smalls).toBeGreaterThan(1)
    const store = internals(w).store
    const snaps = [3, 6].flatMap((step) => [0, 1].map((k) => new Uint8Array(store.getSnapshot(id, step, k).buffer)))
    expect(bits(await w.getHistory(id))).toEqual(bits(one.history))
    expect(snaps).toEqual(one.snaps)
    expect(sched.assistedChunks).toBeGreaterThan(0)
  })

  it('gives the assistant thread back to a queued run, and releases it when the split run is cancelled', async () => {
    const w = bench(2)
    await w.createProject(join(dir, 'share.landau'))
    await w.startExperiment(warm)
    await w.whenIdle()
    const long = smallKacSpec({ solvers: [{ kind: 'kac', N: 4000 }], kernel: { gamma: -3 }, time: { T: 100, dt: 0.01, every: 1 } })
    const {
      runIds: [splitRun],
    } = await w.startExperiment(long)
    const sched = internals(w).scheduler
    for (let i = 0; i < 400 && sched.assistedChunks === 0; i++) await sleep(25) // the assistant works
    expect(sched.assisting).toBe(1)
    // A small run queued now gets the second thread (the assistant leaves) and finishes while the split
    // run goes on.
    const {
      runIds: [small],
    } = await w.startExperiment(smallKacSpec({ solvers: [{ kind: 'kac', N: 50 }] }))
    for (let i = 0; i < 400 && (await w.getRun(small)).status !== 'done'; i++) await sleep(25)
    expect((await w.getRun(small)).status).toBe('done')
    expect((await w.getRun(splitRun)).status).toBe('running')
    const t0 = performance.now()
    await w.cancelRun(splitRun)
    await w.whenIdle()
    expect((await w.getRun(splitRun)).status).toBe('cancelled')
    // its assistant (lent again once the small run ended) leaves too: no thread stays held
    for (let i = 0; i < 40 && sched.assisting > 0; i++) await sleep(25)
    expect(sched.assisting).toBe(0)
    expect(performance.now() - t0).toBeLessThan(1000)
  })
})
