// Exports of a run's history: CSV for spreadsheets and numpy/pandas, JSON with the full provenance.
// Every export carries the run id, spec, seed and code version it came from, and the researcher's
// annotations (label and tags; JSON also the notes and the star). Several runs at once (the UI's
// selection, `landau export --runs`): selectionExport.ts, built from the pieces exported here.
//
// Two forms of the same bytes. `writeExport` streams from the store to a Node Writable (a file, stdout, an
// HTTP response) in bounded memory: rows are read in pages (store/historyCursor.ts), formatted into chunks of
// ≈ 64 K characters, and each chunk waits for the Writable's 'drain' when it asks; between pages the event
// loop gets a turn, so a server exporting a long run still answers others. It is what `landau export`,
// `landau run --json` and Workbench.exportRunTo use: a run of millions of rows no longer has to fit in one
// string (V8 stops at 2^29 − 24 characters; the JSON of 2.5·10^6 rows of 14 columns is 0.84 GB).
// `exportCsv`/`exportJson` build the same text in memory from a History: the reference the streaming
// writers are tested against, and enough for short histories.
import type { Writable } from 'node:stream'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { ApiError } from '../shared/api'
import { cleanTime } from '../shared/cleanTime'
import { LINE_BREAKING, commentJson, commentText, hex4 } from '../shared/csvComment'
import type { ExportFormat, History, RunRecord } from '../shared/api'
import type { HistoryCursor } from './store/historyCursor'
import type { ProjectStore } from './store/projectStore'

/** The run's provenance, in the key order of the JSON exports (history comes last). */
function runMeta(run: RunRecord) {
  return {
    id: run.id,
    experiment: run.experimentId,
    solver: run.solver,
    status: run.status,
    seed: run.seed,
    params: run.params,
    spec: run.spec,
    codeVersion: run.codeVersion,
    wallMs: run.wallMs,
    error: run.error,
    // Annotations last, so the keys above keep the places they had before runs could be annotated.
    label: run.label,
    tags: run.tags,
    notes: run.notes,
    starred: run.starred,
  }
}

/**
 * The run object of `landau run --json` and of JSON exports. NaN (an undefined standard error) becomes null;
 * times are rounded to 12 significant digits (cleanTime.ts: 0.175, not 0.17500000000000002).
 */
export function runJson(run: RunRecord, history: History) {
  return { ...runMeta(run), history: { t: history.t.map(cleanTime), ...history.values } }
}

export function exportJson(run: RunRecord, history: History): string {
  return JSON.stringify(runJson(run, history), null, 1) + '\n'
}

/** CSV with '#' provenance lines first (pandas: comment='#'; numpy.loadtxt skips them by default). */
export function exportCsv(run: RunRecord, history: History): string {
  const cols = run.metrics
  const lines = csvPreamble(run)
  for (let k = 0; k < history.t.length; k++) {
    lines.push([history.t[k], ...cols.map((m) => history.values[m][k])].map((x) => String(x)).join(','))
  }
  return lines.join('\n') + '\n'
}

// CSV safety: user text only in comment lines, escaped by src/shared/csvComment.ts.

/** A header cell: the solvers' metric names pass as they are; anything else (a crafted file) is made inert. */
export function csvHeaderCell(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return name
  let s = name.replace(LINE_BREAKING, hex4)
  if (/^\s*[=+\-@]/.test(s)) s = `'${s}`
  return /[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/**
 * The '#' provenance lines of a run: run, code and spec, then its label and tags as JSON when it has any
 * (an unannotated run's export keeps the bytes it had before annotations existed, and the first three
 * lines keep their places for readers that pick them by position).
 */
export function csvProvenance(run: RunRecord): string[] {
  const lines = [
    `# landau-workbench run ${run.id} (experiment ${run.experimentId} ${commentJson(JSON.stringify(run.experimentName))}), status ${run.status}`,
    `# code ${commentText(run.codeVersion)}, seed ${run.seed}`,
    `# spec ${commentJson(JSON.stringify(run.spec))}`,
  ]
  if (run.label !== null || run.tags.length) lines.push(`# label ${commentJson(JSON.stringify(run.label))}, tags ${commentJson(JSON.stringify(run.tags))}`)
  return lines
}

/** The '#' provenance lines and the column header of a CSV export. */
function csvPreamble(run: RunRecord): string[] {
  return [...csvProvenance(run), ['t', ...run.metrics.map(csvHeaderCell)].join(',')]
}

// Streaming ---------------------------------------------------------------------------------------------

/** Characters gathered before they are handed to the Writable. */
const CHUNK_CHARS = 1 << 16

/** Memory a JSON export may hold for its column passes (see writeRunJson). */
export const JSON_COLUMN_BUFFER_BYTES = 32 << 20

export interface ExportOptions {
  /** Stops the export at the next chunk or page (rejects with the signal's reason). */
  signal?: AbortSignal
  /** Rows read per page (default HISTORY_PAGE_ROWS). */
  pageRows?: number
  /** Memory for a JSON export's buffered columns (default JSON_COLUMN_BUFFER_BYTES). */
  columnBufferBytes?: number
}

/**
 * Text bound for a Writable, handed over in chunks. `write` only appends; `flush` hands the chunk over and
 * waits for 'drain' when the Writable asks for it; `pause` does that and gives the event loop a turn.
 * An 'error' or 'close' of the Writable, or the abort signal, rejects the pending or next wait.
 */
export class ExportSink {
  private text = ''
  private failure: Error | null = null
  /** Settles when the Writable has taken the last chunk handed over (its write callback). */
  private lastWrite: Promise<void> = Promise.resolve()
  private readonly onError = (err: Error) => {
    this.failure ??= err
  }

  constructor(
    private readonly out: Writable,
    private readonly signal?: AbortSignal,
  ) {
    // Listening turns the Writable's 'error' (EPIPE on a closed pipe, a reset socket) into a rejection here
    // instead of an uncaught exception.
    out.on('error', this.onError)
  }

  write(s: string): void {
    this.text += s
  }

  /** True when enough text is gathered to hand it over. */
  get full(): boolean {
    return this.text.length >= CHUNK_CHARS
  }

  async flush(): Promise<void> {
    this.check()
    if (!this.text) return
    const text = this.text
    this.text = ''
    let ok = true
    this.lastWrite = new Promise<void>((resolve, reject) => {
      ok = this.out.write(text, (err) => (err ? reject(err) : resolve()))
    })
    this.lastWrite.catch(() => {}) // a failed write also emits 'error', which check() reports
    if (!ok) await this.drained()
  }

  /** Between pages: hand over what is gathered if it is a chunk, then let the event loop run. */
  async pause(): Promise<void> {
    if (this.full) await this.flush()
    await nextTurn()
    this.check()
  }

  /** Hands over the rest and resolves once the Writable has taken it (its write callback). `out` stays open. */
  async end(): Promise<void> {
    await this.flush()
    // Writes complete in order, so the last one's callback means all were taken; a close first fails it.
    await new Promise<void>((resolve, reject) => {
      const onClose = () => reject(this.failure ?? closedEarly())
      this.out.once('close', onClose)
      this.lastWrite.then(resolve, reject).finally(() => this.out.off('close', onClose))
    })
    this.check()
  }

  /** Stops listening to the Writable (call when done, whatever the outcome). */
  release(): void {
    this.out.off('error', this.onError)
  }

  private check(): void {
    this.signal?.throwIfAborted()
    if (this.failure) throw this.failure
    if (this.out.destroyed || this.out.writableEnded) throw closedEarly()
  }

  private drained(): Promise<void> {
    const out = this.out
    const signal = this.signal
    if (out.destroyed) return Promise.reject(this.failure ?? closedEarly())
    return new Promise<void>((resolve, reject) => {
      const done = (err?: unknown) => {
        out.off('drain', onDrain)
        out.off('error', onFail)
        out.off('close', onClose)
        signal?.removeEventListener('abort', onAbort)
        if (err) reject(err)
        else resolve()
      }
      const onDrain = () => done()
      const onFail = (err: Error) => done(err)
      const onClose = () => done(this.failure ?? closedEarly())
      const onAbort = () => done(signal!.reason)
      out.on('drain', onDrain)
      out.on('error', onFail)
      out.on('close', onClose)
      signal?.addEventListener('abort', onAbort)
    })
  }
}

function closedEarly(): Error {
  return Object.assign(new Error('the output was closed before the export finished'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })
}

// Numbers are formatted by JSON.stringify over arrays of them, not by String(x) one at a time: the text is
// the same for finite numbers (both are ECMAScript's Number::toString), but String(x) makes a string per
// value that V8 allocates in the old generation (its number-string cache), so a long export filled the
// heap with garbage between full collections (measured: 2.5·10^6 rows × 15 columns, 255–305 MB peak RSS
// and ≈ 500 ns a value), where the serializer writes digits straight into its output (≈ 200 ns a value).

/** Column j of a row blob (NaN past its end, as a display read does). */
export const column = (vals: Buffer, j: number) => (8 * j + 8 <= vals.length ? vals.readDoubleLE(8 * j) : NaN)

/** A CSV line from JSON's "[a,b,…]" of the row: JSON writes non-finite values as null, CSV as String(x). */
export function csvLine(row: number[]): string {
  const json = JSON.stringify(row)
  let finite = true
  for (let j = 0; j < row.length; j++) if (!Number.isFinite(row[j])) finite = false
  if (finite) return json.slice(1, -1)
  let next = 0
  const nextNonFinite = () => {
    while (Number.isFinite(row[next])) next++
    return String(row[next++])
  }
  return json.slice(1, -1).replace(/null/g, nextNonFinite)
}

/** Streams the CSV of exportCsv: the preamble, then one line per row as pages arrive. */
export async function writeRunCsv(run: RunRecord, cursor: HistoryCursor, sink: ExportSink): Promise<void> {
  const J = run.metrics.length
  sink.write(csvPreamble(run).join('\n') + '\n')
  const row = new Array<number>(J + 1).fill(0)
  for (const page of cursor.pages()) {
    const { t, vals } = page
    for (let k = 0; k < t.length; k++) {
      const b = vals![k]
      row[0] = t[k]
      for (let j = 0; j < J; j++) row[j + 1] = column(b, j)
      sink.write(csvLine(row) + '\n')
      if (sink.full) await sink.flush()
    }
    await sink.pause()
  }
}

/** Values written per JSON.stringify call of a column. */
const JSON_BATCH = 2048

/**
 * Streams the run object of runJson, as JSON.stringify(…, null, indent) writes it (indent 1: JSON
 * exports; 0: one line, `landau run --json`), without a final newline. `base` is the nesting level the
 * object sits at (2 for a run inside a selection's "runs" array), as JSON.stringify of the whole would
 * indent it; the first line is not indented (the caller writes what precedes the object).
 *
 * The history is by column (t, then each metric), rows being stored by row; columns are therefore written
 * in groups, one pass over the rows per group: the group's first column is written as its rows are read,
 * the others are kept in Float64Arrays within `columnBufferBytes` and written after the pass. A short
 * history is one pass; 2.5·10^6 rows (20 MB a column) with the default 32 MB take two columns a pass.
 */
export async function writeRunJson(
  run: RunRecord,
  cursor: HistoryCursor,
  sink: ExportSink,
  indent: 0 | 1,
  columnBufferBytes = JSON_COLUMN_BUFFER_BYTES,
  base = 0,
): Promise<void> {
  const nl = (level: number) => (indent ? '\n' + ' '.repeat((base + level) * indent) : '')
  const colon = indent ? ': ' : ':'
  // JSON.stringify escapes line breaks inside strings, so every '\n' of its text is structure: re-indented.
  const meta = JSON.stringify(runMeta(run), null, indent).replace(/\n/g, nl(0))
  // The provenance object less its closing brace (and the newline before it), then "history" as its last key.
  sink.write(meta.slice(0, meta.length - (indent ? 2 + base * indent : 1)) + ',' + nl(1) + JSON.stringify('history') + colon + '{')

  // Keys and their sources as `{ t: history.t, ...history.values }` orders and fills them (values: one key
  // per metric in run.metrics order, the last of equal names winning; a metric named 't' replaces t).
  const values: Record<string, number> = {}
  run.metrics.forEach((m, j) => (values[m] = j))
  const keys = Object.keys({ t: -1, ...values })
  const source = keys.map((k) => (Object.hasOwn(values, k) ? values[k] : -1)) // -1: the time column

  // A column's values go out in batches: JSON.stringify(batch, null, (base + 3) × indent) is "[" + the items, each
  // on its own line at the array's item indent, + "\n]"; the items are what the whole array would hold.
  const batch = new Array<number>(JSON_BATCH).fill(0)
  let written = 0 // items of the current column so far
  const emit = (count: number) => {
    if (count === 0) return
    const json = JSON.stringify(count === JSON_BATCH ? batch : batch.slice(0, count), null, (base + 3) * indent)
    sink.write((written ? ',' : '') + json.slice(1, json.length - (indent ? 2 : 1)))
    written += count
  }

  const n = cursor.rows
  const perPass = 1 + Math.max(0, Math.floor(columnBufferBytes / Math.max(8, 8 * n)))
  const buffers: Float64Array[] = []
  for (let g = 0; g < keys.length; g += perPass) {
    const group = source.slice(g, g + perPass)
    while (buffers.length < group.length - 1) buffers.push(new Float64Array(n))
    const open = (i: number) => {
      sink.write((g + i > 0 ? ',' : '') + nl(2) + JSON.stringify(keys[g + i]) + colon + '[')
      written = 0
    }
    const close = () => sink.write(written ? nl(2) + ']' : ']')

    // The pass: the group's first column streams, the others fill their buffers.
    open(0)
    let count = 0
    const first = group[0]
    const onlyTime = group.every((s) => s < 0)
    for (const page of cursor.pages({ values: !onlyTime })) {
      const { t, vals } = page
      let m = 0
      for (let k = 0; k < t.length; k++, count++) {
        const b = vals?.[k]
        for (let i = 1; i < group.length; i++) buffers[i - 1][count] = group[i] < 0 ? cleanTime(t[k]) : column(b!, group[i])
        batch[m++] = first < 0 ? cleanTime(t[k]) : column(b!, first)
        if (m === JSON_BATCH) {
          emit(m)
          m = 0
          if (sink.full) await sink.flush()
        }
      }
      emit(m)
      await sink.pause()
    }
    close()

    // The buffered columns of the group.
    for (let i = 1; i < group.length; i++) {
      open(i)
      const buf = buffers[i - 1]
      for (let k0 = 0; k0 < count; k0 += JSON_BATCH) {
        const m = Math.min(JSON_BATCH, count - k0)
        for (let k = 0; k < m; k++) batch[k] = buf[k0 + k]
        emit(m)
        if (sink.full) await sink.flush()
        if ((k0 / JSON_BATCH) % 32 === 31) await sink.pause()
      }
      close()
    }
  }
  sink.write(nl(1) + '}' + nl(0) + '}')
}

/**
 * Writes run `runId`'s export (the bytes of exportCsv / exportJson) to `out`, reading the history in pages:
 * memory stays bounded whatever the run's length. The run is looked up before anything is written, so an
 * unknown run (ApiError 'not-found') or format ('invalid-argument') leaves `out` untouched. Resolves when
 * `out` has taken the last byte; never ends `out` (the caller owns it: a file to close, a response to
 * end). Rejects if `out` fails or closes first, or on `options.signal`; the rows of the run are those
 * stored when the export began.
 */
export async function writeExport(store: ProjectStore, runId: number, format: ExportFormat, out: Writable, options: ExportOptions = {}): Promise<void> {
  if (format !== 'csv' && format !== 'json') throw new ApiError('invalid-argument', `unknown export format ${String(format)} (expected csv or json)`)
  const run = store.getRun(runId)
  const cursor = store.historyCursor(run.id, options.pageRows)
  const sink = new ExportSink(out, options.signal)
  try {
    if (format === 'csv') await writeRunCsv(run, cursor, sink)
    else {
      await writeRunJson(run, cursor, sink, 1, options.columnBufferBytes)
      sink.write('\n')
    }
    await sink.end()
  } finally {
    sink.release()
  }
}

/**
 * Streams `landau run --json`'s object, JSON.stringify({ experiment, runs: runs.map(runJson) }) + '\n' (one
 * line), to `out`, one run's history after another in bounded memory. Same contract as writeExport.
 */
export async function writeRunsJson(store: ProjectStore, experimentId: number, runIds: number[], out: Writable, options: ExportOptions = {}): Promise<void> {
  const runs = runIds.map((id) => store.getRun(id))
  const sink = new ExportSink(out, options.signal)
  try {
    sink.write(`{"experiment":${JSON.stringify(experimentId)},"runs":[`)
    for (let i = 0; i < runs.length; i++) {
      if (i) sink.write(',')
      await writeRunJson(runs[i], store.historyCursor(runs[i].id, options.pageRows), sink, 0, options.columnBufferBytes)
    }
    sink.write(']}\n')
    await sink.end()
  } finally {
    sink.release()
  }
}
