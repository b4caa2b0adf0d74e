// Starting an experiment's runs (all, or one shard's: shardPlan.ts) and resuming stopped ones from their
// checkpoints (docs/CLUSTER.md "Checkpoints and resume"): what goes into the store and the pool when a run
// begins or begins again. The Workbench (workbench.ts) delegates to it; kept apart because resuming has its
// own rules (what may be resumed, by which code) and the workbench's file is long enough.
import { ApiError } from '../shared/api'
import { randomInt } from 'node:crypto'
import type { RerunSeed, RunRecord, WorkbenchEvent } from '../shared/api'
import { InitialSpec, checkExperiment, expandRuns, formatIssues } from '../shared/spec'
import { formatShard } from '../shared/shard'
import type { Shard } from '../shared/shard'
import { shardRuns } from '../shared/shardPlan'
import { runSchedule } from '../solvers/driver/schedule'
import { codeVersion } from './codeVersion'
import { gpuIssues, gpuRunRefusal } from './gpuRefusal'
import { hostDescription, owner } from './processIdentity'
import type { Scheduler } from './scheduler'
import { RESUMABLE_STATUSES } from './store/projectStore'
import type { ProjectStore } from './store/projectStore'

/** ExperimentSpec's limit on a name (specExperiment.ts). */
const EXPERIMENT_NAME_MAX = 200

/** What `landau run --resume` found and did: the experiment, all its runs (of the shard), and the resumed ones. */
export interface ResumedExperiment {
  experimentId: number
  runIds: number[]
  resumed: { runId: number; fromStep: number; totalSteps: number }[]
}

/** What starting runs needs of the workbench. */
export interface RunStartDeps {
  project(): ProjectStore
  scheduler: Scheduler
  emit(event: WorkbenchEvent): void
  /** Milliseconds between a run's checkpoints (0: none). */
  checkpointMs(): number
  /** Refuses initial data whose validity only evaluation shows (a user formula). */
  checkInitial(initial: InitialSpec, path: string): Promise<void>
}

export class RunStarts {
  constructor(private readonly d: RunStartDeps) {}

  /** Stores and queues an experiment's runs: all, one shard's, or (`only`) those of some run indices. */
  async startRuns(input: unknown, shard?: Shard, only?: readonly number[]): Promise<{ experimentId: number; runIds: number[] }> {
    // Validate before touching the project: a bad spec leaves the file as it was.
    const check = checkExperiment(input)
    if (!check.ok) throw new ApiError('invalid-spec', formatIssues(check.issues), check.issues)
    const store = this.d.project()
    await this.d.checkInitial(check.spec.initial, 'initial')
    const gpu = await gpuIssues(check.spec) // device "gpu" on a host without an adapter
    if (gpu.length > 0) throw new ApiError('invalid-spec', formatIssues(gpu), gpu)
    const all = shard ? shardRuns(check.spec, shard) : expandRuns(check.spec)
    const runs = only ? all.filter((r) => only.includes(r.runIndex)) : all
    const ids = store.insertExperiment(check.spec, runs, { codeVersion: codeVersion(), host: hostDescription, owner, shard: shard && formatShard(shard) })
    this.d.emit({ type: 'experiment', experiment: store.getExperiment(ids.experimentId) })
    ids.runIds.forEach((id, k) => {
      this.d.emit({ type: 'run', run: store.getRun(id) })
      this.d.scheduler.submit(id, runs[k], { checkpointMs: this.d.checkpointMs() })
    })
    return ids
  }

  /**
   * Run `runId` again (WorkbenchApi.rerunRun): its experiment's spec under a new name, with its seed or a
   * new one, storing and queuing only the run at its index, so that its random streams (keyed by seed, run
   * index and replica) are the original's with the same seed. A part of a run (a replica range) is re-run whole.
   */
  async rerun(runId: number, seed: RerunSeed): Promise<{ experimentId: number; runIds: number[] }> {
    const store = this.d.project()
    const run = store.getRun(runId)
    const experiment = store.getExperiment(run.experimentId)
    const suffix = ` · re-run of run ${runId}`
    const spec = {
      ...experiment.spec,
      name: experiment.spec.name.slice(0, EXPERIMENT_NAME_MAX - suffix.length) + suffix,
      seed: seed === 'same' ? run.seed : randomInt(1, 2 ** 31),
    }
    return this.startRuns(spec, undefined, [run.index])
  }

  /**
   * Continues a stopped run (interrupted, failed or cancelled) from its last checkpoint, or from t = 0 when
   * it has none, through the pool like any run; what it stored after the checkpoint is dropped first
   * (ProjectStore.prepareResume). Its finished history, snapshots and densities are those of a run that was
   * never stopped, bit for bit, provided the same code computes them: a run of another code version is
   * refused unless `force` (docs/CLUSTER.md "Checkpoints and resume").
   */
  async resumeRun(runId: number, options: { force?: boolean } = {}): Promise<{ fromStep: number; totalSteps: number }> {
    const store = this.d.project()
    // Device "gpu" on a host without an adapter: refused with nothing touched. Probed before checkResumable so
    // that no await falls between that check and the submission.
    const gpu = await gpuRunRefusal(runId, store.getRun(runId).spec)
    const run = this.checkResumable(runId, options)
    if (gpu !== null) throw new ApiError('invalid-argument', gpu)
    const { totalSteps } = runSchedule(run.spec.time, run.spec.snapshots)
    const from = store.prepareResume(runId, owner, totalSteps)
    this.d.emit({ type: 'run', run: store.getRun(runId) })
    this.d.scheduler.submit(runId, run.spec, { start: from && { step: from.step, state: from.state }, checkpointMs: this.d.checkpointMs() })
    return { fromStep: from?.step ?? 0, totalSteps }
  }

  /** The run if resumeRun may continue it; else the ApiError saying why not. */
  checkResumable(runId: number, options: { force?: boolean }): RunRecord {
    const run = this.d.project().getRun(runId) // not-found for an unknown id
    if (this.d.scheduler.isActive(runId)) throw new ApiError('busy', `run ${runId} is already queued or running`)
    if (run.status === 'done') throw new ApiError('invalid-argument', `run ${runId} is done: there is nothing to resume`)
    if (!RESUMABLE_STATUSES.includes(run.status)) {
      throw new ApiError('busy', `run ${runId} is ${run.status} in another process; only an interrupted, failed or cancelled run can be resumed`)
    }
    if (options.force) return run
    // The last bits depend on the code and on the JavaScript engine (V8's Math.exp, log, pow: processIdentity.ts).
    const here = codeVersion()
    const cp = this.d.project().getCheckpoint(runId)
    const other = run.codeVersion !== here ? run.codeVersion : cp && cp.codeVersion !== here ? cp.codeVersion : null
    const why =
      other !== null
        ? `was computed by code ${other} and this is ${here}`
        : runtimeOf(run.host) !== runtimeOf(hostDescription)
          ? `was computed on ${runtimeOf(run.host)} and this is ${runtimeOf(hostDescription)}`
          : null
    if (why !== null) {
      throw new ApiError(
        'invalid-argument',
        `run ${runId} ${why}: its continuation could differ in the last bits from an uninterrupted run; ` +
          'resume it where it started, or force it (landau resume --force) and accept that',
      )
    }
    return run
  }

  /**
   * `landau run SPEC --resume` (not an API method): if the project holds this experiment (its canonical
   * stored spec, as `landau merge` matches them), continue its runs (those of `shard`, if given) that are
   * not done, from their checkpoints, and add (and start) those of them it lacks; null, touching nothing,
   * when it holds none (the caller then runs the experiment as new). Returns the experiment and all its
   * runs (of the shard).
   */
  async resumeExperiment(input: unknown, shard?: Shard, options: { force?: boolean } = {}): Promise<ResumedExperiment | null> {
    const check = checkExperiment(input)
    if (!check.ok) throw new ApiError('invalid-spec', formatIssues(check.issues), check.issues)
    const store = this.d.project()
    const experimentId = store.findExperiment(check.spec)
    if (experimentId === undefined) return null
    const stored = new Map(
      store
        .listRuns()
        .filter((r) => r.experimentId === experimentId)
        .map((r) => [r.index, r]),
    )
    const wanted = shard ? shardRuns(check.spec, shard) : expandRuns(check.spec)
    // Every resume is checked before any starts: a refused one (another code version) refuses them all.
    const toResume = wanted.flatMap((r) => {
      const run = stored.get(r.runIndex)
      return run && run.status !== 'done' ? [run.id] : []
    })
    // Every run to resume or add is of this spec: device "gpu" without an adapter refuses them all, up front.
    const gpu = wanted.some((r) => stored.get(r.runIndex)?.status !== 'done') ? await gpuIssues(check.spec) : []
    if (gpu.length > 0) throw new ApiError('invalid-spec', formatIssues(gpu), gpu)
    for (const id of toResume) this.checkResumable(id, options)
    const resumed: { runId: number; fromStep: number; totalSteps: number }[] = []
    for (const id of toResume) resumed.push({ runId: id, ...(await this.resumeRun(id, options)) })
    const missing = wanted.filter((r) => !stored.has(r.runIndex))
    const added = missing.length
      ? store.insertRuns(experimentId, missing, { codeVersion: codeVersion(), host: hostDescription, owner, shard: shard && formatShard(shard) })
      : []
    added.forEach((id, k) => {
      this.d.emit({ type: 'run', run: store.getRun(id) })
      this.d.scheduler.submit(id, missing[k], { checkpointMs: this.d.checkpointMs() })
    })
    const addedByIndex = new Map(missing.map((r, k) => [r.runIndex, added[k]]))
    return { experimentId, runIds: wanted.map((r) => stored.get(r.runIndex)?.id ?? (addedByIndex.get(r.runIndex) as number)), resumed }
  }
}

/** "node 20.19.0, v8 …, linux-x64" of a host description (processIdentity.ts): what decides the last bits besides the code. */
function runtimeOf(hostDescription: string): string {
  const m = /\((.*)\)$/.exec(hostDescription)
  return m ? m[1] : hostDescription
}
