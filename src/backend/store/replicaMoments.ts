// The per-replica moments a particle run stores at its snapshot times when its spec asks for
// snapshotKind 'moments' (the chaos studies): table replica_moments (schema 6), one row per run, step and
// φ, with every replica's m = (1/N)Σφ(V_i) and q = (1/N)Σφ(V_i)² as float64 blobs in replica order.
// Separate from projectStore.ts, which holds the records and calls these.
import type Database from 'better-sqlite3'
import { decodeFloat64, encodeRow } from './rowCodec'

/** What a run sends at one snapshot step: m[k·replicas + r], q[k·replicas + r] for φ = phis[k], replica r. */
export interface ReplicaMomentsRecord {
  step: number
  t: number
  phis: string[]
  replicas: number
  m: Float64Array
  q: Float64Array
}

/** One stored row: one φ at one step. */
export interface StoredReplicaMoments {
  step: number
  t: number
  phi: string
  m: Float64Array
  q: Float64Array
}

export function insertReplicaMoments(db: Database.Database, runId: number, rec: ReplicaMomentsRecord): void {
  const R = rec.replicas
  if (rec.m.length !== rec.phis.length * R || rec.q.length !== rec.m.length) throw new RangeError('replica moments: array sizes do not match phis × replicas')
  const put = db.prepare(`INSERT INTO replica_moments (run_id, step, t, phi, replicas, m, q) VALUES (?, ?, ?, ?, ?, ?, ?)`)
  rec.phis.forEach((phi, k) =>
    put.run(runId, rec.step, rec.t, phi, R, encodeRow(rec.m.subarray(k * R, (k + 1) * R)), encodeRow(rec.q.subarray(k * R, (k + 1) * R))),
  )
}

/** Every stored row of a run, by step then φ. A file from before schema 6 (read-only open) has none. */
export function listReplicaMoments(db: Database.Database, runId: number): StoredReplicaMoments[] {
  const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'replica_moments'`).get()
  if (!exists) return []
  const rows = db.prepare(`SELECT step, t, phi, m, q FROM replica_moments WHERE run_id = ? ORDER BY step, phi`).all(runId) as {
    step: number
    t: number
    phi: string
    m: Buffer
    q: Buffer
  }[]
  return rows.map((r) => ({ step: r.step, t: r.t, phi: r.phi, m: decodeFloat64(r.m), q: decodeFloat64(r.q) }))
}
