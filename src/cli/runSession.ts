// What `landau run` and `landau resume` share: a workbench on one project, runs started by the command,
// progress on stderr (progressReporter.ts), the stop signals, and the report read back from the file once
// the workbench has closed it. Exit code 1 when a run failed or was cancelled, 128 + n after signal n (index.ts).
import type { RunRecord, WorkbenchEvent } from '../shared/api'
import { writeRunsJson } from '../backend/exporter'
import { createNodeWorkbench } from '../backend/nodeWorkbench'
import { owner, ownerAlive } from '../backend/processIdentity'
import { ProjectStore } from '../backend/store/projectStore'
import type { Workbench } from '../backend/workbench'
import { ProgressReporter, progressOutput, type ProgressMode } from './progressReporter'
import { BROKEN_PIPE_EXIT, exitAfterOutput, isBrokenPipe, onStopSignals, signalExitCode } from './signals'

/** The runs a command started, by experiment: what its report covers. */
export interface StartedRuns {
  experimentId: number
  runIds: number[]
}

export interface SessionOptions {
  /** The project, checked by the caller (projectPath.ts); created when `create`. */
  project: { path: string; create: boolean }
  json?: boolean
  workers?: number
  /** Seconds between a run's checkpoints (0: none; default: the workbench's). */
  checkpointEvery?: number
  /** `--progress`: how progress is shown on stderr (progressReporter.ts; default auto). */
  progress?: ProgressMode
  /** `--progress-every`: seconds between progress lines off a terminal. */
  progressEvery?: number
}

/**
 * Opens the project, calls `start` (which starts runs through the workbench and says which), waits until
 * they end or a stop signal stops them, then reports. Stopping (signals.ts): the first SIGINT/SIGTERM/SIGHUP
 * shuts the workbench down, which stops the runs and records them as stopped by a shutdown; the command
 * then reports what the file holds, as after a normal end, and exits with 128 + the signal's number once
 * that output is written. A signal during the output stops the output. A second signal exits at once.
 */
export async function runSession(opts: SessionOptions, start: (wb: Workbench) => Promise<StartedRuns[]>): Promise<void> {
  const wb = createNodeWorkbench({ threads: opts.workers, checkpointSeconds: opts.checkpointEvery })
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
  const progress = new ProgressReporter({
    output: progressOutput(opts.progress, !!process.stderr.isTTY, !!opts.json),
    everySeconds: opts.progressEvery,
  })
  let started: StartedRuns[] | null = null
  let projectPath: string | null = null
  try {
    await (opts.project.create ? wb.createProject(opts.project.path, { createFolders: true }) : wb.openProject(opts.project.path))
    projectPath = (await wb.currentProject())?.path ?? null // the file as opened, for reportRuns
    wb.onEvent((e: WorkbenchEvent) => {
      progress.onEvent(e)
      if (e.type === 'run' && !opts.json && e.run.status !== 'queued' && e.run.status !== 'running') {
        const nl = progress.takeLineBreak() ? '\n' : ''
        process.stderr.write(`${nl}run ${e.run.id} (${e.run.solver}): ${e.run.status}${e.run.error ? `: ${e.run.error}` : ''}\n`)
      }
    })
    started = await start(wb)
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
    progress.stop()
    await shutdown()
  }
  try {
    if (started !== null && projectPath !== null) {
      phase = 'output'
      await reportRuns(projectPath, started, !!opts.json, output.signal)
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
 * The outcome, read back from the file once the workbench has closed it (so a stopped run shows the status
 * the shutdown recorded): one line per run, or with --json one JSON object per experiment (one line each)
 * with every history, streamed from the file in bounded memory rather than built as one string. Sets the
 * exit code: 0 when every run is done, else 1.
 */
async function reportRuns(project: string, started: StartedRuns[], json: boolean, signal: AbortSignal): Promise<void> {
  const store = ProjectStore.open(project, { readonly: true, owner, ownerAlive })
  try {
    const runs: RunRecord[] = []
    for (const { experimentId, runIds } of started) {
      const these = runIds.map((id) => store.getRun(id))
      runs.push(...these)
      if (json) {
        await writeRunsJson(store, experimentId, runIds, process.stdout, { signal })
      } else {
        for (const r of these)
          process.stdout.write(`experiment ${experimentId} run ${r.id}: ${r.solver} ${r.status} in ${((r.wallMs ?? 0) / 1000).toFixed(2)} s\n`)
      }
    }
    process.exitCode = runs.every((r) => r.status === 'done') ? 0 : 1
  } finally {
    store.close()
  }
}
