// One project = one SQLite file (extension .landau), written in each process by one object: this one, in
// the backend's main thread. Workers never open it; they post rows that land here in transactions. WAL journaling plus
// transactions mean a crash at any instant leaves a valid file; runs that were queued or running in a
// process that no longer exists are marked `interrupted` the next time the file is opened.
// Several processes may write one file (two CLIs, a CLI and the app): every write is an IMMEDIATE
// transaction, which takes the write lock first and so waits on the busy timeout. A deferred transaction
// that reads and then writes cannot wait (SQLite answers SQLITE_BUSY at once when another writer committed
// in between), which is what crashed concurrent writers. A failed write is an ApiError('io') whose message
// says why ("disk full: …", storeErrors.ts), never a bare SqliteError.
import { accessSync, constants, existsSync } from 'node:fs'
import Database from 'better-sqlite3'
import { ApiError } from '../../shared/api'
import type { DensityInfo, DesignRecord, ExperimentRecord, History, HistoryQuery, ProjectInfo, RunRecord, RunStatus, SnapshotInfo, StopReason } from '../../shared/api'
import { MinMaxDecimator, drivingColumns } from '../../shared/decimate'
import { ExperimentSpec, InitialSpec } from '../../shared/spec'
import type { RunSpec } from '../../shared/spec'
import { MIGRATIONS, SCHEMA_VERSION } from './migrations'
import { READ_BUSY_MS, WRITE_BUSY_MS, cannotOpenHere, checkProject, createProjectFile, preflight, readonlyCopy, sqliteHeader, withCause } from './projectFile'
import { runColumns, toRunRecord } from './runRecords'
import type { Finish, RunRow } from './runRecords'
import { storeWriteError } from './storeErrors'
import type { DensityRecord } from '../../solvers/deterministic/types'
import { decodeDensity, encodeDensity } from './densityCodec'
import type { DensityRow } from './densityCodec'
import { decodeFloat64, encodeRow } from './rowCodec'
import { HistoryCursor } from './historyCursor'

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

const now = () => new Date().toISOString()

/** The oldest schema a read-only open can read (history_blocks, 4); it cannot upgrade a file. */
const READONLY_MIN_VERSION = 4

/** Decimated histories kept for re-selection (each ≤ maxPoints rows). */
const DISPLAY_CACHE = 8

/**
 * Rows per history_blocks row (schema 4): the writer's choice, since readers go by each block's seq0..seq1.
 * A display read uses the blocks when its seq range holds at least one whole block per two fine buckets
 * of the decimator (≈ one per pixel column), i.e. from ≈ 32·maxPoints rows on; shorter ranges are read
 * (≈ 0.2 s for the 117 000 rows of a 3 648-row budget). 128: measured against 64 and 256 in BENCHMARKS.md.
 */
export const HISTORY_BLOCK_ROWS = 128

/** One history block being written: rows seq0..seq1, and per column min, seq of min, max, seq of max. */
interface Block {
  seq0: number
  seq1: number
  t0: number
  t1: number
  stats: Float64Array
}

/** Stats of `columns` columns with no value yet (NaN, -1, NaN, -1 each), after the values of `from`. */
function emptyStats(columns: number, from?: Float64Array): Float64Array {
  const s = new Float64Array(4 * columns)
  for (let j = 0; j < columns; j++) s.set([NaN, -1, NaN, -1], 4 * j)
  if (from) s.set(from.subarray(0, Math.min(from.length, s.length)))
  return s
}

/** Adds row `seq` to a block's stats (NaN skipped; strict comparisons: the earliest row wins ties). */
function addToBlock(b: Block, seq: number, t: number, values: ArrayLike<number>): void {
  const J = values.length
  if (4 * J > b.stats.length) b.stats = emptyStats(J, b.stats)
  const s = b.stats
  for (let j = 0; j < J; j++) {
    const v = values[j]
    if (v !== v) continue
    const k = 4 * j
    if (s[k + 1] < 0 || v < s[k]) {
      s[k] = v
      s[k + 1] = seq
    }
    if (s[k + 3] < 0 || v > s[k + 2]) {
      s[k + 2] = v
      s[k + 3] = seq
    }
  }
  b.seq1 = seq
  b.t1 = t
}

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
  /** appendHistory's statements, prepared on first use. */
  private historyWriter?: {
    next: Database.Statement
    ins: Database.Statement
    lastBlock: Database.Statement
    putBlock: Database.Statement
  }

  /** Run ends whose write failed (disk full, busy): getRun/listRuns show them; the next write retries them. */
  private readonly unsaved = new Map<number, Finish>()
  /** runs.stop_reason exists (schema 5; a read-only open of a schema-4 file reads NULL). */
  private hasStopReason = true

  private constructor(
    readonly path: string,
    private readonly db: Database.Database,
    readonly readonly: boolean,
    /** Removes the private copy a read-only open fell back to (readonlyCopy), on close. */
    private readonly removeCopy?: () => void,
  ) {}

  static open(path: string, opts: StoreOptions): ProjectStore {
    if (opts.create) {
      if (opts.readonly) throw new ApiError('invalid-argument', 'a new project cannot be opened read-only')
      createProjectFile(path, { owner: opts.owner, nativeBinding: opts.nativeBinding })
    } else if (!existsSync(path)) {
      throw new ApiError('not-found', `no project file at ${path}`)
    }
    preflight(path, opts)
    // SQLite opens a file it may not write read-only without a word (a read-only medium, another user's
    // file), and the first write fails: say so now.
    if (!opts.readonly) {
      try {
        accessSync(path, constants.W_OK)
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message
        throw new ApiError('io', `cannot open ${path} for writing (${code}): the folder or medium is read-only, or the file is not writable by this user; it can still be read (landau export)`)
      }
    }
    try {
      return ProjectStore.connect(path, path, opts)
    } catch (err) {
      if (!opts.readonly || !cannotOpenHere(err)) throw err
      // Reading a WAL file needs its -wal and -shm files, which SQLite cannot create in a read-only folder or
      // on a read-only medium (nor a non-owner beside a file it may only read): read a private copy instead.
      const copy = readonlyCopy(path)
      try {
        return ProjectStore.connect(path, copy.file, opts, copy.remove)
      } catch (e) {
        copy.remove()
        throw e
      }
    }
  }

  private static connect(path: string, file: string, opts: StoreOptions, removeCopy?: () => void): ProjectStore {
    let db: Database.Database
    try {
      db = new Database(file, {
        readonly: !!opts.readonly,
        fileMustExist: true,
        timeout: opts.readonly ? READ_BUSY_MS : WRITE_BUSY_MS,
        ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
      })
    } catch (err) {
      throw withCause(new ApiError('io', `cannot open ${path}: ${(err as Error).message}`), err)
    }
    try {
      const store = new ProjectStore(path, db, !!opts.readonly, removeCopy)
      store.prepare(opts)
      return store
    } catch (err) {
      db.close()
      if (err instanceof ApiError) throw err
      if (!opts.readonly && cannotOpenHere(err)) {
        const why = `the folder or medium is read-only, or the file is not writable by this user (${(err as Error).message}); it can still be read (landau export)`
        throw withCause(new ApiError('io', `cannot open ${path} for writing: ${why}`), err)
      }
      throw withCause(new ApiError('io', `${path} is not a usable project file: ${(err as Error).message}`), err)
    }
  }

  private prepare(opts: StoreOptions): void {
    const db = this.db
    // The header checks again, through SQLite (which sees the WAL), before anything is written.
    const h = sqliteHeader(db)
    checkProject(this.path, h)
    const version = h.userVersion
    this.hasStopReason = version >= 5
    if (this.readonly) {
      if (version < READONLY_MIN_VERSION) throw new ApiError('invalid-argument', `${this.path} has an older schema; open it once in the workbench to upgrade it`)
      return
    }
    // Nothing below writes unless it has something to change: opening a current project and closing it
    // again (a spec refused after the open, say) leaves the file byte for byte as it was.
    if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL')
    // NORMAL in WAL mode never corrupts the file; a power cut can lose only the last commits.
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    if (version < SCHEMA_VERSION) {
      db.transaction(() => {
        // Read again under the write lock: another process may have upgraded the file meanwhile.
        const from = db.pragma('user_version', { simple: true }) as number
        for (let v = from; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v])
        if (from < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`)
      }).immediate()
    }
    this.hasStopReason = true
    this.sweepInterrupted(opts)
  }

  /**
   * Runs left queued/running by a process that is gone can never finish: show them as interrupted, stopped
   * by a crash (a clean stop, even a shutdown, writes its runs' end itself). Writes only when there is one.
   */
  private sweepInterrupted(opts: StoreOptions): void {
    const stale = this.db.prepare(`SELECT id, owner FROM runs WHERE status IN ('queued', 'running')`).all() as { id: number; owner: string | null }[]
    const gone = stale.filter((r) => !r.owner || r.owner === opts.owner || !opts.ownerAlive(r.owner))
    if (gone.length === 0) return
    const mark = this.db.prepare(
      `UPDATE runs SET status = 'interrupted', stop_reason = 'crash', finished_at = ?,
         error = coalesce(error, 'the process running it stopped before it finished')
       WHERE id = ? AND status IN ('queued', 'running')`,
    )
    try {
      this.write(() => {
        for (const r of gone) mark.run(now(), r.id)
      })
    } catch (err) {
      // The file can still be read (a full disk, say); the next open that can write marks them.
      console.warn(`${this.path}: cannot mark interrupted runs: ${(err as Error).message}`)
    }
  }

  /**
   * Runs fn in an IMMEDIATE transaction: the write lock is taken first, waiting up to the busy timeout for
   * another process's, so no statement inside can meet SQLITE_BUSY. Errors become ApiError('io') saying
   * why (storeErrors.ts). Run ends that could not be written before are retried after it.
   */
  private write<T>(fn: () => T): T {
    let result: T
    try {
      result = this.db.transaction(fn).immediate()
    } catch (err) {
      throw storeWriteError(err, this.path)
    }
    if (this.unsaved.size > 0) this.flushUnsaved()
    return result
  }

  private putFinish(f: Finish): void {
    this.db
      .prepare(
        `UPDATE runs SET status = ?, finished_at = ?, error = ?, wall_ms = ?, stop_reason = ?, progress = CASE WHEN ? = 'done' THEN 1 ELSE progress END WHERE id = ?`,
      )
      .run(f.status, f.finishedAt, f.error, f.wallMs, f.stopReason, f.status, f.id)
  }

  /** Writes the run ends kept in memory; true when none is left. Never throws. */
  private flushUnsaved(): boolean {
    const pending = [...this.unsaved.values()]
    try {
      this.db.transaction(() => pending.forEach((f) => this.putFinish(f))).immediate()
    } catch {
      return false
    }
    for (const f of pending) if (this.unsaved.get(f.id) === f) this.unsaved.delete(f.id)
    return this.unsaved.size === 0
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
    const r = this.write(() => this.db.prepare(`INSERT INTO designs (name, initial, created_at) VALUES (?, ?, ?)`).run(name, JSON.stringify(initial), createdAt))
    return { id: Number(r.lastInsertRowid), name, initial, createdAt }
  }

  listDesigns(): DesignRecord[] {
    const rows = this.db.prepare(`SELECT id, name, initial, created_at FROM designs ORDER BY id`).all() as { id: number; name: string; initial: string; created_at: string }[]
    return rows.map((r) => ({ id: r.id, name: r.name, initial: InitialSpec.parse(JSON.parse(r.initial)), createdAt: r.created_at }))
  }

  // Experiments and runs --------------------------------------------------------------------------

  /** Stores an experiment and its runs (status queued) in one transaction. */
  insertExperiment(spec: ExperimentSpec, runs: RunSpec[], meta: { codeVersion: string; host: string; owner: string }): { experimentId: number; runIds: number[] } {
    return this.write(() => {
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
    })
  }

  listExperiments(): ExperimentRecord[] {
    const rows = this.db.prepare(`SELECT id, name, spec, created_at FROM experiments ORDER BY id`).all() as ExperimentRow[]
    // An experiment whose stored spec no longer parses is left out, not the reason the list fails.
    return rows.flatMap((r) => {
      try {
        return [this.toExperimentRecord(r)]
      } catch (err) {
        console.warn((err as Error).message)
        return []
      }
    })
  }

  getExperiment(id: number): ExperimentRecord {
    const row = this.db.prepare(`SELECT id, name, spec, created_at FROM experiments WHERE id = ?`).get(id) as ExperimentRow | undefined
    if (!row) throw new ApiError('not-found', `no experiment ${id}`)
    return this.toExperimentRecord(row)
  }

  private toExperimentRecord(r: ExperimentRow): ExperimentRecord {
    let spec: ExperimentSpec
    try {
      spec = ExperimentSpec.parse(JSON.parse(r.spec))
    } catch (err) {
      throw new ApiError('io', `experiment ${r.id}: corrupt record: spec ${err instanceof SyntaxError ? err.message : 'does not match the schema'}`)
    }
    return {
      id: r.id,
      name: r.name,
      spec,
      createdAt: r.created_at,
      runIds: this.db.prepare(`SELECT id FROM runs WHERE experiment_id = ? ORDER BY idx`).pluck().all(r.id) as number[],
    }
  }

  /**
   * Every run, oldest first. A run whose stored spec, params or metrics no longer parse comes with its
   * error saying "corrupt record: …" (its spec rebuilt from its experiment's); one that cannot be rebuilt
   * is left out (and logged), so one bad row never makes the whole list fail.
   */
  listRuns(): RunRecord[] {
    const rows = this.db.prepare(`SELECT ${runColumns(this.hasStopReason)} FROM runs r JOIN experiments e ON e.id = r.experiment_id ORDER BY r.id`).all() as RunRow[]
    return rows.flatMap((row) => {
      const { record, problem } = this.toRecord(row)
      if (!record) console.warn(`${this.path}: ${problem}`)
      return record ? [record] : []
    })
  }

  getRun(id: number): RunRecord {
    const row = this.db.prepare(`SELECT ${runColumns(this.hasStopReason)} FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE r.id = ?`).get(id) as RunRow | undefined
    if (!row) throw new ApiError('not-found', `no run ${id}`)
    const { record, problem } = this.toRecord(row)
    if (!record) throw new ApiError('io', problem ?? `run ${id}: corrupt record`)
    return record
  }

  private toRecord(row: RunRow) {
    const experimentSpec = () => this.db.prepare(`SELECT spec FROM experiments WHERE id = ?`).pluck().get(row.experiment_id) as string | undefined
    return toRunRecord(row, this.unsaved.get(row.id), experimentSpec)
  }

  markRunning(id: number, metrics: string[]): void {
    this.write(() => this.db.prepare(`UPDATE runs SET status = 'running', started_at = ?, metrics = ? WHERE id = ?`).run(now(), JSON.stringify(metrics), id))
  }

  setProgress(id: number, fraction: number): void {
    this.write(() => this.db.prepare(`UPDATE runs SET progress = ? WHERE id = ?`).run(fraction, id))
  }

  /**
   * Appends rows in one transaction; `metrics` fixes the column order of the blobs. The same transaction
   * updates the run's history_blocks: its rows cut into blocks of HISTORY_BLOCK_ROWS consecutive seqs,
   * the last one possibly partial (the next append merges into it).
   */
  appendHistory(runId: number, rows: HistoryRow[]): void {
    if (rows.length === 0) return
    const w = (this.historyWriter ??= {
      next: this.db.prepare(`SELECT coalesce(max(seq) + 1, 0) FROM history WHERE run_id = ?`).pluck(),
      ins: this.db.prepare(`INSERT INTO history (run_id, seq, step, t, vals) VALUES (?, ?, ?, ?, ?)`),
      lastBlock: this.db.prepare(`SELECT seq0, seq1, t0, t1, stats FROM history_blocks WHERE run_id = ? ORDER BY seq0 DESC LIMIT 1`),
      putBlock: this.db.prepare(
        `INSERT INTO history_blocks (run_id, seq0, seq1, t0, t1, stats) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (run_id, seq0) DO UPDATE SET seq1 = excluded.seq1, t1 = excluded.t1, stats = excluded.stats`,
      ),
    })
    const put = (b: Block) => w.putBlock.run(runId, b.seq0, b.seq1, b.t0, b.t1, encodeRow(b.stats))
    // Reads seq and the last block, then writes: IMMEDIATE (write), so it waits for other writers.
    this.write(() => {
      let seq = w.next.get(runId) as number
      let block: Block | undefined
      const last = w.lastBlock.get(runId) as { seq0: number; seq1: number; t0: number; t1: number; stats: Buffer } | undefined
      // Merge into the last block if it ends just before these rows and is not full. (Rows of a run written
      // before schema 4 have no blocks: the blocks of later rows then do not cover the run, and its display
      // reads the rows.)
      if (last && last.seq1 === seq - 1 && last.seq1 - last.seq0 + 1 < HISTORY_BLOCK_ROWS) {
        block = { seq0: last.seq0, seq1: last.seq1, t0: last.t0, t1: last.t1, stats: decodeFloat64(last.stats) }
      }
      for (const r of rows) {
        w.ins.run(runId, seq, r.step, r.t, encodeRow(r.values))
        block ??= { seq0: seq, seq1: seq, t0: r.t, t1: r.t, stats: emptyStats(r.values.length) }
        addToBlock(block, seq, r.t, r.values)
        if (block.seq1 - block.seq0 + 1 >= HISTORY_BLOCK_ROWS) {
          put(block)
          block = undefined
        }
        seq++
      }
      if (block) put(block)
    })
  }

  /**
   * Records how a run ended. The end is kept in memory first: if it cannot be written (disk full, file
   * busy) this throws the ApiError, getRun/listRuns still show the end, and later writes (and close) retry
   * it; if the process ends first, the next open finds the run interrupted (crash).
   */
  finishRun(
    id: number,
    status: Exclude<RunStatus, 'queued' | 'running'>,
    extra: { error?: string | null; wallMs?: number | null; stopReason?: StopReason | null },
  ): void {
    const f: Finish = { id, status, finishedAt: now(), error: extra.error ?? null, wallMs: extra.wallMs ?? null, stopReason: extra.stopReason ?? null }
    this.unsaved.set(id, f)
    try {
      this.db.transaction(() => this.putFinish(f)).immediate()
    } catch (err) {
      throw storeWriteError(err, this.path)
    }
    if (this.unsaved.get(id) === f) this.unsaved.delete(id)
    if (this.unsaved.size > 0) this.flushUnsaved()
  }

  insertSnapshot(runId: number, snap: { step: number; t: number; replica: number; v: Float64Array }): void {
    this.write(() =>
      this.db
        .prepare(`INSERT INTO snapshots (run_id, step, t, replica, n, v) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(runId, snap.step, snap.t, snap.replica, snap.v.length / 3, encodeRow(snap.v)),
    )
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
    this.write(() => this.db.prepare(`INSERT INTO densities (run_id, step, t, kind, meta, data) VALUES (?, ?, ?, ?, ?, ?)`).run(runId, d.step, d.t, row.kind, row.meta, row.data))
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

  /** A run's rows in pages by seq, for streaming exports (historyCursor.ts); not-found for an unknown run. */
  historyCursor(runId: number, pageRows?: number): HistoryCursor {
    this.getRun(runId)
    return new HistoryCursor(this.db, runId, pageRows)
  }

  private getHistoryForDisplay(runId: number, options: HistoryQuery): History {
    const run = this.getRun(runId)
    const metrics = run.metrics
    const J = metrics.length
    const empty = (): History => ({ runId, t: [], values: Object.fromEntries(metrics.map((m) => [m, []])), totalRows: 0, decimated: false })
    // seq is 0, 1, 2, … in time order, so the t range is a seq range found by bisection on the primary key,
    // and reading it never scans the rows outside it.
    // (Two subqueries: SQLite answers a lone min() or max() from the index, but min and max together by a scan.)
    const bounds = this.db
      .prepare(`SELECT (SELECT min(seq) FROM history WHERE run_id = @run) AS lo, (SELECT max(seq) FROM history WHERE run_id = @run) AS hi`)
      .get({ run: runId }) as { lo: number | null; hi: number | null }
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
      const summarised = this.decimateFromBlocks(runId, bounds.lo, bounds.hi, lo, hi, time(lo), time(hi), metrics, maxPoints)
      if (summarised) {
        picked = summarised
      } else {
        // No summary covering the run (rows written before schema 4), or too short a range for it:
        // one pass over the rows, keeping per bucket only the rows that may be kept (their blobs, undecoded).
        const driving = drivingColumns(metrics).map((m) => metrics.indexOf(m))
        type RawRow = [number, Buffer]
        const d = new MinMaxDecimator<RawRow>(time(lo), time(hi), driving.length, maxPoints)
        const v = new Float64Array(driving.length)
        // Raw rows ([t, vals] arrays, not objects, kept as they come): ≈ 1.9 s for 10⁶ rows of 14 columns.
        for (const row of select.raw(true).iterate(runId, lo, hi) as IterableIterator<RawRow>) {
          const b = row[1]
          for (let j = 0; j < driving.length; j++) v[j] = 8 * driving[j] + 8 <= b.length ? b.readDoubleLE(8 * driving[j]) : NaN
          d.add(row[0], v, row)
        }
        picked = d.finish(maxPoints).rows.map(([t, vals]) => ({ t, vals }))
      }
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

  /**
   * The decimation of rows lo..hi of a run from its history_blocks, or undefined when the blocks do not
   * cover the run's rows first..last (a run written before schema 4) or the range holds fewer than one
   * whole block per two fine buckets (then reading the rows is cheap and finer).
   *
   * Each whole block inside the range is offered to the decimator as its representative rows: its first
   * and last row and, for each driving column, the row of its minimum and of its maximum, with that value
   * (the row's other columns NaN, so ignored), all at the block's t0. So every block falls into one bucket
   * and a bucket is a union of whole blocks: its first/last row and each column's min/max row are exact
   * for the rows it holds (ties: the earliest row, as when reading). The rows of the partial blocks at
   * the ends of the range are read and offered as they are. Bucket edges thus move to block edges (by
   * less than HISTORY_BLOCK_ROWS rows) compared with the row path; every block's extremes are offered, so
   * every spike and the range's extremes are drawn. Only the kept rows (≤ maxPoints) are then read by seq.
   */
  private decimateFromBlocks(
    runId: number,
    first: number,
    last: number,
    lo: number,
    hi: number,
    t0: number,
    t1: number,
    metrics: string[],
    maxPoints: number,
  ): { t: number; vals: Buffer }[] | undefined {
    // appendHistory starts a run's blocks at its first row or (rows written before schema 4) never: from a
    // block at `first` on, every append continues the last block or starts one just after it. So the
    // blocks cover the rows iff there is a block at `first` and the last one ends at `last`.
    const cover = this.db
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM history_blocks WHERE run_id = @run AND seq0 = @first) AS head,
                (SELECT seq1 FROM history_blocks WHERE run_id = @run ORDER BY seq0 DESC LIMIT 1) AS tail`,
      )
      .get({ run: runId, first }) as { head: number; tail: number | null }
    if (!cover.head || cover.tail !== last) return undefined
    const driving = drivingColumns(metrics).map((m) => metrics.indexOf(m))
    const m = driving.length
    const d = new MinMaxDecimator<number>(t0, t1, m, maxPoints)
    type BlockRow = [number, number, number, Buffer] // seq0, seq1, t0, stats
    const blocks = this.db
      .prepare(`SELECT seq0, seq1, t0, stats FROM history_blocks WHERE run_id = ? AND seq0 >= ? AND seq1 <= ? ORDER BY seq0`)
      .raw(true)
      .all(runId, lo, hi) as BlockRow[]
    if (blocks.length === 0 || 2 * blocks.length < d.fine) return undefined
    // The rows between blocks would be missed: refuse blocks with gaps (never written so; a file edited by hand).
    for (let i = 1; i < blocks.length; i++) if (blocks[i][0] !== blocks[i - 1][1] + 1) return undefined
    const v = new Float64Array(m)
    const rowsBetween = this.db.prepare(`SELECT seq, t, vals FROM history WHERE run_id = ? AND seq >= ? AND seq <= ? ORDER BY seq`).raw(true)
    const readRows = (a: number, b: number) => {
      if (b < a) return
      for (const [seq, t, vals] of rowsBetween.iterate(runId, a, b) as IterableIterator<[number, number, Buffer]>) {
        for (let j = 0; j < m; j++) v[j] = 8 * driving[j] + 8 <= vals.length ? vals.readDoubleLE(8 * driving[j]) : NaN
        d.add(t, v, seq)
      }
    }
    readRows(lo, blocks[0][0] - 1)
    // A block's representatives as (seq, column, value) triples (column -1: first/last row), kept sorted
    // by seq (insertion: at most 2 + 2m of them), then offered one row per distinct seq.
    const R = 2 + 2 * m
    const repSeq = new Float64Array(R)
    const repCol = new Int32Array(R)
    const repVal = new Float64Array(R)
    let reps = 0
    const push = (seq: number, j: number, val: number) => {
      let i = reps++
      for (; i > 0 && repSeq[i - 1] > seq; i--) {
        repSeq[i] = repSeq[i - 1]
        repCol[i] = repCol[i - 1]
        repVal[i] = repVal[i - 1]
      }
      repSeq[i] = seq
      repCol[i] = j
      repVal[i] = val
    }
    for (const [s0, s1, bt0, blob] of blocks) {
      const stats = decodeFloat64(blob)
      const columns = stats.length >> 2
      reps = 0
      push(s0, -1, NaN)
      push(s1, -1, NaN)
      for (let j = 0; j < m; j++) {
        const k = 4 * driving[j]
        if (driving[j] >= columns) continue
        if (stats[k + 1] >= 0) push(stats[k + 1], j, stats[k])
        if (stats[k + 3] >= 0) push(stats[k + 3], j, stats[k + 2])
      }
      for (let i = 0; i < reps; ) {
        const seq = repSeq[i]
        v.fill(NaN)
        for (; i < reps && repSeq[i] === seq; i++) if (repCol[i] >= 0) v[repCol[i]] = repVal[i]
        d.add(bt0, v, seq)
      }
    }
    readRows(blocks[blocks.length - 1][1] + 1, hi)
    const rowAt = this.db.prepare(`SELECT t, vals FROM history WHERE run_id = ? AND seq = ?`)
    return d.finish(maxPoints).rows.map((seq) => rowAt.get(runId, seq) as { t: number; vals: Buffer })
  }

  /** Closes the file, after a last try at writing run ends kept in memory; never throws. */
  close(): void {
    if (this.db.open) {
      if (this.unsaved.size > 0 && !this.readonly && !this.flushUnsaved()) {
        console.warn(`${this.path}: ${this.unsaved.size} run end(s) could not be written; the next open marks those runs interrupted`)
      }
      try {
        this.db.close()
      } catch (err) {
        console.warn(`${this.path}: ${(err as Error).message}`)
      }
    }
    this.removeCopy?.()
  }
}
