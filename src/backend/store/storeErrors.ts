// What a failed write to the project file means for the user. A store error during a run ends that run
// (failed, with this text as its reason) instead of escaping from a message handler and killing the
// process; the same text reaches the API caller as an ApiError('io').
import { ApiError } from '../../shared/api'

/** SQLite's result code of an error thrown by better-sqlite3 (extended codes, e.g. SQLITE_IOERR_WRITE). */
export function sqliteCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined
}

/** One line saying why a write failed, led by what the user can act on (disk full, file busy, …). */
export function describeStoreError(err: unknown, path: string): string {
  const code = sqliteCode(err) ?? ''
  const message = err instanceof Error ? err.message : String(err)
  // SQLite turns ENOSPC into SQLITE_FULL (main file, -wal and -shm alike).
  if (code === 'SQLITE_FULL') return `disk full: cannot write ${path} (${message})`
  // Only after the busy timeout: another process held the write lock that long.
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return `project file busy: another process kept ${path} locked (${message})`
  if (code.startsWith('SQLITE_READONLY')) return `project file is read-only: ${path} (${message})`
  if (code.startsWith('SQLITE_IOERR')) return `I/O error writing ${path}: ${code} (${message})`
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return `project file damaged: ${path} (${message})`
  return `cannot write ${path}: ${message}`
}

/** The ApiError a caller of a store write sees (already an ApiError: unchanged). */
export function storeWriteError(err: unknown, path: string): ApiError {
  if (err instanceof ApiError) return err
  const e = new ApiError('io', describeStoreError(err, path))
  ;(e as Error & { cause?: unknown }).cause = err
  return e
}
