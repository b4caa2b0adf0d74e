// WorkbenchApi: the only contract between the renderer and the backend.
// The desktop transport (preload ⇄ ipcMain) and the web transport (HTTP + WebSocket) are thin adapters
// that carry `call(method, args)` and a stream of WorkbenchEvents; both wrap results in ApiResult so
// errors arrive with their code and message intact whatever the transport.
import type { ChaosStudyReport } from './chaosStudyReport'
import type { DtStudyOutcome } from './dtStudySpec'
import type { ClusterStatus } from './clusterStatus'
import type { ExperimentSpec, InitialSpec, RunSpec, SolverSpec, SpecIssue } from './spec'
import type { InitialPreview } from '../solvers/initial/previewTypes'
import type { ChaosDiagnostics } from '../solvers/chaos/chaosDiagnostics'
import type { TestFunction } from '../solvers/chaos/testFunctions'

export type { TestFunction }
export type { ClusterStatus, ShardProgress, ShardState } from './clusterStatus'
import type { FigurePdfRequest } from './figureExport'
import type { RunAnnotationPatch } from './runAnnotations'
export type { RunAnnotationPatch }
import { checkApiArgs } from './apiArgs'

export type RunStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted'

/**
 * Why a run stopped before it was done: 'user' (cancelled), 'shutdown' (the app, server or CLI was closed
 * or signalled: status 'interrupted'), 'crash' (its process vanished; found at the next open: 'interrupted'),
 * 'error' (status 'failed': the solver, a thread or the store failed; the error says which).
 */
export type StopReason = 'user' | 'shutdown' | 'crash' | 'error'

export interface AppInfo {
  version: string
  /** package version + git commit (+ "-dirty"), stored with every run. */
  codeVersion: string
  mode: 'desktop' | 'web'
  /** Desktop mode can show native file dialogs; the web UI asks for a path instead. */
  canPickFiles: boolean
}

export interface ProjectInfo {
  path: string
  schemaVersion: number
  createdAt: string
  experimentCount: number
  runCount: number
}

export interface DesignRecord {
  id: number
  name: string
  initial: InitialSpec
  createdAt: string
}

export interface ExperimentRecord {
  id: number
  name: string
  spec: ExperimentSpec
  createdAt: string
  runIds: number[]
}

export interface RunRecord {
  id: number
  experimentId: number
  experimentName: string
  /** Position in the experiment (`runIndex` of the spec). */
  index: number
  solver: SolverSpec['kind']
  status: RunStatus
  seed: number
  params: SolverSpec
  spec: RunSpec
  codeVersion: string
  host: string
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
  wallMs: number | null
  /** Fraction done in [0, 1]. */
  progress: number
  error: string | null
  /** Why it stopped, for a run that ended otherwise than done (null: done, active, or not recorded). */
  stopReason?: StopReason | null
  /** History column names in the order the store keeps them (empty before the run starts). */
  metrics: string[]
  // The researcher's annotations (schema 10; an older file read read-only shows none): not run content.
  /** The run's own name, or null (the experiment's name is shown). */
  label: string | null
  /** Markdown, as written. */
  notes: string
  tags: string[]
  starred: boolean
  /** When it was archived (hidden from the run list by default), or null. */
  archivedAt: string | null
  /** When it was moved to the trash (hidden; restorable until the trash is emptied), or null. */
  deletedAt: string | null
}

/** Columnar history: values[m][k] is metric m at time t[k]. */
export interface History {
  runId: number
  t: number[]
  values: Record<string, number[]>
  /** Set when getHistory was given options: the rows the run holds (in the asked t range) before decimation. */
  totalRows?: number
  /** True when the rows are a display decimation (src/shared/decimate.ts) of `totalRows` rows, not all of them. */
  decimated?: boolean
}

/** Options of getHistory for display. Without them getHistory returns every row (exports, CLI). */
export interface HistoryQuery {
  /** Row budget (≥ 2): a longer history is decimated to at most this many rows, each bucket of t keeping
   * its first and last row and every metric's min and max row (a metric's `_se` column follows its rows). */
  maxPoints?: number
  /** Only rows with tMin ≤ t ≤ tMax (a zoomed plot). */
  tMin?: number
  tMax?: number
}

export type { FunctionalValue, InitialPreview, MomentSummary } from '../solvers/initial/previewTypes'

export interface SnapshotInfo {
  runId: number
  step: number
  t: number
  replicas: number
  N: number
}

/** How a deterministic run stores its density (DensityRecord of src/solvers/deterministic/types.ts). */
export type DensityKind = 'grid' | 'radial' | 'weighted'

/** A density a deterministic run stored at one of its snapshot times. */
export interface DensityInfo {
  step: number
  t: number
  kind: DensityKind
}

/** What the run view draws of a stored density, on the designer preview's grids (so the two look alike). */
export interface DensityView extends DensityInfo {
  runId: number
  /** 1-D marginals on the grid v (that of InitialPreview.marginals). */
  marginals: InitialPreview['marginals']
  /** The slice f(vx, vy, 0): values[iy][ix] at (v[ix], v[iy]). */
  slice: InitialPreview['slice']
  /** How the stored record became the plot: grid size, number of radii, smoothing bandwidth. */
  note: string
}

/** The errors a convergence view can fit against N (src/backend/chaosReport.ts computes each). */
export const CHAOS_METRIC_KEYS = ['w2-excess', 'w2sq-excess', 'w2', 'w2-pair', 'weak1', 'weak2', 'entropy-gap'] as const
export type ChaosMetric = (typeof CHAOS_METRIC_KEYS)[number]
/** The metrics in words, for selectors and axis names. */
export const CHAOS_METRIC_LABELS: Record<ChaosMetric, string> = {
  'w2-excess': 'W2 excess over floor',
  'w2sq-excess': 'W2² excess over floor²',
  w2: 'W2(F_N1, f)',
  'w2-pair': 'W2(F_N2, f⊗f)',
  weak1: 'weak k=1',
  weak2: 'weak k=2',
  'entropy-gap': '|entropy gap|',
}

/** Propagation-of-chaos diagnostics of one particle run (src/solvers/chaos/chaosDiagnostics.ts), with its run, solver and stored time. */
export type ChaosRunDiagnostics = ChaosDiagnostics & { run: number; solver: string; t: number }

/** One run's value of the chosen metric with its 95 % interval (t with M − 1 degrees of freedom). */
export interface ChaosPoint {
  run: number
  N: number
  y: number
  se: number
  /** NaN when se is unknown (one replica). */
  lo: number
  hi: number
  /** lo was ≤ 0 and has been raised to y·1e-3 so that a log axis can draw it (draw it open-ended). */
  clipped: boolean
}

/** The log–log fit y ≈ e^intercept · N^slope of one solver's points (src/solvers/chaos/convergenceFit.ts). */
export interface ChaosFit {
  solver: string
  metric: ChaosMetric
  /** Number of points fitted. */
  points: number
  slope: number
  slopeSe: number
  slopeLo: number
  slopeHi: number
  intercept: number
  interceptSe: number
  dof: number
  tCrit: number
  weighted: boolean
  chi2Reduced: number
}

export interface ChaosReport {
  experiment: number
  time: number
  metric: ChaosMetric
  reference: { run: number; solver: string; t: number }
  runs: ChaosRunDiagnostics[]
  /** Per solver, the points of the metric (y > 0 only) with their intervals, in run order. */
  series: { solver: string; points: ChaosPoint[] }[]
  /** Runs whose value of the metric is ≤ 0 or not finite: a log axis cannot draw them, the fit leaves them out. */
  omitted: { run: number; solver: string; N: number; y: number; se: number }[]
  /** Solvers with at least three distinct N (a slope needs a residual degree of freedom). */
  fits: ChaosFit[]
  /** Particle runs of the experiment queued or running whose snapshot at `time` is not complete yet. */
  pending: number[]
  /** The test function φ of the weak chaos columns (weak1, weak2). */
  phi: TestFunction
  /** The experiment's spec, so that an exported figure says what it shows. */
  spec: ExperimentSpec
}

export type WorkbenchEvent =
  | { type: 'project'; project: ProjectInfo | null }
  | { type: 'experiment'; experiment: ExperimentRecord }
  | { type: 'run'; run: RunRecord }
  /** Runs removed for good (the trash emptied): their records are gone. */
  | { type: 'runs-removed'; runIds: number[] }
  | { type: 'progress'; runId: number; fraction: number; etaSeconds: number | null }
  | { type: 'history'; runId: number; t: number[]; values: Record<string, number[]> }
  /** A deterministic run stored a density (getDensityView draws it). */
  | { type: 'density'; runId: number; step: number; t: number; kind: DensityKind }
  /** A chaos study moved on (a log line, its end). */
  | { type: 'study'; study: ChaosStudyState }

/** A chaos study started from the UI: its log so far and, once it ends, its report or its error. */
export interface ChaosStudyState {
  id: number
  name: string
  state: 'running' | 'done' | 'failed'
  log: string[]
  report: ChaosStudyReport | null
  error: string | null
}

export type ExportFormat = 'csv' | 'json'

/**
 * What one project file brought to a merge (mergeProjects.ts's MergeInputReport, `landau merge`'s line
 * for that input): experiments and done runs added or already present, designs added, and the runs left
 * out because they are not done, counted by status.
 */
export interface MergeInputSummary {
  file: string
  experimentsAdded: number
  experimentsPresent: number
  runsAdded: number
  runsPresent: number
  designsAdded: number
  /** Runs not merged because they are not done, by status. */
  skipped: Record<string, number>
  /** Replica-range parts (docs/CLUSTER.md): joined into whole runs; already merged; waiting for the run's other parts. */
  partsUsed: number
  partsPresent: number
  partsPending: number
}

/** mergeProject's answer: the open project after the merge and what the merged file brought. */
export interface ProjectMergeResult {
  project: ProjectInfo
  input: MergeInputSummary
}

/** A bundled example experiment (resources/examples): its file name, its spec's name, the spec as written. */
export interface ExampleSpec {
  file: string
  name: string
  spec: unknown
}

/** What a typed project path names on the backend's machine (the project bar shows it before it acts). */
export interface ProjectPathInfo {
  /** The absolute path it names (`~/` expanded, a relative path from the backend's working folder). */
  path: string
  /** The folder the project file is (or would be) in. */
  folder: string
  /** Something is at `path` already (open it; New project would refuse). */
  exists: boolean
  /** The folder exists; when it does not, createProject needs `createFolders` to make it. */
  folderExists: boolean
}

/** A folder as the web UI's file browser shows it (only inside the user's home folder). */
export interface FolderListing {
  path: string
  /** The folder above, or null at the home folder (the browser goes no higher). */
  parent: string | null
  /** Subfolders and *.landau files, folders first, by name; hidden names left out. */
  entries: { name: string; kind: 'folder' | 'project' }[]
  /** More entries than listed. */
  truncated: boolean
}

/** How rerunRun picks the seed: the run's own (the same random streams: a bit-identical repeat) or a new one. */
export type RerunSeed = 'same' | 'new'

export interface WorkbenchApi {
  appInfo(): Promise<AppInfo>
  /** Desktop: a native dialog ('merge': a project file to merge into the open one); web: always null (the UI asks for a path). */
  pickProjectPath(mode: 'open' | 'create' | 'merge'): Promise<string | null>
  /**
   * Creates a project at `path`. A missing folder is refused ('not-found', saying which) unless
   * options.createFolders: then it is made, with any missing folders above it (as `mkdir -p`).
   */
  createProject(path: string, options?: { createFolders?: boolean }): Promise<ProjectInfo>
  /** What `path` names (projectPath.ts's rules; ApiError 'invalid-argument' for a path that cannot be a project). */
  resolveProjectPath(path: string): Promise<ProjectPathInfo>
  /** Web mode's file browser: a folder's subfolders and project files, inside the user's home only (default: home). */
  browseFolder(path?: string): Promise<FolderListing>
  /** Projects opened or created recently, newest first (desktop: the main process's list; web: the user's config folder). */
  recentProjects(): Promise<string[]>
  openProject(path: string): Promise<ProjectInfo>
  currentProject(): Promise<ProjectInfo | null>
  closeProject(): Promise<void>
  /**
   * `landau merge` into the open project: the experiments, done runs and designs of the .landau file at
   * `path` (docs/CLUSTER.md has the rules). Refused ('busy') while runs or a chaos study of this project are
   * under way, and ('invalid-argument') for the open project itself or a conflict, whose one-line message
   * names it; the project is then as it was, open again. Emits 'project' once it is open again.
   */
  mergeProject(request: { path: string }): Promise<ProjectMergeResult>

  /** Parses a spec without running it; never throws for a bad spec. */
  validateExperiment(spec: unknown): Promise<{ ok: true; spec: ExperimentSpec } | { ok: false; issues: SpecIssue[] }>
  /** Validates, stores the experiment and its runs, queues them. Throws ApiError 'invalid-spec'. */
  startExperiment(spec: unknown): Promise<{ experimentId: number; runIds: number[] }>
  listExperiments(): Promise<ExperimentRecord[]>
  listRuns(): Promise<RunRecord[]>
  getRun(runId: number): Promise<RunRecord>
  getHistory(runId: number, options?: HistoryQuery): Promise<History>
  cancelRun(runId: number): Promise<void>
  /**
   * Continues an interrupted, failed or cancelled run from its last checkpoint (from t = 0 without one); its
   * finished history, snapshots and densities are bit-identical to an uninterrupted run's. ApiError
   * 'invalid-argument' for a done run, or one computed by another code version or JavaScript engine
   * (unless options.force: the bits may then differ); 'busy' for a run queued or running.
   */
  /** Continues a stopped run from its checkpoint; says from which step (0: it had none, so from the start). */
  resumeRun(runId: number, options?: { force?: boolean }): Promise<{ fromStep: number; totalSteps: number }>
  /**
   * Runs run `runId` again as a new experiment holding only it: its experiment's spec, named "… · re-run of
   * run ID", with the same run index, so seed 'same' repeats it bit for bit (on the same code) and 'new'
   * draws a fresh seed. Refused like startExperiment when the spec no longer passes today's checks.
   */
  rerunRun(runId: number, options: { seed: RerunSeed }): Promise<{ experimentId: number; runIds: number[] }>
  /** Changes a run's annotations (label, notes, tags, star, archived); emits and returns its record. */
  annotateRun(runId: number, patch: RunAnnotationPatch): Promise<RunRecord>
  /** Moves runs to the trash (hidden, restorable); refused ('busy') for a queued or running one. */
  deleteRuns(runIds: number[]): Promise<RunRecord[]>
  /** Takes runs out of the trash (the undo of deleteRuns). */
  restoreRuns(runIds: number[]): Promise<RunRecord[]>
  /** Empties the trash: removes its runs and everything they stored, for good. Emits 'runs-removed'. */
  emptyTrash(): Promise<{ runIds: number[] }>

  saveDesign(name: string, initial: unknown): Promise<DesignRecord>
  listDesigns(): Promise<DesignRecord[]>
  /** Normalises and analyses an initial datum for the designer; throws ApiError 'invalid-spec' (bad or non-integrable formula, …). */
  previewInitial(initial: unknown): Promise<InitialPreview>

  /** The particle snapshots a run stored (spec `snapshots`). */
  listSnapshots(runId: number): Promise<SnapshotInfo[]>
  /** The densities a deterministic run stored (spec `snapshots`), in time order. */
  listDensities(runId: number): Promise<DensityInfo[]>
  /** Marginals and the slice f(vx, vy, 0) of the density run `runId` stored at `step`. */
  getDensityView(runId: number, step: number): Promise<DensityView>

  /** One run's history export, or several runs' in one file (a run column in CSV, a runs array in JSON). */
  exportRun(runIds: number | number[], format: ExportFormat): Promise<string>

  /**
   * Error at `time` of an experiment's particle runs against its deterministic reference run (default: the
   * first finished one), vs N, with per-point 95 % intervals and a log–log slope per solver. Computed off the
   * main thread. ApiError 'invalid-argument' for a time not stored, 'not-found' when there is no reference.
   */
  chaosConvergence(experimentId: number, options: { time: number; metric: ChaosMetric; reference?: number; phi?: TestFunction }): Promise<ChaosReport>

  /**
   * A chart's exported SVG as a one-page vector PDF of widthMm × heightMm, DejaVu Sans embedded, the
   * metadata in the document info; returned base64-encoded. ApiError 'invalid-argument' for a bad request.
   */
  figurePdf(request: FigurePdfRequest): Promise<string>

  /**
   * A particle system's time-step refinement study (`landau refine-dt`'s computation for one system and
   * integrator): the weak error of E[Txx − Tzz](T) per Δt and the observed order with its 95 % interval. Runs
   * on a pool thread; stores nothing. ApiError 'invalid-spec' for a bad or too large request.
   */
  refineDt(request: unknown): Promise<DtStudyOutcome>

  /** The bundled example experiments, by file name. */
  listExamples(): Promise<ExampleSpec[]>

  /**
   * Validates a chaos study (ApiError 'invalid-spec' with its issues) and starts it in the background on
   * the open project: pilot, planned batches, report (docs/CHAOS.md). Progress and the end come as 'study'
   * events; getChaosStudy reads the state. Studies live as long as the backend (their runs in the project).
   */
  startChaosStudy(spec: unknown): Promise<{ studyId: number }>
  getChaosStudy(studyId: number): Promise<ChaosStudyState>

  /**
   * The experiment `landau submit` sent to Slurm for the open project, when the project has a job folder
   * beside it (`OUT.slurm/`, docs/CLUSTER.md): each shard's progress, read from the shard files read-only,
   * and how many of its runs the project holds. null when there is no project or no job folder.
   */
  clusterStatus(): Promise<ClusterStatus | null>

  /** Subscribes to backend events; returns the unsubscribe function. */
  onEvent(listener: (event: WorkbenchEvent) => void): () => void
}

/** Every request/response method; `onEvent` travels separately. */
export const API_METHODS = [
  'appInfo',
  'pickProjectPath',
  'createProject',
  'resolveProjectPath',
  'browseFolder',
  'recentProjects',
  'openProject',
  'currentProject',
  'closeProject',
  'mergeProject',
  'validateExperiment',
  'startExperiment',
  'listExperiments',
  'listRuns',
  'getRun',
  'getHistory',
  'cancelRun',
  'resumeRun',
  'rerunRun',
  'annotateRun',
  'deleteRuns',
  'restoreRuns',
  'emptyTrash',
  'saveDesign',
  'listDesigns',
  'previewInitial',
  'listSnapshots',
  'listDensities',
  'getDensityView',
  'exportRun',
  'chaosConvergence',
  'figurePdf',
  'listExamples',
  'refineDt',
  'startChaosStudy',
  'getChaosStudy',
  'clusterStatus',
] as const satisfies readonly (keyof WorkbenchApi)[]
export type ApiMethod = (typeof API_METHODS)[number]

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && (API_METHODS as readonly string[]).includes(name)
}

// The errors of the contract live in apiError.ts (no schema behind them, so that a command line that only
// needs to recognise one does not load zod); they are part of this contract all the same.
export { ApiError, type ApiErrorCode, type ApiErrorShape } from './apiError'
import { ApiError, type ApiErrorShape } from './apiError'

export type ApiResult<T = unknown> = { ok: true; value: T } | { ok: false; error: ApiErrorShape }

/** What a transport must carry. */
export interface ApiTransport {
  call(method: ApiMethod, args: unknown[]): Promise<ApiResult>
  subscribe(listener: (event: WorkbenchEvent) => void): () => void
}

/** Builds the typed API on top of a transport (used by the renderer in both modes). */
export function createApiClient(transport: ApiTransport): WorkbenchApi {
  const client: Partial<WorkbenchApi> = {
    onEvent: (listener) => transport.subscribe(listener),
  }
  for (const method of API_METHODS) {
    ;(client as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      const r = await transport.call(method, args)
      if (r.ok) return r.value
      throw new ApiError(r.error.code, r.error.message, r.error.issues)
    }
  }
  return client as WorkbenchApi
}

/** Backend side of a transport: runs one call and wraps the outcome (never throws). */
export async function dispatchApiCall(api: WorkbenchApi, method: unknown, args: unknown): Promise<ApiResult> {
  if (!isApiMethod(method)) return { ok: false, error: { code: 'invalid-argument', message: `unknown API method ${String(method)}` } }
  if (!Array.isArray(args)) return { ok: false, error: { code: 'invalid-argument', message: 'args must be an array' } }
  // The one check of the arguments (apiArgs.ts): the api behind gets typed values.
  const checked = checkApiArgs(method, args)
  if (!checked.ok) return { ok: false, error: { code: 'invalid-argument', message: checked.message } }
  try {
    const fn = api[method] as (...a: unknown[]) => Promise<unknown>
    return { ok: true, value: await fn.apply(api, checked.args) }
  } catch (err) {
    if (err instanceof ApiError) return { ok: false, error: { code: err.code, message: err.message, issues: err.issues } }
    return { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } }
  }
}

/** Web transport wire format (src/backend/webServer.ts ⇄ src/renderer/src/api/webTransport.ts). */
export const WEB_API_PATH = '/api/call'
export const WEB_EVENTS_PATH = '/api/events'
/** Web mode: GET ?run=ID&format=csv|json (or ?runs=1,2,3&…) streams the export as a download (any length, bounded memory). */
export const WEB_EXPORT_PATH = '/api/export'
export interface WebCallRequest {
  method: ApiMethod
  args: unknown[]
}
