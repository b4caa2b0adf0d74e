// Display decimation of a run's history (M4-style min/max over t), shared by the backend (which answers
// getHistory(runId, { maxPoints }) from the project file) and the renderer (which re-decimates a plotted
// history that live rows have grown past its budget). Pure: no Node, no DOM.
//
// The t range is cut into equal-width buckets (the plot's pixel columns, in spirit). Each bucket keeps
// whole rows: its first and last row, and for every driving column (the metrics, not their `_se`
// columns) the row of its minimum and the row of its maximum. A line through the kept rows therefore
// reaches every bucket's extremes, so spikes survive however far the history is thinned, and the kept
// rows carry all their columns: a metric's standard error stays with the row it belongs to.
//
// The number of buckets is chosen as large as the budget allows: `fine` = ⌊budget/2⌋ buckets are filled
// in one pass over the rows, then merged k at a time (k = 1, 2, 3, …) until the distinct kept rows fit
// the budget. Merging buckets never loses an extreme (the min of a union is the min of the parts), so
// one pass over the data is enough however many k are tried.

/** Column suffix of a metric's standard error: such columns follow their metric's rows. */
export const DECIMATE_SE_SUFFIX = '_se'

/** Fine bucket of `t` when [t0, t1] is cut into `buckets` equal widths (t1 falls in the last one). */
export function bucketOf(t: number, t0: number, t1: number, buckets: number): number {
  if (!(t1 > t0)) return 0
  const b = Math.floor(((t - t0) / (t1 - t0)) * buckets)
  if (!(b >= 0)) return 0 // below t0, or NaN
  return b >= buckets ? buckets - 1 : b
}

/** The fewest rows a decimation keeps per bucket: first, last, and a min and a max per driving column. */
export const rowsPerBucket = (drivingColumns: number): number => 2 + 2 * drivingColumns

/**
 * Streaming min/max decimator. Rows are added in their (time) order with their t, the values of the
 * driving columns, and a payload of any type (a row index, a database row, …); `finish` returns the
 * payloads of the kept rows in the order they were added.
 */
export class MinMaxDecimator<R> {
  readonly fine: number
  private readonly m: number
  private count = 0
  private readonly firstIdx: Float64Array
  private readonly lastIdx: Float64Array
  private readonly firstRow: (R | undefined)[]
  private readonly lastRow: (R | undefined)[]
  private readonly minIdx: Float64Array
  private readonly maxIdx: Float64Array
  private readonly minVal: Float64Array
  private readonly maxVal: Float64Array
  private readonly minRow: (R | undefined)[]
  private readonly maxRow: (R | undefined)[]

  /**
   * @param t0 @param t1 the t range the buckets cover (rows outside it go to the end buckets)
   * @param drivingColumns how many values `add` gets per row
   * @param maxPoints the row budget `finish` will be asked for (fixes the number of fine buckets)
   */
  constructor(
    readonly t0: number,
    readonly t1: number,
    drivingColumns: number,
    maxPoints: number,
  ) {
    this.m = drivingColumns
    this.fine = Math.max(1, Math.floor(Math.max(maxPoints, rowsPerBucket(drivingColumns)) / 2))
    const F = this.fine
    const FM = F * Math.max(1, drivingColumns)
    this.firstIdx = new Float64Array(F).fill(-1)
    this.lastIdx = new Float64Array(F).fill(-1)
    this.firstRow = new Array(F)
    this.lastRow = new Array(F)
    this.minIdx = new Float64Array(FM).fill(-1)
    this.maxIdx = new Float64Array(FM).fill(-1)
    this.minVal = new Float64Array(FM)
    this.maxVal = new Float64Array(FM)
    this.minRow = new Array(FM)
    this.maxRow = new Array(FM)
  }

  /** Rows added so far. */
  get rows(): number {
    return this.count
  }

  /** Adds the next row; `values[j]` is driving column j (NaN: no value, ignored for the extremes). */
  add(t: number, values: ArrayLike<number>, row: R): void {
    const i = this.count++
    const b = bucketOf(t, this.t0, this.t1, this.fine)
    if (this.firstIdx[b] < 0) {
      this.firstIdx[b] = i
      this.firstRow[b] = row
    }
    this.lastIdx[b] = i
    this.lastRow[b] = row
    const base = b * this.m
    for (let j = 0; j < this.m; j++) {
      const v = values[j]
      if (v !== v) continue // NaN
      const s = base + j
      // Strict comparisons: on ties the earliest row wins.
      if (this.minIdx[s] < 0 || v < this.minVal[s]) {
        this.minIdx[s] = i
        this.minVal[s] = v
        this.minRow[s] = row
      }
      if (this.maxIdx[s] < 0 || v > this.maxVal[s]) {
        this.maxIdx[s] = i
        this.maxVal[s] = v
        this.maxRow[s] = row
      }
    }
  }

  /** Kept row indices (in add order) when fine buckets are merged `k` at a time. */
  private select(k: number, collect: boolean): { count: number; idx: number[]; rows: R[] } {
    const seen = new Map<number, R>()
    const F = this.fine
    const m = this.m
    const keep = (idx: number, row: R | undefined) => {
      if (idx >= 0 && !seen.has(idx)) seen.set(idx, row as R)
    }
    for (let g = 0; g * k < F; g++) {
      const b0 = g * k
      const b1 = Math.min(F, b0 + k)
      let first = -1
      let last = -1
      for (let b = b0; b < b1; b++) {
        if (this.firstIdx[b] < 0) continue
        if (first < 0 || this.firstIdx[b] < this.firstIdx[first]) first = b
        if (last < 0 || this.lastIdx[b] > this.lastIdx[last]) last = b
      }
      if (first < 0) continue // empty group
      keep(this.firstIdx[first], this.firstRow[first])
      keep(this.lastIdx[last], this.lastRow[last])
      for (let j = 0; j < m; j++) {
        let lo = -1
        let hi = -1
        for (let b = b0; b < b1; b++) {
          const s = b * m + j
          if (this.minIdx[s] < 0) continue
          if (lo < 0 || this.minVal[s] < this.minVal[lo] || (this.minVal[s] === this.minVal[lo] && this.minIdx[s] < this.minIdx[lo])) lo = s
          if (hi < 0 || this.maxVal[s] > this.maxVal[hi] || (this.maxVal[s] === this.maxVal[hi] && this.maxIdx[s] < this.maxIdx[hi])) hi = s
        }
        if (lo >= 0) keep(this.minIdx[lo], this.minRow[lo])
        if (hi >= 0) keep(this.maxIdx[hi], this.maxRow[hi])
      }
    }
    if (!collect) return { count: seen.size, idx: [], rows: [] }
    const idx = [...seen.keys()].sort((a, b) => a - b)
    return { count: idx.length, idx, rows: idx.map((i) => seen.get(i) as R) }
  }

  /**
   * The kept rows for a budget of `maxPoints` rows (raised to 2 + 2·drivingColumns if lower, the least
   * that one bucket needs), and `group`, the number of fine buckets merged into one bucket.
   */
  finish(maxPoints: number): { rows: R[]; indices: number[]; group: number } {
    const budget = Math.max(maxPoints, rowsPerBucket(this.m))
    let k = 1
    for (;;) {
      const groups = Math.ceil(this.fine / k)
      // At most rowsPerBucket rows per group: such a k always fits, so the loop ends.
      if (groups * rowsPerBucket(this.m) <= budget || this.select(k, false).count <= budget) break
      k++
    }
    const { idx, rows } = this.select(k, true)
    return { rows, indices: idx, group: k }
  }
}

export interface Columns {
  t: ArrayLike<number>
  values: Record<string, ArrayLike<number>>
}

export interface Decimation {
  /** Indices of the kept rows, ascending. */
  indices: number[]
  /** Whether rows were dropped (false: every row is kept, the history fit the budget). */
  decimated: boolean
  /** The buckets used: [t0, t1] cut into `fine` equal widths, merged `group` at a time (0 when not decimated). */
  t0: number
  t1: number
  fine: number
  group: number
}

/** The driving columns of a history: its metrics, not their standard errors. */
export function drivingColumns(names: readonly string[], seSuffix = DECIMATE_SE_SUFFIX): string[] {
  return names.filter((n) => !n.endsWith(seSuffix))
}

/** Decimates an in-memory columnar history (rows in time order) to at most `maxPoints` rows. */
export function decimateColumns(h: Columns, maxPoints: number, seSuffix = DECIMATE_SE_SUFFIX): Decimation {
  const n = h.t.length
  if (n <= maxPoints)
    return { indices: Array.from({ length: n }, (_, i) => i), decimated: false, t0: n ? h.t[0] : 0, t1: n ? h.t[n - 1] : 0, fine: 0, group: 0 }
  let t0 = Infinity
  let t1 = -Infinity
  for (let i = 0; i < n; i++) {
    const t = h.t[i]
    if (t < t0) t0 = t
    if (t > t1) t1 = t
  }
  const cols = drivingColumns(Object.keys(h.values), seSuffix).map((k) => h.values[k])
  const d = new MinMaxDecimator<number>(t0, t1, cols.length, maxPoints)
  const vals = new Float64Array(cols.length)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < cols.length; j++) {
      const v = i < cols[j].length ? cols[j][i] : NaN
      vals[j] = typeof v === 'number' ? v : NaN // null (NaN sent as JSON) counts as no value
    }
    d.add(h.t[i], vals, i)
  }
  const r = d.finish(maxPoints)
  return { indices: r.indices, decimated: r.indices.length < n, t0, t1, fine: d.fine, group: r.group }
}

/** The rows at `indices` of a columnar history, as new arrays. */
export function pickRows(h: Columns, indices: readonly number[]): { t: number[]; values: Record<string, number[]> } {
  const t = indices.map((i) => h.t[i])
  const values: Record<string, number[]> = {}
  for (const [k, col] of Object.entries(h.values)) values[k] = indices.map((i) => (i < col.length ? col[i] : NaN))
  return { t, values }
}
