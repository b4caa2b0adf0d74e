// The backend object with its real pool: reproducibility across pool sizes (acceptance: the same spec
// and seed give bit-identical histories with 1 and 2 workers), cancellation, and the guards that keep
// a project consistent while runs are active.
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createNodeWorkbench } from '../../src/backend/nodeWorkbench'
import type { Workbench } from '../../src/backend/workbench'
import type { History, WorkbenchEvent } from '../../src/shared/api'
import { scratchDir, sha256 } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'

const dir = scratchDir('landau-wb-')
const benches: Workbench[] = []
afterAll(() => Promise.all(benches.map((w) => w.shutdown())))

function bench(threads: number): Workbench {
  const w = createNodeWorkbench({ threads })
  benches.push(w)
  return w
}

/** Float64 bit patterns, so -0/NaN and the last ulp all count. */
function bits(h: History): string[] {
  const view = new DataView(new ArrayBuffer(8))
  const hex = (x: number) => (view.setFloat64(0, x), view.getBigUint64(0).toString(16))
  return [h.t.map(hex).join(), ...Object.entries(h.values).map(([k, v]) => `${k}:${v.map(hex).join()}`)]
}

// Four runs of different sizes, so with 2 workers they finish out of order and interleave their rows.
const spec = smallKacSpec({
  solvers: [
    { kind: 'kac', N: 60, replicas: 3 },
    { kind: 'kac', N: 9, replicas: 5 },
    { kind: 'kac', N: 31, replicas: 2 },
    { kind: 'kac', N: 2, replicas: 1 },
  ],
  kernel: { gamma: -3 },
})

async function runAll(w: Workbench, project: string): Promise<History[]> {
  await w.createProject(project)
  const { runIds } = await w.startExperiment(spec)
  await w.whenIdle()
  const runs = await w.listRuns()
  expect(runs.map((r) => r.status)).toEqual(['done', 'done', 'done', 'done'])
  return Promise.all(runIds.map((id) => w.getHistory(id)))
}

describe('workbench with its pool', () => {
  it('gives bit-identical histories with 1 and 2 pool workers', async () => {
    const one = await runAll(bench(1), join(dir, 'one.landau'))
    const two = await runAll(bench(2), join(dir, 'two.landau'))
    expect(one.map((h) => h.t.length)).toEqual([11, 11, 11, 11])
    expect(two.map(bits)).toEqual(one.map(bits))
  })

  it('cancels a running run promptly and keeps what it wrote', async () => {
    const w = bench(1)
    await w.createProject(join(dir, 'cancel.landau'))
    const events: WorkbenchEvent[] = []
    w.onEvent((e) => events.push(e))
    const { runIds } = await w.startExperiment(
      smallKacSpec({
        solvers: [
          { kind: 'kac', N: 300, replicas: 2 },
          { kind: 'kac', N: 10 },
        ],
        time: { T: 100, dt: 0.01, every: 1 },
      }),
    )
    // Wait for history to stream, then cancel both: the first is running, the second still queued.
    while (!events.some((e) => e.type === 'history')) await new Promise((r) => setTimeout(r, 20))
    const t0 = performance.now()
    await w.cancelRun(runIds[0])
    await w.cancelRun(runIds[1])
    await w.whenIdle()
    const latency = performance.now() - t0
    const [a, b] = await Promise.all(runIds.map((id) => w.getRun(id)))
    expect([a.status, b.status]).toEqual(['cancelled', 'cancelled'])
    expect(b.startedAt).toBeNull()
    expect((await w.getHistory(a.id)).t.length).toBeGreaterThan(0)
    // Thread termination is immediate; 1 s is the latency a user notices (not a speed target).
    expect(latency).toBeLessThan(1000)
  })

  it('refuses to switch projects while runs are active, and refuses bad specs without writing', async () => {
    const w = bench(1)
    const path = join(dir, 'busy.landau')
    await w.createProject(path)
    const { runIds } = await w.startExperiment(smallKacSpec({ solvers: [{ kind: 'kac', N: 200 }], time: { T: 50, dt: 0.01 } }))
    await expect(w.openProject(join(dir, 'one.landau'))).rejects.toMatchObject({ code: 'busy' })
    await expect(w.closeProject()).rejects.toMatchObject({ code: 'busy' })
    await w.cancelRun(runIds[0])
    await w.whenIdle()
    await w.closeProject()

    await w.openProject(path)
    const before = sha256(path)
    await expect(w.startExperiment(smallKacSpec({ time: { T: 1, dt: -0.1 } }))).rejects.toMatchObject({ code: 'invalid-spec', message: /time\.dt/ })
    await expect(w.startExperiment({ ...smallKacSpec(), solvers: [{ kind: 'kac', N: 1 }] })).rejects.toMatchObject({
      code: 'invalid-spec',
      issues: [{ path: 'solvers.0.N' }],
    })
    expect(sha256(path)).toBe(before)
    expect(await w.listRuns()).toHaveLength(1)
  })

  it('saves initial-data designs and refuses invalid ones', async () => {
    const w = bench(1)
    await w.createProject(join(dir, 'designs.landau'))
    await w.saveDesign('hot x', { family: 'bimaxwellian', T: [2, 0.5, 0.5] })
    await expect(w.saveDesign('bad', { family: 'bimaxwellian', T: [1, -1, 1] })).rejects.toMatchObject({ code: 'invalid-spec', message: /initial\.T/ })
    expect((await w.listDesigns()).map((d) => d.name)).toEqual(['hot x'])
  })
})

describe('initial data and snapshots through the backend', () => {
  it('previews an initial datum off the main thread and refuses a bad formula with its field', async () => {
    const w = bench(1)
    const p = await w.previewInitial({ family: 'bimaxwellian', T: [3, 2, 1] })
    // Normalisation to energy 3 (docs/MATH.md §1) is exact for Gaussians.
    expect(p.normalised.energy).toBeCloseTo(3, 6)
    expect(p.scale).toBeCloseTo(Math.sqrt(2), 6)
    await expect(w.previewInitial({ family: 'formula', expr: 'exp(-v^2/2) - 1' })).rejects.toMatchObject({
      code: 'invalid-spec',
      issues: [{ path: 'initial.expr' }],
    })
    await expect(w.previewInitial({ family: 'nope' })).rejects.toMatchObject({ code: 'invalid-spec', message: /initial\.family/ })
  })

  it('refuses an experiment or design with a bad formula before writing anything', async () => {
    const w = bench(1)
    const path = join(dir, 'formula.landau')
    await w.createProject(path)
    const before = sha256(path)
    const bad = { family: 'formula' as const, expr: '1/(1+v^2)' } // not integrable: mass spreads to the box edge
    await expect(w.startExperiment(smallKacSpec({ initial: bad }))).rejects.toMatchObject({ code: 'invalid-spec', message: /^initial\.expr: / })
    await expect(w.saveDesign('bad', bad)).rejects.toMatchObject({ code: 'invalid-spec' })
    expect(sha256(path)).toBe(before)
    expect(await w.listRuns()).toEqual([])
  })

  it('stores particle snapshots of every replica at the requested times, bit-exact', async () => {
    const w = bench(1)
    await w.createProject(join(dir, 'snap.landau'))
    const { runIds } = await w.startExperiment(smallKacSpec({ snapshots: [0, 0.1, 0.2], solvers: [{ kind: 'kac', N: 12, replicas: 3 }] }))
    await w.whenIdle()
    expect(await w.listSnapshots(runIds[0])).toEqual([0, 10, 20].map((step) => ({ runId: runIds[0], step, t: step * 0.01, replicas: 3, N: 12 })))
    // The stored t = 0 state is the solver's own initial sample, to the bit.
    const { createKacEnsemble } = await import('../../src/solvers/particles/kac')
    const run = await w.getRun(runIds[0])
    const ens = createKacEnsemble(run.spec.initial, 12, 3, run.spec.seed, run.spec.runIndex)
    const store = (w as unknown as { store: { getSnapshot(r: number, s: number, k: number): Float64Array } }).store
    for (let k = 0; k < 3; k++) expect(new Uint8Array(store.getSnapshot(runIds[0], 0, k).buffer)).toEqual(new Uint8Array(ens.v[k].buffer))
  })
})
