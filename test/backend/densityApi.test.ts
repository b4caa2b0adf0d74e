// Densities through the backend with its real pool: a bkw-exact run stores one at each snapshot time,
// announces it with a 'density' event, and getDensityView draws it on the designer preview's grids, so
// at t = 0 the run view equals the preview of f₀. Both methods go through dispatchApiCall (both transports).
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createNodeWorkbench } from '../../src/backend/nodeWorkbench'
import { dispatchApiCall } from '../../src/shared/api'
import type { DensityInfo, DensityView, WorkbenchEvent } from '../../src/shared/api'
import { scratchDir } from '../helpers/tmp'

const dir = scratchDir('landau-density-api-')
const w = createNodeWorkbench({ threads: 1 })
afterAll(() => w.shutdown())

const initial = { family: 'bkw', K0: 0.6 } as const
const spec = {
  name: 'bkw exact',
  initial,
  kernel: { gamma: 0 },
  solvers: [{ kind: 'bkw-exact' }],
  time: { T: 1, dt: 0.05 },
  snapshots: [0, 0.5, 1],
}

async function call<T>(method: string, ...args: unknown[]): Promise<T> {
  const r = await dispatchApiCall(w, method, args)
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value as T
}

describe('density API', () => {
  it('stores, lists and draws the densities of a bkw-exact run', async () => {
    await w.createProject(join(dir, 'bkw.landau'))
    const events: WorkbenchEvent[] = []
    w.onEvent((e) => events.push(e))
    const { runIds } = await w.startExperiment(spec)
    await w.whenIdle()
    const id = runIds[0]
    expect((await w.getRun(id)).status).toBe('done')

    const list = await call<DensityInfo[]>('listDensities', id)
    expect(list).toEqual([
      { step: 0, t: 0, kind: 'radial' },
      { step: 10, t: 0.5, kind: 'radial' },
      { step: 20, t: 1, kind: 'radial' },
    ])
    expect(events.filter((e) => e.type === 'density')).toEqual(list.map((d) => ({ type: 'density', runId: id, ...d })))

    const preview = await w.previewInitial(initial)
    const views = await Promise.all(list.map((d) => call<DensityView>('getDensityView', id, d.step)))
    for (const v of views) {
      expect(v).toMatchObject({ runId: id, kind: 'radial' })
      expect(v.marginals.v).toEqual(preview.marginals.v)
      expect(v.slice.v).toEqual(preview.slice.v)
      const h = v.marginals.v[1] - v.marginals.v[0]
      expect(v.marginals.fx.reduce((a, b) => a + b, 0) * h).toBeCloseTo(1, 3)
      expect(v.note).toMatch(/radii/)
    }
    // t = 0: the run view is the designer's preview of f₀.
    const dev = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i])))
    expect(dev(views[0].marginals.fx, preview.marginals.fx)).toBeLessThan(1e-3)
    expect(dev(views[0].slice.values.flat(), preview.slice.values.flat())).toBeLessThan(1e-3)
    // BKW relaxes towards the Maxwellian: the density changes between the recorded times.
    expect(dev(views[2].marginals.fx, views[0].marginals.fx)).toBeGreaterThan(1e-3)
    // Cached: a second request is the same object's value.
    expect(await call('getDensityView', id, 10)).toEqual(views[1])
  })

  it('names bad arguments and missing densities', async () => {
    const [run] = await w.listRuns()
    await expect(call('getDensityView', run.id, 3)).rejects.toThrow(/not-found: run \d+ has no density at step 3/)
    await expect(call('getDensityView', run.id, -1)).rejects.toThrow(/invalid-argument/)
    await expect(call('listDensities', 999)).rejects.toThrow(/not-found/)
    await expect(call('listDensities', 'x')).rejects.toThrow(/invalid-argument/)
  })
})
