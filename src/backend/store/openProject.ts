// Opening a project file: refusing what is not one (before anything is written), the write check, the
// fallback to a private copy for a read-only open where SQLite cannot create the WAL's side files, the
// schema upgrade, and marking the runs of processes that are gone as interrupted. ProjectStore.open
// (projectStore.ts) wraps the connection it returns.
import { accessSync, constants, existsSync } from 'node:fs'
import Database from 'better-sqlite3'
import { ApiError } from '../../shared/api'
import { MIGRATIONS, SCHEMA_VERSION } from './migrations'
import { READ_BUSY_MS, WRITE_BUSY_MS, cannotOpenHere, checkProject, createProjectFile, preflight, readonlyCopy, sqliteHeader, withCause } from './projectFile'
import { storeWriteError } from './storeErrors'

export interface StoreOptions {
  /** Create a new file (refuses an existing path) instead of opening one (refuses a missing path). */
  create?: boolean
  /** Open without writing anything (export, inspection); skips the interrupted-run sweep. */
  readonly?: boolean
  /** Path of a better_sqlite3.node built for another ABI (the Electron main process). */
  nativeBinding?: string
  /** Identity of this process, "host:pid"; stored on the runs it queues. */
  owner: string
  /** Whether the process named by an owner string still runs (so its runs are not interrupted). */
  ownerAlive: (owner: string) => boolean
}

/** An open connection to a checked (and, unless read-only, upgraded) project file. */
export interface OpenedProject {
  db: Database.Database
  /** runs.stop_reason exists (schema 5; a read-only open of a schema-4 file reads NULL). */
  hasStopReason: boolean
  /** The run annotation columns exist (schema 10; a read-only open of an older file reads none). */
  hasAnnotations: boolean
  /** Removes the private copy a read-only open fell back to (readonlyCopy); for close. */
  removeCopy?: () => void
}

const now = () => new Date().toISOString()

/** The oldest schema a read-only open can read (history_blocks, 4); it cannot upgrade a file. */
const READONLY_MIN_VERSION = 4

/**
 * Opens (or, with opts.create, creates atomically: createProjectFile) the project file at `path`. A missing,
 * foreign or unwritable file is refused with an ApiError saying why, before anything is written.
 */
export function openProjectDatabase(path: string, opts: StoreOptions): OpenedProject {
  if (opts.create) {
    if (opts.readonly) throw new ApiError('invalid-argument', 'a new project cannot be opened read-only')
    createProjectFile(path, { owner: opts.owner, nativeBinding: opts.nativeBinding })
  } else if (!existsSync(path)) {
    throw new ApiError('not-found', `no project file at ${path}`)
  }
  preflight(path, opts)
  // SQLite opens a file it may not write read-only without a word (a read-only medium, another user's
  // file), and the first write fails: say so now.
  if (!opts.readonly) {
    try {
      accessSync(path, constants.W_OK)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message
      throw new ApiError(
        'io',
        `cannot open ${path} for writing (${code}): the folder or medium is read-only, or the file is not writable by this user; it can still be read (landau export)`,
      )
    }
  }
  try {
    return connect(path, path, opts)
  } catch (err) {
    if (!opts.readonly || !cannotOpenHere(err)) throw err
    // Reading a WAL file needs its -wal and -shm files, which SQLite cannot create in a read-only folder or
    // on a read-only medium (nor a non-owner beside a file it may only read): read a private copy instead.
    const copy = readonlyCopy(path)
    try {
      return connect(path, copy.file, opts, copy.remove)
    } catch (e) {
      copy.remove()
      throw e
    }
  }
}

function connect(path: string, file: string, opts: StoreOptions, removeCopy?: () => void): OpenedProject {
  let db: Database.Database
  try {
    db = new Database(file, {
      readonly: !!opts.readonly,
      fileMustExist: true,
      timeout: opts.readonly ? READ_BUSY_MS : WRITE_BUSY_MS,
      ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    })
  } catch (err) {
    throw withCause(new ApiError('io', `cannot open ${path}: ${(err as Error).message}`), err)
  }
  try {
    const version = prepare(path, db, opts)
    return { db, hasStopReason: version >= 5, hasAnnotations: version >= 10, removeCopy }
  } catch (err) {
    db.close()
    if (err instanceof ApiError) throw err
    if (!opts.readonly && cannotOpenHere(err)) {
      const why = `the folder or medium is read-only, or the file is not writable by this user (${(err as Error).message}); it can still be read (landau export)`
      throw withCause(new ApiError('io', `cannot open ${path} for writing: ${why}`), err)
    }
    throw withCause(new ApiError('io', `${path} is not a usable project file: ${(err as Error).message}`), err)
  }
}

/** Checks, upgrades and sweeps an opened file; the schema version it can be read as (read-only opens do not upgrade). */
function prepare(path: string, db: Database.Database, opts: StoreOptions): number {
  // The header checks again, through SQLite (which sees the WAL), before anything is written.
  const h = sqliteHeader(db)
  checkProject(path, h)
  const version = h.userVersion
  if (opts.readonly) {
    if (version < READONLY_MIN_VERSION) throw new ApiError('invalid-argument', `${path} has an older schema; open it once in the workbench to upgrade it`)
    // Columns added later (stop_reason at 5, the annotations at 10) read as absent in an older file.
    return version
  }
  // Nothing below writes unless it has something to change: opening a current project and closing it
  // again (a spec refused after the open, say) leaves the file byte for byte as it was.
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL')
  // NORMAL in WAL mode never corrupts the file; a power cut can lose only the last commits.
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  if (version < SCHEMA_VERSION) {
    db.transaction(() => {
      // Read again under the write lock: another process may have upgraded the file meanwhile.
      const from = db.pragma('user_version', { simple: true }) as number
      for (let v = from; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v])
      if (from < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`)
    }).immediate()
  }
  sweepInterrupted(path, db, opts)
  return SCHEMA_VERSION
}

/**
 * Runs left queued/running by a process that is gone can never finish: show them as interrupted, stopped
 * by a crash (a clean stop, even a shutdown, writes its runs' end itself). Writes only when there is one.
 */
function sweepInterrupted(path: string, db: Database.Database, opts: StoreOptions): void {
  const stale = db.prepare(`SELECT id, owner FROM runs WHERE status IN ('queued', 'running')`).all() as { id: number; owner: string | null }[]
  const gone = stale.filter((r) => !r.owner || r.owner === opts.owner || !opts.ownerAlive(r.owner))
  if (gone.length === 0) return
  const mark = db.prepare(
    `UPDATE runs SET status = 'interrupted', stop_reason = 'crash', finished_at = ?,
       error = coalesce(error, 'the process running it stopped before it finished')
     WHERE id = ? AND status IN ('queued', 'running')`,
  )
  try {
    db.transaction(() => {
      for (const r of gone) mark.run(now(), r.id)
    }).immediate()
  } catch (err) {
    // The file can still be read (a full disk, say); the next open that can write marks them.
    console.warn(`${path}: cannot mark interrupted runs: ${storeWriteError(err, path).message}`)
  }
}
