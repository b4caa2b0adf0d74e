// One project = one SQLite file (extension .landau), written by one writer: this object, in the backend's
// process. Workers never open it; they post rows that land here in transactions. WAL journaling plus
// transactions mean a crash at any instant leaves a valid file; runs that were queued or running in a
// process that no longer exists are marked `interrupted` the next time the file is opened.
import { existsSync } from 'node:fs'
import Database from 'better-sqlite3'
import { ApiError } from '../../shared/api'
import type { DensityInfo, DesignRecord, ExperimentRecord, History, HistoryQuery, ProjectInfo, RunRecord, RunStatus, SnapshotInfo } from '../../shared/api'
import { MinMaxDecimator, drivingColumns } from '../../shared/decimate'
import { ExperimentSpec, InitialSpec, RunSpec, SolverSpec } from '../../shared/spec'
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './migrations'
import type { DensityRecord } from '../../solvers/deterministic/types'
import { decodeDensity, encodeDensity } from './densityCodec'
import type { DensityRow } from './densityCodec'
import { decodeFloat64, encodeRow } from './rowCodec'

export interface StoreOptions {
  /** Create a new file (refuses an existing path) instead of opening one (refuses a missing path). */
  create?: boolean
  /** Open without writing anything (export, inspection); skips the interrupted-run sweep. */
  readonly?: boolean
  /** Path of a better_sqlite3.node built for another ABI (the Electron main process). */
  nativeBinding?: string
  /** Identity of this process, "host:pid"; stored on the runs it queues. */
  owner: string
  /** Whether the process named by an owner string still runs (so its runs are not interrupted). */
  ownerAlive: (owner: string) => boolean
}

export interface HistoryRow {
  step: number
  t: number
  values: number[]
}

interface ExperimentRow {
  id: number
  name: string
  spec: string
  created_at: string
}

interface RunRow {
  id: number
  experiment_id: number
  experiment_name: string
  idx: number
  solver: string
  params: string
  spec: string
  seed: number
  code_version: string
  host: string
  status: RunStatus
  progress: number
  metrics: string
  created_at: string
  started_at: string | null
  finished_at: string | null
  wall_ms: number | null
  error: string | null
}

const RUN_COLUMNS = `r.id, r.experiment_id, e.name AS experiment_name, r.idx, r.solver, r.params, r.spec, r.seed,
  r.code_version, r.host, r.status, r.progress, r.metrics, r.created_at, r.started_at, r.finished_at, r.wall_ms, r.error`

const now = () => new Date().toISOString()

/** Decimated histories kept for re-selection (each ≤ maxPoints rows). */
const DISPLAY_CACHE = 8

/** The least q in [lo, end) with pred(q) (pred false then true along q), or end if none. */
function firstSeq(lo: number, end: number, pred: (q: number) => boolean): number {
  let a = lo
  let b = end
  while (a < b) {
    const mid = a + Math.floor((b - a) / 2)
    if (pred(mid)) b = mid
    else a = mid + 1
  }
  return a
}

export class ProjectStore {
  /** getHistory answers for display, by run, seq range and budget (see getHistoryForDisplay). */
  private readonly displayCache = new Map<string, History>()

  private constructor(
    readonly path: string,
    private readonly db: Database.Database,
    readonly readonly: boolean,
  ) {}

  static open(path: string, opts: StoreOptions): ProjectStore {
    const exists = existsSync(path)
    if (opts.create && exists) throw new ApiError('invalid-argument', `${path} already exists; open it instead`)
    if (!opts.create && !exists) throw new ApiError('not-found', `no project file at ${path}`)
    let db: Database.Database
    try {
      db = new Database(path, {
        readonly: !!opts.readonly,
        fileMustExist: !opts.create,
        ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
      })
    } catch (err) {
      throw new ApiError('io', `cannot open ${path}: ${(err as Error).message}`)
    }
    try {
      const store = new ProjectStore(path, db, !!opts.readonly)
      store.prepare(opts)
      return store
    } catch (err) {
      db.close()
      if (err instanceof ApiError) throw err
      throw new ApiError('io', `${path} is not a usable project file: ${(err as Error).message}`)
    }
  }

  private prepare(opts: StoreOptions): void {
    const db = this.db
    // Reading the header fails here, before any write, if the file is not SQLite at all.
    const appId = db.pragma('application_id', { simple: true }) as number
    const version = db.pragma('user_version', { simple: true }) as number
    const empty = (db.prepare(`SELECT count(*) AS n FROM sqlite_master`).get() as { n: number }).n === 0
    if (!(opts.create && empty) && appId !== APPLICATION_ID) {
      throw new ApiError('invalid-argument', `${this.path} is a SQLite file but not a Landau Workbench project`)
    }
    if (version > SCHEMA_VERSION) {
      throw new ApiError('invalid-argument', `${this.path} was written by a newer workbench (schema ${version} > ${SCHEMA_VERSION}); update the workbench to open it`)
    }
    db.pragma('busy_timeout = 5000')
    if (this.readonly) {
      if (version < SCHEMA_VERSION) throw new ApiError('invalid-argument', `${this.path} has an older schema; open it once in the workbench to upgrade it`)
      return
    }
    db.pragma('journal_mode = WAL')
    // NORMAL in WAL mode never corrupts the file; a power cut can lose only the last commits.
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    const migrate = db.transaction(() => {
      for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v])
      if (version === 0) {
        db.prepare(`INSERT INTO project (id, created_at, created_by) VALUES (1, ?, ?)`).run(now(), opts.owner)
        db.pragma(`application_id = ${APPLICATION_ID}`)
      }
      db.pragma(`user_version = ${SCHEMA_VERSION}`)
    })
    migrate.immediate()
    this.sweepInterrupted(opts)
  }

  /** Runs left queued/running by a process that is gone can never finish: show them as interrupted. */
  private sweepInterrupted(opts: StoreOptions): void {
    const stale = this.db.prepare(`SELECT id, owner FROM runs WHERE status IN ('queued', 'running')`).all() as { id: number; owner: string | null }[]
    const mark = this.db.prepare(
      `UPDATE runs SET status = 'interrupted', finished_at = ?, error = coalesce(error, 'the process running it stopped before it finished') WHERE id = ?`,
    )
    this.db.transaction(() => {
      for (const r of stale) if (!r.owner || r.owner === opts.owner || !opts.ownerAlive(r.owner)) mark.run(now(), r.id)
    })()
  }

  info(): ProjectInfo {
    const p = this.db.prepare(`SELECT created_at FROM project WHERE id = 1`).get() as { created_at: string }
    const count = (table: string) => (this.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
    return {
      path: this.path,
      schemaVersion: this.db.pragma('user_version', { simple: true }) as number,
      createdAt: p.created_at,
      experimentCount: count('experiments'),
      runCount: count('runs'),
    }
  }

  /** Runs `PRAGMA integrity_check`; "ok" for a sound file. */
  integrityCheck(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string
  }

  // Designs ---------------------------------------------------------------------------------------

  insertDesign(name: string, initial: InitialSpec): DesignRecord {
    const createdAt = now()
    const r = this.db.prepare(`INSERT INTO designs (name, initial, created_at) VALUES (?, ?, ?)`).run(name, JSON.stringify(initial), createdAt)
    return { id: Number(r.lastInsertRowid), name, initial, createdAt }
  }

  listDesigns(): DesignRecord[] {
    const rows = this.db.prepare(`SELECT id, name, initial, created_at FROM designs ORDER BY id`).all() as { id: number; name: string; initial: string; created_at: string }[]
    return rows.map((r) => ({ id: r.id, name: r.name, initial: InitialSpec.parse(JSON.parse(r.initial)), createdAt: r.created_at }))
  }

  // Experiments and runs --------------------------------------------------------------------------

  /** Stores an experiment and its runs (status queued) in one transaction. */
  insertExperiment(spec: ExperimentSpec, runs: RunSpec[], meta: { codeVersion: string; host: string; owner: string }): { experimentId: number; runIds: number[] } {
    return this.db.transaction(() => {
      const createdAt = now()
      const e = this.db.prepare(`INSERT INTO experiments (name, spec, created_at) VALUES (?, ?, ?)`).run(spec.name, JSON.stringify(spec), createdAt)
      const experimentId = Number(e.lastInsertRowid)
      const ins = this.db.prepare(
        `INSERT INTO runs (experiment_id, idx, solver, params, spec, seed, code_version, host, owner, status, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?)`,
      )
      const runIds = runs.map((r) =>
        Number(ins.run(experimentId, r.runIndex, r.solver.kind, JSON.stringify(r.solver), JSON.stringify(r), r.seed, meta.codeVersion, meta.host, meta.owner, createdAt).lastInsertRowid),
      )
      return { experimentId, runIds }
    })()
  }

  listExperiments(): ExperimentRecord[] {
    const rows = this.db.prepare(`SELECT id, name, spec, created_at FROM experiments ORDER BY id`).all() as ExperimentRow[]
    return rows.map((r) => this.toExperimentRecord(r))
  }

  getExperiment(id: number): ExperimentRecord {
    const row = this.db.prepare(`SELECT id, name, spec, created_at FROM experiments WHERE id = ?`).get(id) as ExperimentRow | undefined
    if (!row) throw new ApiError('not-found', `no experiment ${id}`)
    return this.toExperimentRecord(row)
  }

  private toExperimentRecord(r: ExperimentRow): ExperimentRecord {
    return {
      id: r.id,
      name: r.name,
      spec: ExperimentSpec.parse(JSON.parse(r.spec)),
      createdAt: r.created_at,
      runIds: this.db.prepare(`SELECT id FROM runs WHERE experiment_id = ? ORDER BY idx`).pluck().all(r.id) as number[],
    }
  }

  listRuns(): RunRecord[] {
    const rows = this.db.prepare(`SELECT ${RUN_COLUMNS} FROM runs r JOIN experiments e ON e.id = r.experiment_id ORDER BY r.id`).all() as RunRow[]
    return rows.map(toRunRecord)
  }

  getRun(id: number): RunRecord {
    const row = this.db.prepare(`SELECT ${RUN_COLUMNS} FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE r.id = ?`).get(id) as RunRow | undefined
    if (!row) throw new ApiError('not-found', `no run ${id}`)
    return toRunRecord(row)
  }

  markRunning(id: number, metrics: string[]): void {
    this.db.prepare(`UPDATE runs SET status = 'running', started_at = ?, metrics = ? WHERE id = ?`).run(now(), JSON.stringify(metrics), id)
  }

  setProgress(id: number, fraction: number): void {
    this.db.prepare(`UPDATE runs SET progress = ? WHERE id = ?`).run(fraction, id)
  }

  /** Appends rows in one transaction; `metrics` fixes the column order of the blobs. */
  appendHistory(runId: number, rows: HistoryRow[]): void {
    if (rows.length === 0) return
    const next = this.db.prepare(`SELECT coalesce(max(seq) + 1, 0) FROM history WHERE run_id = ?`).pluck()
    const ins = this.db.prepare(`INSERT INTO history (run_id, seq, step, t, vals) VALUES (?, ?, ?, ?, ?)`)
    this.db.transaction(() => {
      let seq = next.get(runId) as number
      for (const r of rows) ins.run(runId, seq++, r.step, r.t, encodeRow(r.values))
    })()
  }

  finishRun(id: number, status: Exclude<RunStatus, 'queued' | 'running'>, extra: { error?: string | null; wallMs?: number | null }): void {
    this.db
      .prepare(`UPDATE runs SET status = ?, finished_at = ?, error = ?, wall_ms = ?, progress = CASE WHEN ? = 'done' THEN 1 ELSE progress END WHERE id = ?`)
      .run(status, now(), extra.error ?? null, extra.wallMs ?? null, status, id)
  }

  insertSnapshot(runId: number, snap: { step: number; t: number; replica: number; v: Float64Array }): void {
    this.db
      .prepare(`INSERT INTO snapshots (run_id, step, t, replica, n, v) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(runId, snap.step, snap.t, snap.replica, snap.v.length / 3, encodeRow(snap.v))
  }

  listSnapshots(runId: number): SnapshotInfo[] {
    this.getRun(runId)
    const rows = this.db
      .prepare(`SELECT step, t, count(*) AS replicas, max(n) AS n FROM snapshots WHERE run_id = ? GROUP BY step ORDER BY step`)
      .all(runId) as { step: number; t: number; replicas: number; n: number }[]
    return rows.map((r) => ({ runId, step: r.step, t: r.t, replicas: r.replicas, N: r.n }))
  }

  /** Velocities of one replica at one snapshot step: Float64Array(3N). */
  getSnapshot(runId: number, step: number, replica: number): Float64Array {
    const row = this.db.prepare(`SELECT v FROM snapshots WHERE run_id = ? AND step = ? AND replica = ?`).get(runId, step, replica) as { v: Buffer } | undefined
    if (!row) throw new ApiError('not-found', `run ${runId} has no snapshot of replica ${replica} at step ${step}`)
    return decodeFloat64(row.v)
  }

  insertDensity(runId: number, d: { step: number; t: number; density: DensityRecord }): void {
    const row = encodeDensity(d.density)
    this.db.prepare(`INSERT INTO densities (run_id, step, t, kind, meta, data) VALUES (?, ?, ?, ?, ?, ?)`).run(runId, d.step, d.t, row.kind, row.meta, row.data)
  }

  listDensities(runId: number): DensityInfo[] {
    this.getRun(runId)
    return this.db.prepare(`SELECT step, t, kind FROM densities WHERE run_id = ? ORDER BY step`).all(runId) as DensityInfo[]
  }

  getDensity(runId: number, step: number): { step: number; t: number; density: DensityRecord } {
    const row = this.db.prepare(`SELECT step, t, kind, meta, data FROM densities WHERE run_id = ? AND step = ?`).get(runId, step) as
      | (DensityRow & { step: number; t: number })
      | undefined
    if (!row) throw new ApiError('not-found', `run ${runId} has no density at step ${step}`)
    return { step: row.step, t: row.t, density: decodeDensity(row) }
  }

  /**
   * A run's history. Without options: every row (exports, CLI). With options (the UI's plot): the rows
   * with tMin ≤ t ≤ tMax, decimated to at most maxPoints rows when there are more (min/max per bucket of
   * t, src/shared/decimate.ts), with `totalRows` and `decimated` set.
   */
  getHistory(runId: number, options?: HistoryQuery): History {
    if (options && (options.maxPoints !== undefined || options.tMin !== undefined || options.tMax !== undefined)) {
      return this.getHistoryForDisplay(runId, options)
    }
    const run = this.getRun(runId)
    const rows = this.db.prepare(`SELECT t, vals FROM history WHERE run_id = ? ORDER BY seq`).all(runId) as { t: number; vals: Buffer }[]
    const values: Record<string, number[]> = {}
    for (const m of run.metrics) values[m] = new Array(rows.length)
    const t = new Array<number>(rows.length)
    rows.forEach((r, k) => {
      t[k] = r.t
      const v = decodeFloat64(r.vals)
      run.metrics.forEach((m, j) => (values[m][k] = v[j]))
    })
    return { runId, t, values }
  }

  private getHistoryForDisplay(runId: number, options: HistoryQuery): History {
    const run = this.getRun(runId)
    const metrics = run.metrics
    const J = metrics.length
    const empty = (): History => ({ runId, t: [], values: Object.fromEntries(metrics.map((m) => [m, []])), totalRows: 0, decimated: false })
    // seq is 0, 1, 2, … in time order, so the t range is a seq range found by bisection on the primary key,
    // and reading it never scans the rows outside it.
    const bounds = this.db.prepare(`SELECT min(seq) AS lo, max(seq) AS hi FROM history WHERE run_id = ?`).get(runId) as { lo: number | null; hi: number | null }
    if (bounds.lo === null || bounds.hi === null) return empty()
    const tAt = this.db.prepare(`SELECT t FROM history WHERE run_id = ? AND seq = ?`).pluck()
    const time = (seq: number) => tAt.get(runId, seq) as number
    let lo = bounds.lo
    let hi = bounds.hi
    if (options.tMin !== undefined) lo = firstSeq(lo, hi + 1, (q) => time(q) >= options.tMin!)
    if (options.tMax !== undefined) hi = firstSeq(lo, hi + 1, (q) => time(q) > options.tMax!) - 1
    if (hi < lo) return empty()
    const n = hi - lo + 1
    const maxPoints = options.maxPoints ?? Infinity
    const select = this.db.prepare(`SELECT t, vals FROM history WHERE run_id = ? AND seq >= ? AND seq <= ? ORDER BY seq`)
    type Row = { t: number; vals: Buffer }
    let picked: Row[]
    if (n <= maxPoints) {
      picked = select.all(runId, lo, hi) as Row[]
    } else {
      const key = `${runId}:${lo}:${hi}:${maxPoints}`
      const hit = this.displayCache.get(key)
      if (hit) return hit
      // One pass over the rows, keeping per bucket only the rows that may be kept (their blobs, undecoded).
      const driving = drivingColumns(metrics).map((m) => metrics.indexOf(m))
      type RawRow = [number, Buffer]
      const d = new MinMaxDecimator<RawRow>(time(lo), time(hi), driving.length, maxPoints)
      const v = new Float64Array(driving.length)
      // Raw rows ([t, vals] arrays, not objects, kept as they come): this loop is most of the time a
      // 10⁶-row history takes to first draw.
      for (const row of select.raw(true).iterate(runId, lo, hi) as IterableIterator<RawRow>) {
        const b = row[1]
        for (let j = 0; j < driving.length; j++) v[j] = 8 * driving[j] + 8 <= b.length ? b.readDoubleLE(8 * driving[j]) : NaN
        d.add(row[0], v, row)
      }
      picked = d.finish(maxPoints).rows.map(([t, vals]) => ({ t, vals }))
    }
    const t = new Array<number>(picked.length)
    const values: Record<string, number[]> = {}
    for (const m of metrics) values[m] = new Array(picked.length)
    picked.forEach((r, k) => {
      t[k] = r.t
      const b = r.vals
      for (let j = 0; j < J; j++) values[metrics[j]][k] = 8 * j + 8 <= b.length ? b.readDoubleLE(8 * j) : NaN
    })
    const out: History = { runId, t, values, totalRows: n, decimated: picked.length < n }
    if (out.decimated) {
      // Rows are only ever appended, so (run, seq range, budget) names the answer for good.
      this.displayCache.set(`${runId}:${lo}:${hi}:${maxPoints}`, out)
      if (this.displayCache.size > DISPLAY_CACHE) this.displayCache.delete(this.displayCache.keys().next().value as string)
    }
    return out
  }

  close(): void {
    if (this.db.open) this.db.close()
  }
}

function toRunRecord(r: RunRow): RunRecord {
  return {
    id: r.id,
    experimentId: r.experiment_id,
    experimentName: r.experiment_name,
    index: r.idx,
    solver: r.solver as RunRecord['solver'],
    status: r.status,
    seed: r.seed,
    params: SolverSpec.parse(JSON.parse(r.params)),
    spec: RunSpec.parse(JSON.parse(r.spec)),
    codeVersion: r.code_version,
    host: r.host,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    wallMs: r.wall_ms,
    progress: r.progress,
    error: r.error,
    metrics: JSON.parse(r.metrics) as string[],
  }
}
