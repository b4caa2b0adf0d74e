// What a project file holds, read for comparisons (test/cli/shardMerge.test.ts, test/cluster/slurmSubmit.test.ts):
// the logical content of its experiments and runs, byte for byte but without provenance, so a sharded and
// merged experiment can be held against its one-machine run.
import Database from 'better-sqlite3'

const hex = (b: unknown) => (Buffer.isBuffer(b) ? b.toString('hex') : b)

/** Everything a file says about its experiments and runs, keyed by (experiment spec, run index), without provenance. */
export function logicalDump(file: string) {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const rows = (sql: string, ...p: unknown[]) =>
      (
        db
          .prepare(sql)
          .raw()
          .all(...p) as unknown[][]
      ).map((r) => r.map(hex))
    const experiments = db.prepare(`SELECT id, spec FROM experiments ORDER BY spec`).all() as { id: number; spec: string }[]
    return experiments.map((e) => ({
      spec: e.spec,
      runs: (db.prepare(`SELECT * FROM runs WHERE experiment_id = ? ORDER BY idx`).all(e.id) as Record<string, unknown>[]).map((r) => ({
        idx: r.idx,
        solver: r.solver,
        params: r.params,
        spec: r.spec,
        seed: r.seed,
        status: r.status,
        metrics: r.metrics,
        code_version: r.code_version,
        history: rows(`SELECT seq, step, t, vals FROM history WHERE run_id = ? ORDER BY seq`, r.id),
        blocks: rows(`SELECT seq0, seq1, t0, t1, stats FROM history_blocks WHERE run_id = ? ORDER BY seq0`, r.id),
        snapshots: rows(`SELECT step, replica, t, n, v FROM snapshots WHERE run_id = ? ORDER BY step, replica`, r.id),
        densities: rows(`SELECT step, t, kind, meta, data FROM densities WHERE run_id = ? ORDER BY step`, r.id),
        moments: rows(`SELECT step, phi, t, replicas, m, q FROM replica_moments WHERE run_id = ? ORDER BY step, phi`, r.id),
      })),
    }))
  } finally {
    db.close()
  }
}

export function rowCounts(file: string) {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const tables = ['designs', 'experiments', 'runs', 'history', 'history_blocks', 'snapshots', 'densities', 'replica_moments']
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM ${t}`).pluck().get()]))
  } finally {
    db.close()
  }
}

export function integrity(file: string): unknown {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return db.pragma('integrity_check', { simple: true })
  } finally {
    db.close()
  }
}
