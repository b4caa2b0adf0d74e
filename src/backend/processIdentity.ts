// Who owns a queued or running run: "host:pid". On reopen, runs whose owner is gone are interrupted.
import { hostname } from 'node:os'

export const host = hostname()
export const owner = `${host}:${process.pid}`

/** Stored with every run beside the code version: V8's Math.log/sin/cos/pow also decide the last bits. */
export const hostDescription = `${host} (node ${process.versions.node}, v8 ${process.versions.v8}${process.versions.electron ? `, electron ${process.versions.electron}` : ''}, ${process.platform}-${process.arch})`

export function ownerAlive(o: string): boolean {
  const sep = o.lastIndexOf(':')
  const pid = Number(o.slice(sep + 1))
  // Another host's process cannot be writing this copy of the file (SQLite's WAL needs one machine).
  if (o.slice(0, sep) !== host || !Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' // alive, owned by another user
  }
}
