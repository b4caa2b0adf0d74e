// The per-replica inputs of a replica-range part's history rows (table replica_rows, schema 8): at each row
// step, the part's replicas' six moments and their entropy pool (solverEvent.ts 'replicaRow'). A part of a
// run computed by one shard writes them; `landau merge` concatenates the parts' in replica order and
// computes the whole run's rows from them (mergeParts.ts), then leaves them behind.
import type Database from 'better-sqlite3'
import { encodeRow } from './rowCodec'

/** What a part sends at one history row. */
export interface ReplicaRowRecord {
  step: number
  t: number
  moments: Float64Array
  pool: Float64Array
}

export function insertReplicaRow(db: Database.Database, runId: number, rec: ReplicaRowRecord): void {
  db.prepare(`INSERT INTO replica_rows (run_id, step, t, moments, pool) VALUES (?, ?, ?, ?, ?)`).run(
    runId,
    rec.step,
    rec.t,
    encodeRow(rec.moments),
    encodeRow(rec.pool),
  )
}
