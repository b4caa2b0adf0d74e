// A project file taken back to an older schema, as a file of an earlier workbench holds it: each migration
// of src/backend/store/migrations.ts undone, newest first. One list for every test that needs an old file,
// so a new migration is undone here once (downgradeTo refuses a schema it has no undo for, so a test
// fails loudly rather than build a file no earlier workbench wrote).
import type Database from 'better-sqlite3'
import { SCHEMA_VERSION } from '../../src/backend/store/migrations'

/** What undoes migration v (leaving schema v − 1). */
const UNDO: Record<number, string> = {
  10: [
    ...['label', 'notes', 'tags', 'starred', 'archived_at', 'deleted_at'].map((c) => `ALTER TABLE runs DROP COLUMN ${c};`),
    'ALTER TABLE project DROP COLUMN run_id_floor;',
  ].join(' '),
  9: 'DROP TABLE checkpoints;',
  8: 'ALTER TABLE runs DROP COLUMN replica_from; ALTER TABLE runs DROP COLUMN replica_to; DROP TABLE replica_rows;',
  7: 'ALTER TABLE runs DROP COLUMN shard;',
  6: 'DROP TABLE replica_moments;',
  5: 'ALTER TABLE runs DROP COLUMN stop_reason;',
  4: 'DROP TABLE history_blocks;',
}

/** Takes `db` (a project of the current schema) back to schema `version`, user_version included. */
export function downgradeTo(db: Database.Database, version: number): void {
  for (let v = SCHEMA_VERSION; v > version; v--) {
    const undo = UNDO[v]
    if (undo === undefined) throw new Error(`test/helpers/schemaDowngrade.ts cannot undo migration ${v}: add it`)
    db.exec(undo)
  }
  db.pragma(`user_version = ${version}`)
}
