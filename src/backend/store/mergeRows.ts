// The rows `landau merge` moves from one project file into another (mergeProjects.ts does the files): a
// run's own row and the rows that hang off it (history, history_blocks, snapshots, densities,
// replica_moments, replica_rows), copied as they are, and a digest of each, so that a run already in the output can be
// told to be the same run (skipped) or a different one under the same experiment and index (a conflict).
import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import { NEXT_RUN_ID } from './runAnnotations'

/** The columns of `runs` a merge copies, apart from id and experiment_id (the output's own). */
const RUN_COLUMNS = [
  'idx',
  'solver',
  'params',
  'spec',
  'seed',
  'code_version',
  'host',
  'owner',
  'status',
  'progress',
  'metrics',
  'created_at',
  'started_at',
  'finished_at',
  'wall_ms',
  'error',
  'stop_reason',
  'shard',
  'replica_from',
  'replica_to',
  'label',
  'notes',
  'tags',
  'starred',
  'archived_at',
  'deleted_at',
] as const

/**
 * What a column an older file lacks reads as: NULL, but the annotations (schema 10) that are NOT NULL read
 * their defaults. The annotations are copied with a run the merge adds, and never compared (not in
 * RUN_CONTENT_COLUMNS): a run annotated differently in two files is the same run, OUT's annotations stay.
 */
const ABSENT: Partial<Record<(typeof RUN_COLUMNS)[number], string>> = { notes: "''", tags: "'[]'", starred: '0' }

/**
 * The columns that say what a run computed and how it ended. The others are provenance (where, when, by
 * which process, in which shard, how long it took): the same run computed twice differs in them only.
 */
export const RUN_CONTENT_COLUMNS = ['solver', 'params', 'spec', 'seed', 'code_version', 'status', 'progress', 'metrics', 'error', 'stop_reason'] as const

export type RunRowData = Record<(typeof RUN_COLUMNS)[number], unknown> & { id: number }

/** The tables that hang off a run, each with its columns in key order (run_id first, left out here). */
export const RUN_CHILD_TABLES = {
  history: ['seq', 'step', 't', 'vals'],
  history_blocks: ['seq0', 'seq1', 't0', 't1', 'stats'],
  snapshots: ['step', 'replica', 't', 'n', 'v'],
  densities: ['step', 't', 'kind', 'meta', 'data'],
  replica_moments: ['step', 'phi', 't', 'replicas', 'm', 'q'],
  replica_rows: ['step', 't', 'moments', 'pool'],
} as const satisfies Record<string, readonly string[]>

export type ChildTable = keyof typeof RUN_CHILD_TABLES

/** What one file has of the schema: older files (read as they are, never upgraded) lack later parts. */
export interface FileSchema {
  runColumns: Set<string>
  tables: Set<string>
}

export function fileSchema(db: Database.Database): FileSchema {
  const runColumns = new Set((db.prepare(`SELECT name FROM pragma_table_info('runs')`).pluck().all() as string[]) ?? [])
  const tables = new Set(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[])
  return { runColumns, tables }
}

/** A file's runs of one experiment, by index; a column the file lacks (older schema) reads NULL. */
export function readRuns(db: Database.Database, schema: FileSchema, experimentId: number): RunRowData[] {
  const cols = RUN_COLUMNS.map((c) => (schema.runColumns.has(c) ? c : `${ABSENT[c] ?? 'NULL'} AS ${c}`)).join(', ')
  return db.prepare(`SELECT id, ${cols} FROM runs WHERE experiment_id = ? ORDER BY idx`).all(experimentId) as RunRowData[]
}

/** Inserts a run's row under `experimentId`; its new id. */
export function insertRun(out: Database.Database, experimentId: number, run: RunRowData): number {
  const sql = `INSERT INTO runs (id, experiment_id, ${RUN_COLUMNS.join(', ')}) VALUES (${NEXT_RUN_ID}, ?, ${RUN_COLUMNS.map(() => '?').join(', ')})`
  return Number(out.prepare(sql).run(experimentId, ...RUN_COLUMNS.map((c) => run[c])).lastInsertRowid)
}

/** Copies every child row of run `fromId` in `src` to run `toId` in `out`, streamed, bytes unchanged. */
export function copyRunChildren(src: Database.Database, schema: FileSchema, fromId: number, out: Database.Database, toId: number): void {
  for (const [table, cols] of Object.entries(RUN_CHILD_TABLES)) {
    if (!schema.tables.has(table)) continue
    const put = out.prepare(`INSERT INTO ${table} (run_id, ${cols.join(', ')}) VALUES (?, ${cols.map(() => '?').join(', ')})`)
    const rows = src
      .prepare(`SELECT ${cols.join(', ')} FROM ${table} WHERE run_id = ?`)
      .raw()
      .iterate(fromId) as IterableIterator<unknown[]>
    for (const row of rows) put.run(toId, ...row)
  }
}

/**
 * The sha256 of a run's rows of one child table, in key order: equal digests, equal rows (every byte of
 * every blob, every double to the bit). A table the file lacks digests as empty.
 */
export function childDigest(db: Database.Database, schema: FileSchema, table: ChildTable, runId: number): string {
  const h = createHash('sha256')
  if (!schema.tables.has(table)) return h.digest('hex')
  const cols = RUN_CHILD_TABLES[table]
  const key = cols.slice(0, table === 'snapshots' || table === 'replica_moments' ? 2 : 1).join(', ')
  const rows = db
    .prepare(`SELECT ${cols.join(', ')} FROM ${table} WHERE run_id = ? ORDER BY ${key}`)
    .raw()
    .iterate(runId) as IterableIterator<unknown[]>
  for (const row of rows) for (const v of row) feed(h, v)
  return h.digest('hex')
}

/** One value, tagged with its type and length so that no two different rows feed the same bytes. */
function feed(h: ReturnType<typeof createHash>, v: unknown): void {
  const head = Buffer.alloc(9)
  if (v === null || v === undefined) {
    head[0] = 0
    h.update(head.subarray(0, 1))
  } else if (typeof v === 'number' || typeof v === 'bigint') {
    head[0] = 1
    head.writeDoubleLE(Number(v), 1)
    h.update(head)
  } else {
    const bytes = Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'utf8')
    head[0] = Buffer.isBuffer(v) ? 2 : 3
    head.writeDoubleLE(bytes.length, 1)
    h.update(head)
    h.update(bytes)
  }
}

/**
 * What differs between two stored copies of one run (experiment and index equal): the content columns,
 * then the child tables; null when they are the same run. Provenance columns are not compared.
 */
export function runDifference(
  a: { db: Database.Database; schema: FileSchema; run: RunRowData },
  b: { db: Database.Database; schema: FileSchema; run: RunRowData },
): string | null {
  for (const c of RUN_CONTENT_COLUMNS) {
    if (a.run[c] !== b.run[c]) return `${c} ${show(a.run[c])} against ${show(b.run[c])}`
  }
  for (const table of Object.keys(RUN_CHILD_TABLES) as ChildTable[]) {
    if (childDigest(a.db, a.schema, table, a.run.id) !== childDigest(b.db, b.schema, table, b.run.id)) return `${table} rows differ`
  }
  return null
}

function show(v: unknown): string {
  const s = v === null || v === undefined ? 'NULL' : JSON.stringify(v)
  return s.length > 60 ? `${s.slice(0, 60)}…` : s
}
