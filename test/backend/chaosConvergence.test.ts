// The convergence view's backend: chaosConvergence computes the report of src/backend/chaosReport.ts
// on the interactive worker thread from the project file opened read-only, through dispatchApiCall as both
// transports do; the points carry 95 % intervals and the fit its intercept, so that a chart can draw both.
// The same numbers as the store-side function called directly (the CLI's path).
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { createNodeWorkbench } from '../../src/backend/nodeWorkbench'
import { chaosReport } from '../../src/backend/chaosReport'
import { ProjectStore } from '../../src/backend/store/projectStore'
import { dispatchApiCall } from '../../src/shared/api'
import type { ApiResult, ChaosReport } from '../../src/shared/api'
import { scratchDir } from '../helpers/tmp'

const dir = scratchDir('landau-chaos-api-')
const w = createNodeWorkbench({ threads: 1 })
afterAll(() => w.shutdown())

const spec = {
  name: 'chaos sweep',
  initial: { family: 'bkw', K0: 0.6 },
  kernel: { gamma: 0 },
  solvers: [
    { kind: 'kac', N: 2, replicas: 4 },
    { kind: 'bkw-exact', points: 200 },
  ],
  sweep: { N: [40, 80, 160] },
  time: { T: 0.2, dt: 0.02, every: 5 },
  snapshots: [0.2],
  seed: 3,
}

const call = (method: string, ...args: unknown[]): Promise<ApiResult> => dispatchApiCall(w, method, args)

describe('chaosConvergence', () => {
  it('reports points with intervals and a fitted line per swept solver, off the main thread', async () => {
    const path = join(dir, 'chaos.landau')
    await w.createProject(path)
    const { experimentId, runIds } = await w.startExperiment(spec)
    await w.whenIdle()
    expect(runIds).toHaveLength(4)

    const r = await call('chaosConvergence', experimentId, { time: 0.2, metric: 'w2' })
    expect(r.ok).toBe(true)
    const report = (r as { ok: true; value: ChaosReport }).value
    expect(report).toMatchObject({ experiment: experimentId, time: 0.2, metric: 'w2', reference: { run: 4, solver: 'bkw-exact' } })
    expect(report.spec.name).toBe('chaos sweep')
    expect(report.runs.map((x) => [x.run, x.N, x.M])).toEqual([
      [1, 40, 4],
      [2, 80, 4],
      [3, 160, 4],
    ])
    expect(report.series).toHaveLength(1)
    const pts = report.series[0].points
    expect(pts.map((p) => p.N)).toEqual([40, 80, 160])
    for (const [i, p] of pts.entries()) {
      expect(p.run).toBe(i + 1)
      expect(p.y).toBe(report.runs[i].w2One)
      expect(p.se).toBe(report.runs[i].w2OneSe)
      // t_{0.975, 3} = 3.182: the replica interval is y ± 3.182·se.
      expect(p.hi - p.y).toBeCloseTo(3.182446 * p.se, 5)
      expect(p.lo).toBeLessThan(p.y)
    }
    expect(report.fits).toHaveLength(1)
    const f = report.fits[0]
    expect(f).toMatchObject({ solver: 'kac', metric: 'w2', points: 3, dof: 1, weighted: true })
    expect(f.slope).toBeGreaterThan(-0.7)
    expect(f.slope).toBeLessThan(-0.1)
    expect(f.slopeLo).toBeLessThan(f.slope)
    expect(f.slopeHi).toBeGreaterThan(f.slope)
    // The fitted line passes near the points: e^a N^p within a factor 1.5 of each y.
    for (const p of pts) {
      const line = Math.exp(f.intercept) * p.N ** f.slope
      expect(line / p.y).toBeGreaterThan(1 / 1.5)
      expect(line / p.y).toBeLessThan(1.5)
    }

    // The same as the function on the store itself (landau chaos), whatever thread computed it.
    const store = ProjectStore.open(path, { readonly: true, owner: 'test', ownerAlive: () => true })
    try {
      expect(JSON.parse(JSON.stringify(chaosReport(store, { experiment: experimentId, time: 0.2, metric: 'w2' })))).toEqual(JSON.parse(JSON.stringify(report)))
    } finally {
      store.close()
    }

    // W2 excess over the floor: the default view's metric; points whose excess is ≤ 0 are left out.
    const ex = await call('chaosConvergence', experimentId, { time: 0.2, metric: 'w2-excess' })
    expect(ex.ok).toBe(true)
    const exr = (ex as { ok: true; value: ChaosReport }).value
    for (const p of exr.series.flatMap((s) => s.points)) expect(p.y).toBeGreaterThan(0)
    // …and listed as omitted instead, so that every particle run is accounted for.
    for (const o of exr.omitted) expect(o.y).toBeLessThanOrEqual(0)
    expect([...exr.series.flatMap((s) => s.points.map((p) => p.run)), ...exr.omitted.map((o) => o.run)].sort()).toEqual([1, 2, 3])
  })

  it('says clearly what is wrong: a time not stored, no reference, bad arguments', async () => {
    const notStored = await call('chaosConvergence', 1, { time: 0.1, metric: 'w2' })
    expect(notStored).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    expect((notStored as { ok: false; error: { message: string } }).error.message).toMatch(/nothing stored at t = 0\.1 \(stored: 0\.2\)/)

    // A particle-only experiment has no deterministic reference.
    const { experimentId } = await w.startExperiment({ ...spec, name: 'no reference', solvers: [{ kind: 'kac', N: 2, replicas: 2 }], sweep: { N: [20, 40] } })
    await w.whenIdle()
    const noRef = await call('chaosConvergence', experimentId, { time: 0.2, metric: 'w2' })
    expect(noRef).toMatchObject({ ok: false, error: { code: 'not-found' } })
    expect((noRef as { ok: false; error: { message: string } }).error.message).toMatch(/no finished deterministic run/)

    // …but another experiment's deterministic run of the same problem (γ, initial datum) may serve.
    const borrowed = await call('chaosConvergence', experimentId, { time: 0.2, metric: 'w2', reference: 4 })
    expect(borrowed).toMatchObject({ ok: true, value: { experiment: experimentId, reference: { run: 4, solver: 'bkw-exact' } } })
    expect((borrowed as { ok: true; value: ChaosReport }).value.runs.map((x) => x.N)).toEqual([20, 40])
    // A particle run is no reference, and neither is the exact solution of another datum.
    const particle = await call('chaosConvergence', experimentId, { time: 0.2, metric: 'w2', reference: 1 })
    expect(particle).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    expect((particle as { ok: false; error: { message: string } }).error.message).toMatch(/run 1 is a kac run: the reference must be a deterministic run/)
    const other = await w.startExperiment({
      ...spec,
      name: 'other datum',
      initial: { family: 'bkw', K0: 0.8 },
      solvers: [{ kind: 'bkw-exact', points: 200 }],
      sweep: undefined,
    })
    await w.whenIdle()
    const mismatch = await call('chaosConvergence', experimentId, { time: 0.2, metric: 'w2', reference: other.runIds[0] })
    expect(mismatch).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    expect((mismatch as { ok: false; error: { message: string } }).error.message).toMatch(/solves another problem/)

    // The weak chaos test function is the caller's, from the closed set; anything else is refused.
    const bump = (await call('chaosConvergence', 1, { time: 0.2, metric: 'weak1' })) as { ok: true; value: ChaosReport }
    expect(bump.value.phi).toEqual({ kind: 'gaussian', center: [0, 0, 0], width: 1 })
    const wave = (await call('chaosConvergence', 1, { time: 0.2, metric: 'weak1', phi: { kind: 'cosine', k: [1, 0, 0] } })) as { ok: true; value: ChaosReport }
    expect(wave.ok).toBe(true)
    expect(wave.value.phi).toEqual({ kind: 'cosine', k: [1, 0, 0] })
    expect(wave.value.runs[0].weak1).not.toBe(bump.value.runs[0].weak1)
    for (const phi of [
      { kind: 'cosine', k: [1, 0] },
      { kind: 'gaussian', center: [0, 0, 0], width: -1 },
      { kind: 'code', src: 'v => 1' },
      'gaussian:0,0,0,1',
    ]) {
      expect(await call('chaosConvergence', 1, { time: 0.2, metric: 'weak1', phi })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    }
    expect(await call('chaosConvergence', 99, { time: 0.2, metric: 'w2' })).toMatchObject({ ok: false, error: { code: 'not-found' } })
    expect(await call('chaosConvergence', 1, { time: 0.2, metric: 'nope' })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    expect(await call('chaosConvergence', 1, { time: -1, metric: 'w2' })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
  })

  it('takes a running run in as soon as its snapshot at t is complete, and lists the others as pending', async () => {
    // Runs 1–3 (N = 40, 80, 160) are done. Put runs 2 and 3 back to 'running' as a live run would be, and
    // take one replica's snapshot away from run 2: run 3 is complete at t = 0.2, run 2 is not yet.
    const path = join(dir, 'chaos.landau')
    const store = ProjectStore.open(path, { owner: 'test', ownerAlive: () => true })
    try {
      const metrics = store.getRun(2).metrics
      store.markRunning(2, metrics)
      store.markRunning(3, metrics)
    } finally {
      store.close()
    }
    const db = new Database(path)
    try {
      expect(db.prepare('DELETE FROM snapshots WHERE run_id = 2 AND replica = 3').run().changes).toBe(1)
    } finally {
      db.close()
    }
    const r = await call('chaosConvergence', 1, { time: 0.2, metric: 'w2' })
    expect(r.ok).toBe(true)
    const report = (r as { ok: true; value: ChaosReport }).value
    expect(report.runs.map((d) => d.run)).toEqual([1, 3])
    expect(report.pending).toEqual([2])
    expect(report.series[0].points.map((p) => p.N)).toEqual([40, 160])
  })
})
