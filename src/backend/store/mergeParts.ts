// `landau merge` of replica-range parts (docs/CLUSTER.md): a particle run that `landau run --shard` cut by
// replica range (shardPlan.ts) arrives as parts, one per shard file, each with its replicas' snapshots and
// replica moments and, at every history row, their six moments and entropy pool (replica_rows). When the
// parts at hand (in OUT and the inputs of one merge) cover replicas 0 … M−1, the whole run is written: its
// rows computed from the concatenated inputs by the same function as a one-machine run (moments.ts
// historyRowOf), its snapshots and replica moments put side by side, so it is bit for bit the run a single
// machine computes. Parts that do not yet cover the run are left where they are and reported.
import type Database from 'better-sqlite3'
import { ApiError } from '../../shared/api'
import { MOMENT_METRICS, entropyPoolSize, historyRowOf } from '../../solvers/diagnostics/moments'
import { HistoryWriter, type HistoryRow } from './historyWriter'
import { decodeFloat64, encodeRow } from './rowCodec'
import { childDigest, insertRun, readRuns, type FileSchema, type RunRowData } from './mergeRows'

/** One part as found in a file. */
export interface PartSource {
  db: Database.Database
  schema: FileSchema
  run: RunRowData
  /** The file's path, for messages; `inOut`: the part is OUT's own (the merge's temporary copy). */
  path: string
  inOut: boolean
  /** The input report it counts for (undefined for OUT's own parts). */
  report?: { partsUsed: number; partsPresent: number; partsPending: number }
}

/** A whole run a merge wrote from parts. */
export interface CombinedRun {
  experiment: string
  runIndex: number
  parts: number
}

const rows = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`

/** A part's stored RunSpec without its replicaRange: the whole run's spec text, as a one-machine run stores it. */
export function wholeSpec(partSpec: string): string {
  const spec = JSON.parse(partSpec) as Record<string, unknown>
  delete spec.replicaRange
  return JSON.stringify(spec)
}

const rangeOf = (r: RunRowData) => ({ from: Number(r.replica_from), to: Number(r.replica_to) })
const showRange = (r: RunRowData) => `replicas [${String(r.replica_from)}, ${String(r.replica_to)})`

/** The parts of one run (experiment `outExperimentId` of OUT, run index idx) brought together, or left. */
export function combineParts(out: Database.Database, outSchema: FileSchema, experiment: { id: number; name: string }, parts: PartSource[]): CombinedRun | null {
  const idx = Number(parts[0].run.idx)
  const where = `conflict: experiment ${JSON.stringify(experiment.name)} run index ${idx}`
  const refuse = (what: string, a: PartSource, b: PartSource): never => {
    throw new ApiError('invalid-argument', `${where}: ${what} (${a.path} against ${b.path}); nothing was merged`)
  }
  // Every part must be a piece of the same run: the same spec (but for the range), seed and code version.
  const base = parts[0]
  const spec = wholeSpec(String(base.run.spec))
  for (const p of parts.slice(1)) {
    if (wholeSpec(String(p.run.spec)) !== spec) refuse(`parts of different runs (${showRange(base.run)} and ${showRange(p.run)} differ in spec)`, base, p)
    for (const c of ['seed', 'code_version', 'metrics'] as const)
      if (p.run[c] !== base.run[c])
        refuse(`${showRange(base.run)} and ${showRange(p.run)} differ in ${c}: ${String(base.run[c])} against ${String(p.run[c])}`, base, p)
  }
  const whole = readRuns(out, outSchema, experiment.id).find((r) => r.idx === idx && r.replica_from === null)
  if (whole) {
    // The whole run is here already (merged before, or computed on one machine): the parts add nothing,
    // provided they are pieces of that very run.
    for (const p of parts) {
      if (wholeSpec(String(p.run.spec)) !== whole.spec || p.run.seed !== whole.seed || p.run.code_version !== whole.code_version)
        refuse(`${showRange(p.run)} is not a part of the run already in the output (spec, seed or code version differ)`, p, p)
      if (p.report) p.report.partsPresent++
    }
    return null
  }
  // In replica order; the same range twice (a file merged again) must be the same part.
  const sorted = [...parts].sort((a, b) => rangeOf(a.run).from - rangeOf(b.run).from || rangeOf(a.run).to - rangeOf(b.run).to)
  const distinct: PartSource[] = []
  for (const p of sorted) {
    const last = distinct[distinct.length - 1]
    if (last && last.run.replica_from === p.run.replica_from && last.run.replica_to === p.run.replica_to) {
      for (const table of ['history', 'snapshots', 'replica_moments', 'replica_rows'] as const)
        if (childDigest(last.db, last.schema, table, last.run.id) !== childDigest(p.db, p.schema, table, p.run.id))
          refuse(`${showRange(p.run)}: ${table} rows differ`, last, p)
      if (p.report) p.report.partsPresent++
      continue
    }
    if (last && rangeOf(p.run).from < rangeOf(last.run).to) refuse(`overlapping parts ${showRange(last.run)} and ${showRange(p.run)}`, last, p)
    distinct.push(p)
  }
  const M = Number((JSON.parse(spec) as { solver: { replicas: number } }).solver.replicas)
  const covered =
    distinct.every((p, k) => rangeOf(p.run).from === (k === 0 ? 0 : rangeOf(distinct[k - 1].run).to)) && rangeOf(distinct[distinct.length - 1].run).to === M
  if (!covered) {
    for (const p of distinct) if (p.report) p.report.partsPending++
    return null
  }
  writeWhole(out, experiment.id, spec, M, distinct)
  for (const p of distinct) if (p.report) p.report.partsUsed++
  return { experiment: experiment.name, runIndex: idx, parts: distinct.length }
}

/** Inserts the whole run made of `parts` (in replica order, covering 0 … M−1) and removes OUT's own parts. */
function writeWhole(out: Database.Database, experimentId: number, spec: string, M: number, parts: PartSource[]): void {
  const runs = parts.map((p) => p.run)
  const min = (c: 'created_at' | 'started_at') => runs.map((r) => r[c] as string | null).reduce((a, b) => (a === null || (b !== null && b < a) ? b : a))
  const hosts = [...new Set(runs.map((r) => String(r.host)))]
  const whole: RunRowData = {
    ...runs[0],
    spec,
    // Provenance: where each part ran. The parts' durations add up to the machine time the run took.
    host: hosts.join(' | '),
    created_at: min('created_at'),
    started_at: min('started_at'),
    finished_at: runs.map((r) => String(r.finished_at)).reduce((a, b) => (b > a ? b : a)),
    wall_ms: runs.reduce((s, r) => s + Number(r.wall_ms ?? 0), 0),
    shard: runs.map((r) => `${String(r.shard ?? '?')} ${showRange(r)}`).join(' + '),
    replica_from: null,
    replica_to: null,
  }
  // OUT's own parts hold this run index until they are gone: the whole run waits at a free index, is
  // filled from the parts (OUT's included), and takes its index once they are deleted.
  const idx = Number(whole.idx)
  const id = insertRun(out, experimentId, { ...whole, idx: -1 - idx })
  writeHistory(out, id, M, parts)
  copySnapshots(out, id, parts)
  writeReplicaMoments(out, id, M, parts)
  const del = out.prepare(`DELETE FROM runs WHERE id = ?`)
  for (const p of parts) if (p.inOut) del.run(p.run.id)
  out.prepare(`UPDATE runs SET idx = ? WHERE id = ?`).run(idx, id)
}

/**
 * The whole run's history rows: at every row step of the parts, their moments and pools put end to end
 * (replica order) and historyRowOf; then HistoryWriter, as a one-machine run's store, so that the rows
 * and their history_blocks are the same bytes.
 */
function writeHistory(out: Database.Database, id: number, M: number, parts: PartSource[]): void {
  const K = MOMENT_METRICS.length
  const spec = JSON.parse(String(parts[0].run.spec)) as { solver: { N: number } }
  const per = entropyPoolSize(M, spec.solver.N)
  const steps = parts.map((p) => p.db.prepare(`SELECT step, t FROM replica_rows WHERE run_id = ? ORDER BY step`).all(p.run.id) as { step: number; t: number }[])
  const get = parts.map((p) => p.db.prepare(`SELECT moments, pool FROM replica_rows WHERE run_id = ? AND step = ?`))
  for (let k = 1; k < parts.length; k++)
    if (steps[k].length !== steps[0].length || steps[k].some((s, j) => s.step !== steps[0][j].step || s.t !== steps[0][j].t))
      throw new ApiError('io', `${parts[k].path}: ${showRange(parts[k].run)} has other row steps than ${showRange(parts[0].run)}; nothing was merged`)
  const writer = new HistoryWriter(out)
  const perReplica = new Float64Array(M * K)
  const pool = new Float64Array(3 * per * M)
  let batch: HistoryRow[] = []
  for (const { step, t } of steps[0]) {
    parts.forEach((p, k) => {
      const { from, to } = rangeOf(p.run)
      const r = get[k].get(p.run.id, step) as { moments: Buffer; pool: Buffer }
      const m = decodeFloat64(r.moments)
      const q = decodeFloat64(r.pool)
      if (m.length !== K * (to - from) || q.length !== 3 * per * (to - from))
        throw new ApiError(
          'io',
          `${p.path}: ${showRange(p.run)}: replica_rows at step ${step} have ${m.length} moments and ${q.length} pool values, not ${K * (to - from)} and ${3 * per * (to - from)}; nothing was merged`,
        )
      perReplica.set(m, K * from)
      pool.set(q, 3 * per * from)
    })
    batch.push({ step, t, values: historyRowOf(perReplica, pool, M) })
    if (batch.length === 1000) {
      writer.append(id, batch)
      batch = []
    }
  }
  if (batch.length) writer.append(id, batch)
}

/** Snapshots are per replica already (global replica indices): copied as they are. */
function copySnapshots(out: Database.Database, id: number, parts: PartSource[]): void {
  const put = out.prepare(`INSERT INTO snapshots (run_id, step, replica, t, n, v) VALUES (?, ?, ?, ?, ?, ?)`)
  for (const p of parts) {
    if (!p.schema.tables.has('snapshots')) continue
    // OUT's own part: one statement in OUT, since a read iterating OUT cannot run beside OUT's writes.
    if (p.inOut)
      out.prepare(`INSERT INTO snapshots (run_id, step, replica, t, n, v) SELECT ?, step, replica, t, n, v FROM snapshots WHERE run_id = ?`).run(id, p.run.id)
    else
      for (const r of p.db.prepare(`SELECT step, replica, t, n, v FROM snapshots WHERE run_id = ?`).raw().iterate(p.run.id) as IterableIterator<unknown[]>)
        put.run(id, ...r)
  }
}

/** Per (step, φ), the parts' per-replica m and q end to end in replica order. */
function writeReplicaMoments(out: Database.Database, id: number, M: number, parts: PartSource[]): void {
  if (!parts[0].schema.tables.has('replica_moments')) return
  const keys = parts[0].db.prepare(`SELECT step, t, phi FROM replica_moments WHERE run_id = ? ORDER BY step, phi`).all(parts[0].run.id) as {
    step: number
    t: number
    phi: string
  }[]
  const get = parts.map((p) => p.db.prepare(`SELECT m, q FROM replica_moments WHERE run_id = ? AND step = ? AND phi = ?`))
  const put = out.prepare(`INSERT INTO replica_moments (run_id, step, t, phi, replicas, m, q) VALUES (?, ?, ?, ?, ?, ?, ?)`)
  for (const { step, t, phi } of keys) {
    const m = new Float64Array(M)
    const q = new Float64Array(M)
    parts.forEach((p, k) => {
      const r = get[k].get(p.run.id, step, phi) as { m: Buffer; q: Buffer } | undefined
      const { from, to } = rangeOf(p.run)
      const pm = r && decodeFloat64(r.m)
      if (!r || !pm || pm.length !== to - from)
        throw new ApiError('io', `${p.path}: ${showRange(p.run)} lacks ${rows(to - from, 'replica moment')} of ${phi} at step ${step}; nothing was merged`)
      m.set(pm, from)
      q.set(decodeFloat64(r.q), from)
    })
    put.run(id, step, t, phi, M, encodeRow(m), encodeRow(q))
  }
}
