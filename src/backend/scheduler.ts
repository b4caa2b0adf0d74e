// The run pool: a Piscina thread pool, one task per run, a queue (Piscina's), cancellation through
// AbortSignal (a queued task is dropped, a running one has its thread terminated, so cancelling takes
// effect at once whatever the solver is doing), progress with an ETA from wall time.
import { MessageChannel } from 'node:worker_threads'
import { availableParallelism } from 'node:os'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { performance } from 'node:perf_hooks'
import { Piscina } from 'piscina'
import type { InitialSpec, RunSpec } from '../shared/spec'
import type { DensityRecord } from '../solvers/deterministic/types'
import type { HistoryRow } from './store/projectStore'
import type { DensityPlot } from '../solvers/deterministic/densityView'
import { densityBuffers } from './transfer'
import type { ChaosResult, ChaosTask, DensityViewTask, PreviewResult, PreviewTask, RunTask, WorkerMessage } from './worker'

export interface RunListener {
  onStart(runId: number, metrics: string[]): void
  onRows(runId: number, rows: HistoryRow[]): void
  onSnapshot(runId: number, snapshot: { step: number; t: number; replica: number; v: Float64Array }): void
  onDensity(runId: number, density: { step: number; t: number; density: DensityRecord }): void
  onProgress(runId: number, fraction: number, etaSeconds: number | null): void
  onFinish(runId: number, outcome: { status: 'done' | 'failed' | 'cancelled'; error: string | null; wallMs: number | null }): void
}

export interface SchedulerOptions {
  /** The worker entry: src/backend/worker.ts (run through tsx) or the built out/main/worker.js. */
  workerFile: string
  threads?: number
}

interface Active {
  abort: AbortController
  startedAt: number | null
  finished: boolean
}

/** Node needs tsx's loader in each worker thread to load a TypeScript worker file. */
function execArgvFor(workerFile: string): string[] {
  if (!workerFile.endsWith('.ts')) return []
  const loader = createRequire(import.meta.url).resolve('tsx')
  return ['--import', pathToFileURL(loader).href]
}

export class Scheduler {
  private readonly pool: Piscina
  /** One thread for interactive work (designer previews), so it never waits behind long runs. */
  private readonly interactive: Piscina
  private readonly active = new Map<number, Active>()
  private idleWaiters: (() => void)[] = []
  readonly threads: number

  constructor(opts: SchedulerOptions, private readonly listener: RunListener) {
    this.threads = Math.max(1, opts.threads ?? availableParallelism())
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

  get activeCount(): number {
    return this.active.size
  }

  isActive(runId: number): boolean {
    return this.active.has(runId)
  }

  submit(runId: number, spec: RunSpec): void {
    if (this.active.has(runId)) throw new Error(`run ${runId} is already scheduled`)
    const state: Active = { abort: new AbortController(), startedAt: null, finished: false }
    this.active.set(runId, state)
    const { port1, port2 } = new MessageChannel()
    let resolveEnd!: () => void
    const ended = new Promise<void>((r) => (resolveEnd = r))

    port1.on('message', (m: WorkerMessage) => {
      if (state.finished) return // late messages of a cancelled run
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
        case 'density':
          this.listener.onDensity(runId, m)
          break
        case 'progress': {
          const elapsed = state.startedAt === null ? 0 : (performance.now() - state.startedAt) / 1000
          const eta = m.fraction > 0 && m.fraction < 1 ? (elapsed * (1 - m.fraction)) / m.fraction : m.fraction >= 1 ? 0 : null
          this.listener.onProgress(runId, m.fraction, eta)
          break
        }
        case 'end':
          resolveEnd()
          break
      }
    })

    const finish = (status: 'done' | 'failed' | 'cancelled', error: string | null) => {
      if (state.finished) return
      state.finished = true
      port1.close()
      this.active.delete(runId)
      const wallMs = state.startedAt === null ? null : performance.now() - state.startedAt
      this.listener.onFinish(runId, { status, error, wallMs })
      if (this.active.size === 0) for (const w of this.idleWaiters.splice(0)) w()
    }

    const task: RunTask = { kind: 'run', spec, port: port2 }
    this.pool
      .run(task, { transferList: [port2], signal: state.abort.signal })
      // Rows travel on our port, the result on Piscina's: wait for 'end' so no row is left behind.
      .then(() => ended)
      .then(
        () => finish('done', null),
        (err: unknown) => {
          if (state.abort.signal.aborted) finish('cancelled', null)
          else finish('failed', err instanceof Error ? err.message : String(err))
        },
      )
  }

  /** Cancels a queued or running run; false if it is not active. */
  cancel(runId: number): boolean {
    const state = this.active.get(runId)
    if (!state) return false
    state.abort.abort()
    return true
  }

  /** Resolves when no run is queued or running. */
  whenIdle(): Promise<void> {
    if (this.active.size === 0) return Promise.resolve()
    return new Promise((r) => this.idleWaiters.push(r))
  }

  async close(): Promise<void> {
    for (const id of [...this.active.keys()]) this.cancel(id)
    await this.whenIdle()
    await Promise.all([this.pool.destroy(), this.interactive.destroy()])
  }
}
