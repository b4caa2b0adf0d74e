// The backend object: WorkbenchApi implemented over one open project store and the run pool.
// Desktop (ipcMain), web (HTTP + WebSocket) and the CLI all drive this same object.
import { statSync } from 'node:fs'
import { Writable } from 'node:stream'
import { ApiError } from '../shared/api'
import { checkApiArgs } from '../shared/apiArgs'
import type {
  AppInfo,
  ChaosMetric,
  ChaosReport,
  ChaosStudyState,
  DensityInfo,
  DensityView,
  DesignRecord,
  ExampleSpec,
  ExperimentRecord,
  ExportFormat,
  FolderListing,
  History,
  HistoryQuery,
  InitialPreview,
  ProjectInfo,
  ProjectMergeResult,
  ProjectPathInfo,
  RerunSeed,
  RunAnnotationPatch,
  RunRecord,
  SnapshotInfo,
  WorkbenchApi,
  WorkbenchEvent,
} from '../shared/api'
import { InitialSpec, checkExperiment, formatIssues } from '../shared/spec'
import type { ExperimentSpec, SpecIssue } from '../shared/spec'
import type { Shard } from '../shared/shard'
import { appVersion, codeVersion } from './codeVersion'
import { writeSelectionExport } from './selectionExport'
import { figurePdfBase64 } from './figureRequest'
import type { TestFunction } from '../solvers/chaos/testFunctions'
import { listExamples } from './examples'
import { readClusterStatus } from './slurm/shardStatus'
import type { ClusterStatus } from '../shared/clusterStatus'
import { ChaosWarmup } from './chaosWarmup'
import { DiagnosticsCache } from './chaosDiagnosticsCache'
import { ChaosStudies } from './chaosStudies'
import type { FigurePdfRequest } from '../shared/figureExport'
import { owner, ownerAlive } from './processIdentity'
import { mergeInThread } from './mergeThread'
import { mergeProjects } from './store/mergeProjects'
import type { MergeResult } from './store/mergeProjects'
import { describeProjectPath, ensureProjectFolder, projectPath } from './projectPath'
import type { RecentProjectsFile } from './recentProjects'
import { browseFolder } from './folderBrowser'
import { DEFAULT_CHECKPOINT_SECONDS } from './checkpointInterval'
import { Scheduler } from './scheduler'
import { DtStudyRequest, dtStudyTooLarge, type DtStudyOutcome } from '../shared/dtStudySpec'
import { toSpecIssues } from '../shared/specIssues'
import { performance } from 'node:perf_hooks'
import { RunStarts, type ResumedExperiment } from './runStarts'
import type { RunListener } from './scheduler'
import { ProjectStore } from './store/projectStore'
import type { HistoryRow } from './store/projectStore'

const VIEW_CACHE = 32

/**
 * Values (rows × columns) beyond which exportRun refuses: its answer is one string that crosses IPC or
 * HTTP whole (≈ 25 bytes a value in JSON, so ≈ 250 MB here; V8 cannot make a string past 2^29 − 24
 * characters anyway). Longer runs go through exportRunTo (a stream) or `landau export`.
 */
export const MAX_EXPORT_STRING_VALUES = 10_000_000

export interface WorkbenchOptions {
  workerFile: string
  threads?: number
  mode: 'desktop' | 'web'
  /** Desktop: native file dialogs. */
  pickProjectPath?: (mode: 'open' | 'create' | 'merge') => Promise<string | null>
  /** The merge's worker thread entry (mergeWorker.ts, or its build); without it mergeProject merges on the calling thread. */
  mergeWorkerFile?: string
  /** Desktop: better-sqlite3 built for Electron's ABI. */
  nativeBinding?: string
  /**
   * Wall time between a run's checkpoints (docs/CLUSTER.md "Checkpoints and resume"), in seconds;
   * default DEFAULT_CHECKPOINT_SECONDS, 0: none.
   */
  checkpointSeconds?: number
  /** Web mode: the recent-projects list this workbench keeps (recentProjects.ts); desktop's main process keeps its own. */
  recent?: RecentProjectsFile
}

export { DEFAULT_CHECKPOINT_SECONDS }

export class Workbench implements WorkbenchApi {
  private store: ProjectStore | null = null
  private readonly scheduler: Scheduler
  private readonly listeners = new Set<(e: WorkbenchEvent) => void>()
  /** Column order of each active run's rows, known from its worker's 'start' message. */
  private readonly metricsOf = new Map<number, string[]>()
  /** Recent density views ("run:step"), so stepping back and forth through times is instant. */
  private readonly views = new Map<string, DensityView>()
  private readonly studies = new ChaosStudies(this, (e) => this.emit(e))
  private readonly starts: RunStarts
  /** Computes the Convergence view's other times ahead, while the interactive thread is idle. */
  private readonly warmup: ChaosWarmup
  /** Per-run chaos diagnostics of every report computed so far: a change of measure or a time seen before is lookups. */
  private readonly diagnostics = new DiagnosticsCache()
  /** A merge into the open project under way (its store closed meanwhile): the project it closed, and its end. */
  private merging: { project: ProjectInfo; done: Promise<void> } | null = null

  constructor(private readonly opts: WorkbenchOptions) {
    this.scheduler = new Scheduler({ workerFile: opts.workerFile, threads: opts.threads }, this.runListener())
    this.warmup = new ChaosWarmup(this.scheduler, this.diagnostics, opts.nativeBinding)
    this.starts = new RunStarts({
      project: () => this.project(),
      scheduler: this.scheduler,
      emit: (e) => this.emit(e),
      checkpointMs: () => this.checkpointMs,
      checkInitial: (initial, path) => this.checkInitial(initial, path),
    })
  }

  get threads(): number {
    return this.scheduler.threads
  }

  private get checkpointMs(): number {
    return 1000 * (this.opts.checkpointSeconds ?? DEFAULT_CHECKPOINT_SECONDS)
  }

  // Project ---------------------------------------------------------------------------------------

  async appInfo(): Promise<AppInfo> {
    return { version: appVersion, codeVersion: codeVersion(), mode: this.opts.mode, canPickFiles: !!this.opts.pickProjectPath }
  }

  async pickProjectPath(mode: 'open' | 'create' | 'merge'): Promise<string | null> {
    return this.opts.pickProjectPath ? this.opts.pickProjectPath(mode) : null
  }

  async createProject(path: string, options: { createFolders?: boolean } = {}): Promise<ProjectInfo> {
    return this.switchProject(path, true, !!options.createFolders)
  }

  async openProject(path: string): Promise<ProjectInfo> {
    return this.switchProject(path, false, false)
  }

  async resolveProjectPath(path: string): Promise<ProjectPathInfo> {
    return describeProjectPath(path)
  }

  async browseFolder(path?: string): Promise<FolderListing> {
    return browseFolder(path)
  }

  async recentProjects(): Promise<string[]> {
    return this.opts.recent?.list() ?? []
  }

  private switchProject(path: unknown, create: boolean, createFolders: boolean): ProjectInfo {
    // Only a .landau file, absolute, never over an existing path, opened only if a regular file (projectPath.ts).
    const file = projectPath(path, create ? 'create' : 'open')
    this.ensureIdle('open another project')
    if (create) ensureProjectFolder(file, createFolders)
    const store = ProjectStore.open(file, { create, owner, ownerAlive, nativeBinding: this.opts.nativeBinding })
    this.store?.close()
    this.store = store
    this.views.clear()
    this.warmup.stop()
    this.opts.recent?.remember(file)
    const info = store.info()
    this.emit({ type: 'project', project: info })
    return info
  }

  async currentProject(): Promise<ProjectInfo | null> {
    if (this.merging) return this.merging.project // closed for the moment, open again after the merge
    return this.store ? this.store.info() : null
  }

  async closeProject(): Promise<void> {
    this.ensureIdle('close the project')
    this.store?.close()
    this.store = null
    this.views.clear()
    this.warmup.stop()
    this.emit({ type: 'project', project: null })
  }

  async mergeProject(request: { path: string }): Promise<ProjectMergeResult> {
    const store = this.project()
    const input = projectPath(request.path, 'open')
    if (sameFile(input, store.path)) throw new ApiError('invalid-argument', `${input} is the open project itself: choose another project to merge into it`)
    this.ensureIdle('merge another project into this one')
    // A study queues its next batch on the open project when one ends: it would find the project closed.
    if (this.studies.running > 0)
      throw new ApiError('busy', 'a chaos study is still running on this project; wait for it to end before you merge another project into it')
    const out = store.path
    const before = store.info()
    // Closed first: its last connection folds the WAL into the file, which the merge copies and then
    // replaces (mergeProjects refuses a file whose -wal still holds commits: open in another process).
    store.close()
    this.store = null
    this.views.clear()
    this.warmup.stop()
    // `done` settles after the reopen, so a shutdown that waits for it closes the reopened store.
    let finish!: () => void
    this.merging = { project: before, done: new Promise<void>((resolve) => (finish = resolve)) }
    let result: MergeResult
    try {
      result = await this.mergeFiles(out, input)
    } finally {
      this.merging = null
      this.reopen(out)
      finish()
    }
    return { project: this.project().info(), input: result.inputs[0] }
  }

  /** mergeProjects in its own thread (mergeThread.ts) when the host built one, else on this thread. */
  private mergeFiles(out: string, input: string): Promise<MergeResult> {
    const file = this.opts.mergeWorkerFile
    if (file) return mergeInThread(file, { out, inputs: [input], nativeBinding: this.opts.nativeBinding })
    return new Promise((resolve) => resolve(mergeProjects(out, [input], { owner, ownerAlive, nativeBinding: this.opts.nativeBinding })))
  }

  /**
   * Opens `path` again after a merge, merged or (refused, failed) as it was, and says so with a 'project'
   * event, on which the UI reloads its lists. If even that fails (the file was removed meanwhile, the disk
   * went away), no project is open and the event says that; the error goes to the log, the merge's own
   * outcome to the caller.
   */
  private reopen(path: string): void {
    try {
      this.store = ProjectStore.open(path, { create: false, owner, ownerAlive, nativeBinding: this.opts.nativeBinding })
    } catch (err) {
      console.error(`cannot open ${path} again after the merge: ${(err as Error).message}`)
    }
    this.emit({ type: 'project', project: this.store ? this.store.info() : null })
  }

  private ensureIdle(what: string): void {
    if (this.merging) throw mergeUnderWay(this.merging.project.path)
    const n = this.scheduler.activeCount
    if (n > 0)
      throw new ApiError('busy', `${n} run${n === 1 ? ' is' : 's are'} still queued or running; cancel ${n === 1 ? 'it' : 'them'} or wait before you ${what}`)
  }

  private project(): ProjectStore {
    if (this.merging) throw mergeUnderWay(this.merging.project.path)
    if (!this.store) throw new ApiError('no-project', 'no project is open: create or open a .landau file first')
    return this.store
  }

  // Experiments and runs --------------------------------------------------------------------------

  async validateExperiment(spec: unknown): Promise<{ ok: true; spec: ExperimentSpec } | { ok: false; issues: SpecIssue[] }> {
    return checkExperiment(spec)
  }

  async startExperiment(input: unknown): Promise<{ experimentId: number; runIds: number[] }> {
    return this.starts.startRuns(input)
  }

  /**
   * One shard of an experiment (`landau run --shard`, shard.ts): the whole experiment is stored, but only
   * the shard's runs are inserted and run, each with its own run index. Not an API method: the CLI's only.
   */
  async startExperimentShard(input: unknown, shard: Shard): Promise<{ experimentId: number; runIds: number[] }> {
    return this.starts.startRuns(input, shard)
  }

  /**
   * Continues a stopped run (interrupted, failed or cancelled) from its last checkpoint, or from t = 0 when
   * it has none (runStarts.ts; docs/CLUSTER.md "Checkpoints and resume").
   */
  async resumeRun(runId: number, options: { force?: boolean } = {}): Promise<{ fromStep: number; totalSteps: number }> {
    // A run in the trash would run unseen (the list hides it): it comes back first.
    if (this.project().getRun(runId).deletedAt) throw new ApiError('invalid-argument', `run ${runId} is in the trash: restore it before you resume it`)
    return this.starts.resumeRun(runId, options)
  }

  /** `landau run SPEC --resume` (not an API method): runStarts.ts resumeExperiment. */
  async resumeExperiment(input: unknown, shard?: Shard, options: { force?: boolean } = {}): Promise<ResumedExperiment | null> {
    return this.starts.resumeExperiment(input, shard, options)
  }

  async listExperiments(): Promise<ExperimentRecord[]> {
    return this.project().listExperiments()
  }

  async listRuns(): Promise<RunRecord[]> {
    return this.project().listRuns()
  }

  async getRun(runId: number): Promise<RunRecord> {
    return this.project().getRun(runId)
  }

  async getHistory(runId: number, options?: HistoryQuery): Promise<History> {
    return this.project().getHistory(runId, options)
  }

  async rerunRun(runId: number, options: { seed: RerunSeed }): Promise<{ experimentId: number; runIds: number[] }> {
    return this.starts.rerun(runId, options.seed)
  }

  // Run management: annotations and the trash (store/runAnnotations.ts) ---------------------------

  async annotateRun(runId: number, patch: RunAnnotationPatch): Promise<RunRecord> {
    return this.emitRuns(this.project().annotateRun(runId, patch))
  }

  async deleteRuns(runIds: number[]): Promise<RunRecord[]> {
    const active = runIds.filter((id) => this.scheduler.isActive(id))
    if (active.length) throw new ApiError('busy', `run${active.length === 1 ? '' : 's'} ${active.join(', ')} still queued or running: cancel before deleting`)
    return this.project()
      .trashRuns(runIds)
      .map((r) => this.emitRuns(r))
  }

  async restoreRuns(runIds: number[]): Promise<RunRecord[]> {
    return this.project()
      .restoreRuns(runIds)
      .map((r) => this.emitRuns(r))
  }

  async emptyTrash(): Promise<{ runIds: number[] }> {
    const runIds = this.project().emptyTrash()
    for (const key of [...this.views.keys()]) if (runIds.includes(Number(key.split(':')[0]))) this.views.delete(key)
    if (runIds.length) this.emit({ type: 'runs-removed', runIds })
    return { runIds }
  }

  private emitRuns(run: RunRecord): RunRecord {
    this.emit({ type: 'run', run })
    return run
  }

  async cancelRun(runId: number): Promise<void> {
    this.project().getRun(runId) // not-found for an unknown id
    this.scheduler.cancel(runId, 'user')
  }

  /** Resolves when every queued and running run has finished (CLI, tests). */
  whenIdle(): Promise<void> {
    return this.scheduler.whenIdle()
  }

  // Designs and exports ---------------------------------------------------------------------------

  async saveDesign(name: string, initial: unknown): Promise<DesignRecord> {
    const parsed = parseInitial(initial)
    await this.checkInitial(parsed, 'initial')
    return this.project().insertDesign(name.trim(), parsed)
  }

  async listDesigns(): Promise<DesignRecord[]> {
    return this.project().listDesigns()
  }

  async previewInitial(input: unknown): Promise<InitialPreview> {
    const initial = parseInitial(input)
    const r = await this.scheduler.preview(initial)
    if (!r.ok) throw initialError(r.message, 'initial')
    return r.preview
  }

  /**
   * Data whose validity only evaluation shows (a user formula: negative, not integrable) are checked
   * before anything is stored, so a bad one is refused like any other bad spec.
   */
  private async checkInitial(initial: InitialSpec, path: string): Promise<void> {
    if (initial.family !== 'formula') return
    const r = await this.scheduler.preview(initial)
    if (!r.ok) throw initialError(r.message, path)
  }

  async listSnapshots(runId: number): Promise<SnapshotInfo[]> {
    return this.project().listSnapshots(runId)
  }

  async listDensities(runId: number): Promise<DensityInfo[]> {
    return this.project().listDensities(runId)
  }

  async getDensityView(runId: number, step: number): Promise<DensityView> {
    const id = runId
    const key = `${id}:${step}`
    const hit = this.views.get(key)
    if (hit) return hit
    const store = this.project()
    const d = store.getDensity(id, step)
    const plot = await this.scheduler.densityView(d.density)
    const view: DensityView = { runId: id, step: d.step, t: d.t, kind: d.density.kind, ...plot }
    if (this.store === store) this.views.set(key, view) // not if the project changed meanwhile
    if (this.views.size > VIEW_CACHE) this.views.delete(this.views.keys().next().value as string)
    return view
  }

  /**
   * The export as one string (the API method: IPC and POST /api/call carry strings): one run's, or several
   * runs' in one file (selectionExport.ts). Built by the streaming writer, which gives the event loop a turn
   * between pages of rows, so other calls are answered meanwhile; refused past MAX_EXPORT_STRING_VALUES
   * (all the runs' values together).
   */
  async exportRun(runIds: number | number[], format: ExportFormat): Promise<string> {
    const store = this.project()
    const ids = [...new Set(typeof runIds === 'number' ? [runIds] : runIds)]
    let rows = 0
    let values = 0
    for (const run of ids.map((id) => store.getRun(id))) {
      const n = store.historyCursor(run.id).rows // after getRun: an unknown run is not-found
      rows += n
      values += n * (run.metrics.length + 1)
    }
    if (values > MAX_EXPORT_STRING_VALUES) {
      const which = ids.length === 1 ? `run ${ids[0]} has ${rows} rows` : `runs ${ids.join(', ')} have ${rows} rows together`
      const flag = ids.length === 1 ? `--run ${ids[0]}` : `--runs ${ids.join(',')}`
      throw new ApiError('invalid-argument', `${which}, too many to export in one piece; use \`landau export ${store.path} ${flag} --out FILE\``)
    }
    const chunks: string[] = []
    const collect = new Writable({
      decodeStrings: false,
      write(chunk: string, _encoding, callback) {
        chunks.push(chunk)
        callback()
      },
    })
    await writeSelectionExport(store, ids, format, collect)
    return chunks.join('')
  }

  /**
   * Streams the export of one run or several (the bytes exportRun returns) into `out` in bounded memory,
   * honouring backpressure; for hosts that hold a stream (an HTTP response, a file), so not part of
   * WorkbenchApi. Bad ids/format ('invalid-argument'), no project ('no-project') and an unknown run
   * ('not-found') are thrown before the first byte is written. Resolves once `out` has taken the last
   * byte; does not end `out`. Rejects if `out` errors or closes first (a client that went away), on
   * `options.signal`, or with ApiError 'io' when the project is closed meanwhile. Rows appended during the
   * export are left out.
   */
  async exportRunTo(runIds: number | number[], format: ExportFormat, out: Writable, options: { signal?: AbortSignal } = {}): Promise<void> {
    const store = this.project()
    // Not an API method, so dispatchApiCall has not checked them: exportRun's checks (apiArgs.ts).
    const checked = checkApiArgs('exportRun', [runIds, format])
    if (!checked.ok) throw new ApiError('invalid-argument', checked.message)
    await writeSelectionExport(store, typeof runIds === 'number' ? [runIds] : runIds, format, out, { signal: options.signal })
  }

  async chaosConvergence(experimentId: number, options: { time: number; metric: ChaosMetric; reference?: number; phi?: TestFunction }): Promise<ChaosReport> {
    const store = this.project()
    const { time, metric, reference, phi } = options
    store.getExperiment(experimentId) // not-found for an unknown id, before a thread is busied
    const r = await this.scheduler.chaos({
      path: store.path,
      experiment: experimentId,
      time,
      metric,
      reference,
      phi,
      known: this.diagnostics.entriesOf(store.path),
      nativeBinding: this.opts.nativeBinding,
    })
    if (!r.ok) throw new ApiError(r.code, r.message)
    for (const [k, v] of r.computed) this.diagnostics.set(k, v)
    if (this.store === store) this.warmup.start(store, { experiment: experimentId, time, reference, phi })
    return r.report
  }

  async clusterStatus(): Promise<ClusterStatus | null> {
    return this.store ? readClusterStatus(this.store.path, { nativeBinding: this.opts.nativeBinding }) : null
  }

  async listExamples(): Promise<ExampleSpec[]> {
    return listExamples()
  }

  async startChaosStudy(spec: unknown): Promise<{ studyId: number }> {
    return this.studies.start(spec, this.project().path)
  }

  async getChaosStudy(studyId: number): Promise<ChaosStudyState> {
    return this.studies.get(studyId)
  }

  /**
   * A time-step refinement study (docs/NUMERICS.md §4.16) on a pool thread; nothing is stored (the answer is the
   * table, and the same request with its seed gives it again bit for bit). Refused with 'invalid-spec' for a bad
   * request and for one larger than the UI runs (dtStudyTooLarge).
   */
  async refineDt(input: unknown): Promise<DtStudyOutcome> {
    const r = DtStudyRequest.safeParse(input)
    if (!r.success) {
      const issues = toSpecIssues(r.error.issues)
      throw new ApiError('invalid-spec', formatIssues(issues), issues)
    }
    const tooLarge = dtStudyTooLarge(r.data)
    if (tooLarge) throw new ApiError('invalid-spec', tooLarge, [{ path: 'replicas', message: tooLarge }])
    const t0 = performance.now()
    const result = await this.scheduler.refineDt(r.data)
    return { ...result, request: r.data, seconds: (performance.now() - t0) / 1000 }
  }

  async figurePdf(request: FigurePdfRequest): Promise<string> {
    return figurePdfBase64(request, `Landau Workbench ${appVersion}`)
  }

  // Events ----------------------------------------------------------------------------------------

  onEvent(listener: (event: WorkbenchEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private emit(event: WorkbenchEvent): void {
    for (const l of this.listeners) {
      try {
        l(event)
      } catch (err) {
        console.error('event listener failed:', err)
      }
    }
  }

  private runListener(): RunListener {
    // The store may have been closed only when no run is active (ensureIdle), so it is open here.
    // A store write that throws here (disk full, file busy) ends that run as failed with the error as its
    // reason (the scheduler catches it); only onFinish catches its own, as the run has ended already.
    return {
      onStart: (runId, metrics) => {
        const store = this.project()
        this.metricsOf.set(runId, metrics)
        store.markRunning(runId, metrics)
        this.emit({ type: 'run', run: store.getRun(runId) })
      },
      onRows: (runId, rows: HistoryRow[]) => {
        this.project().appendHistory(runId, rows)
        const metrics = this.metricsOf.get(runId) ?? []
        const values: Record<string, number[]> = {}
        metrics.forEach((m, j) => (values[m] = rows.map((r) => r.values[j])))
        this.emit({ type: 'history', runId, t: rows.map((r) => r.t), values })
      },
      onSnapshot: (runId, snapshot) => this.project().insertSnapshot(runId, snapshot),
      onMoments: (runId, moments) => this.project().insertReplicaMoments(runId, moments),
      onReplicaRow: (runId, row) => this.project().insertReplicaRow(runId, row),
      onCheckpoint: (runId, cp) => this.project().putCheckpoint(runId, cp, codeVersion()),
      onDevice: (runId, adapter) => {
        const store = this.project()
        store.noteRunDevice(runId, adapter)
        this.emit({ type: 'run', run: store.getRun(runId) })
      },
      onDensity: (runId, d) => {
        this.project().insertDensity(runId, d)
        this.emit({ type: 'density', runId, step: d.step, t: d.t, kind: d.density.kind })
      },
      onProgress: (runId, fraction, etaSeconds) => {
        this.project().setProgress(runId, fraction)
        this.emit({ type: 'progress', runId, fraction, etaSeconds })
      },
      onFinish: (runId, outcome) => {
        const store = this.project()
        this.metricsOf.delete(runId)
        try {
          store.finishRun(runId, outcome.status, { error: outcome.error, wallMs: outcome.wallMs, stopReason: outcome.stopReason })
        } catch (err) {
          // Kept in memory by the store (getRun shows it) and retried by its next write and on close.
          console.error(`run ${runId}: its end (${outcome.status}) is not stored yet: ${(err as Error).message}`)
        }
        try {
          this.emit({ type: 'run', run: store.getRun(runId) })
        } catch (err) {
          console.error(`run ${runId}: ${(err as Error).message}`)
        }
      },
    }
  }

  /**
   * Stops what runs (status 'interrupted', stop reason 'shutdown': not a user's cancel), stops the pool,
   * closes the project. The CLI's and the server's SIGINT/SIGTERM handlers and the app's quit come here.
   */
  async shutdown(): Promise<void> {
    // A merge under way ends first (it is atomic, but its thread holds the files and reopens the project).
    await this.merging?.done
    this.warmup.stop()
    await this.scheduler.close()
    this.store?.close()
    this.store = null
  }
}

function mergeUnderWay(path: string): ApiError {
  return new ApiError('busy', `a merge into ${path} is under way; try again when it has ended`)
}

/** Whether two paths name one file (a symbolic or hard link to the open project is the open project). */
function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a)
    const y = statSync(b)
    return x.dev === y.dev && x.ino === y.ino
  } catch {
    return a === b
  }
}

function parseInitial(input: unknown): InitialSpec {
  const parsed = InitialSpec.safeParse(input)
  if (parsed.success) return parsed.data
  const issues = parsed.error.issues.map((i) => ({ path: ['initial', ...i.path.map(String)].join('.'), message: i.message }))
  throw new ApiError('invalid-spec', formatIssues(issues), issues)
}

/** A formula's problems belong to its expression field. */
function initialError(message: string, path: string): ApiError {
  const field = `${path}.expr`
  return new ApiError('invalid-spec', `${field}: ${message}`, [{ path: field, message }])
}
