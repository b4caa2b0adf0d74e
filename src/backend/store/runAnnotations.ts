// The writes behind run management (schema 10): a run's label, notes, tags, star and archived mark, and the
// trash. Deleting is soft: a deleted run keeps every row and only gets `deleted_at`, so the UI's Undo (and
// Restore in the trash) gives it back whole; only emptyTrash removes rows, and only those of runs in the
// trash, by the user's explicit act. ProjectStore (projectStore.ts) calls these inside its write transactions.
import type Database from 'better-sqlite3'
import { ApiError } from '../../shared/api'
import type { RunAnnotationPatch } from '../../shared/runAnnotations'

/**
 * The id of the next run: above every run there is and every run ever removed from the trash (SQLite would
 * otherwise hand out max(id) + 1, reusing the ids of removed runs). For `INSERT INTO runs (id, …)`.
 */
export const NEXT_RUN_ID = `(SELECT max(coalesce((SELECT max(id) FROM runs), 0), coalesce((SELECT run_id_floor FROM project WHERE id = 1), 0)) + 1)`

/** Applies `patch` to run `id` (only the fields it has); not-found for an unknown run. */
export function annotateRun(db: Database.Database, id: number, patch: RunAnnotationPatch, at: string): void {
  const sets: string[] = []
  const values: unknown[] = []
  const put = (column: string, value: unknown) => {
    sets.push(`${column} = ?`)
    values.push(value)
  }
  if (patch.label !== undefined) put('label', patch.label)
  if (patch.notes !== undefined) put('notes', patch.notes)
  if (patch.tags !== undefined) put('tags', JSON.stringify(patch.tags))
  if (patch.starred !== undefined) put('starred', patch.starred ? 1 : 0)
  if (patch.archived === true) {
    // Archiving an archived run keeps when it was first archived.
    sets.push('archived_at = coalesce(archived_at, ?)')
    values.push(at)
  }
  if (patch.archived === false) put('archived_at', null)
  requireRuns(db, [id])
  if (sets.length === 0) return
  db.prepare(`UPDATE runs SET ${sets.join(', ')} WHERE id = ?`).run(...values, id)
}

/** Moves runs to the trash (`deleted_at` = at; one already there keeps its time). Refuses active runs. */
export function trashRuns(db: Database.Database, ids: number[], at: string): void {
  const rows = requireRuns(db, ids)
  const active = rows.filter((r) => r.status === 'queued' || r.status === 'running')
  if (active.length)
    throw new ApiError('busy', `run${active.length === 1 ? '' : 's'} ${active.map((r) => r.id).join(', ')} still queued or running: cancel before deleting`)
  const mark = db.prepare(`UPDATE runs SET deleted_at = coalesce(deleted_at, ?) WHERE id = ?`)
  for (const id of ids) mark.run(at, id)
}

/** Takes runs out of the trash. */
export function restoreRuns(db: Database.Database, ids: number[]): void {
  requireRuns(db, ids)
  const mark = db.prepare(`UPDATE runs SET deleted_at = NULL WHERE id = ?`)
  for (const id of ids) mark.run(id)
}

/**
 * Removes the runs in the trash and every row hanging off them (ON DELETE CASCADE: history, its blocks,
 * snapshots, densities, moments, checkpoints); their experiments stay (a spec is small and says what was
 * asked). Their ids are never given to a new run (NEXT_RUN_ID). The ids removed.
 */
export function emptyTrash(db: Database.Database): number[] {
  const ids = db.prepare(`SELECT id FROM runs WHERE deleted_at IS NOT NULL ORDER BY id`).pluck().all() as number[]
  // Cascades need the pragma on this connection; openProject sets it, this states the dependence.
  if (!db.pragma('foreign_keys', { simple: true })) throw new ApiError('internal', 'foreign keys are off: emptying the trash would leave orphan rows')
  db.prepare(`DELETE FROM runs WHERE deleted_at IS NOT NULL`).run()
  if (ids.length) db.prepare(`UPDATE project SET run_id_floor = max(run_id_floor, ?) WHERE id = 1`).run(ids[ids.length - 1])
  return ids
}

function requireRuns(db: Database.Database, ids: number[]): { id: number; status: string }[] {
  const get = db.prepare(`SELECT id, status FROM runs WHERE id = ?`)
  return ids.map((id) => {
    const row = get.get(id) as { id: number; status: string } | undefined
    if (!row) throw new ApiError('not-found', `no run ${id}`)
    return row
  })
}
