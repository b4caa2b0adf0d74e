// Where a submitted experiment stands, read from its job folder (jobFolder.ts) without writing anything:
// each shard file opened read-only (a shard being written is fine: SQLite's WAL lets readers in) and OUT
// likewise. `landau status` prints it; the workbench's clusterStatus gives it to the UI.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ClusterStatus, ShardProgress } from '../../shared/clusterStatus'
import { ApiError } from '../../shared/api'
import type { RunRecord } from '../../shared/api'
import { checkExperiment } from '../../shared/spec'
import { expandRuns } from '../../shared/specExperiment'
import { owner, ownerAlive } from '../processIdentity'
import { ProjectStore } from '../store/projectStore'
import { canonical } from '../store/canonicalSpec'
import { SPEC_FILE, jobFolderFor, readManifest } from './jobFolder'
import { queueStates } from './sbatch'

export interface ReadOptions {
  /** better-sqlite3's binding for Electron's ABI (the desktop app's main process). */
  nativeBinding?: string
}

/** fn on a project file opened read-only, closed after. */
function withProject<T>(file: string, opts: ReadOptions, fn: (store: ProjectStore) => T): T {
  const store = ProjectStore.open(file, { readonly: true, owner, ownerAlive, nativeBinding: opts.nativeBinding })
  try {
    return fn(store)
  } finally {
    store.close()
  }
}

export function shardProgress(index: number, file: string, opts: ReadOptions = {}): ShardProgress {
  const base = { index, file, progress: 0, runsDone: 0, runsTotal: null, reason: null }
  if (!existsSync(file)) return { ...base, state: 'missing' }
  let runs: RunRecord[]
  try {
    runs = withProject(file, opts, (s) => s.listRuns())
  } catch (err) {
    // A task that has just created its file may not have written the schema yet: nothing to read so far.
    return { ...base, state: 'running', reason: `not readable yet: ${(err as Error).message}` }
  }
  const runsDone = runs.filter((r) => r.status === 'done').length
  const progress = runs.length === 0 ? 1 : runs.reduce((sum, r) => sum + (r.status === 'done' ? 1 : r.progress), 0) / runs.length
  const counted = { ...base, runsDone, runsTotal: runs.length, progress }
  if (runs.some((r) => r.status === 'queued' || r.status === 'running')) return { ...counted, state: 'running' }
  if (runsDone === runs.length) return { ...counted, state: 'done', progress: 1 }
  const bad = runs.find((r) => r.status !== 'done')!
  return { ...counted, state: 'failed', reason: `run index ${bad.index} ${bad.status}${bad.error ? `: ${bad.error}` : ''}` }
}

/** OUT's done runs of the experiment in spec.json (matched as a merge matches it: by canonical spec). */
function mergedRuns(out: string, specFile: string, opts: ReadOptions): ClusterStatus['merged'] {
  let spec: unknown
  try {
    spec = JSON.parse(readFileSync(specFile, 'utf8'))
  } catch (err) {
    throw new ApiError('io', `cannot read ${specFile}: ${(err as Error).message}`)
  }
  const check = checkExperiment(spec)
  const runsTotal = check.ok ? expandRuns(check.spec).length : 0
  if (!check.ok || !existsSync(out)) return { runsDone: 0, runsTotal, complete: false }
  const key = canonical(JSON.stringify(check.spec))
  const runsDone = withProject(out, opts, (s) => {
    const ids = new Set(
      s
        .listExperiments()
        .filter((e) => canonical(JSON.stringify(e.spec)) === key)
        .map((e) => e.id),
    )
    return new Set(
      s
        .listRuns()
        .filter((r) => ids.has(r.experimentId) && r.status === 'done')
        .map((r) => r.index),
    ).size
  })
  return { runsDone, runsTotal, complete: runsTotal > 0 && runsDone === runsTotal }
}

/** The status of the experiment submitted for OUT; null when OUT has no job folder with a manifest. */
export function readClusterStatus(out: string, opts: ReadOptions = {}): ClusterStatus | null {
  const folder = jobFolderFor(out)
  const manifest = readManifest(folder)
  if (!manifest) return null
  return {
    folder,
    // OUT as the caller named it: the folder beside it is what was read, wherever it was first submitted.
    out,
    submittedAt: manifest.submittedAt,
    jobs: manifest.jobs,
    shards: manifest.shardFiles.map((f, k) => shardProgress(k + 1, join(folder, f), opts)),
    merged: mergedRuns(out, join(folder, SPEC_FILE), opts),
  }
}

/** The same, with each job's state from squeue where squeue answers (a task that left the queue: null). */
export async function readClusterStatusWithQueue(out: string): Promise<ClusterStatus | null> {
  const status = readClusterStatus(out)
  if (!status?.jobs) return status
  const states = await queueStates([status.jobs.array, status.jobs.merge])
  if (!states) return status
  const { array, merge } = status.jobs
  return {
    ...status,
    shards: status.shards.map((s) => ({ ...s, job: states.get(`${array}_${s.index}`) ?? null })),
    mergeJob: states.get(merge) ?? null,
  }
}
