// getHistory for display against the store's full read: the decimated answer fits the budget, says how
// many rows it stands for, keeps the extremes and the first/last rows; a t range is read by seq; without
// options (exports, CLI) every row comes back.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ProjectStore } from '../../src/backend/store/projectStore'
import { ExperimentSpec, expandRuns } from '../../src/shared/spec'
import { scratchDir } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'

describe('ProjectStore.getHistory with display options', () => {
  it('decimates within the budget, keeps extremes, reads t ranges, and still returns every row without options', () => {
    const s = ProjectStore.open(join(scratchDir('landau-hist-'), 'h.landau'), { create: true, owner: 'h:1', ownerAlive: () => false })
    const spec = ExperimentSpec.parse(smallKacSpec())
    const id = s.insertExperiment(spec, expandRuns(spec), { codeVersion: 'x', host: 'h', owner: 'h:1' }).runIds[0]
    s.markRunning(id, ['a', 'a_se', 'b'])
    const n = 30_000
    const rows = Array.from({ length: n }, (_, k) => ({
      step: k,
      t: k * 0.01,
      values: [Math.sin(k / 50) + (k === 12_345 ? 40 : 0), k, k % 7 === 0 ? NaN : -k],
    }))
    for (let k = 0; k < n; k += 5000) s.appendHistory(id, rows.slice(k, k + 5000))

    const full = s.getHistory(id)
    expect(full.t.length).toBe(n)
    expect(full.decimated).toBeUndefined()

    const d = s.getHistory(id, { maxPoints: 1000 })
    expect(d.decimated).toBe(true)
    expect(d.totalRows).toBe(n)
    expect(d.t.length).toBeLessThanOrEqual(1000)
    expect(d.t[0]).toBe(0)
    expect(d.t.at(-1)).toBe((n - 1) * 0.01)
    expect(Math.max(...d.values.a)).toBe(Math.max(...full.values.a))
    // The se column travels with its row: a_se is the row index.
    d.t.forEach((t, k) => expect(d.values.a_se[k]).toBe(Math.round(t / 0.01)))
    expect(s.getHistory(id, { maxPoints: 1000 })).toBe(d) // cached

    const z = s.getHistory(id, { maxPoints: 1000, tMin: 100, tMax: 105 })
    expect(z.decimated).toBe(false)
    expect(z.totalRows).toBe(501)
    expect(z.t[0]).toBe(100)
    expect(z.t.at(-1)).toBe(105)
    expect(z.values.b.slice(0, 3)).toEqual(full.values.b.slice(10_000, 10_003))
    expect(s.getHistory(id, { maxPoints: n })).toMatchObject({ t: full.t, totalRows: n, decimated: false })
    expect(s.getHistory(id, { tMin: 1e9 })).toMatchObject({ t: [], totalRows: 0 })
    s.close()
  })
})
