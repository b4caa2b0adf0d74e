// The history summary (schema 4, history_blocks): written with the rows whatever the batch sizes, equal to
// the min/max computed from the rows; the display answer read from it equals the min/max decimation of the
// rows with each whole block at its first row's t (buckets of whole blocks), keeps every spike and fits
// the budget, also for t ranges; runs without a summary (files of schema 3) are still decimated by reading
// their rows, as before.
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { HISTORY_BLOCK_ROWS, ProjectStore } from '../../src/backend/store/projectStore'
import { SCHEMA_VERSION } from '../../src/backend/store/migrations'
import { MinMaxDecimator, decimateColumns, drivingColumns, pickRows } from '../../src/shared/decimate'
import type { History } from '../../src/shared/api'
import { ExperimentSpec, expandRuns } from '../../src/shared/spec'
import { scratchDir } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'
import { downgradeTo } from '../helpers/schemaDowngrade'

const dir = scratchDir('landau-blocks-')
const me = { owner: 'h:1', ownerAlive: () => false }
const B = HISTORY_BLOCK_ROWS
const METRICS = ['a', 'a_se', 'b', 'c']

let seed = 7
const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296

interface Row {
  step: number
  t: number
  values: number[]
}

function project(name: string): { s: ProjectStore; id: number; path: string } {
  const path = join(dir, name)
  const s = ProjectStore.open(path, { ...me, create: true })
  const spec = ExperimentSpec.parse(smallKacSpec())
  const id = s.insertExperiment(spec, expandRuns(spec), { codeVersion: 'x', host: 'h', owner: 'h:1' }).runIds[0]
  s.markRunning(id, METRICS)
  return { s, id, path }
}

/** n rows with noise, ties (b is rounded), NaNs, short rows, and spikes up and down in a and c. */
function makeRows(n: number, spikes: number[]): Row[] {
  return Array.from({ length: n }, (_, k) => {
    const a = Math.sin(k / 300) + 0.1 * rnd() + (spikes.includes(k) ? (k % 2 ? 50 : -50) : 0)
    const b = Math.round(4 * rnd()) // many ties
    const c = k % 11 === 0 ? NaN : Math.cos(k / 77) + (spikes.includes(k + 1) ? 30 : 0)
    const values = k % 97 === 5 ? [a, k] : [a, k, b, c] // a few rows shorter than the metrics
    return { step: k, t: k * 0.01 + (k % 3) * 1e-4, values }
  })
}

function appendInBatches(s: ProjectStore, id: number, rows: Row[], sizes: () => number): void {
  for (let k = 0; k < rows.length;) {
    const n = sizes()
    s.appendHistory(id, rows.slice(k, k + n))
    k += n
  }
}

/** The blocks' stats from the rows: per column min, seq of min, max, seq of max (earliest on ties). */
function bruteBlocks(rows: Row[]): { seq0: number; seq1: number; t0: number; t1: number; stats: number[] }[] {
  const out = []
  for (let s0 = 0; s0 < rows.length; s0 += B) {
    const s1 = Math.min(rows.length, s0 + B) - 1
    const J = Math.max(...rows.slice(s0, s1 + 1).map((r) => r.values.length))
    const stats: number[] = []
    for (let j = 0; j < J; j++) {
      let mn = NaN
      let mnq = -1
      let mx = NaN
      let mxq = -1
      for (let q = s0; q <= s1; q++) {
        const v = j < rows[q].values.length ? rows[q].values[j] : NaN
        if (Number.isNaN(v)) continue
        if (mnq < 0 || v < mn) [mn, mnq] = [v, q]
        if (mxq < 0 || v > mx) [mx, mxq] = [v, q]
      }
      stats.push(mn, mnq, mx, mxq)
    }
    out.push({ seq0: s0, seq1: s1, t0: rows[s0].t, t1: rows[s1].t, stats })
  }
  return out
}

function storedBlocks(path: string, runId: number) {
  const db = new Database(path, { readonly: true })
  const rows = db.prepare(`SELECT seq0, seq1, t0, t1, stats FROM history_blocks WHERE run_id = ? ORDER BY seq0`).all(runId) as {
    seq0: number
    seq1: number
    t0: number
    t1: number
    stats: Buffer
  }[]
  db.close()
  return rows.map((r) => ({ ...r, stats: Array.from(new Float64Array(new Uint8Array(r.stats).buffer)) }))
}

/** Columnar full history (rows as the store returns them: short rows NaN-padded). */
function columns(rows: Row[]): { t: number[]; values: Record<string, number[]> } {
  const values: Record<string, number[]> = {}
  METRICS.forEach((m, j) => (values[m] = rows.map((r) => (j < r.values.length ? r.values[j] : NaN))))
  return { t: rows.map((r) => r.t), values }
}

/**
 * What the summary path promises for rows lo..hi: the min/max decimation of those rows where each whole
 * block (inside lo..hi) stands at its first row's t, and the rows of partial blocks at their own t.
 */
function blockAligned(rows: Row[], lo: number, hi: number, maxPoints: number) {
  const full = columns(rows)
  const driving = drivingColumns(METRICS).map((m) => full.values[m])
  const d = new MinMaxDecimator<number>(rows[lo].t, rows[hi].t, driving.length, maxPoints)
  const v = new Float64Array(driving.length)
  for (let q = lo; q <= hi; q++) {
    const s0 = Math.floor(q / B) * B
    const s1 = Math.min(rows.length - 1, s0 + B - 1)
    const whole = s0 >= lo && s1 <= hi
    driving.forEach((col, j) => (v[j] = col[q]))
    d.add(whole ? rows[s0].t : rows[q].t, v, q)
  }
  return pickRows(full, d.finish(maxPoints).rows)
}

function expectSameRows(h: History, want: { t: number[]; values: Record<string, number[]> }) {
  expect(h.t).toEqual(want.t)
  for (const m of METRICS) expect(h.values[m]).toEqual(want.values[m])
}

describe('history_blocks', () => {
  it('are the min/max of the rows whatever the batch sizes', () => {
    const { s, id, path } = project('batches.landau')
    const rows = makeRows(5000, [17, 1000, 4095])
    // Sizes 0 to 3·B: batches that end inside a block, fill it exactly, or span several.
    const sizes = [1, 0, 2, B - 3, B, 1, 3 * B, 7, B + 1, 50]
    let i = 0
    appendInBatches(s, id, rows, () => sizes[i++ % sizes.length])
    s.close()
    const got = storedBlocks(path, id)
    const want = bruteBlocks(rows)
    expect(got.length).toBe(want.length)
    got.forEach((g, k) => expect(g).toEqual(want[k]))
    // Also with one row at a time.
    const one = project('one.landau')
    const few = makeRows(3 * B + 5, [])
    appendInBatches(one.s, one.id, few, () => 1)
    one.s.close()
    expect(storedBlocks(one.path, one.id)).toEqual(bruteBlocks(few))
  })

  it('answer the display read: block-aligned min/max, spikes kept, budget respected, t ranges', () => {
    const { s, id, path } = project('display.landau')
    const n = 60_000
    const spikes = [3, 12_345, 40_001, 59_998]
    const rows = makeRows(n, spikes)
    appendInBatches(s, id, rows, () => 1 + Math.floor(rnd() * 3000))
    s.close()
    const ro = ProjectStore.open(path, { ...me, readonly: true })
    expect(ro.getHistory(id).t.length).toBe(n)
    // (getHistory without options leaves a short row's missing values undefined; the display path NaN.)
    const full = columns(rows)

    for (const maxPoints of [400, 1000, 1800]) {
      const h = ro.getHistory(id, { maxPoints })
      expect(h).toMatchObject({ totalRows: n, decimated: true })
      expect(h.t.length).toBeLessThanOrEqual(maxPoints)
      expectSameRows(h, blockAligned(rows, 0, n - 1, maxPoints))
      // It is not the row path's answer (buckets moved to block edges), yet keeps what that one keeps:
      const scan = decimateColumns(full, maxPoints)
      expect(h.t).not.toEqual(scan.indices.map((q) => full.t[q]))
      expect(h.t[0]).toBe(full.t[0])
      expect(h.t.at(-1)).toBe(full.t[n - 1])
      for (const q of spikes) expect(h.t).toContain(full.t[q])
      for (const m of ['a', 'b', 'c']) {
        const vals = full.values[m].filter((x) => !Number.isNaN(x))
        expect(Math.max(...h.values[m].filter((x) => !Number.isNaN(x)))).toBe(Math.max(...vals))
        expect(Math.min(...h.values[m].filter((x) => !Number.isNaN(x)))).toBe(Math.min(...vals))
      }
      // Whole rows: a_se is the seq of the row.
      h.t.forEach((t, k) => expect(full.t[h.values.a_se[k]]).toBe(t))
    }

    // A t range with partial blocks at both ends (their rows are read), still long enough for the blocks.
    const lo = 100 * B + 37
    const hi = 1 + Math.floor(n * 0.9)
    const z = ro.getHistory(id, { maxPoints: 500, tMin: rows[lo].t, tMax: rows[hi].t })
    expect(z).toMatchObject({ totalRows: hi - lo + 1, decimated: true })
    expect(z.t.length).toBeLessThanOrEqual(500)
    expectSameRows(z, blockAligned(rows, lo, hi, 500))
    expect(z.t).toContain(full.t[40_001])

    // A short range (fewer than one block per two buckets): its rows are read, as before the summary.
    const z2 = ro.getHistory(id, { maxPoints: 1000, tMin: rows[20_000].t, tMax: rows[29_999].t })
    expect(z2).toMatchObject({ totalRows: 10_000, decimated: true })
    const part = { t: full.t.slice(20_000, 30_000), values: Object.fromEntries(METRICS.map((m) => [m, full.values[m].slice(20_000, 30_000)])) }
    expectSameRows(z2, pickRows(part, decimateColumns(part, 1000).indices))
    // A range within budget: every row.
    const z3 = ro.getHistory(id, { maxPoints: 1000, tMin: rows[100].t, tMax: rows[599].t })
    expect(z3).toMatchObject({ totalRows: 500, decimated: false })
    expect(z3.t).toEqual(full.t.slice(100, 600))
    ro.close()
  })

  it('are absent from runs of a schema-3 file, which is migrated and still displayed from its rows', () => {
    // A schema-3 file with a run: written by this store, then its summary table dropped and the version
    // set back, which is what a file of the previous workbench holds.
    const { s, id, path } = project('v3.landau')
    const n = 40_000
    const rows = makeRows(n, [777, 31_000])
    appendInBatches(s, id, rows, () => 5000)
    s.close()
    const db = new Database(path)
    downgradeTo(db, 3)
    db.close()
    expect(() => ProjectStore.open(path, { ...me, readonly: true })).toThrow(/older schema/)

    const up = ProjectStore.open(path, me)
    expect(up.info().schemaVersion).toBe(SCHEMA_VERSION)
    expect(storedBlocks(path, id)).toEqual([])
    expect(up.getHistory(id).t).toEqual(rows.map((r) => r.t))
    const scan = (h: ReturnType<typeof columns>, maxPoints: number) => pickRows(h, decimateColumns(h, maxPoints).indices)
    expectSameRows(up.getHistory(id, { maxPoints: 300 }), scan(columns(rows), 300))
    // Rows appended to the old run after the upgrade get blocks, but those do not cover the run: still read.
    const more = makeRows(n + 2000, []).slice(n)
    up.appendHistory(id, more)
    const all = columns([...rows, ...more])
    expect(up.getHistory(id).t).toEqual(all.t)
    expectSameRows(up.getHistory(id, { maxPoints: 300 }), scan(all, 300))
    expect(up.integrityCheck()).toBe('ok')
    up.close()
    const ro = ProjectStore.open(path, { ...me, readonly: true })
    expectSameRows(ro.getHistory(id, { maxPoints: 300 }), scan(all, 300))
    ro.close()
  })
})
