// The project file as a file: checks that read its header without SQLite, or through a read-only
// connection (so a refused file is never written, not even by a checkpoint on close), creation that is atomic (a kill at any instant leaves no
// file or a whole project, never a stub at the project's path), and the copy a read-only open falls back
// to where SQLite cannot put its -wal/-shm files beside a WAL project (read-only folder or medium).
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdtempSync,
  openSync,
  readSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
} from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import { ApiError } from '../../shared/api'
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './migrations'
import { sqliteCode } from './storeErrors'

/**
 * How long a writer waits for another process's write lock before its write fails. Writes hold the lock
 * for milliseconds (a batch of rows); a busy wait blocks this thread, so not longer than needed.
 */
export const WRITE_BUSY_MS = 15_000
/** Readers wait for the lock only in rare cases (a WAL recovery by another connection). */
export const READ_BUSY_MS = 5_000

/** What the first bytes of a file say (https://sqlite.org/fileformat.html#the_database_header). */
export interface FileHeader {
  /** File size in bytes. */
  size: number
  /** Starts with "SQLite format 3\0" and is at least one header long. */
  sqlite: boolean
  /** A SQLite file with no table at all (0 bytes, or one page whose schema table has no row). */
  empty: boolean
  applicationId: number
  userVersion: number
}

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1')

export function readHeader(path: string): FileHeader {
  const buf = Buffer.alloc(108)
  let fd: number | undefined
  let n = 0
  let size = 0
  try {
    fd = openSync(path, 'r')
    size = statSync(path).size
    n = readSync(fd, buf, 0, buf.length, 0)
  } catch (err) {
    throw new ApiError('io', `cannot open ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
  if (size === 0) return { size, sqlite: true, empty: true, applicationId: 0, userVersion: 0 }
  const sqlite = n >= 100 && buf.subarray(0, 16).equals(MAGIC)
  if (!sqlite) return { size, sqlite, empty: false, applicationId: 0, userVersion: 0 }
  const pages = buf.readUInt32BE(28)
  // Page 1 holds the schema table's root after the 100-byte header: a leaf (0x0D) with no cell is no table.
  const empty = pages <= 1 && n >= 105 && buf[100] === 0x0d && buf.readUInt16BE(103) === 0
  return { size, sqlite, empty, applicationId: buf.readInt32BE(68), userVersion: buf.readInt32BE(60) }
}

/** Refuses what is not a project this workbench can open; never touches the file. */
export function checkProject(path: string, h: Pick<FileHeader, 'sqlite' | 'empty' | 'applicationId' | 'userVersion'>): void {
  if (!h.sqlite) throw new ApiError('invalid-argument', `${path} is not a usable project file: not a SQLite database`)
  if (h.empty && h.applicationId !== APPLICATION_ID) {
    throw new ApiError(
      'invalid-argument',
      `${path} is an empty file, not a Landau Workbench project (was its creation interrupted?); delete it and create the project again`,
    )
  }
  if (h.applicationId !== APPLICATION_ID) throw new ApiError('invalid-argument', `${path} is a SQLite file but not a Landau Workbench project`)
  if (h.userVersion > SCHEMA_VERSION) {
    throw new ApiError(
      'invalid-argument',
      `${path} was written by a newer workbench (schema ${h.userVersion} > ${SCHEMA_VERSION}); update the workbench to open it`,
    )
  }
}

/** What SQLite itself says of an open file's header (it sees a page 1 still in the WAL). */
export function sqliteHeader(db: Database.Database) {
  return {
    sqlite: true,
    empty: (db.prepare(`SELECT count(*) FROM sqlite_master`).pluck().get() as number) === 0,
    applicationId: db.pragma('application_id', { simple: true }) as number,
    userVersion: db.pragma('user_version', { simple: true }) as number,
  }
}

/**
 * Refuses a file that is not a project this workbench can open, before any connection that could write
 * to it (a read-write connection checkpoints on close). The header's bytes decide, unless a -wal file
 * holds commits (its page 1 may be newer, e.g. a project created by an older workbench and killed before
 * its first checkpoint): then a read-only connection, which never writes the file, reads through it.
 */
export function preflight(path: string, opts: { nativeBinding?: string }): void {
  const h = readHeader(path)
  let wal = 0
  try {
    wal = statSync(`${path}-wal`).size
  } catch {
    // no -wal file
  }
  if (wal === 0 || !h.sqlite) return checkProject(path, h)
  let db: Database.Database | undefined
  try {
    db = new Database(path, {
      readonly: true,
      fileMustExist: true,
      timeout: READ_BUSY_MS,
      ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    })
    checkProject(path, sqliteHeader(db))
  } catch (err) {
    if (err instanceof ApiError) throw err
    // Not readable read-only here (a read-only folder): the connection that follows decides and says why.
  } finally {
    db?.close()
  }
}

/** A read-only open that failed only because SQLite could not create the -wal/-shm files it needs. */
export function cannotOpenHere(err: unknown): boolean {
  const code = sqliteCode((err as { cause?: unknown }).cause) ?? sqliteCode(err) ?? ''
  return code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY_')
}

export function withCause(e: ApiError, cause: unknown): ApiError {
  ;(e as Error & { cause?: unknown }).cause = cause
  return e
}

/** `.NAME.tmp-<pid>-<hex>`: a project being built beside NAME (dot: hidden from file dialogs). */
export function tempName(finalPath: string): string {
  return join(dirname(finalPath), `.${basename(finalPath)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`)
}

/** A temporary file younger than this is never removed: it may be another host's creation in progress. */
const STALE_TEMP_MS = 60_000

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Removes temporary files left beside `finalPath` by creations that were killed: their process is gone
 * (on this host) and they are older than a minute (so another host's creation on a shared folder, whose
 * pid means nothing here, is left alone while it lasts). Best effort: a file that cannot be removed stays.
 */
export function removeStaleTemps(finalPath: string): void {
  const dir = dirname(finalPath)
  const prefix = `.${basename(finalPath)}.tmp-`
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue
    const m = /^(\d+)-[0-9a-f]+(-journal)?$/.exec(name.slice(prefix.length))
    if (!m || pidAlive(Number(m[1]))) continue
    try {
      const file = join(dir, name)
      if (Date.now() - statSync(file).mtimeMs >= STALE_TEMP_MS) unlinkSync(file)
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
}

export function fsyncPath(path: string): void {
  try {
    const fd = openSync(path, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    // A folder cannot be fsync'ed on every platform (Windows); the rename is atomic all the same.
  }
}

/** Writes a new project's schema, `project` row, application_id and user_version into an empty database. */
export function initProjectSchema(db: Database.Database, owner: string): void {
  for (const m of MIGRATIONS) db.exec(m)
  db.prepare(`INSERT INTO project (id, created_at, created_by) VALUES (1, ?, ?)`).run(new Date().toISOString(), owner)
  db.pragma(`application_id = ${APPLICATION_ID}`)
  db.pragma(`user_version = ${SCHEMA_VERSION}`)
}

/**
 * Creates a new project at `path`, atomically: the schema, the project row and application_id are
 * written into a temporary file in the same folder (rollback journal in memory, so no -journal or
 * -wal/-shm file exists beside it), which is closed, synced and then linked to `path`. link() never
 * replaces a file, so a project created meanwhile by someone else is an error, not overwritten. The file
 * is in rollback mode here; the first open switches it to WAL.
 */
export function createProjectFile(path: string, opts: { owner: string; nativeBinding?: string }): void {
  const exists = () => new ApiError('invalid-argument', `${path} already exists; open it instead`)
  if (existsSync(path)) throw exists()
  removeStaleTemps(path)
  const tmp = tempName(path)
  try {
    let db: Database.Database
    try {
      db = new Database(tmp, { ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) })
    } catch (err) {
      throw new ApiError('io', `cannot create ${path}: ${(err as Error).message}`)
    }
    try {
      db.pragma('journal_mode = MEMORY')
      db.pragma('synchronous = FULL')
      db.transaction(() => initProjectSchema(db, opts.owner)).immediate()
    } catch (err) {
      throw new ApiError('io', `cannot create ${path}: ${(err as Error).message}`)
    } finally {
      db.close()
    }
    fsyncPath(tmp)
    try {
      linkSync(tmp, path)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'EEXIST') throw exists()
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') {
        throw new ApiError('io', `cannot create ${path}: ${code ?? (err as Error).message}`)
      }
      // No hard links here (FAT, exFAT, some network shares): rename is still atomic, but replaces a file
      // that appears between this check and the rename.
      if (existsSync(path)) throw exists()
      renameSync(tmp, path)
    }
    fsyncPath(dirname(path))
  } finally {
    try {
      unlinkSync(tmp)
    } catch {
      // renamed, or never created
    }
  }
}

/**
 * A private copy of a project (and its -wal, if any) in a temporary folder, for a read-only open where
 * SQLite cannot create the -wal/-shm files that reading a WAL file needs (read-only folder or medium).
 * `remove` deletes the copy.
 */
export function readonlyCopy(path: string): { file: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'landau-ro-'))
  const remove = () => rmSync(dir, { recursive: true, force: true })
  try {
    const file = join(dir, 'project.landau')
    copyFileSync(path, file)
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${file}-wal`)
    return { file, remove }
  } catch (err) {
    remove()
    throw new ApiError('io', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
}
