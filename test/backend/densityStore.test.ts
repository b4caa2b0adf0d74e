// Densities of deterministic runs in the project file (schema v3): every kind round-trips bit for bit,
// the row is readable without the workbench (meta.arrays splits the float64 blob), and a v2 file
// migrates in place keeping its snapshots.
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { ProjectStore } from '../../src/backend/store/projectStore'
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from '../../src/backend/store/migrations'
import type { DensityRecord } from '../../src/solvers/deterministic/types'
import { ExperimentSpec, expandRuns } from '../../src/shared/spec'
import { scratchDir } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'

const dir = scratchDir('landau-density-')
const me = { owner: 'testhost:1', ownerAlive: () => false }
const meta = { codeVersion: 'test', host: 'testhost', owner: 'testhost:1' }

const bytes = (a: Float64Array) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
const odd = (n: number, k: number) => Float64Array.from({ length: n }, (_, i) => (i === 0 ? -0 : i === 1 ? Number.NaN : Math.sin(i * k) / 7))

function withRun(path: string, create = true): { s: ProjectStore; runId: number } {
  const s = ProjectStore.open(path, { ...me, create })
  const spec = ExperimentSpec.parse(smallKacSpec())
  return { s, runId: s.insertExperiment(spec, expandRuns(spec), meta).runIds[0] }
}

describe('densities table', () => {
  it('round-trips grid, radial and weighted records bit for bit, in step order', () => {
    const { s, runId } = withRun(join(dir, 'rt.landau'))
    const grid: DensityRecord = { kind: 'grid', n: 3, L: 2.5, periodic: true, f: odd(27, 1) }
    // Two views of one buffer, as a solver may hand them over.
    const buf = new Float64Array([0, 0.5, 1, 1.5, 3, 2, 1, 0])
    const radial: DensityRecord = { kind: 'radial', r: buf.subarray(0, 4), f: buf.subarray(4) }
    const weighted: DensityRecord = { kind: 'weighted', n: 2, eps: 0.125, x: odd(6, 2), w: new Float64Array([0.25, 0.75]) }
    s.insertDensity(runId, { step: 20, t: 1, density: weighted })
    s.insertDensity(runId, { step: 0, t: 0, density: grid })
    s.insertDensity(runId, { step: 10, t: 0.5, density: radial })
    expect(s.listDensities(runId)).toEqual([
      { step: 0, t: 0, kind: 'grid' },
      { step: 10, t: 0.5, kind: 'radial' },
      { step: 20, t: 1, kind: 'weighted' },
    ])
    const g = s.getDensity(runId, 0)
    expect(g).toMatchObject({ step: 0, t: 0, density: { kind: 'grid', n: 3, L: 2.5, periodic: true } })
    expect(bytes((g.density as typeof grid).f)).toEqual(bytes(grid.f))
    const r = s.getDensity(runId, 10).density as typeof radial
    expect([...r.r]).toEqual([0, 0.5, 1, 1.5])
    expect([...r.f]).toEqual([3, 2, 1, 0])
    const w = s.getDensity(runId, 20).density as typeof weighted
    expect(w).toMatchObject({ kind: 'weighted', n: 2, eps: 0.125 })
    expect(bytes(w.x)).toEqual(bytes(weighted.x))
    expect([...w.w]).toEqual([0.25, 0.75])
    expect(() => s.getDensity(runId, 5)).toThrow(/no density at step 5/)
    expect(() => s.listDensities(runId + 99)).toThrow(/no run/)
    expect(() => s.insertDensity(runId, { step: 0, t: 0, density: grid })).toThrow(/UNIQUE|PRIMARY/)
    s.close()
  })

  it('is readable without the workbench: meta.arrays splits the little-endian float64 blob', () => {
    const path = join(dir, 'raw.landau')
    const { s, runId } = withRun(path)
    const x = odd(9, 3)
    s.insertDensity(runId, { step: 4, t: 0.2, density: { kind: 'weighted', n: 3, eps: 0, x, w: new Float64Array([1, 2, 3]) } })
    s.close()
    const db = new Database(path, { readonly: true })
    const row = db.prepare(`SELECT kind, meta, data FROM densities WHERE run_id = ? AND step = 4`).get(runId) as { kind: string; meta: string; data: Buffer }
    db.close()
    expect(row.kind).toBe('weighted')
    const m = JSON.parse(row.meta)
    expect(m).toEqual({
      n: 3,
      eps: 0,
      arrays: [
        ['x', 9],
        ['w', 3],
      ],
    })
    // What numpy.frombuffer(data, '<f8') does.
    const vals = Array.from({ length: row.data.length / 8 }, (_, i) => row.data.readDoubleLE(8 * i))
    expect(vals.slice(9)).toEqual([1, 2, 3])
    expect(Object.is(vals[0], -0)).toBe(true)
    expect(vals[5]).toBe(x[5])
  })

  it('migrates a schema-2 project in place, keeping its snapshots', () => {
    const path = join(dir, 'v2.landau')
    const db = new Database(path)
    db.exec(MIGRATIONS[0])
    db.exec(MIGRATIONS[1])
    db.prepare(`INSERT INTO project (id, created_at, created_by) VALUES (1, 'then', 'v2')`).run()
    db.pragma(`application_id = ${APPLICATION_ID}`)
    db.pragma('user_version = 2')
    db.close()
    const { s, runId } = withRun(path, false)
    s.insertSnapshot(runId, { step: 1, t: 0.01, replica: 0, v: new Float64Array([1, 2, 3]) })
    s.close()

    const again = ProjectStore.open(path, me)
    expect(again.info()).toMatchObject({ schemaVersion: SCHEMA_VERSION, createdAt: 'then' })
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(3)
    expect(again.listSnapshots(runId)).toHaveLength(1)
    expect(again.listDensities(runId)).toEqual([])
    again.insertDensity(runId, { step: 2, t: 0.02, density: { kind: 'radial', r: new Float64Array([0, 1]), f: new Float64Array([1, 0]) } })
    expect(again.listDensities(runId)).toEqual([{ step: 2, t: 0.02, kind: 'radial' }])
    expect(again.integrityCheck()).toBe('ok')
    again.close()
  })
})
