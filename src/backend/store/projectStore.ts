// One project = one SQLite file (extension .landau), written in each process by one object: this one, in
// the backend's main thread. Workers never open it; they post rows that land here in transactions. WAL journaling plus
// transactions mean a crash at any instant leaves a valid file; runs that were queued or running in a
// process that no longer exists are marked `interrupted` the next time the file is opened.
// Several processes may write one file (two CLIs, a CLI and the app): every write is an IMMEDIATE
// transaction, which takes the write lock first and so waits on the busy timeout. A deferred transaction
// that reads and then writes cannot wait (SQLite answers SQLITE_BUSY at once when another writer committed
// in between), which is what crashed concurrent writers. A failed write is an ApiError('io') whose message
// says why ("disk full: …", storeErrors.ts), never a bare SqliteError.
// This file holds the records (designs, experiments, runs, snapshots, densities) and is the one facade
// callers use; opening a file is openProject.ts's, appending history with its block summary
// historyWriter.ts's, reading it decimated for a plot historyDisplay.ts's.
import { insertReplicaRow, type ReplicaRowRecord } from './replicaRows'
import { insertReplicaMoments, listReplicaMoments, type ReplicaMomentsRecord, type StoredReplicaMoments } from './replicaMoments'
import type Database from 'better-sqlite3'
import { ApiError } from '../../shared/api'
import type {
  DensityInfo,
  DesignRecord,
  ExperimentRecord,
  History,
  HistoryQuery,
  ProjectInfo,
  RunRecord,
  RunStatus,
  SnapshotInfo,
  StopReason,
} from '../../shared/api'
import { ExperimentSpec, InitialSpec } from '../../shared/spec'
import { parseStored } from '../../shared/storedSpec'
import type { RunSpec } from '../../shared/spec'
import { openProjectDatabase } from './openProject'
import type { StoreOptions } from './openProject'
import { runColumns, toRunRecord } from './runRecords'
import type { Finish, RunColumnSet, RunRow } from './runRecords'
import { storeWriteError } from './storeErrors'
import type { DensityRecord } from '../../solvers/deterministic/types'
import { decodeDensity, encodeDensity } from './densityCodec'
import type { DensityRow } from './densityCodec'
import { decodeFloat64, encodeRow } from './rowCodec'
import { HistoryCursor } from './historyCursor'
import { HistoryDisplay } from './historyDisplay'
import { HistoryWriter } from './historyWriter'
import type { HistoryRow } from './historyWriter'
import { canonical } from './canonicalSpec'
import { NEXT_RUN_ID, annotateRun, emptyTrash, restoreRuns, trashRuns } from './runAnnotations'
import type { RunAnnotationPatch } from '../../shared/runAnnotations'
import { deleteCheckpoint, getCheckpoint, putCheckpoint, truncateRunAfter } from './checkpoints'
import type { StoredCheckpoint } from './checkpoints'

// Types and constants of the files above, for callers that import the store.
export { HISTORY_BLOCK_ROWS } from './historyWriter'
export type { HistoryRow } from './historyWriter'
export type { StoreOptions } from './openProject'
export type { StoredCheckpoint } from './checkpoints'

/** The statuses a run may be resumed from (prepareResume). */
export const RESUMABLE_STATUSES: readonly RunStatus[] = ['interrupted', 'failed', 'cancelled']

interface ExperimentRow {
  id: number
  name: string
  spec: string
  created_at: string
}

const now = () => new Date().toISOString()

/** Who stores runs: the code, the machine, the process ("host:pid"), and the shard "i/K" if any. */
interface RunMeta {
  codeVersion: string
  host: string
  owner: string
  shard?: string
}

export class ProjectStore {
  /** Display reads of histories, with their cache (historyDisplay.ts). */
  private readonly display: HistoryDisplay
  /** appendHistory's statements (historyWriter.ts), prepared on first use. */
  private historyWriter?: HistoryWriter

  /** Run ends whose write failed (disk full, busy): getRun/listRuns show them; the next write retries them. */
  private readonly unsaved = new Map<number, Finish>()

  private constructor(
    readonly path: string,
    private readonly db: Database.Database,
    readonly readonly: boolean,
    /** Which later runs columns the file has (stop_reason: 5, annotations: 10; read-only opens do not upgrade). */
    private readonly has: RunColumnSet,
    /** Removes the private copy a read-only open fell back to (readonlyCopy), on close. */
    private readonly removeCopy?: () => void,
  ) {
    this.display = new HistoryDisplay(db)
  }

  /** Opens (or, with opts.create, creates) a project file: openProject.ts says what it checks and does. */
  static open(path: string, opts: StoreOptions): ProjectStore {
    const { db, hasStopReason, hasAnnotations, removeCopy } = openProjectDatabase(path, opts)
    return new ProjectStore(path, db, !!opts.readonly, { stopReason: hasStopReason, annotations: hasAnnotations }, removeCopy)
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
    // A done run needs no checkpoint: its state at the end is its last snapshot or nothing anybody resumes.
    if (f.status === 'done') deleteCheckpoint(this.db, f.id)
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
    const r = this.write(() =>
      this.db.prepare(`INSERT INTO designs (name, initial, created_at) VALUES (?, ?, ?)`).run(name, JSON.stringify(initial), createdAt),
    )
    return { id: Number(r.lastInsertRowid), name, initial, createdAt }
  }

  listDesigns(): DesignRecord[] {
    const rows = this.db.prepare(`SELECT id, name, initial, created_at FROM designs ORDER BY id`).all() as {
      id: number
      name: string
      initial: string
      created_at: string
    }[]
    return rows.map((r) => ({ id: r.id, name: r.name, initial: parseStored(InitialSpec, JSON.parse(r.initial)), createdAt: r.created_at }))
  }

  // Experiments and runs --------------------------------------------------------------------------

  /**
   * Stores an experiment and its runs (status queued) in one transaction. `runs` may be some of the
   * experiment's (a shard, whose "i/K" is meta.shard): each keeps its own run index.
   */
  insertExperiment(spec: ExperimentSpec, runs: RunSpec[], meta: RunMeta): { experimentId: number; runIds: number[] } {
    return this.write(() => {
      const e = this.db.prepare(`INSERT INTO experiments (name, spec, created_at) VALUES (?, ?, ?)`).run(spec.name, JSON.stringify(spec), now())
      const experimentId = Number(e.lastInsertRowid)
      return { experimentId, runIds: this.putRuns(experimentId, runs, meta) }
    })
  }

  /** Adds runs (status queued) to a stored experiment, in one transaction (`landau run --resume` of a shard it lacks). */
  insertRuns(experimentId: number, runs: RunSpec[], meta: RunMeta): number[] {
    return this.write(() => this.putRuns(experimentId, runs, meta))
  }

  private putRuns(experimentId: number, runs: RunSpec[], meta: RunMeta): number[] {
    const createdAt = now()
    const ins = this.db.prepare(
      `INSERT INTO runs (id, experiment_id, idx, solver, params, spec, seed, code_version, host, owner, status, created_at, shard, replica_from, replica_to)
       VALUES (${NEXT_RUN_ID}, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?)`,
    )
    return runs.map((r) =>
      Number(
        ins.run(
          experimentId,
          r.runIndex,
          r.solver.kind,
          JSON.stringify(r.solver),
          JSON.stringify(r),
          r.seed,
          meta.codeVersion,
          meta.host,
          meta.owner,
          createdAt,
          meta.shard ?? null,
          r.replicaRange?.from ?? null,
          r.replicaRange?.to ?? null,
        ).lastInsertRowid,
      ),
    )
  }

  /**
   * The stored experiment whose canonical spec (canonicalSpec.ts, as `landau merge` matches them) is
   * `spec`'s, the first if several; undefined if none.
   */
  findExperiment(spec: ExperimentSpec): number | undefined {
    const key = canonical(JSON.stringify(spec))
    const rows = this.db.prepare(`SELECT id, spec FROM experiments ORDER BY id`).all() as { id: number; spec: string }[]
    return rows.find((r) => canonical(r.spec) === key)?.id
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
      spec = parseStored(ExperimentSpec, JSON.parse(r.spec))
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
    const rows = this.db.prepare(`SELECT ${runColumns(this.has)} FROM runs r JOIN experiments e ON e.id = r.experiment_id ORDER BY r.id`).all() as RunRow[]
    return rows.flatMap((row) => {
      const { record, problem } = this.toRecord(row)
      if (!record) console.warn(`${this.path}: ${problem}`)
      return record ? [record] : []
    })
  }

  getRun(id: number): RunRecord {
    const row = this.db.prepare(`SELECT ${runColumns(this.has)} FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE r.id = ?`).get(id) as
      RunRow | undefined
    if (!row) throw new ApiError('not-found', `no run ${id}`)
    const { record, problem } = this.toRecord(row)
    if (!record) throw new ApiError('io', problem ?? `run ${id}: corrupt record`)
    return record
  }

  private toRecord(row: RunRow) {
    const experimentSpec = () => this.db.prepare(`SELECT spec FROM experiments WHERE id = ?`).pluck().get(row.experiment_id) as string | undefined
    return toRunRecord(row, this.unsaved.get(row.id), experimentSpec)
  }

  // Run management (runAnnotations.ts) ------------------------------------------------------------

  /** Changes run `id`'s annotations; its record after the change. */
  annotateRun(id: number, patch: RunAnnotationPatch): RunRecord {
    this.write(() => annotateRun(this.db, id, patch, now()))
    return this.getRun(id)
  }

  /** Moves runs to the trash (soft: every row kept until emptyTrash). */
  trashRuns(ids: number[]): RunRecord[] {
    this.write(() => trashRuns(this.db, ids, now()))
    return ids.map((id) => this.getRun(id))
  }

  restoreRuns(ids: number[]): RunRecord[] {
    this.write(() => restoreRuns(this.db, ids))
    return ids.map((id) => this.getRun(id))
  }

  /** Removes the trashed runs for good; their ids. */
  emptyTrash(): number[] {
    return this.write(() => emptyTrash(this.db))
  }

  markRunning(id: number, metrics: string[]): void {
    this.write(() => this.db.prepare(`UPDATE runs SET status = 'running', started_at = ?, metrics = ? WHERE id = ?`).run(now(), JSON.stringify(metrics), id))
  }

  /**
   * Notes the WebGPU adapter a run's steps went to (the GPU path) in its host description, inside the
   * parenthesised runtime — "host (node …, linux-x64; WebGPU <adapter>)" — since on that path the adapter and
   * its driver decide the last bits, as the runtime does on the CPU (runStarts.ts compares it on resume).
   */
  noteRunDevice(id: number, adapter: string): void {
    const row = this.db.prepare(`SELECT host FROM runs WHERE id = ?`).get(id) as { host: string } | undefined
    if (!row) return
    const base = row.host.replace(/; WebGPU .*\)$/, ')')
    const host = base.endsWith(')') ? `${base.slice(0, -1)}; WebGPU ${adapter})` : `${base} (WebGPU ${adapter})`
    this.write(() => this.db.prepare(`UPDATE runs SET host = ? WHERE id = ?`).run(host, id))
  }

  setProgress(id: number, fraction: number): void {
    this.write(() => this.db.prepare(`UPDATE runs SET progress = ? WHERE id = ?`).run(fraction, id))
  }

  /**
   * Appends rows in one transaction; `metrics` fixes the column order of the blobs. The same transaction
   * updates the run's history_blocks summary (historyWriter.ts).
   */
  appendHistory(runId: number, rows: HistoryRow[]): void {
    if (rows.length === 0) return
    const w = (this.historyWriter ??= new HistoryWriter(this.db))
    // Reads seq and the last block, then writes: IMMEDIATE (write), so it waits for other writers.
    this.write(() => w.append(runId, rows))
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

  /**
   * Replaces run `runId`'s checkpoint (checkpoints.ts). Its worker posts it after everything the run stored
   * up to its step, each already committed by then, so the file never holds a checkpoint ahead of its data.
   */
  putCheckpoint(runId: number, cp: { step: number; t: number; state: Float64Array }, codeVersion: string): void {
    this.write(() => putCheckpoint(this.db, runId, cp, codeVersion))
  }

  /** Run `runId`'s checkpoint, or undefined (none written yet, or the run is done). */
  getCheckpoint(runId: number): StoredCheckpoint | undefined {
    return getCheckpoint(this.db, runId)
  }

  /**
   * Makes a stopped run (RESUMABLE_STATUSES) ready to go on, in one transaction: drops what it stored after
   * its checkpoint (all, without one: it starts again from step 0, equally bit-identical since everything is
   * keyed by step), queues it under `owner` and says where it stands. Refused ('busy') when the run's status
   * changed meanwhile (another process resumed it first). Returns the checkpoint it goes on from, if any.
   */
  prepareResume(runId: number, owner: string, totalSteps: number): StoredCheckpoint | undefined {
    // An end kept in memory (its write failed) is the run's status: write it first, inside the transaction,
    // and not again after it (write() retries unsaved ends once it has committed).
    const pending = this.unsaved.get(runId)
    this.unsaved.delete(runId)
    try {
      return this.write(() => {
        if (pending) this.putFinish(pending)
        const row = this.db.prepare(`SELECT status FROM runs WHERE id = ?`).get(runId) as { status: RunStatus } | undefined
        if (!row) throw new ApiError('not-found', `no run ${runId}`)
        if (!RESUMABLE_STATUSES.includes(row.status))
          throw new ApiError('busy', `run ${runId} is ${row.status} now: another process has resumed or finished it`)
        const found = getCheckpoint(this.db, runId)
        truncateRunAfter(this.db, runId, found ? found.step : -1)
        this.db
          .prepare(
            `UPDATE runs SET status = 'queued', owner = ?, progress = ?, finished_at = NULL, error = NULL, stop_reason = NULL, wall_ms = NULL WHERE id = ?`,
          )
          .run(owner, found && totalSteps > 0 ? found.step / totalSteps : 0, runId)
        return found
      })
    } catch (err) {
      if (pending && !this.unsaved.has(runId)) this.unsaved.set(runId, pending)
      throw err
    }
  }

  insertSnapshot(runId: number, snap: { step: number; t: number; replica: number; v: Float64Array }): void {
    this.write(() =>
      this.db
        .prepare(`INSERT INTO snapshots (run_id, step, t, replica, n, v) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(runId, snap.step, snap.t, snap.replica, snap.v.length / 3, encodeRow(snap.v)),
    )
  }

  insertReplicaMoments(runId: number, rec: ReplicaMomentsRecord): void {
    this.write(() => insertReplicaMoments(this.db, runId, rec))
  }
  /** A replica-range part's row inputs (replicaRows.ts), kept for the merge that rebuilds the whole run. */
  insertReplicaRow(runId: number, rec: ReplicaRowRecord): void {
    this.write(() => insertReplicaRow(this.db, runId, rec))
  }

  /** The per-replica moments a 'moments' run stored (replicaMoments.ts), by step then φ. */
  listReplicaMoments(runId: number): StoredReplicaMoments[] {
    this.getRun(runId)
    return listReplicaMoments(this.db, runId)
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
    this.write(() =>
      this.db
        .prepare(`INSERT INTO densities (run_id, step, t, kind, meta, data) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(runId, d.step, d.t, row.kind, row.meta, row.data),
    )
  }

  listDensities(runId: number): DensityInfo[] {
    this.getRun(runId)
    return this.db.prepare(`SELECT step, t, kind FROM densities WHERE run_id = ? ORDER BY step`).all(runId) as DensityInfo[]
  }

  getDensity(runId: number, step: number): { step: number; t: number; density: DensityRecord } {
    const row = this.db.prepare(`SELECT step, t, kind, meta, data FROM densities WHERE run_id = ? AND step = ?`).get(runId, step) as
      (DensityRow & { step: number; t: number }) | undefined
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
      return this.display.read(runId, this.getRun(runId).metrics, options)
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
