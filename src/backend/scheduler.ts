// The run pool: a Piscina thread pool, one task per run, a queue (Piscina's), cancellation through
// AbortSignal (a queued task is dropped, a running one has its thread terminated, so cancelling takes
// effect at once whatever the solver is doing), progress with an ETA from wall time.
// A large Kac run is split (docs/NUMERICS.md §4.4): its thread announces a shared memory, and threads the
// queue leaves idle are lent to it as 'assist' tasks, which claim chunks of its rounds until it ends or a
// run waits for their thread. Its bits do not depend on how many helped.
// A listener that throws (the store could not write a row: disk full, file busy) ends that run as failed
// with the error as its reason, instead of escaping from a message handler and killing the process.
// Every end says why the run stopped (StopReason): 'user' (cancel), 'shutdown' (close: the run is
// interrupted, not cancelled, as nobody chose to drop it), 'error' (failed).
import { MessageChannel } from 'node:worker_threads'
import { availableParallelism } from 'node:os'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { performance } from 'node:perf_hooks'
import { Piscina } from 'piscina'
import type { InitialSpec, RunSpec } from '../shared/spec'
import type { StopReason } from '../shared/api'
import type { DensityRecord } from '../solvers/deterministic/types'
import type { RunCheckpoint } from '../solvers/driver/runSolver'
import { prepareGpuEnvironment } from './gpuDevice'
import type { HistoryRow } from './store/projectStore'
import type { ReplicaMomentsRecord } from './store/replicaMoments'
import type { ReplicaRowRecord } from './store/replicaRows'
import type { DensityPlot } from '../solvers/deterministic/densityView'
import { densityBuffers } from './transfer'
import type { AssistTask, ChaosResult, ChaosTask, DensityViewTask, DtStudyTask, PreviewResult, PreviewTask, RunTask, WorkerMessage } from './worker'
import type { DtStudyRequest } from '../shared/dtStudySpec'
import type { DtStudyResult } from '../solvers/particles/dtRefinement'
import { endTeam, setTeamSize, teamEnded, teamHelped, TEAM_SLOTS, type TeamMemory } from '../solvers/particles/kac'

export interface RunListener {
  onStart(runId: number, metrics: string[]): void
  onRows(runId: number, rows: HistoryRow[]): void
  onSnapshot(runId: number, snapshot: { step: number; t: number; replica: number; v: Float64Array }): void
  onMoments(runId: number, moments: ReplicaMomentsRecord): void
  onReplicaRow(runId: number, row: ReplicaRowRecord): void
  onDensity(runId: number, density: { step: number; t: number; density: DensityRecord }): void
  /** The run's state after `step` steps (its rows, snapshots and densities up to it were delivered before). */
  onCheckpoint(runId: number, checkpoint: { step: number; t: number; state: Float64Array }): void
  onProgress(runId: number, fraction: number, etaSeconds: number | null): void
  onFinish(runId: number, outcome: RunOutcome): void
  /** The run's steps went to this WebGPU adapter (the GPU path): it belongs in the run's record. */
  onDevice?(runId: number, adapter: string): void
}

export interface RunOutcome {
  /** 'cancelled': by the user; 'interrupted': by a shutdown (close). */
  status: 'done' | 'failed' | 'cancelled' | 'interrupted'
  error: string | null
  wallMs: number | null
  /** null for done. */
  stopReason: Exclude<StopReason, 'crash'> | null
}

export interface SchedulerOptions {
  /** The worker entry: src/backend/worker.ts (run through tsx) or a built CommonJS bundle (out/cli/worker.cjs, out/main/worker.cjs). */
  workerFile: string
  threads?: number
}

interface Active {
  abort: AbortController
  startedAt: number | null
  finished: boolean
  /** A split run's team, once its thread announced it. */
  team: Team | null
  /** Why the run was stopped by the scheduler itself (a lost assistant, a listener's error), when it was. */
  failure: string | null
  /** Who cancelled it, when it was cancelled. */
  cancelledBy: 'user' | 'shutdown' | null
}

interface Team {
  memory: TeamMemory
  /** The most assistants worth lending: one less than its chunks a round, and its scratch slots. */
  cap: number
  /** The team size last set (setTeamSize). */
  size: number
  /** Assistant tasks submitted and not settled. */
  tasks: number
  /** The run this team belongs to. */
  run: Active
}

/** The error of a run a shutdown stopped, beside its status 'interrupted' and stop reason 'shutdown'. */
export const SHUTDOWN_MESSAGE = 'stopped because the workbench shut down (app quit, server or CLI closed or signalled) before it finished'

/** Node needs tsx's loader in each worker thread to load a TypeScript worker file. */
function execArgvFor(workerFile: string): string[] {
  if (!workerFile.endsWith('.ts')) return []
  const loader = createRequire(import.meta.url).resolve('tsx')
  return ['--import', pathToFileURL(loader).href]
}

/** How long a failed run's last rows may take to arrive after its error (they were posted before it). */
const FAILED_RUN_ROWS_WAIT_MS = 2000

export class Scheduler {
  private readonly pool: Piscina
  /** One thread for interactive work (designer previews), so it never waits behind long runs. */
  private readonly interactive: Piscina
  private readonly active = new Map<number, Active>()
  private idleWaiters: (() => void)[] = []
  readonly threads: number
  /** Chunks that assistants ran for split runs that have ended. */
  private helpedEnded = 0
  /** Assistant tasks submitted to the pool and not settled yet. */
  assisting = 0

  constructor(
    opts: SchedulerOptions,
    private readonly listener: RunListener,
  ) {
    this.threads = Math.max(1, opts.threads ?? availableParallelism())
    prepareGpuEnvironment() // before any worker asks Dawn for an adapter (gpuDevice.ts)
    this.pool = new Piscina({
      filename: pathToFileURL(opts.workerFile).href,
      minThreads: 0,
      maxThreads: this.threads,
      // One run per thread: solver runs are CPU-bound, interleaving them would only add latency.
      concurrentTasksPerWorker: 1,
      idleTimeout: 30_000,
      execArgv: execArgvFor(opts.workerFile),
    })
    this.interactive = new Piscina({
      filename: pathToFileURL(opts.workerFile).href,
      minThreads: 0,
      maxThreads: 1,
      idleTimeout: 120_000,
      execArgv: execArgvFor(opts.workerFile),
    })
  }

  /** Normalises and analyses an initial datum off the main thread. */
  preview(initial: InitialSpec): Promise<PreviewResult> {
    const task: PreviewTask = { kind: 'preview', initial }
    return this.interactive.run(task) as Promise<PreviewResult>
  }

  /** Marginals and slice of a density record, on the interactive thread (the record's buffers move there). */
  densityView(density: DensityRecord): Promise<DensityPlot> {
    const task: DensityViewTask = { kind: 'density-view', density }
    return this.interactive.run(task, { transferList: densityBuffers(density) }) as Promise<DensityPlot>
  }

  /** An experiment's convergence report, read from the project file (read-only) on the interactive thread. */
  chaos(task: Omit<ChaosTask, 'kind'>): Promise<ChaosResult> {
    const t: ChaosTask = { kind: 'chaos', ...task }
    return this.interactive.run(t) as Promise<ChaosResult>
  }

  /** The same on the background thread (created on first use): work nobody waits for, such as the
   * Convergence view's other times (chaosWarmup.ts), which must not queue before what the user asks. */
  chaosBackground(task: Omit<ChaosTask, 'kind'>): Promise<ChaosResult> {
    this.background ??= new Piscina({
      filename: this.interactive.options.filename ?? undefined,
      minThreads: 0,
      maxThreads: 1,
      idleTimeout: 10_000,
      execArgv: this.interactive.options.execArgv,
    })
    const t: ChaosTask = { kind: 'chaos', ...task }
    return this.background.run(t) as Promise<ChaosResult>
  }
  private background: Piscina | null = null

  /** A time-step refinement study, in the run pool (it is a batch of small runs, not interactive work). */
  refineDt(request: DtStudyRequest): Promise<DtStudyResult> {
    const task: DtStudyTask = { kind: 'refine-dt', request }
    return this.pool.run(task) as Promise<DtStudyResult>
  }

  /** Chunks of split runs' rounds that assistants ran so far (a statistic for tests and the bench). */
  get assistedChunks(): number {
    let n = this.helpedEnded
    for (const { team } of this.active.values()) if (team) n += teamHelped(team.memory)
    return n
  }

  get activeCount(): number {
    return this.active.size
  }

  isActive(runId: number): boolean {
    return this.active.has(runId)
  }

  /**
   * Queues a run. `opts.start`: continue from that checkpoint (a resumed run); `opts.checkpointMs`: the
   * run's worker posts a checkpoint about this often (wall time; 0 or absent: never).
   */
  submit(runId: number, spec: RunSpec, opts: { start?: RunCheckpoint; checkpointMs?: number } = {}): void {
    if (this.active.has(runId)) throw new Error(`run ${runId} is already scheduled`)
    const state: Active = { abort: new AbortController(), startedAt: null, finished: false, team: null, failure: null, cancelledBy: null }
    this.active.set(runId, state)
    const { port1, port2 } = new MessageChannel()
    let resolveEnd!: () => void
    const ended = new Promise<void>((r) => (resolveEnd = r))

    port1.on('message', (m: WorkerMessage) => {
      // 'end' always counts: a run whose last rows failed to store waits for it to end as failed.
      if (m.type === 'end') return resolveEnd()
      // Late messages of a cancelled run, or of one a listener's error stopped.
      if (state.finished || state.failure !== null) return
      try {
        this.deliver(runId, state, m)
      } catch (err) {
        this.fail(state, err instanceof Error ? err.message : String(err))
      }
    })

    const finish = (status: RunOutcome['status'], error: string | null) => {
      if (state.finished) return
      state.finished = true
      port1.close()
      // Assistants leave now, also when the run's thread was terminated (cancel) in the middle of a round.
      if (state.team) {
        endTeam(state.team.memory)
        this.helpedEnded += teamHelped(state.team.memory)
      }
      this.active.delete(runId)
      const wallMs = state.startedAt === null ? null : performance.now() - state.startedAt
      const stopReason = status === 'done' ? null : status === 'failed' ? 'error' : (state.cancelledBy ?? 'user')
      try {
        this.listener.onFinish(runId, { status, error, wallMs, stopReason })
      } catch (err) {
        // The listener keeps what it could not store; waiters must still learn that the run ended.
        console.error(`run ${runId}: recording its end failed:`, err)
      }
      if (this.active.size === 0) for (const w of this.idleWaiters.splice(0)) w()
      this.refill()
      this.rebalance()
    }

    // With one thread nobody could help: the run then takes the unsplit path (same bits).
    const task: RunTask = { kind: 'run', spec, port: port2, split: this.threads > 1, start: opts.start, checkpointMs: opts.checkpointMs }
    this.pool
      // A checkpoint's state moves to the thread (the store's copy of it is not needed here any more).
      .run(task, { transferList: opts.start ? [port2, opts.start.state.buffer as ArrayBuffer] : [port2], signal: state.abort.signal })
      // Rows travel on our port, the result on Piscina's: wait for 'end' so no row is left behind.
      .then(() => ended)
      .then(
        // A listener may have failed on the last rows, after the task had already returned.
        () => (state.failure !== null ? finish('failed', state.failure) : finish('done', null)),
        (err: unknown) => {
          if (state.failure !== null) finish('failed', state.failure)
          else if (state.abort.signal.aborted)
            finish(state.cancelledBy === 'shutdown' ? 'interrupted' : 'cancelled', state.cancelledBy === 'shutdown' ? SHUTDOWN_MESSAGE : null)
          else {
            // The worker posts its last rows and 'end' before its error reaches us; wait for them (not
            // forever: a thread that died without a word posts nothing).
            const message = err instanceof Error ? err.message : String(err)
            void Promise.race([ended, new Promise((r) => setTimeout(r, FAILED_RUN_ROWS_WAIT_MS))]).then(() => finish('failed', state.failure ?? message))
          }
        },
      )
    this.rebalance() // a queued run takes its thread back from assistants
  }

  /**
   * Piscina (5.3) replaces a thread it terminated for an aborted running task (or lost to a crash) only
   * up to minThreads (0 here), and starts threads for queued tasks only when a task is submitted: runs
   * queued behind a cancelled or failed one would wait for the next submission (for ever in a CLI).
   * Submitting a no-op (an assistant of a team that has already ended, which returns at once) starts the
   * missing thread. Nothing to do when no task waits or no thread is missing (a run that ended normally).
   */
  private refill(): void {
    if (this.pool.queueSize === 0 || this.pool.threads.length >= this.threads) return
    const { Memory } = (globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number; maximum: number; shared: boolean }) => TeamMemory } })
      .WebAssembly
    const memory = new Memory({ initial: 1, maximum: 1, shared: true })
    endTeam(memory)
    const task: AssistTask = { kind: 'assist', memory }
    this.pool.run(task).catch(() => {}) // nothing to learn from it; the pool's destruction rejects it
  }

  /** Ends a run as failed with `reason` (its thread terminated); the first reason wins. */
  private fail(state: Active, reason: string): void {
    if (state.finished || state.failure !== null) return
    state.failure = reason
    state.abort.abort()
  }

  private deliver(runId: number, state: Active, m: WorkerMessage): void {
    switch (m.type) {
      case 'start':
        state.startedAt = performance.now()
        this.listener.onStart(runId, m.metrics)
        break
      case 'rows':
        this.listener.onRows(runId, m.rows)
        break
      case 'snapshot':
        this.listener.onSnapshot(runId, m)
        break
      case 'moments':
        this.listener.onMoments(runId, m.moments)
        break
      case 'replicaRow':
        this.listener.onReplicaRow(runId, m.row)
        break
      case 'density':
        this.listener.onDensity(runId, m)
        break
      case 'checkpoint':
        this.listener.onCheckpoint(runId, m)
        break
      case 'progress': {
        const elapsed = state.startedAt === null ? 0 : (performance.now() - state.startedAt) / 1000
        const eta = m.fraction > 0 && m.fraction < 1 ? (elapsed * (1 - m.fraction)) / m.fraction : m.fraction >= 1 ? 0 : null
        this.listener.onProgress(runId, m.fraction, eta)
        break
      }
      case 'device':
        this.listener.onDevice?.(runId, m.adapter)
        break
      case 'split':
        state.team = { memory: m.memory, cap: Math.min(TEAM_SLOTS - 1, m.chunks - 1), size: -1, tasks: 0, run: state }
        this.rebalance()
        break
      case 'end':
        break // handled before
    }
  }

  /**
   * Lends the threads that active runs leave idle to split runs (oldest first), and takes them back when
   * runs wait: a team's size is set, assistants above it leave after their chunk, and assistant tasks are
   * submitted up to it. Called whenever a run or an assistant starts or ends.
   */
  private rebalance(): void {
    let spare = this.threads - this.active.size
    for (const state of this.active.values()) {
      const team = state.team
      if (!team || state.finished || teamEnded(team.memory)) continue
      const want = Math.max(0, Math.min(spare, team.cap))
      spare -= want
      if (want !== team.size) setTeamSize(team.memory, (team.size = want))
      while (team.tasks < want) this.assist(team)
    }
  }

  private assist(team: Team): void {
    team.tasks++
    this.assisting++
    const task: AssistTask = { kind: 'assist', memory: team.memory }
    this.pool
      .run(task)
      .catch((err: unknown) => {
        // An assistant that died (its thread lost) may have held a chunk of the round its run waits on:
        // stop that run rather than leave it waiting. After the run ended (pool destroyed) nothing to do.
        const run = team.run
        if (run.finished || teamEnded(team.memory)) return
        this.fail(run, `a helping thread failed: ${err instanceof Error ? err.message : String(err)}`)
      })
      .finally(() => {
        team.tasks--
        this.assisting--
        this.rebalance()
      })
  }

  /**
   * Cancels a queued or running run; false if it is not active. `by`: 'user' ends it cancelled,
   * 'shutdown' (close) interrupted.
   */
  cancel(runId: number, by: 'user' | 'shutdown' = 'user'): boolean {
    const state = this.active.get(runId)
    if (!state) return false
    state.cancelledBy ??= by
    state.abort.abort()
    return true
  }

  /** Resolves when no run is queued or running. */
  whenIdle(): Promise<void> {
    if (this.active.size === 0) return Promise.resolve()
    return new Promise((r) => this.idleWaiters.push(r))
  }

  /** Stops every run (interrupted, stopped by 'shutdown') and the pools. */
  async close(): Promise<void> {
    for (const id of [...this.active.keys()]) this.cancel(id, 'shutdown')
    await this.whenIdle()
    await Promise.all([this.pool.destroy(), this.interactive.destroy(), this.background?.destroy()])
  }
}
