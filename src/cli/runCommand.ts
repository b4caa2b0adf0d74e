// `landau run`: executes an experiment file (or, with --shard i/K, one shard of its runs: shard.ts) through
// the same scheduler and store as the app, then reports what the project file holds (one line per run, or
// --json). With --resume, a project that already holds the experiment (its canonical stored spec) has its
// runs that are not done continued from their checkpoints instead (what a requeued cluster job calls,
// docs/CLUSTER.md). Exit code 1 when a run failed or was cancelled, 2 on bad input (checked before the
// project file is opened or created), 128 + n after signal n.
import { checkExperiment, formatIssues } from '../shared/spec'
import { STORAGE_WARN_BYTES, formatBytes, replicaRowBytes, storageEstimate } from '../shared/storageEstimate'
import { shardRuns } from '../shared/shardPlan'
import { openOrCreateProjectPath } from '../backend/projectPath'
import { gpuIssues } from '../backend/gpuRefusal'
import { formatShard } from '../shared/shard'
import type { Shard } from '../shared/shard'
import { InputError } from './inputError'
import { readSpecFile } from './readSpecFile'
import type { ProgressMode } from './progressReporter'
import { runSession } from './runSession'

export interface RunCliOptions {
  /** `--progress` and `--progress-every` (progressReporter.ts). */
  progress?: ProgressMode
  progressEvery?: number
  project: string
  json?: boolean
  workers?: number
  /** `--shard i/K`, parsed (index.ts): only shard i's runs and replica ranges of the plan (shardPlan.ts). */
  shard?: Shard
  /** `--checkpoint-every S`: seconds between a run's checkpoints (0: none). */
  checkpointEvery?: number
  /** `--resume`: continue the experiment if the project holds it. */
  resume?: boolean
  /** `--force` (with --resume): resume runs of another code version too. */
  force?: boolean
}

export async function runCommand(specFile: string, opts: RunCliOptions) {
  // Everything about the input is checked before the project file is opened or created.
  const check = checkExperiment(readSpecFile(specFile))
  if (!check.ok) throw new InputError(`${specFile}: ${formatIssues(check.issues)}`)
  const gpu = await gpuIssues(check.spec) // device "gpu" without an adapter: before the project file exists
  if (gpu.length > 0) throw new InputError(`${specFile}: ${formatIssues(gpu)}`)
  if (opts.force && !opts.resume) throw new InputError('--force applies to --resume only')
  // A shard stores at most the whole experiment, plus its parts' row inputs (replica_rows).
  const partBytes = opts.shard ? shardRuns(check.spec, opts.shard).reduce((a, r) => a + replicaRowBytes(r), 0) : 0
  const storage = storageEstimate(check.spec).bytes + partBytes
  if (storage > STORAGE_WARN_BYTES) process.stderr.write(`warning: this experiment will store about ${formatBytes(storage)} in the project\n`)
  // The app's rule for project paths (a .landau file; created only where nothing exists): checked here
  // too, so a bad --project is exit code 2 before the pool starts.
  const project = openOrCreateProjectPath(opts.project)
  const { json, workers, checkpointEvery, progress, progressEvery } = opts
  await runSession({ project, json, workers, checkpointEvery, progress, progressEvery }, async (wb) => {
    const resumed = opts.resume && !project.create ? await wb.resumeExperiment(check.spec, opts.shard, { force: opts.force }) : null
    if (resumed && !opts.json) {
      process.stderr.write(`experiment ${resumed.experimentId} is in ${project.path} already: resuming its runs that are not done\n`)
      for (const r of resumed.resumed)
        process.stderr.write(
          `run ${r.runId}: ${r.fromStep > 0 ? `from its checkpoint at step ${r.fromStep} of ${r.totalSteps}` : 'from the start (no checkpoint)'}\n`,
        )
    }
    const started = resumed ?? (opts.shard ? await wb.startExperimentShard(check.spec, opts.shard) : await wb.startExperiment(check.spec))
    if (opts.shard && started.runIds.length === 0) process.stderr.write(`shard ${formatShard(opts.shard)} holds none of the experiment's runs\n`)
    return [started]
  })
}
