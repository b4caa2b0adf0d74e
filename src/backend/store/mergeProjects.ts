// `landau merge OUT IN…`: the runs of several project files (the shards of an experiment computed on a
// cluster, or any projects) brought into one. docs/CLUSTER.md is the user's account; the rules:
// - An experiment is its canonical spec (the stored parsed spec, name included, keys sorted): equal specs
//   are one experiment. A run is (experiment, run index). Designs are deduplicated by name and initial.
// - Only `done` runs are merged; the others are counted as skipped, by status. A run comes with its
//   annotations (label, notes, tags, star, archived, trashed: schema 10), which are not its content: never a
//   conflict; a run OUT holds already keeps its own.
// - A run already in OUT with the same content (mergeRows.ts: everything but provenance) is skipped, so
//   merging a file twice adds nothing; different content under the same experiment and index is a
//   conflict, and the merge is refused with OUT as it was.
// - Atomic: the result is built in a hidden temporary file beside OUT (a copy of OUT by `VACUUM INTO`, or a
//   new project), in one transaction, checked (`PRAGMA integrity_check`), synced and then renamed over OUT
//   (linked, for a new OUT, so a project that appeared meanwhile is never replaced). A merge killed at any
//   instant leaves OUT as it was; its temporary file is never named *.landau and is removed by a later
//   merge (or creation) once its process is gone and it is a minute old (removeStaleTemps).
import { linkSync, renameSync, statSync, unlinkSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { ApiError, type MergeInputSummary } from '../../shared/api'
import { MIGRATIONS, SCHEMA_VERSION } from './migrations'
import { openProjectDatabase } from './openProject'
import { fsyncPath, initProjectSchema, preflight, removeStaleTemps, tempName } from './projectFile'
import { copyRunChildren, fileSchema, insertRun, readRuns, runDifference } from './mergeRows'
import { combineParts, wholeSpec, type CombinedRun, type PartSource } from './mergeParts'
import { canonical } from './canonicalSpec'

export interface MergeOptions {
  owner: string
  ownerAlive: (owner: string) => boolean
  /** Test hook (LANDAU_MERGE_PAUSE_MS): sleep this long between the checked temporary file and the rename. */
  pauseMs?: number
  /** Called just before that pause, so a test can kill the process at a known point. */
  onPause?: () => void
  /** Path of a better_sqlite3.node built for another ABI (a merge run by the Electron app). */
  nativeBinding?: string
}

/** What one input brought: the API's account of a merge (MergeInputSummary), one definition for both. */
export type MergeInputReport = MergeInputSummary

export interface MergeResult {
  created: boolean
  inputs: MergeInputReport[]
  /** Whole runs written from replica-range parts. */
  combined: CombinedRun[]
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/** Merges `inputs` into `out` (absolute paths, checked by the caller); throws ApiError, OUT untouched. */
export function mergeProjects(out: string, inputs: string[], opts: MergeOptions): MergeResult {
  const before = statOrNull(out)
  if (before) {
    preflight(out, { nativeBinding: opts.nativeBinding })
    // Commits still in OUT's -wal would be lost with the rename (and the -wal then belongs to no file):
    // the project is open elsewhere, or its writer was killed. Either way it is not ours to fold now.
    if ((statOrNull(`${out}-wal`)?.size ?? 0) > 0)
      throw new ApiError(
        'busy',
        `${out} has writes not yet folded into it (${out}-wal): close it in the app or other command (or open and close it once) and merge again`,
      )
  }
  removeStaleTemps(out)
  const tmp = tempName(out)
  const sources: { path: string; db: Database.Database; removeCopy?: () => void }[] = []
  try {
    for (const path of inputs) {
      const o = openProjectDatabase(path, { readonly: true, owner: opts.owner, ownerAlive: opts.ownerAlive, nativeBinding: opts.nativeBinding })
      sources.push({ path, db: o.db, removeCopy: o.removeCopy })
    }
    const db = startTemp(out, tmp, !!before, opts.owner, opts.nativeBinding)
    let reports: MergeInputReport[]
    let combined: CombinedRun[]
    try {
      // Which input each run added here came from, to name both sides of a conflict between two inputs.
      const from = new Map<number, string>()
      const parts: Parts = new Map()
      ;[reports, combined] = db
        .transaction(() => {
          const r = sources.map((s) => mergeOne(db, s.db, s.path, out, from, parts))
          return [r, mergeParts(db, out, parts)] as const
        })
        .immediate()
      const check = db.pragma('integrity_check', { simple: true })
      if (check !== 'ok') throw new ApiError('io', `the merged file failed its integrity check (${String(check)}); ${out} is unchanged`)
    } finally {
      db.close()
    }
    fsyncPath(tmp)
    if (opts.pauseMs && opts.pauseMs > 0) {
      opts.onPause?.()
      sleepSync(opts.pauseMs)
    }
    commit(out, tmp, before)
    return { created: !before, inputs: reports, combined }
  } finally {
    for (const s of sources) {
      s.db.close()
      s.removeCopy?.()
    }
    try {
      unlinkSync(tmp)
    } catch {
      // renamed, or never created
    }
  }
}

/** The temporary file: a copy of OUT (upgraded to this schema) or a new project, journal in memory. */
function startTemp(out: string, tmp: string, copyOut: boolean, owner: string, nativeBinding?: string): Database.Database {
  const binding = nativeBinding ? { nativeBinding } : {}
  if (copyOut) {
    // A read-only connection, so OUT is never written (not even checkpointed); VACUUM INTO copies a
    // consistent snapshot, WAL content included, header fields (application_id, user_version) too.
    const src = new Database(out, { readonly: true, fileMustExist: true, ...binding })
    try {
      src.prepare(`VACUUM INTO ?`).run(tmp)
    } catch (err) {
      throw new ApiError('io', `cannot copy ${out} for the merge: ${(err as Error).message}`)
    } finally {
      src.close()
    }
  }
  const db = new Database(tmp, binding)
  try {
    // No -journal beside the temporary file: a kill leaves one file, whose name removeStaleTemps knows.
    db.pragma('journal_mode = MEMORY')
    db.pragma('synchronous = FULL')
    db.transaction(() => {
      if (!copyOut) return initProjectSchema(db, owner)
      const from = db.pragma('user_version', { simple: true }) as number
      for (let v = from; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v])
      if (from < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`)
    }).immediate()
  } catch (err) {
    db.close()
    throw err instanceof ApiError ? err : new ApiError('io', `cannot prepare the merge beside ${out}: ${(err as Error).message}`)
  }
  return db
}

/** Puts the finished temporary file at OUT: a rename over the old OUT, a link (never replacing) for a new one. */
function commit(out: string, tmp: string, before: ReturnType<typeof statOrNull>): void {
  try {
    if (before) {
      // Someone wrote OUT during the merge (it was not open elsewhere when we began): their writes win.
      const now = statOrNull(out)
      if (!now || now.ino !== before.ino || now.mtimeMs !== before.mtimeMs || now.size !== before.size)
        throw new ApiError('busy', `${out} changed during the merge; nothing was merged, merge again`)
      renameSync(tmp, out)
    } else {
      linkSync(tmp, out)
    }
  } catch (err) {
    if (err instanceof ApiError) throw err
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EEXIST') throw new ApiError('busy', `${out} appeared during the merge; nothing was merged, merge again`)
    throw new ApiError('io', `cannot write ${out}: ${code ?? (err as Error).message}`)
  }
  fsyncPath(dirname(out))
}

function statOrNull(path: string) {
  try {
    return statSync(path)
  } catch {
    return null
  }
}

interface ExperimentRow {
  id: number
  name: string
  spec: string
  created_at: string
}

/** Replica-range parts by OUT experiment and run index, gathered from every input before they are combined. */
type Parts = Map<string, { experiment: { id: number; name: string }; sources: PartSource[] }>

/**
 * Once every input is read: each run whose parts came in is combined with OUT's own part of it, if any
 * (mergeParts.ts), in experiment and run index order.
 */
function mergeParts(out: Database.Database, outPath: string, parts: Parts): CombinedRun[] {
  const outSchema = fileSchema(out)
  const combined: CombinedRun[] = []
  const groups = [...parts.values()].sort((a, b) => a.experiment.id - b.experiment.id || Number(a.sources[0].run.idx) - Number(b.sources[0].run.idx))
  for (const g of groups) {
    const idx = g.sources[0].run.idx
    const own = readRuns(out, outSchema, g.experiment.id).find((r) => r.idx === idx && r.replica_from !== null)
    if (own && own.status === 'done') g.sources.push({ db: out, schema: outSchema, run: own, path: outPath, inOut: true })
    const c = combineParts(out, outSchema, g.experiment, g.sources)
    if (c) combined.push(c)
  }
  return combined
}

/** Brings one input's designs, experiments and done runs into `out` (inside the merge's transaction). */
function mergeOne(out: Database.Database, src: Database.Database, path: string, outPath: string, from: Map<number, string>, parts: Parts): MergeInputReport {
  const report: MergeInputReport = {
    file: path,
    experimentsAdded: 0,
    experimentsPresent: 0,
    runsAdded: 0,
    runsPresent: 0,
    designsAdded: 0,
    skipped: {},
    partsUsed: 0,
    partsPresent: 0,
    partsPending: 0,
  }
  const srcSchema = fileSchema(src)
  const outSchema = fileSchema(out)

  const designs = src.prepare(`SELECT name, initial, created_at FROM designs ORDER BY id`).all() as { name: string; initial: string; created_at: string }[]
  const hasDesign = out.prepare(`SELECT 1 FROM designs WHERE name = ? AND initial = ?`)
  const putDesign = out.prepare(`INSERT INTO designs (name, initial, created_at) VALUES (?, ?, ?)`)
  for (const d of designs) {
    if (hasDesign.get(d.name, d.initial)) continue
    putDesign.run(d.name, d.initial, d.created_at)
    report.designsAdded++
  }

  // OUT's experiments by canonical spec; the first (lowest id) where a project holds one spec twice.
  const byKey = new Map<string, number>()
  for (const e of (out.prepare(`SELECT id, spec FROM experiments ORDER BY id`).all() as ExperimentRow[]).reverse()) byKey.set(canonical(e.spec), e.id)
  const putExperiment = out.prepare(`INSERT INTO experiments (name, spec, created_at) VALUES (?, ?, ?)`)

  for (const e of src.prepare(`SELECT id, name, spec, created_at FROM experiments ORDER BY id`).all() as ExperimentRow[]) {
    const key = canonical(e.spec)
    let outId = byKey.get(key)
    if (outId === undefined) {
      outId = Number(putExperiment.run(e.name, e.spec, e.created_at).lastInsertRowid)
      byKey.set(key, outId)
      report.experimentsAdded++
    } else {
      report.experimentsPresent++
    }
    const outRuns = new Map(readRuns(out, outSchema, outId).map((r) => [r.idx as number, r]))
    for (const run of readRuns(src, srcSchema, e.id)) {
      if (run.status !== 'done') {
        const st = String(run.status)
        report.skipped[st] = (report.skipped[st] ?? 0) + 1
        continue
      }
      if (run.replica_from !== null) {
        // A replica-range part: combined with the run's other parts once every input is read.
        const key = `${outId}:${String(run.idx)}`
        const g = parts.get(key) ?? { experiment: { id: outId, name: e.name }, sources: [] }
        g.sources.push({ db: src, schema: srcSchema, run, path, inOut: false, report })
        parts.set(key, g)
        continue
      }
      const there = outRuns.get(run.idx as number)
      if (there && there.replica_from !== null && isPartOf(there, run)) {
        // OUT holds a part of this very run; the whole run supersedes it.
        out.prepare(`DELETE FROM runs WHERE id = ?`).run(there.id)
      } else if (there) {
        const diff = runDifference({ db: out, schema: outSchema, run: there }, { db: src, schema: srcSchema, run })
        if (diff)
          throw new ApiError(
            'invalid-argument',
            `conflict: experiment ${JSON.stringify(e.name)} run index ${String(run.idx)}: ${diff} (${from.get(there.id) ?? outPath} against ${path}); nothing was merged`,
          )
        report.runsPresent++
        continue
      }
      const id = insertRun(out, outId, run)
      copyRunChildren(src, srcSchema, run.id, out, id)
      outRuns.set(run.idx as number, { ...run, id })
      from.set(id, path)
      report.runsAdded++
    }
  }
  return report
}

/** Whether `part` (a replica-range part) is a piece of the whole run `run`. */
function isPartOf(part: Record<string, unknown>, run: Record<string, unknown>): boolean {
  return wholeSpec(String(part.spec)) === run.spec && part.seed === run.seed && part.code_version === run.code_version
}
