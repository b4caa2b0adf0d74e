// Checkpoints of runs (table checkpoints, schema 9; docs/CLUSTER.md "Checkpoints and resume"): a run's
// whole state after some step, one row per run, replaced in place. ProjectStore writes one in its own
// IMMEDIATE transaction when the run's worker posts it, after the rows, snapshots, densities and moments
// up to its step (posted before it on the same port) are committed, so a file holds a checkpoint only
// together with everything stored before it. And a resume (prepareResume) drops what a run stored after its
// checkpoint, in the same transaction that queues it again, so the run goes on from a consistent file.
import type Database from 'better-sqlite3'
import { decodeFloat64, encodeRow } from './rowCodec'
import { truncateHistory } from './historyWriter'

export interface StoredCheckpoint {
  step: number
  t: number
  writtenAt: string
  /** The code version that computed the state. */
  codeVersion: string
  state: Float64Array
}

/** Replaces run `runId`'s checkpoint (the caller's write transaction). */
export function putCheckpoint(db: Database.Database, runId: number, cp: { step: number; t: number; state: Float64Array }, codeVersion: string): void {
  db.prepare(
    `INSERT INTO checkpoints (run_id, step, t, written_at, code_version, state) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (run_id) DO UPDATE SET step = excluded.step, t = excluded.t, written_at = excluded.written_at,
       code_version = excluded.code_version, state = excluded.state`,
  ).run(runId, cp.step, cp.t, new Date().toISOString(), codeVersion, encodeRow(cp.state))
}

export function getCheckpoint(db: Database.Database, runId: number): StoredCheckpoint | undefined {
  const row = db.prepare(`SELECT step, t, written_at, code_version, state FROM checkpoints WHERE run_id = ?`).get(runId) as
    { step: number; t: number; written_at: string; code_version: string; state: Buffer } | undefined
  if (!row) return undefined
  return { step: row.step, t: row.t, writtenAt: row.written_at, codeVersion: row.code_version, state: decodeFloat64(row.state) }
}

export function deleteCheckpoint(db: Database.Database, runId: number): void {
  db.prepare(`DELETE FROM checkpoints WHERE run_id = ?`).run(runId)
}

/** The tables of what a run stores as it goes, by step (history has its block summary: truncateHistory). */
const STEP_TABLES = ['snapshots', 'densities', 'replica_moments', 'replica_rows'] as const

/**
 * Drops everything run `runId` stored after step `step` (−1: everything), so that continuing it from its
 * checkpoint at `step` (or from the start) appends exactly what an uninterrupted run would have: rows,
 * snapshots, densities and moments are keyed by step, and the history's block summary is rebuilt to what
 * the kept rows give (historyWriter.ts). The caller's write transaction.
 */
export function truncateRunAfter(db: Database.Database, runId: number, step: number): void {
  truncateHistory(db, runId, step)
  for (const table of STEP_TABLES) db.prepare(`DELETE FROM ${table} WHERE run_id = ? AND step > ?`).run(runId, step)
}
