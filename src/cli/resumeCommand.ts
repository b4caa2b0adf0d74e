// `landau resume P [--run ID]`: continues the runs of project P that stopped before they were done
// (interrupted, failed or cancelled), each from its last checkpoint (from t = 0 without one), through the
// same pool as `landau run`; or only run ID. Their finished histories, snapshots and densities are those of
// runs that were never stopped, bit for bit (docs/CLUSTER.md "Checkpoints and resume"). Exit codes as for
// `landau run`: 0 all done, 1 some failed or were stopped, 2 bad input (nothing to resume counts as done:
// 0), 128 + n after signal n.
import { ApiError } from '../shared/api'
import { owner, ownerAlive } from '../backend/processIdentity'
import { projectPath } from '../backend/projectPath'
import { ProjectStore, RESUMABLE_STATUSES } from '../backend/store/projectStore'
import { InputError } from './inputError'
import type { ProgressMode } from './progressReporter'
import { runSession, type StartedRuns } from './runSession'

export interface ResumeCliOptions {
  /** `--progress` and `--progress-every` (progressReporter.ts). */
  progress?: ProgressMode
  progressEvery?: number
  run?: number
  json?: boolean
  workers?: number
  /** Seconds between checkpoints of the resumed runs (0: none). */
  checkpointEvery?: number
  /** Resume runs computed by another code version or JavaScript engine too (the bits may differ). */
  force?: boolean
}

export async function resumeCommand(project: string, opts: ResumeCliOptions) {
  const path = projectPath(project, 'open')
  // Which runs, read (read-only) before the pool starts: a bad --run is exit code 2 with the file untouched.
  const store = ProjectStore.open(path, { readonly: true, owner, ownerAlive })
  let runs
  try {
    runs = store.listRuns()
  } finally {
    store.close()
  }
  if (opts.run !== undefined) {
    const run = runs.find((r) => r.id === opts.run)
    if (!run) throw new InputError(`${path} has no run ${opts.run}`)
    if (run.status === 'done') throw new InputError(`run ${run.id} is done: there is nothing to resume`)
    runs = [run]
  }
  // A run still queued or running by a process that is gone is found interrupted when the workbench opens
  // the file (openProject.ts), so those count too; one a live process runs is left to it (resumeRun says so).
  const todo = runs.filter((r) => RESUMABLE_STATUSES.includes(r.status) || r.status === 'queued' || r.status === 'running')
  if (todo.length === 0) {
    if (!opts.json) process.stderr.write(`${path}: no run to resume\n`)
    return
  }
  const { json, workers, checkpointEvery, progress, progressEvery } = opts
  await runSession({ project: { path, create: false }, json, workers, checkpointEvery, progress, progressEvery }, async (wb) => {
    const byExperiment = new Map<number, number[]>()
    for (const r of todo) {
      try {
        const { fromStep, totalSteps } = await wb.resumeRun(r.id, { force: opts.force })
        if (!opts.json)
          process.stderr.write(`run ${r.id}: ${fromStep > 0 ? `from its checkpoint at step ${fromStep} of ${totalSteps}` : 'from the start (no checkpoint)'}\n`)
      } catch (err) {
        // With --run, a refusal is the answer (exit 2); over a whole project it is reported and the others go on.
        if (opts.run !== undefined || !(err instanceof ApiError)) throw err
        process.stderr.write(`run ${r.id}: not resumed: ${err.message}\n`)
      }
      byExperiment.set(r.experimentId, [...(byExperiment.get(r.experimentId) ?? []), r.id])
    }
    return [...byExperiment].map(([experimentId, runIds]): StartedRuns => ({ experimentId, runIds }))
  })
}
