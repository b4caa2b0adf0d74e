// `landau run`: executes an experiment file (or, with --shard i/K, one shard of its runs: shard.ts) through
// the same scheduler and store as the app, then reports what the project file holds (one line per run, or
// --json). Exit code 1 when a run failed or was cancelled, 2 on bad input (checked before the project file
// is opened or created), 128 + n after signal n.
import type { RunRecord, WorkbenchEvent } from '../shared/api'
import { checkExperiment, formatIssues } from '../shared/spec'
import { STORAGE_WARN_BYTES, formatBytes, replicaRowBytes, storageEstimate } from '../shared/storageEstimate'
import { shardRuns } from '../shared/shardPlan'
import { writeRunsJson } from '../backend/exporter'
import { createNodeWorkbench } from '../backend/nodeWorkbench'
import { owner, ownerAlive } from '../backend/processIdentity'
import { ProjectStore } from '../backend/store/projectStore'
import { openOrCreateProjectPath } from '../backend/projectPath'
import { formatShard } from '../shared/shard'
import type { Shard } from '../shared/shard'
import { InputError } from './inputError'
import { readSpecFile } from './readSpecFile'
import { BROKEN_PIPE_EXIT, exitAfterOutput, isBrokenPipe, onStopSignals, signalExitCode } from './signals'

export interface RunCliOptions {
  project: string
  json?: boolean
  workers?: number
  /** `--shard i/K`, parsed (index.ts): only shard i's runs and replica ranges of the plan (shardPlan.ts). */
  shard?: Shard
}

export async function runCommand(specFile: string, opts: RunCliOptions) {
  // Everything about the input is checked before the project file is opened or created.
  const check = checkExperiment(readSpecFile(specFile))
  if (!check.ok) throw new InputError(`${specFile}: ${formatIssues(check.issues)}`)
  // A shard stores at most the whole experiment, plus its parts' row inputs (replica_rows).
  const partBytes = opts.shard ? shardRuns(check.spec, opts.shard).reduce((a, r) => a + replicaRowBytes(r), 0) : 0
  const storage = storageEstimate(check.spec).bytes + partBytes
  if (storage > STORAGE_WARN_BYTES) process.stderr.write(`warning: this experiment will store about ${formatBytes(storage)} in the project\n`)
  // The app's rule for project paths (a .landau file; created only where nothing exists): checked here
  // too, so a bad --project is exit code 2 before the pool starts.
  const project = openOrCreateProjectPath(opts.project)
  const wb = createNodeWorkbench({ threads: opts.workers })
  // Stopping (signals.ts): the first SIGINT/SIGTERM/SIGHUP shuts the workbench down, which stops the runs
  // and records them as stopped by a shutdown; the command then reports what the file holds, as after a
  // normal end, and exits with 128 + the signal's number once that output is written. A signal during the
  // output stops the output. A second signal exits at once.
  let phase: 'running' | 'output' = 'running'
  let stopping: Promise<void> | null = null
  let stopped!: () => void
  const stoppedNow = new Promise<void>((r) => (stopped = r))
  const shutdown = () =>
    (stopping ??= wb
      .shutdown()
      .catch((err: unknown) => void process.stderr.write(`error while stopping: ${err instanceof Error ? err.message : String(err)}\n`))
      .finally(stopped))
  const output = new AbortController()
  const signals = onStopSignals((signal) => {
    const what = signal === 'SIGINT' ? 'interrupted' : `${signal} received`
    if (phase === 'output') {
      process.stderr.write(`\n${what}: output stopped\n`)
      output.abort(new Error(`output stopped by ${signal}`))
    } else {
      process.stderr.write(`\n${what}: stopping runs… (again to quit at once)\n`)
      void shutdown()
    }
  })
  let experimentId: number | null = null
  let runIds: number[] = []
  let projectPath: string | null = null
  try {
    await (project.create ? wb.createProject(project.path) : wb.openProject(project.path))
    projectPath = (await wb.currentProject())?.path ?? null // the file as opened, for reportRuns
    const showProgress = !opts.json && process.stderr.isTTY
    wb.onEvent((e: WorkbenchEvent) => {
      if (e.type === 'progress' && showProgress) {
        const eta = e.etaSeconds === null ? '' : `, ETA ${e.etaSeconds.toFixed(0)} s`
        process.stderr.write(`\rrun ${e.runId}: ${(100 * e.fraction).toFixed(1)} %${eta}   `)
      }
      if (e.type === 'run' && !opts.json && e.run.status !== 'queued' && e.run.status !== 'running') {
        process.stderr.write(`${showProgress ? '\n' : ''}run ${e.run.id} (${e.run.solver}): ${e.run.status}${e.run.error ? `: ${e.run.error}` : ''}\n`)
      }
    })
    ;({ experimentId, runIds } = opts.shard ? await wb.startExperimentShard(check.spec, opts.shard) : await wb.startExperiment(check.spec))
    if (opts.shard && runIds.length === 0) process.stderr.write(`shard ${formatShard(opts.shard)} holds none of the experiment's runs\n`)
    // A shutdown cancels every run, so whenIdle resolves; stoppedNow also covers a signal during the start.
    await Promise.race([wb.whenIdle(), stoppedNow])
  } catch (err) {
    // A call cut short by the shutdown (the project closed under it) is the signal's doing, not an error.
    if (!signals.received) {
      await shutdown()
      signals.dispose()
      throw err
    }
  } finally {
    await shutdown()
  }
  try {
    if (experimentId !== null && projectPath !== null) {
      phase = 'output'
      await reportRuns(projectPath, experimentId, runIds, !!opts.json, output.signal)
    }
  } catch (err) {
    if (isBrokenPipe(err))
      process.exitCode = BROKEN_PIPE_EXIT // the reader went away (`| head`): nothing to say
    else if (!output.signal.aborted) throw err
  } finally {
    signals.dispose()
  }
  if (signals.received) await exitAfterOutput(signalExitCode(signals.received))
}

/**
 * The outcome of `landau run`, read back from the file once the workbench has closed it (so a stopped run
 * shows the status the shutdown recorded): one line per run, or with --json one JSON object with every
 * history, streamed from the file in bounded memory rather than built as one string. Sets the exit code:
 * 0 when every run is done, else 1.
 */
async function reportRuns(project: string, experimentId: number, runIds: number[], json: boolean, signal: AbortSignal): Promise<void> {
  const store = ProjectStore.open(project, { readonly: true, owner, ownerAlive })
  try {
    const runs: RunRecord[] = runIds.map((id) => store.getRun(id))
    if (json) {
      await writeRunsJson(store, experimentId, runIds, process.stdout, { signal })
    } else {
      for (const r of runs)
        process.stdout.write(`experiment ${experimentId} run ${r.id}: ${r.solver} ${r.status} in ${((r.wallMs ?? 0) / 1000).toFixed(2)} s\n`)
    }
    process.exitCode = runs.every((r) => r.status === 'done') ? 0 : 1
  } finally {
    store.close()
  }
}
