// A run's history rows read in pages by seq, for exports that must not hold every row at once (a run may
// have millions). Each page is one short synchronous read: better-sqlite3 allows no other statement on a
// connection while an `.iterate()` is open, and an export awaits its output between pages while the
// scheduler keeps appending rows of other runs through the same connection.
import type Database from 'better-sqlite3'
import { ApiError } from '../../shared/api'

/**
 * Rows a page holds by default (≈ 250 KB of 14-column blobs, ≈ 2–4 ms of reading). Measured on a
 * 2.5·10^6-row CSV export: pages of 10 000 rows peak at 251 MB RSS, 2000 at 199 MB, 500 at 191 MB, at the
 * same speed: a page and what is made from it then die young instead of filling the old generation.
 */
export const HISTORY_PAGE_ROWS = 2000

/** One page of rows in seq order: times and the raw little-endian float64 value blobs (rowCodec.ts). */
export interface HistoryPage {
  t: number[]
  /** Absent when the cursor was asked for times only. */
  vals?: Buffer[]
}

export class HistoryCursor {
  /** Rows the cursor covers: seqs first..last as they were when it was made (appendHistory numbers a
   * run's rows 0, 1, 2, … without gaps). Later appends are not read, so every pass over the cursor (one
   * per column group of a JSON export) sees the same rows. */
  readonly rows: number
  private readonly last: number
  private readonly first: number

  constructor(
    private readonly db: Database.Database,
    readonly runId: number,
    private readonly pageRows = HISTORY_PAGE_ROWS,
  ) {
    if (!Number.isInteger(pageRows) || pageRows < 1) throw new RangeError('pageRows must be a positive integer')
    // Two subqueries: SQLite answers a lone min() or max() from the primary key, min and max together by a scan.
    // (No count(*): it would read every row of the run; seqs have no gaps, so hi − lo + 1 is the count.)
    const b = db
      .prepare(`SELECT (SELECT min(seq) FROM history WHERE run_id = @run) AS lo, (SELECT max(seq) FROM history WHERE run_id = @run) AS hi`)
      .get({ run: runId }) as { lo: number | null; hi: number | null }
    this.first = b.lo ?? 0
    this.last = b.hi ?? -1
    this.rows = this.last - this.first + 1
  }

  /**
   * The rows in pages of at most pageRows, by seq (keyset: each page starts after the last seq read, so a
   * page costs the same wherever it lies). Each page is read when asked for; between pages the caller may
   * await anything. Throws ApiError 'io' if the project is closed meanwhile.
   */
  *pages(options: { values?: boolean } = {}): Generator<HistoryPage> {
    const withValues = options.values !== false
    if (this.rows === 0) return
    if (!this.db.open) throw new ApiError('io', 'the project was closed during the export')
    const stmt = this.db
      .prepare(`SELECT seq, t${withValues ? ', vals' : ''} FROM history WHERE run_id = ? AND seq >= ? AND seq <= ? ORDER BY seq LIMIT ?`)
      .raw(true)
    let from = this.first
    while (from <= this.last) {
      if (!this.db.open) throw new ApiError('io', 'the project was closed during the export')
      const raw = stmt.all(this.runId, from, this.last, this.pageRows) as [number, number, Buffer?][]
      if (raw.length === 0) return
      const t = new Array<number>(raw.length)
      const vals = withValues ? new Array<Buffer>(raw.length) : undefined
      for (let k = 0; k < raw.length; k++) {
        t[k] = raw[k][1]
        if (vals) vals[k] = raw[k][2] as Buffer
      }
      from = raw[raw.length - 1][0] + 1
      yield vals ? { t, vals } : { t }
    }
  }
}
