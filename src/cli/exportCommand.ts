// `landau export`: a stored run's history as CSV or JSON, or several runs' in one file (--runs 1,2,3),
// streamed from the project file (backend/exporter.ts, selectionExport.ts: what the UI's Export buttons
// write) to stdout or, with --out, to a file written atomically. Memory stays bounded whatever the length.
import { createWriteStream, openSync, renameSync, rmSync } from 'node:fs'
import type { WriteStream } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { basename, dirname, join, resolve } from 'node:path'
import type { Writable } from 'node:stream'
import type { ExportFormat } from '../shared/api'
import { writeSelectionExport } from '../backend/selectionExport'
import { owner, ownerAlive } from '../backend/processIdentity'
import { ProjectStore } from '../backend/store/projectStore'
import { InputError } from './inputError'
import { BROKEN_PIPE_EXIT, exitAfterOutput, isBrokenPipe, onStopSignals, signalExitCode } from './signals'

export interface ExportCliOptions {
  /** One run (the single-run format) … */
  run?: number
  /** … or several in one file; exactly one of the two. */
  runs?: number[]
  format: ExportFormat
  out?: string
}

export async function exportCommand(file: string, opts: ExportCliOptions): Promise<void> {
  if ((opts.run === undefined) === (opts.runs === undefined)) throw new InputError('give --run <id> or --runs <id>,<id>,…, one of the two')
  const runIds = opts.runs ?? [opts.run!]
  // Read-only: exporting never writes to the project file.
  const store = ProjectStore.open(file, { readonly: true, owner, ownerAlive })
  const abort = new AbortController()
  let partial: string | null = null
  // First signal: stop at the next page and remove the partial file; second: remove it and exit at once.
  const signals = onStopSignals(
    (signal) => abort.abort(new Error(`export stopped by ${signal}`)),
    () => partial && rmSync(partial, { force: true }),
  )
  try {
    for (const id of runIds) store.getRun(id) // not-found before any output
    if (opts.out) {
      await writeFileAtomically(
        opts.out,
        (tmp) => (partial = tmp),
        (out) => writeSelectionExport(store, runIds, opts.format, out, { signal: abort.signal }),
      )
    } else {
      await writeSelectionExport(store, runIds, opts.format, process.stdout, { signal: abort.signal })
    }
  } catch (err) {
    if (signals.received) {
      store.close()
      process.stderr.write(`\nlandau export: stopped by ${signals.received}${opts.out ? `; ${opts.out} not written` : ''}\n`)
      await exitAfterOutput(signalExitCode(signals.received))
    }
    if (isBrokenPipe(err)) {
      process.exitCode = BROKEN_PIPE_EXIT // the reader has all it wanted (`| head`): nothing to report
      return
    }
    throw err
  } finally {
    signals.dispose()
    store.close()
  }
}

/**
 * Writes `file` through a temporary file beside it, renamed over it once complete and flushed to disk:
 * readers see the old file or the whole new one, never a part, and a failure or a signal leaves no
 * partial file behind (and the old one untouched). `onTemp` learns the temporary file's name, for a
 * last-moment removal. The new file has the default mode (0666 less the umask).
 */
export async function writeFileAtomically(file: string, onTemp: (tmp: string) => void, write: (out: Writable) => Promise<void>): Promise<void> {
  const target = resolve(file)
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.part`)
  let fd: number
  try {
    fd = openSync(tmp, 'wx')
  } catch (err) {
    throw new InputError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
  onTemp(tmp)
  // flush: fsync before close, so that the rename never publishes a file whose data is not on disk yet.
  const stream: WriteStream = createWriteStream('', { fd, flush: true })
  let failure: Error | null = null
  stream.on('error', (err) => (failure ??= err))
  try {
    await write(stream)
    // 'close' comes after the last write, the fsync and the close, or after an error.
    await new Promise<void>((done) => {
      stream.once('close', () => done())
      stream.end()
    })
    if (failure) throw failure
    renameSync(tmp, target)
  } catch (err) {
    stream.destroy()
    rmSync(tmp, { force: true })
    const code = (err as NodeJS.ErrnoException).code
    if (code && /^E[A-Z]+$/.test(code) && code !== 'EPIPE') throw new InputError(`cannot write ${file}: ${code}`)
    throw err
  }
}
