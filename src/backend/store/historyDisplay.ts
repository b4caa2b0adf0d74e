// Reading a run's history for a plot: the rows of a t range, min/max-decimated to a budget of points
// (src/shared/decimate.ts) from the history_blocks summary that historyWriter.ts writes, or in one pass
// over the rows where there is no summary or the range is short; answers are cached, rows being
// append-only. Exports never come here: they stream every row (historyCursor.ts).
import type Database from 'better-sqlite3'
import type { History, HistoryQuery } from '../../shared/api'
import { MinMaxDecimator, drivingColumns } from '../../shared/decimate'
import { decodeFloat64 } from './rowCodec'

/** Decimated histories kept for re-selection (each ≤ maxPoints rows). */
const DISPLAY_CACHE = 8

/** The least q in [lo, end) with pred(q) (pred false then true along q), or end if none. */
function firstSeq(lo: number, end: number, pred: (q: number) => boolean): number {
  let a = lo
  let b = end
  while (a < b) {
    const mid = a + Math.floor((b - a) / 2)
    if (pred(mid)) b = mid
    else a = mid + 1
  }
  return a
}

/** Display reads of one connection's histories, with their cache. */
export class HistoryDisplay {
  /** Answers by run, seq range and budget. */
  private readonly cache = new Map<string, History>()

  constructor(private readonly db: Database.Database) {}

  /** The rows of `runId` (whose columns are `metrics`) with tMin ≤ t ≤ tMax, at most maxPoints of them. */
  read(runId: number, metrics: string[], options: HistoryQuery): History {
    const J = metrics.length
    const empty = (): History => ({ runId, t: [], values: Object.fromEntries(metrics.map((m) => [m, []])), totalRows: 0, decimated: false })
    // seq is 0, 1, 2, … in time order, so the t range is a seq range found by bisection on the primary key,
    // and reading it never scans the rows outside it.
    // (Two subqueries: SQLite answers a lone min() or max() from the index, but min and max together by a scan.)
    const bounds = this.db
      .prepare(`SELECT (SELECT min(seq) FROM history WHERE run_id = @run) AS lo, (SELECT max(seq) FROM history WHERE run_id = @run) AS hi`)
      .get({ run: runId }) as { lo: number | null; hi: number | null }
    if (bounds.lo === null || bounds.hi === null) return empty()
    const tAt = this.db.prepare(`SELECT t FROM history WHERE run_id = ? AND seq = ?`).pluck()
    const time = (seq: number) => tAt.get(runId, seq) as number
    let lo = bounds.lo
    let hi = bounds.hi
    if (options.tMin !== undefined) lo = firstSeq(lo, hi + 1, (q) => time(q) >= options.tMin!)
    if (options.tMax !== undefined) hi = firstSeq(lo, hi + 1, (q) => time(q) > options.tMax!) - 1
    if (hi < lo) return empty()
    const n = hi - lo + 1
    const maxPoints = options.maxPoints ?? Infinity
    const select = this.db.prepare(`SELECT t, vals FROM history WHERE run_id = ? AND seq >= ? AND seq <= ? ORDER BY seq`)
    type Row = { t: number; vals: Buffer }
    let picked: Row[]
    if (n <= maxPoints) {
      picked = select.all(runId, lo, hi) as Row[]
    } else {
      const key = `${runId}:${lo}:${hi}:${maxPoints}`
      const hit = this.cache.get(key)
      if (hit) return hit
      const summarised = this.decimateFromBlocks(runId, bounds.lo, bounds.hi, lo, hi, time(lo), time(hi), metrics, maxPoints)
      if (summarised) {
        picked = summarised
      } else {
        // No summary covering the run (rows written before schema 4), or too short a range for it:
        // one pass over the rows, keeping per bucket only the rows that may be kept (their blobs, undecoded).
        const driving = drivingColumns(metrics).map((m) => metrics.indexOf(m))
        type RawRow = [number, Buffer]
        const d = new MinMaxDecimator<RawRow>(time(lo), time(hi), driving.length, maxPoints)
        const v = new Float64Array(driving.length)
        // Raw rows ([t, vals] arrays, not objects, kept as they come): ≈ 1.9 s for 10⁶ rows of 14 columns.
        for (const row of select.raw(true).iterate(runId, lo, hi) as IterableIterator<RawRow>) {
          const b = row[1]
          for (let j = 0; j < driving.length; j++) v[j] = 8 * driving[j] + 8 <= b.length ? b.readDoubleLE(8 * driving[j]) : NaN
          d.add(row[0], v, row)
        }
        picked = d.finish(maxPoints).rows.map(([t, vals]) => ({ t, vals }))
      }
    }
    const t = new Array<number>(picked.length)
    const values: Record<string, number[]> = {}
    for (const m of metrics) values[m] = new Array(picked.length)
    picked.forEach((r, k) => {
      t[k] = r.t
      const b = r.vals
      for (let j = 0; j < J; j++) values[metrics[j]][k] = 8 * j + 8 <= b.length ? b.readDoubleLE(8 * j) : NaN
    })
    const out: History = { runId, t, values, totalRows: n, decimated: picked.length < n }
    if (out.decimated) {
      // Rows are only ever appended, so (run, seq range, budget) names the answer for good.
      this.cache.set(`${runId}:${lo}:${hi}:${maxPoints}`, out)
      if (this.cache.size > DISPLAY_CACHE) this.cache.delete(this.cache.keys().next().value as string)
    }
    return out
  }

  /**
   * The decimation of rows lo..hi of a run from its history_blocks, or undefined when the blocks do not
   * cover the run's rows first..last (a run written before schema 4) or the range holds fewer than one
   * whole block per two fine buckets (then reading the rows is cheap and finer).
   *
   * Each whole block inside the range is offered to the decimator as its representative rows: its first
   * and last row and, for each driving column, the row of its minimum and of its maximum, with that value
   * (the row's other columns NaN, so ignored), all at the block's t0. So every block falls into one bucket
   * and a bucket is a union of whole blocks: its first/last row and each column's min/max row are exact
   * for the rows it holds (ties: the earliest row, as when reading). The rows of the partial blocks at
   * the ends of the range are read and offered as they are. Bucket edges thus move to block edges (by
   * less than HISTORY_BLOCK_ROWS rows) compared with the row path; every block's extremes are offered, so
   * every spike and the range's extremes are drawn. Only the kept rows (≤ maxPoints) are then read by seq.
   */
  private decimateFromBlocks(
    runId: number,
    first: number,
    last: number,
    lo: number,
    hi: number,
    t0: number,
    t1: number,
    metrics: string[],
    maxPoints: number,
  ): { t: number; vals: Buffer }[] | undefined {
    // appendHistory starts a run's blocks at its first row or (rows written before schema 4) never: from a
    // block at `first` on, every append continues the last block or starts one just after it. So the
    // blocks cover the rows iff there is a block at `first` and the last one ends at `last`.
    const cover = this.db
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM history_blocks WHERE run_id = @run AND seq0 = @first) AS head,
                (SELECT seq1 FROM history_blocks WHERE run_id = @run ORDER BY seq0 DESC LIMIT 1) AS tail`,
      )
      .get({ run: runId, first }) as { head: number; tail: number | null }
    if (!cover.head || cover.tail !== last) return undefined
    const driving = drivingColumns(metrics).map((m) => metrics.indexOf(m))
    const m = driving.length
    const d = new MinMaxDecimator<number>(t0, t1, m, maxPoints)
    type BlockRow = [number, number, number, Buffer] // seq0, seq1, t0, stats
    const blocks = this.db
      .prepare(`SELECT seq0, seq1, t0, stats FROM history_blocks WHERE run_id = ? AND seq0 >= ? AND seq1 <= ? ORDER BY seq0`)
      .raw(true)
      .all(runId, lo, hi) as BlockRow[]
    if (blocks.length === 0 || 2 * blocks.length < d.fine) return undefined
    // The rows between blocks would be missed: refuse blocks with gaps (never written so; a file edited by hand).
    for (let i = 1; i < blocks.length; i++) if (blocks[i][0] !== blocks[i - 1][1] + 1) return undefined
    const v = new Float64Array(m)
    const rowsBetween = this.db.prepare(`SELECT seq, t, vals FROM history WHERE run_id = ? AND seq >= ? AND seq <= ? ORDER BY seq`).raw(true)
    const readRows = (a: number, b: number) => {
      if (b < a) return
      for (const [seq, t, vals] of rowsBetween.iterate(runId, a, b) as IterableIterator<[number, number, Buffer]>) {
        for (let j = 0; j < m; j++) v[j] = 8 * driving[j] + 8 <= vals.length ? vals.readDoubleLE(8 * driving[j]) : NaN
        d.add(t, v, seq)
      }
    }
    readRows(lo, blocks[0][0] - 1)
    // A block's representatives as (seq, column, value) triples (column -1: first/last row), kept sorted
    // by seq (insertion: at most 2 + 2m of them), then offered one row per distinct seq.
    const R = 2 + 2 * m
    const repSeq = new Float64Array(R)
    const repCol = new Int32Array(R)
    const repVal = new Float64Array(R)
    let reps = 0
    const push = (seq: number, j: number, val: number) => {
      let i = reps++
      for (; i > 0 && repSeq[i - 1] > seq; i--) {
        repSeq[i] = repSeq[i - 1]
        repCol[i] = repCol[i - 1]
        repVal[i] = repVal[i - 1]
      }
      repSeq[i] = seq
      repCol[i] = j
      repVal[i] = val
    }
    for (const [s0, s1, bt0, blob] of blocks) {
      const stats = decodeFloat64(blob)
      const columns = stats.length >> 2
      reps = 0
      push(s0, -1, NaN)
      push(s1, -1, NaN)
      for (let j = 0; j < m; j++) {
        const k = 4 * driving[j]
        if (driving[j] >= columns) continue
        if (stats[k + 1] >= 0) push(stats[k + 1], j, stats[k])
        if (stats[k + 3] >= 0) push(stats[k + 3], j, stats[k + 2])
      }
      for (let i = 0; i < reps;) {
        const seq = repSeq[i]
        v.fill(NaN)
        for (; i < reps && repSeq[i] === seq; i++) if (repCol[i] >= 0) v[repCol[i]] = repVal[i]
        d.add(bt0, v, seq)
      }
    }
    readRows(blocks[blocks.length - 1][1] + 1, hi)
    const rowAt = this.db.prepare(`SELECT t, vals FROM history WHERE run_id = ? AND seq = ?`)
    return d.finish(maxPoints).rows.map((seq) => rowAt.get(runId, seq) as { t: number; vals: Buffer })
  }
}
