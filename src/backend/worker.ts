// The Piscina task: runs one solver run off the main thread and streams what it computes through a
// MessagePort, or computes an initial-data preview. It batches rows and throttles progress by wall time
// (the solver itself never reads the clock). A run never opens the project file: the backend's store is
// the only writer. The convergence report (chaos task) opens it read-only by path, on the interactive
// thread, since reading the snapshots and computing the W2s takes seconds.
import type { ReplicaMomentsRecord } from './store/replicaMoments'
import type { ReplicaRowRecord } from './store/replicaRows'
import type { MessagePort } from 'node:worker_threads'
import { performance } from 'node:perf_hooks'
import { ApiError } from '../shared/api'
import type { ApiErrorCode, ChaosMetric, ChaosReport, InitialPreview } from '../shared/api'
import { isDeterministic, type InitialSpec, type RunSpec } from '../shared/spec'
import { runSolver, type RunCheckpoint, type SolverEvent } from '../solvers/driver/runSolver'
import { gpuUnsupported } from '../solvers/gpu/gpuStepper'
import { assistKacTeam, type TeamMemory } from '../solvers/particles/kac'
import type { DensityRecord } from '../solvers/deterministic/types'
import { densityView } from '../solvers/deterministic/densityView'
import type { DensityPlot } from '../solvers/deterministic/densityView'
import { InitialDataError, previewInitial } from '../solvers/initial/initialData'
import { ProjectStore } from './store/projectStore'
import type { HistoryRow } from './store/projectStore'
import { chaosReport, ChaosReportError } from './chaosReport'
import { DiagnosticsCache, type CachedDiagnostics } from './chaosDiagnosticsCache'
import type { TestFunction } from '../solvers/chaos/testFunctions'
import { densityBuffers } from './transfer'
import { gpuDevice } from './gpuDevice'
import type { GpuContext } from '../solvers/gpu/gpuApi'
import { dtRefinementStudy, type DtStudyResult } from '../solvers/particles/dtRefinement'
import type { DtStudyRequest } from '../shared/dtStudySpec'

export interface RunTask {
  kind: 'run'
  spec: RunSpec
  port: MessagePort
  /** Split a large Kac run so that idle pool threads can help it (the scheduler sends 'assist' tasks). */
  split?: boolean
  /** Continue from this checkpoint (a resumed run) instead of from t = 0. */
  start?: RunCheckpoint
  /** Post a checkpoint after the first step that ends this long after the run's start or its last one; 0: never. */
  checkpointMs?: number
}

/** Help a split run (its 'split' message) until it ends or the scheduler wants the thread back. */
export interface AssistTask {
  kind: 'assist'
  memory: TeamMemory
}

export interface PreviewTask {
  kind: 'preview'
  initial: InitialSpec
}

/** Marginals and slice of a stored density (getDensityView): up to ~0.5 s for 10⁵ blobs, so off the main thread. */
export interface DensityViewTask {
  kind: 'density-view'
  density: DensityRecord
}

/** The convergence report of an experiment (src/backend/chaosReport.ts), from the project file read-only. */
export interface ChaosTask {
  kind: 'chaos'
  path: string
  experiment: number
  time: number
  metric: ChaosMetric
  reference?: number
  phi?: TestFunction
  /** Only this run's diagnostics (the Workbench's warm-up of other times, chaosWarmup.ts). */
  onlyRun?: number
  /** Per-run diagnostics computed before (the Workbench's cache, chaosDiagnosticsCache.ts), by key. */
  known?: [string, CachedDiagnostics][]
  /** Desktop: better-sqlite3 built for Electron's ABI. */
  nativeBinding?: string
}

/** A time-step refinement study (Workbench.refineDt): seconds to a minute of one thread, so in the run pool. */
export interface DtStudyTask {
  kind: 'refine-dt'
  request: DtStudyRequest
}

/** Errors do not survive the thread boundary with their class: say which API error it is. */
export type ChaosResult = { ok: true; report: ChaosReport; computed: [string, CachedDiagnostics][] } | { ok: false; code: ApiErrorCode; message: string }

/** A preview either succeeds or explains why the datum is unusable (a bad formula, say). */
export type PreviewResult = { ok: true; preview: InitialPreview } | { ok: false; message: string }

export type WorkerMessage =
  | { type: 'start'; metrics: string[]; totalSteps: number }
  /** The run's steps go to this WebGPU adapter (docs/NUMERICS.md "GPU path"); comes before 'start'. */
  | { type: 'device'; adapter: string }
  | { type: 'rows'; rows: HistoryRow[] }
  | { type: 'snapshot'; step: number; t: number; replica: number; v: Float64Array }
  | { type: 'moments'; moments: ReplicaMomentsRecord }
  | { type: 'replicaRow'; row: ReplicaRowRecord }
  | { type: 'density'; step: number; t: number; density: DensityRecord }
  | { type: 'progress'; fraction: number }
  | { type: 'split'; memory: TeamMemory; chunks: number }
  | { type: 'checkpoint'; step: number; t: number; state: Float64Array }
  | { type: 'end' }

const FLUSH_MS = 100 // rows reach the store and the screen at most this late
const MAX_BATCH = 2000 // and in batches no larger than this

export default function task(
  t: RunTask | AssistTask | PreviewTask | DensityViewTask | ChaosTask | DtStudyTask,
): PreviewResult | DensityPlot | ChaosResult | DtStudyResult | number | void | Promise<void> {
  if (t.kind === 'refine-dt') {
    const { system, ...rest } = t.request
    return dtRefinementStudy({ kind: system, ...rest })
  }
  if (t.kind === 'assist') return assistKacTeam(t.memory) // chunks it ran
  if (t.kind === 'preview') return preview(t.initial)
  if (t.kind === 'chaos') return chaos(t)
  if (t.kind === 'density-view') return densityView(t.density)
  return wantsGpu(t.spec) ? runOnGpu(t) : run(t)
}

/** Whether the solver puts this run's steps on a device it was handed (runSolver.ts gpuOf). */
function usedGpu(spec: RunSpec): boolean {
  return !isDeterministic(spec.solver) && gpuUnsupported(spec.solver) === null
}

/** An entry that asked for the GPU path ("gpu" or "auto"); the solver decides whether it can use it. */
function wantsGpu(spec: RunSpec): boolean {
  const s = spec.solver
  return (s.kind === 'kac' || s.kind === 'pairing') && (s.device === 'gpu' || s.device === 'auto')
}

/**
 * A run that asked for the GPU: the thread's device first (gpuDevice.ts). "gpu" without an adapter fails with
 * the reason; "auto" without one runs on the CPU. The run's events then include 'await' (readbacks).
 */
async function runOnGpu(t: RunTask): Promise<void> {
  const ctx = await gpuDevice()
  const s = t.spec.solver
  if (typeof ctx === 'string') {
    if ((s.kind === 'kac' || s.kind === 'pairing') && s.device === 'gpu')
      throw new Error(`device "gpu": ${ctx}. Use "device": "auto" to run on the CPU when there is no adapter.`)
    return run(t)
  }
  return run(t, ctx)
}

function preview(initial: InitialSpec): PreviewResult {
  try {
    return { ok: true, preview: previewInitial(initial) }
  } catch (err) {
    if (err instanceof InitialDataError) return { ok: false, message: err.message }
    throw err
  }
}

function chaos(t: ChaosTask): ChaosResult {
  let store: ProjectStore | undefined
  try {
    store = ProjectStore.open(t.path, { readonly: true, owner: 'chaos-report', ownerAlive: () => true, nativeBinding: t.nativeBinding })
    const cache = new DiagnosticsCache(Infinity, t.known)
    const report = chaosReport(store, {
      experiment: t.experiment,
      time: t.time,
      metric: t.metric,
      reference: t.reference,
      phi: t.phi,
      onlyRun: t.onlyRun,
      cache,
    })
    return { ok: true, report, computed: cache.added }
  } catch (err) {
    if (err instanceof ChaosReportError || err instanceof ApiError) return { ok: false, code: err.code, message: err.message }
    throw err
  } finally {
    store?.close()
  }
}

function run({ spec, port, split, start, checkpointMs = 0 }: RunTask, gpu?: GpuContext): void | Promise<void> {
  const post = (m: WorkerMessage, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer)
  let rows: HistoryRow[] = []
  let lastFlush = performance.now()
  let lastProgress = 0
  const flush = () => {
    if (rows.length) post({ type: 'rows', rows })
    rows = []
    lastFlush = performance.now()
  }
  // The solver never reads the clock: the worker says when a checkpoint is due (after a whole step).
  let lastCheckpoint = performance.now()
  const checkpointDue = checkpointMs > 0 ? () => performance.now() - lastCheckpoint >= checkpointMs : undefined
  const fail = (err: unknown): never => {
    // A run that fails (a NaN row, a bound reached) keeps the good rows it computed before: they go out
    // first, then 'end', so the scheduler stores them before it records the failure.
    flush()
    post({ type: 'end' })
    throw err
  }
  const finish = () => {
    flush()
    post({ type: 'progress', fraction: 1 })
    post({ type: 'end' })
  }
  const events = runSolver(spec, { split, start, checkpointDue, gpu })
  if (gpu) return gpuSteps().then(finish, fail)
  try {
    steps()
  } catch (err) {
    fail(err)
  }
  finish()

  /** The GPU path: the same events, and an await wherever the solver reads the device back. */
  async function gpuSteps(): Promise<void> {
    let announced = false
    for (let it = events.next(); !it.done; it = events.next()) {
      const ev = it.value
      if (ev.type === 'await') await ev.ready
      else {
        // The adapter goes to the run's record only if the solver did put the steps on it ("auto" may not).
        if (!announced && ev.type === 'start' && gpu && usedGpu(spec)) post({ type: 'device', adapter: gpu.adapter })
        announced = true
        handle(ev)
      }
    }
  }

  function steps(): void {
    for (const ev of events) handle(ev)
  }

  function handle(ev: SolverEvent): void {
    {
      // Only the GPU path yields 'await', and gpuSteps awaits it before it calls here.
      if (ev.type === 'await') throw new Error('an await event reached the synchronous consumer')
      else if (ev.type === 'start') post({ type: 'start', metrics: ev.metrics, totalSteps: ev.totalSteps })
      // The shared memory crosses as itself (not a copy): the scheduler hands it to assistant tasks.
      else if (ev.type === 'split') post({ type: 'split', memory: ev.memory, chunks: ev.chunks })
      else if (ev.type === 'row') {
        rows.push({ step: ev.step, t: ev.t, values: ev.values })
        // The first row goes out at once, so a slow run shows its initial state immediately.
        if (ev.step === 0 || rows.length >= MAX_BATCH || performance.now() - lastFlush >= FLUSH_MS) flush()
      } else if (ev.type === 'snapshot') {
        // The solver hands over a fresh copy it never touches again: move it (not clone) to the main thread.
        post({ type: 'snapshot', step: ev.step, t: ev.t, replica: ev.replica, v: ev.v }, [ev.v.buffer as ArrayBuffer])
      } else if (ev.type === 'moments') {
        const { step, t, phis, replicas, m, q } = ev
        post({ type: 'moments', moments: { step, t, phis, replicas, m, q } }, [m.buffer as ArrayBuffer, q.buffer as ArrayBuffer])
      } else if (ev.type === 'replicaRow') {
        const { step, t, moments, pool } = ev
        post({ type: 'replicaRow', row: { step, t, moments, pool } }, [moments.buffer as ArrayBuffer, pool.buffer as ArrayBuffer])
      } else if (ev.type === 'checkpoint') {
        // The rows up to its step go first: the store must hold them before it holds the checkpoint
        // (the snapshots and densities up to it were posted as they came, so they are ahead already).
        flush()
        post({ type: 'checkpoint', step: ev.step, t: ev.t, state: ev.state }, [ev.state.buffer as ArrayBuffer])
        lastCheckpoint = performance.now()
      } else if (ev.type === 'density') {
        flush() // the rows up to the density's time reach the screen with it
        post({ type: 'density', step: ev.step, t: ev.t, density: ev.density }, densityBuffers(ev.density))
      } else {
        // Progress events also come inside long steps: the time to flush pending rows, not only the next row.
        const now = performance.now()
        if (now - lastFlush >= FLUSH_MS) flush()
        if (now - lastProgress >= FLUSH_MS) {
          post({ type: 'progress', fraction: ev.fraction })
          lastProgress = now
        }
      }
    }
  }
}
