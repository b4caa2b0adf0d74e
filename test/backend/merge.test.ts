// mergeProjects (the store side of `landau merge`) on what the CLI test's particle runs do not store:
// densities and per-replica moments, input files of an older schema (read as they are, never upgraded),
// and a conflict between two inputs. The oracle is the source file's own rows: the merged copy must hold
// them byte for byte.
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { mergeProjects } from '../../src/backend/store/mergeProjects'
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/backend/store/migrations'
import { ProjectStore } from '../../src/backend/store/projectStore'
import { ExperimentSpec, expandRuns } from '../../src/shared/spec'
import { scratchDir, sha256 } from '../helpers/tmp'
import { downgradeTo } from '../helpers/schemaDowngrade'
import { smallKacSpec } from '../helpers/specs'

const dir = scratchDir('landau-merge-')
const me = { owner: 'testhost:1', ownerAlive: () => false }
const meta = { codeVersion: 'test', host: 'testhost', owner: 'testhost:1' }
const spec = ExperimentSpec.parse(smallKacSpec({ solvers: [2, 3].map((N) => ({ kind: 'kac' as const, N })) }))

/** A project with the two runs of `spec` done, each with history, a density and replica moments; `x` shifts the values. */
function project(name: string, x = 0): string {
  const path = join(dir, name)
  const s = ProjectStore.open(path, { ...me, create: true })
  const { runIds } = s.insertExperiment(spec, expandRuns(spec), meta)
  runIds.forEach((id, k) => {
    s.markRunning(id, ['a', 'b'])
    s.appendHistory(
      id,
      [0, 1, 2].map((i) => ({ step: i, t: i / 10, values: [k + i + x, -0] })),
    )
    s.insertDensity(id, { step: 2, t: 0.2, density: { kind: 'radial', r: new Float64Array([0, 1]), f: new Float64Array([k, Number.NaN]) } })
    s.insertReplicaMoments(id, { step: 2, t: 0.2, phis: ['v2'], replicas: 2, m: new Float64Array([1, 2 + k]), q: new Float64Array([3, 4]) })
    s.finishRun(id, 'done', { wallMs: 5 })
  })
  s.close()
  return path
}

/** The annotation columns of a file's runs, by run index. */
function annotations(path: string) {
  const db = new Database(path, { readonly: true })
  try {
    return db
      .prepare(`SELECT idx, label, notes, tags, starred, archived_at IS NOT NULL AS archived, deleted_at IS NOT NULL AS deleted FROM runs ORDER BY idx`)
      .all()
  } finally {
    db.close()
  }
}

/** Every row of the run-bound tables, run ids replaced by (experiment spec, idx). */
function rows(path: string) {
  const db = new Database(path, { readonly: true })
  try {
    const key = `(SELECT e.spec || '#' || r.idx FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE r.id = run_id) AS run`
    const all = (sql: string) => db.prepare(sql).raw().all()
    return {
      history: all(`SELECT ${key}, seq, step, t, vals FROM history ORDER BY run, seq`),
      blocks: all(`SELECT ${key}, seq0, seq1, t0, t1, stats FROM history_blocks ORDER BY run, seq0`),
      densities: all(`SELECT ${key}, step, t, kind, meta, data FROM densities ORDER BY run, step`),
      moments: all(`SELECT ${key}, step, phi, t, replicas, m, q FROM replica_moments ORDER BY run, step, phi`),
      runs: all(`SELECT idx, solver, params, spec, seed, status, metrics, code_version, wall_ms FROM runs ORDER BY idx`),
    }
  } finally {
    db.close()
  }
}

describe('mergeProjects', () => {
  it('copies densities, replica moments and history blocks byte for byte into a new project', () => {
    const a = project('a.landau')
    const out = join(dir, 'out.landau')
    const r = mergeProjects(out, [a], me)
    expect(r.created).toBe(true)
    expect(r.inputs[0]).toMatchObject({ experimentsAdded: 1, runsAdded: 2, runsPresent: 0 })
    const got = rows(out)
    expect(got.densities).toHaveLength(2)
    expect(got.moments).toHaveLength(2)
    expect(got).toEqual(rows(a))
    const s = ProjectStore.open(out, me)
    expect(s.info().schemaVersion).toBe(SCHEMA_VERSION)
    expect(s.integrityCheck()).toBe('ok')
    s.close()
  })

  it('reads a schema-4 input (no stop_reason, replica_moments or shard) without changing it', () => {
    const path = project('old.landau')
    const db = new Database(path)
    downgradeTo(db, 4)
    db.close()
    const before = sha256(path)
    const out = join(dir, 'from-old.landau')
    expect(mergeProjects(out, [path], me).inputs[0]).toMatchObject({ runsAdded: 2 })
    expect(sha256(path)).toBe(before)
    const { moments, ...rest } = rows(out)
    expect(moments).toEqual([])
    const { moments: m0, ...want } = rows(project('new.landau'))
    expect(m0).toHaveLength(2)
    expect(rest).toEqual(want)
  })

  it('refuses two inputs that disagree on a run, leaving a missing OUT missing', () => {
    const out = join(dir, 'never.landau')
    expect(() => mergeProjects(out, [project('x.landau'), project('y.landau', 1)], me)).toThrow(
      /conflict: experiment "small kac" run index 0: history rows differ \(.*x\.landau against .*y\.landau\)/,
    )
    expect(() => new Database(out, { readonly: true, fileMustExist: true })).toThrow()
  })

  it('upgrades an older OUT in its copy only, so a refused merge leaves it at its old schema', () => {
    const out = project('old-out.landau')
    const db = new Database(out)
    // Back to schema 6: without the shard column (7), the replica-range parts (8), the checkpoints (9) and the annotations (10).
    downgradeTo(db, 6)
    db.close()
    const before = sha256(out)
    expect(() => mergeProjects(out, [project('other.landau', 5)], me)).toThrow(/conflict/)
    expect(sha256(out)).toBe(before)
    expect(mergeProjects(out, [project('same.landau')], me).inputs[0]).toMatchObject({ runsAdded: 0, runsPresent: 2 })
    const after = new Database(out, { readonly: true })
    expect(after.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length)
    expect(after.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'checkpoints'`).pluck().get()).toBe(1)
    after.close()
  })

  it('brings a run with its annotations, and never calls differing annotations a conflict', () => {
    const a = project('annotated.landau')
    const s = ProjectStore.open(a, me)
    s.annotateRun(1, { label: 'the small one', notes: '# why\nchecking **N = 2**', tags: ['bkw', 'check'], starred: true })
    s.annotateRun(2, { archived: true })
    s.trashRuns([2])
    s.close()
    const out = join(dir, 'annotated-out.landau')
    expect(mergeProjects(out, [a], me).inputs[0]).toMatchObject({ runsAdded: 2 })
    const want = [
      { idx: 0, label: 'the small one', notes: '# why\nchecking **N = 2**', tags: '["bkw","check"]', starred: 1, archived: 0, deleted: 0 },
      { idx: 1, label: null, notes: '', tags: '[]', starred: 0, archived: 1, deleted: 1 },
    ]
    expect(annotations(out)).toEqual(want)

    // The same runs annotated otherwise elsewhere: present, not a conflict, and OUT keeps its own.
    const b = project('annotated-otherwise.landau')
    const t = ProjectStore.open(b, me)
    t.annotateRun(1, { label: 'another name', tags: ['other'], starred: false })
    t.close()
    expect(mergeProjects(out, [b], me).inputs[0]).toMatchObject({ runsAdded: 0, runsPresent: 2 })
    expect(annotations(out)).toEqual(want)
  })

  it('reads the annotations of a schema-9 input as none', () => {
    const path = project('schema9.landau')
    const db = new Database(path)
    downgradeTo(db, 9)
    db.close()
    const out = join(dir, 'from-schema9.landau')
    expect(mergeProjects(out, [path], me).inputs[0]).toMatchObject({ runsAdded: 2 })
    expect(annotations(out)).toEqual([0, 1].map((idx) => ({ idx, label: null, notes: '', tags: '[]', starred: 0, archived: 0, deleted: 0 })))
  })
})
