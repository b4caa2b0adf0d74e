// Exports of several runs at once (the UI's selection, `landau export --runs 1,2,3`): one file, streamed
// from the store in bounded memory like a single run's (exporter.ts), each run with its provenance and
// annotations. One run alone is exported in the single-run format, byte for byte.
//
// CSV: a first '#' line naming the runs, each run's '#' provenance lines (exporter.ts csvProvenance: run,
// code, spec, label and tags), then one header `run,t,<metrics>` over the union of the runs' metrics (in the
// order first met) and every row of every run, run after run. A metric a run does not record is an empty
// cell (pandas reads NaN; a recorded NaN is written NaN), so a deterministic run beside a particle run is
// not made to look as if it had measured a particle's temperature. User text (names, labels, tags) stays
// in comment lines, as in a single-run export (src/shared/csvComment.ts): the run column holds the id.
//
// JSON: { "format": "landau-workbench/runs", "version": 1, "runs": [ <the single-run export's object>, … ] },
// as JSON.stringify(…, null, 1) writes it.
import type { Writable } from 'node:stream'
import { ApiError } from '../shared/api'
import type { ExportFormat, History, RunRecord } from '../shared/api'
import { ExportSink, JSON_COLUMN_BUFFER_BYTES, column, csvHeaderCell, csvLine, csvProvenance, runJson, writeExport, writeRunJson } from './exporter'
import type { ExportOptions } from './exporter'
import type { HistoryCursor } from './store/historyCursor'
import type { ProjectStore } from './store/projectStore'

/** The JSON selection export's identity; a change of its layout gets a new version. */
export const SELECTION_FORMAT = 'landau-workbench/runs'
export const SELECTION_VERSION = 1

/** The union of the runs' metric names, in the order first met (a run's repeated name counts once). */
export function selectionColumns(runs: RunRecord[]): string[] {
  return [...new Set(runs.flatMap((r) => r.metrics))]
}

function csvHead(runs: RunRecord[], columns: string[]): string[] {
  const ids = runs.map((r) => r.id).join(', ')
  return [
    `# landau-workbench export of ${runs.length} runs (${ids}); the run column says whose each row is; a metric a run does not record is an empty cell`,
    ...runs.flatMap(csvProvenance),
    ['run', 't', ...columns.map(csvHeaderCell)].join(','),
  ]
}

/**
 * Where each selection column comes from in `run`'s row: its value column (the last of equal names, as in
 * the JSON export) or -1 when the run does not record it; null when the run has exactly the selection's
 * columns in order (its lines are then the single-run export's lines).
 */
function columnSources(run: RunRecord, columns: string[]): number[] | null {
  const source = columns.map((m) => run.metrics.lastIndexOf(m))
  const same = run.metrics.length === columns.length && source.every((s, j) => s === j)
  return same ? null : source
}

/** A CSV data line of a run: its id, t, then each selection column (empty where the run has none). */
function selectionLine(runId: number, row: number[], source: number[] | null): string {
  if (!source) return `${runId},${csvLine(row)}`
  // row holds t and the present columns in selection order; csvLine writes them, empties go between.
  const cells = csvLine(row).split(',') // number cells never hold a comma
  let next = 1
  const out = [String(runId), cells[0]]
  for (let j = 0; j < source.length; j++) out.push(source[j] < 0 ? '' : cells[next++])
  return out.join(',')
}

/** In memory, from whole histories: the reference the streaming writer is tested against. */
export function exportSelectionCsv(items: { run: RunRecord; history: History }[]): string {
  const runs = items.map((i) => i.run)
  const columns = selectionColumns(runs)
  const lines = csvHead(runs, columns)
  for (const { run, history } of items) {
    const source = columnSources(run, columns)
    const present = (source ?? columns.map((_, j) => j)).filter((s) => s >= 0)
    for (let k = 0; k < history.t.length; k++) {
      const row = [history.t[k], ...present.map((s) => history.values[run.metrics[s]][k])]
      // history.values holds one column per name (the last of equal names), as the JSON export does.
      lines.push(selectionLine(run.id, row, source))
    }
  }
  return lines.join('\n') + '\n'
}

/** In memory: JSON.stringify of the selection object, indent 1, with a final newline. */
export function exportSelectionJson(items: { run: RunRecord; history: History }[]): string {
  return JSON.stringify({ format: SELECTION_FORMAT, version: SELECTION_VERSION, runs: items.map((i) => runJson(i.run, i.history)) }, null, 1) + '\n'
}

async function writeSelectionCsv(runs: RunRecord[], cursors: HistoryCursor[], sink: ExportSink): Promise<void> {
  const columns = selectionColumns(runs)
  sink.write(csvHead(runs, columns).join('\n') + '\n')
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i]
    const source = columnSources(run, columns)
    const present = (source ?? columns.map((_, j) => j)).filter((s) => s >= 0)
    const row = new Array<number>(present.length + 1).fill(0)
    for (const page of cursors[i].pages()) {
      const { t, vals } = page
      for (let k = 0; k < t.length; k++) {
        const b = vals![k]
        row[0] = t[k]
        for (let j = 0; j < present.length; j++) row[j + 1] = column(b, present[j])
        sink.write(selectionLine(run.id, row, source) + '\n')
        if (sink.full) await sink.flush()
      }
      await sink.pause()
    }
  }
}

async function writeSelectionJson(runs: RunRecord[], cursors: HistoryCursor[], sink: ExportSink, columnBufferBytes: number): Promise<void> {
  sink.write(`{\n "format": ${JSON.stringify(SELECTION_FORMAT)},\n "version": ${SELECTION_VERSION},\n "runs": [`)
  for (let i = 0; i < runs.length; i++) {
    sink.write((i ? ',' : '') + '\n  ')
    await writeRunJson(runs[i], cursors[i], sink, 1, columnBufferBytes, 2)
  }
  sink.write('\n ]\n}\n')
}

/**
 * Writes the export of runs `runIds` (duplicates dropped, order kept) to `out`: a single run's export for
 * one run, the selection format above for several. Every run is looked up and its cursor opened before
 * anything is written, so an unknown run ('not-found') or format ('invalid-argument') leaves `out`
 * untouched, and each run's rows are those stored when the export began. Contract otherwise as writeExport.
 */
export async function writeSelectionExport(
  store: ProjectStore,
  runIds: number[],
  format: ExportFormat,
  out: Writable,
  options: ExportOptions = {},
): Promise<void> {
  if (format !== 'csv' && format !== 'json') throw new ApiError('invalid-argument', `unknown export format ${String(format)} (expected csv or json)`)
  const ids = [...new Set(runIds)]
  if (!ids.length) throw new ApiError('invalid-argument', 'name at least one run to export')
  if (ids.length === 1) return writeExport(store, ids[0], format, out, options)
  const runs = ids.map((id) => store.getRun(id))
  const cursors = runs.map((r) => store.historyCursor(r.id, options.pageRows))
  const sink = new ExportSink(out, options.signal)
  try {
    if (format === 'csv') await writeSelectionCsv(runs, cursors, sink)
    else await writeSelectionJson(runs, cursors, sink, options.columnBufferBytes ?? JSON_COLUMN_BUFFER_BYTES)
    await sink.end()
  } finally {
    sink.release()
  }
}
