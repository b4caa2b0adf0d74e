// Appending a run's history rows, and the summary written with them: per block of HISTORY_BLOCK_ROWS
// consecutive rows, each column's min and max and the rows holding them (history_blocks, schema 4), so
// that a display read (historyDisplay.ts) never has to read every row. Kept apart from the store's
// records because the block arithmetic is its own idea; ProjectStore.appendHistory calls it inside its
// IMMEDIATE write transaction.
import type Database from 'better-sqlite3'
import { decodeFloat64, encodeRow } from './rowCodec'

/** One row of a run's history as workers post it; `values` in the run's metrics order. */
export interface HistoryRow {
  step: number
  t: number
  values: number[]
}

/**
 * Rows per history_blocks row (schema 4): the writer's choice, since readers go by each block's seq0..seq1.
 * A display read uses the blocks when its seq range holds at least one whole block per two fine buckets
 * of the decimator (≈ one per pixel column), i.e. from ≈ 32·maxPoints rows on; shorter ranges are read
 * (≈ 0.2 s for the 117 000 rows of a 3 648-row budget). 128: measured against 64 and 256 in BENCHMARKS.md.
 */
export const HISTORY_BLOCK_ROWS = 128

/** One history block being written: rows seq0..seq1, and per column min, seq of min, max, seq of max. */
interface Block {
  seq0: number
  seq1: number
  t0: number
  t1: number
  stats: Float64Array
}

/** Stats of `columns` columns with no value yet (NaN, -1, NaN, -1 each), after the values of `from`. */
function emptyStats(columns: number, from?: Float64Array): Float64Array {
  const s = new Float64Array(4 * columns)
  for (let j = 0; j < columns; j++) s.set([NaN, -1, NaN, -1], 4 * j)
  if (from) s.set(from.subarray(0, Math.min(from.length, s.length)))
  return s
}

/** Adds row `seq` to a block's stats (NaN skipped; strict comparisons: the earliest row wins ties). */
function addToBlock(b: Block, seq: number, t: number, values: ArrayLike<number>): void {
  const J = values.length
  if (4 * J > b.stats.length) b.stats = emptyStats(J, b.stats)
  const s = b.stats
  for (let j = 0; j < J; j++) {
    const v = values[j]
    if (v !== v) continue
    const k = 4 * j
    if (s[k + 1] < 0 || v < s[k]) {
      s[k] = v
      s[k + 1] = seq
    }
    if (s[k + 3] < 0 || v > s[k + 2]) {
      s[k + 2] = v
      s[k + 3] = seq
    }
  }
  b.seq1 = seq
  b.t1 = t
}

/** appendHistory's statements on one connection, prepared once. */
export class HistoryWriter {
  private readonly next: Database.Statement
  private readonly ins: Database.Statement
  private readonly lastBlock: Database.Statement
  private readonly putBlock: Database.Statement

  constructor(db: Database.Database) {
    this.next = db.prepare(`SELECT coalesce(max(seq) + 1, 0) FROM history WHERE run_id = ?`).pluck()
    this.ins = db.prepare(`INSERT INTO history (run_id, seq, step, t, vals) VALUES (?, ?, ?, ?, ?)`)
    this.lastBlock = db.prepare(`SELECT seq0, seq1, t0, t1, stats FROM history_blocks WHERE run_id = ? ORDER BY seq0 DESC LIMIT 1`)
    this.putBlock = db.prepare(
      `INSERT INTO history_blocks (run_id, seq0, seq1, t0, t1, stats) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (run_id, seq0) DO UPDATE SET seq1 = excluded.seq1, t1 = excluded.t1, stats = excluded.stats`,
    )
  }

  /**
   * Appends rows after the run's last one and updates its history_blocks: its rows cut into blocks of
   * HISTORY_BLOCK_ROWS consecutive seqs, the last one possibly partial (the next append merges into it).
   * Reads seq and the last block, then writes: the caller runs it in an IMMEDIATE transaction, so it waits
   * for other writers.
   */
  append(runId: number, rows: HistoryRow[]): void {
    const put = (b: Block) => this.putBlock.run(runId, b.seq0, b.seq1, b.t0, b.t1, encodeRow(b.stats))
    let seq = this.next.get(runId) as number
    let block: Block | undefined
    const last = this.lastBlock.get(runId) as { seq0: number; seq1: number; t0: number; t1: number; stats: Buffer } | undefined
    // Merge into the last block if it ends just before these rows and is not full. (Rows of a run written
    // before schema 4 have no blocks: the blocks of later rows then do not cover the run, and its display
    // reads the rows.)
    if (last && last.seq1 === seq - 1 && last.seq1 - last.seq0 + 1 < HISTORY_BLOCK_ROWS) {
      block = { seq0: last.seq0, seq1: last.seq1, t0: last.t0, t1: last.t1, stats: decodeFloat64(last.stats) }
    }
    for (const r of rows) {
      this.ins.run(runId, seq, r.step, r.t, encodeRow(r.values))
      block ??= { seq0: seq, seq1: seq, t0: r.t, t1: r.t, stats: emptyStats(r.values.length) }
      addToBlock(block, seq, r.t, r.values)
      if (block.seq1 - block.seq0 + 1 >= HISTORY_BLOCK_ROWS) {
        put(block)
        block = undefined
      }
      seq++
    }
    if (block) put(block)
  }
}

/**
 * Drops run `runId`'s rows after step `step` (−1: all) and rebuilds its history_blocks as an append of the
 * kept rows would have written them: whole blocks before the cut stay, the block the cut falls into is
 * summed again over its kept rows (in seq order, so ties go to the same rows), later blocks go. The next
 * append then merges into that partial block exactly as it would have in an uninterrupted run. The caller's
 * write transaction.
 */
export function truncateHistory(db: Database.Database, runId: number, step: number): void {
  const cut = db.prepare(`SELECT min(seq) FROM history WHERE run_id = ? AND step > ?`).pluck().get(runId, step) as number | null
  if (cut === null) return
  db.prepare(`DELETE FROM history WHERE run_id = ? AND seq >= ?`).run(runId, cut)
  const straddling = db.prepare(`SELECT seq0 FROM history_blocks WHERE run_id = ? AND seq0 < ? AND seq1 >= ?`).pluck().get(runId, cut, cut) as
    number | undefined
  db.prepare(`DELETE FROM history_blocks WHERE run_id = ? AND seq1 >= ?`).run(runId, cut)
  if (straddling === undefined) return
  const rows = db.prepare(`SELECT seq, t, vals FROM history WHERE run_id = ? AND seq >= ? ORDER BY seq`).all(runId, straddling) as {
    seq: number
    t: number
    vals: Buffer
  }[]
  let block: Block | undefined
  for (const r of rows) {
    const values = decodeFloat64(r.vals)
    block ??= { seq0: r.seq, seq1: r.seq, t0: r.t, t1: r.t, stats: emptyStats(values.length) }
    addToBlock(block, r.seq, r.t, values)
  }
  if (block) {
    db.prepare(`INSERT INTO history_blocks (run_id, seq0, seq1, t0, t1, stats) VALUES (?, ?, ?, ?, ?, ?)`).run(
      runId,
      block.seq0,
      block.seq1,
      block.t0,
      block.t1,
      encodeRow(block.stats),
    )
  }
}
