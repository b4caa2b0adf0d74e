// Rows of `runs` as RunRecords. A stored spec is parsed again when read (validated edges), and a row that
// no longer parses (a file edited by hand, a damaged page) must not take the whole run list down with it:
// what can be rebuilt is (the run's spec from its experiment's, as it was expanded when stored), and the
// record says so in its error ("corrupt record: …"); a run that cannot be rebuilt is left out of lists.
import type { RunRecord, RunStatus, StopReason } from '../../shared/api'
import { ExperimentSpec, RunSpec, SolverSpec, expandRuns } from '../../shared/spec'
import { parseStored } from '../../shared/storedSpec'

export interface RunRow {
  id: number
  experiment_id: number
  experiment_name: string
  idx: number
  solver: string
  params: string
  spec: string
  seed: number
  code_version: string
  host: string
  status: RunStatus
  progress: number
  metrics: string
  created_at: string
  started_at: string | null
  finished_at: string | null
  wall_ms: number | null
  error: string | null
  stop_reason: StopReason | null
  label: string | null
  notes: string
  tags: string
  starred: number
  archived_at: string | null
  deleted_at: string | null
}

/** Which later columns the file has (a read-only open of an older file reads them as absent). */
export interface RunColumnSet {
  stopReason: boolean
  annotations: boolean
}

/** The columns of RunRow; files before schema 5 have no stop_reason, before 10 no annotations (read-only opens of them read none). */
export function runColumns(has: RunColumnSet): string {
  const annotations = has.annotations
    ? 'r.label, r.notes, r.tags, r.starred, r.archived_at, r.deleted_at'
    : `NULL AS label, '' AS notes, '[]' AS tags, 0 AS starred, NULL AS archived_at, NULL AS deleted_at`
  return `r.id, r.experiment_id, e.name AS experiment_name, r.idx, r.solver, r.params, r.spec, r.seed, r.code_version, r.host,
  r.status, r.progress, r.metrics, r.created_at, r.started_at, r.finished_at, r.wall_ms, r.error, ${has.stopReason ? 'r.stop_reason' : 'NULL AS stop_reason'}, ${annotations}`
}

/** A run's end that is known in memory but not (yet) in the file: its write failed (disk full, busy). */
export interface Finish {
  id: number
  status: Exclude<RunStatus, 'queued' | 'running'>
  finishedAt: string
  error: string | null
  wallMs: number | null
  stopReason: StopReason | null
}

function parseWith<T>(what: string, text: string, parse: (x: unknown) => T, problems: string[]): T | undefined {
  try {
    return parse(JSON.parse(text))
  } catch (err) {
    const msg = err instanceof SyntaxError ? err.message : `does not match the schema`
    problems.push(`${what} ${msg}`)
    return undefined
  }
}

/** The spec a run of an experiment was stored with, from the experiment's spec (undefined if that fails too). */
export function specFromExperiment(experimentSpec: string | undefined, index: number): RunSpec | undefined {
  if (experimentSpec === undefined) return undefined
  try {
    return expandRuns(parseStored(ExperimentSpec, JSON.parse(experimentSpec))).find((r) => r.runIndex === index)
  } catch {
    return undefined
  }
}

/**
 * The record of a row, with `unsaved` (an end not written yet) laid over it; undefined if its spec can be
 * neither parsed nor rebuilt. `experimentSpec` is asked only for a row whose own spec fails.
 */
export function toRunRecord(r: RunRow, unsaved: Finish | undefined, experimentSpec: () => string | undefined): { record?: RunRecord; problem?: string } {
  const problems: string[] = []
  let spec = parseWith('spec', r.spec, (x) => parseStored(RunSpec, x), problems)
  spec ??= specFromExperiment(experimentSpec(), r.idx)
  if (!spec) return { problem: `run ${r.id}: corrupt record: ${problems.join('; ')}` }
  const params = parseWith('params', r.params, (x) => parseStored(SolverSpec, x), problems) ?? spec.solver
  const metrics =
    parseWith(
      'metrics',
      r.metrics,
      (x) => {
        if (!Array.isArray(x) || !x.every((m) => typeof m === 'string')) throw new TypeError()
        return x as string[]
      },
      problems,
    ) ?? []
  const corrupt = problems.length ? `corrupt record: ${problems.join('; ')}` : null
  const error = unsaved ? unsaved.error : r.error
  return {
    record: {
      id: r.id,
      experimentId: r.experiment_id,
      experimentName: r.experiment_name,
      index: r.idx,
      solver: params.kind,
      status: unsaved ? unsaved.status : r.status,
      seed: r.seed,
      params,
      spec,
      codeVersion: r.code_version,
      host: r.host,
      createdAt: r.created_at,
      startedAt: r.started_at,
      finishedAt: unsaved ? unsaved.finishedAt : r.finished_at,
      wallMs: unsaved ? unsaved.wallMs : r.wall_ms,
      progress: unsaved?.status === 'done' ? 1 : r.progress,
      error: corrupt ? (error ? `${corrupt} (${error})` : corrupt) : error,
      stopReason: unsaved ? unsaved.stopReason : r.stop_reason,
      metrics,
      label: r.label,
      notes: r.notes,
      tags: parseTags(r.tags),
      starred: r.starred === 1,
      archivedAt: r.archived_at,
      deletedAt: r.deleted_at,
    },
  }
}

/** runs.tags as written by the store (a JSON array of strings); anything else (a hand edit) reads as no tags, not as a broken run. */
function parseTags(text: string): string[] {
  try {
    const x: unknown = JSON.parse(text)
    return Array.isArray(x) ? x.filter((t): t is string => typeof t === 'string') : []
  } catch {
    return []
  }
}
