// The project file: created and reopened, versioned, refused when foreign or newer, exact history
// storage, read-only opens that change nothing, and the interrupted-run sweep on reopen. Hardening:
// opens that change nothing write nothing (a refused file, a current project opened and closed), the
// schema-5 stop reasons, a corrupt row that does not take the run list down, and writes that wait for
// another process's write lock instead of failing at once.
import { copyFileSync, writeFileSync, existsSync, statSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { ProjectStore } from '../../src/backend/store/projectStore'
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from '../../src/backend/store/migrations'
import { ExperimentSpec, checkExperiment, expandRuns } from '../../src/shared/spec'
import { scratchDir, sha256 } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'

const dir = scratchDir()
const me = { owner: 'testhost:1', ownerAlive: () => false }
const meta = { codeVersion: 'test', host: 'testhost', owner: 'testhost:1' }

function newProject(name: string) {
  return ProjectStore.open(join(dir, name), { ...me, create: true })
}

describe('project store', () => {
  it('creates a versioned WAL file and reopens it', () => {
    const s = newProject('a.landau')
    const info = s.info()
    expect(info.schemaVersion).toBe(SCHEMA_VERSION)
    expect(info.runCount).toBe(0)
    s.close()
    const raw = new Database(join(dir, 'a.landau'), { readonly: true })
    expect(raw.pragma('application_id', { simple: true })).toBe(APPLICATION_ID)
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal')
    raw.close()
    const again = ProjectStore.open(join(dir, 'a.landau'), me)
    expect(again.info().createdAt).toBe(info.createdAt)
    again.close()
  })

  it('refuses to create over an existing file or to open a missing one', () => {
    newProject('b.landau').close()
    expect(() => newProject('b.landau')).toThrow(/already exists/)
    expect(() => ProjectStore.open(join(dir, 'missing.landau'), me)).toThrow(/no project file/)
    expect(existsSync(join(dir, 'missing.landau'))).toBe(false)
  })

  it('refuses a non-SQLite file and a foreign SQLite file without changing them', () => {
    const junk = join(dir, 'junk.landau')
    writeFileSync(junk, 'this is not a database, it is a plain text file that is long enough to have a header')
    const before = sha256(junk)
    expect(() => ProjectStore.open(junk, me)).toThrow(/not a usable project file|cannot open/)
    expect(sha256(junk)).toBe(before)

    const foreign = join(dir, 'foreign.sqlite')
    const db = new Database(foreign)
    db.exec('CREATE TABLE t (x)')
    db.close()
    const f0 = sha256(foreign)
    expect(() => ProjectStore.open(foreign, me)).toThrow(/not a Landau Workbench project/)
    expect(sha256(foreign)).toBe(f0)
  })

  it('refuses a file written by a newer schema', () => {
    newProject('newer.landau').close()
    const db = new Database(join(dir, 'newer.landau'))
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    db.close()
    expect(() => ProjectStore.open(join(dir, 'newer.landau'), me)).toThrow(/newer workbench/)
  })

  it('stores history rows bit for bit, NaN and signed zero included', () => {
    const s = newProject('hist.landau')
    const spec = ExperimentSpec.parse(smallKacSpec())
    const { experimentId, runIds } = s.insertExperiment(spec, expandRuns(spec), meta)
    expect(s.getExperiment(experimentId)).toMatchObject({ id: experimentId, name: 'small kac', runIds, spec: { seed: 7 } })
    expect(s.listExperiments().map((e) => e.runIds)).toEqual([runIds])
    expect(() => s.getExperiment(experimentId + 1)).toThrow(/no experiment/)
    const id = runIds[0]
    s.markRunning(id, ['a', 'b', 'c'])
    const rows = [
      { step: 0, t: 0, values: [1 / 3, Number.NaN, -0] },
      { step: 2, t: 0.02, values: [5e-324, Number.MAX_VALUE, -Math.PI] },
    ]
    s.appendHistory(id, rows.slice(0, 1))
    s.appendHistory(id, rows.slice(1))
    const h = s.getHistory(id)
    expect(h.t).toEqual([0, 0.02])
    expect(Object.is(h.values.c[0], -0)).toBe(true)
    expect(h.values.b[0]).toBeNaN()
    expect(h.values.a).toEqual([1 / 3, 5e-324])
    expect(h.values.c[1]).toBe(-Math.PI)
    s.finishRun(id, 'done', { wallMs: 12 })
    const run = s.getRun(id)
    expect(run.status).toBe('done')
    expect(run.progress).toBe(1)
    expect(run.spec.solver).toEqual({ kind: 'kac', N: 20, replicas: 3, integrator: 'rotation' })
    expect(s.integrityCheck()).toBe('ok')
    s.close()
  })

  it('marks runs of a vanished process interrupted on reopen, and leaves a live process alone', () => {
    const path = join(dir, 'sweep.landau')
    const s = ProjectStore.open(path, { owner: 'host:111', ownerAlive: () => false, create: true })
    const spec = ExperimentSpec.parse(
      smallKacSpec({
        solvers: [
          { kind: 'kac', N: 4 },
          { kind: 'kac', N: 5 },
        ],
      }),
    )
    const { runIds } = s.insertExperiment(spec, expandRuns(spec), { ...meta, owner: 'host:111' })
    s.markRunning(runIds[0], ['x'])
    s.close()

    // Another process opens it while host:111 still lives: nothing changes.
    const live = ProjectStore.open(path, { owner: 'host:222', ownerAlive: (o) => o === 'host:111' })
    expect(live.listRuns().map((r) => r.status)).toEqual(['running', 'queued'])
    live.close()

    // host:111 is gone: both of its runs can never finish.
    const later = ProjectStore.open(path, { owner: 'host:333', ownerAlive: () => false })
    expect(later.listRuns().map((r) => r.status)).toEqual(['interrupted', 'interrupted'])
    later.close()
  })

  it('opens read-only without writing a byte', () => {
    const path = join(dir, 'ro.landau')
    const s = ProjectStore.open(path, { owner: 'host:1', ownerAlive: () => false, create: true })
    const spec = ExperimentSpec.parse(smallKacSpec())
    s.insertExperiment(spec, expandRuns(spec), meta)
    s.close()
    const before = sha256(path)
    const ro = ProjectStore.open(path, { owner: 'host:2', ownerAlive: () => false, readonly: true })
    expect(ro.listRuns()[0].status).toBe('queued') // no sweep when read-only
    ro.close()
    expect(sha256(path)).toBe(before)
  })
})

describe('schema migrations', () => {
  it('upgrades a version-1 project in place and keeps its runs', async () => {
    const { MIGRATIONS } = await import('../../src/backend/store/migrations')
    const path = join(dir, 'v1.landau')
    const db = new Database(path)
    db.exec(MIGRATIONS[0])
    db.prepare(`INSERT INTO project (id, created_at, created_by) VALUES (1, 'then', 'v1')`).run()
    db.pragma(`application_id = ${APPLICATION_ID}`)
    db.pragma('user_version = 1')
    db.close()
    const s = ProjectStore.open(path, me)
    expect(s.info().schemaVersion).toBe(SCHEMA_VERSION)
    expect(s.info().createdAt).toBe('then')
    const spec = ExperimentSpec.parse(smallKacSpec())
    const { runIds } = s.insertExperiment(spec, expandRuns(spec), meta)
    const v = new Float64Array([1, -0, Number.NaN, 5e-324, 2, 3])
    s.insertSnapshot(runIds[0], { step: 4, t: 0.04, replica: 1, v })
    expect(s.listSnapshots(runIds[0])).toEqual([{ runId: runIds[0], step: 4, t: 0.04, replicas: 1, N: 2 }])
    const back = s.getSnapshot(runIds[0], 4, 1)
    expect(new Uint8Array(back.buffer)).toEqual(new Uint8Array(v.buffer))
    s.close()
  })
})

/** Bytes and modification time: an open that writes nothing leaves both as they were. */
function fingerprint(path: string) {
  return { hash: sha256(path), mtime: statSync(path).mtimeMs, size: statSync(path).size }
}

describe('opens that change nothing write nothing', () => {
  it('opening a current project for writing and closing it leaves its bytes and mtime', () => {
    // Before, every open ran the migration transaction, which rewrote page 1 (change counter) even at the
    // current version: a spec refused after the open (a bad formula) still changed the file.
    const path = join(dir, 'quiet.landau')
    const s = ProjectStore.open(path, { ...me, create: true })
    const spec = ExperimentSpec.parse(smallKacSpec())
    const { runIds } = s.insertExperiment(spec, expandRuns(spec), meta)
    s.finishRun(runIds[0], 'done', { wallMs: 1 })
    s.close()
    const before = fingerprint(path)
    for (let i = 0; i < 2; i++) ProjectStore.open(path, { owner: 'other:2', ownerAlive: () => false }).close()
    expect(fingerprint(path)).toEqual(before)
  })

  it('refuses a newer file whose WAL holds the newer header without touching its main file', () => {
    // A file whose version sits in its WAL (a newer workbench upgraded it and was killed before a
    // checkpoint): reading it through a read-write connection, then closing it, checkpointed the WAL.
    const path = join(dir, 'hotwal.landau')
    newProject('hotwal-src.landau').close()
    const writer = new Database(join(dir, 'hotwal-src.landau'))
    writer.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    copyFileSync(join(dir, 'hotwal-src.landau'), path)
    copyFileSync(join(dir, 'hotwal-src.landau-wal'), `${path}-wal`)
    writer.close()
    const before = fingerprint(path)
    expect(() => ProjectStore.open(path, me)).toThrow(/newer workbench/)
    expect(() => ProjectStore.open(path, { ...me, readonly: true })).toThrow(/newer workbench/)
    expect(fingerprint(path)).toEqual(before)
  })
})

describe('stop reasons (schema 5)', () => {
  it('records the reason with the end, and the sweep says crash', () => {
    const path = join(dir, 'reasons.landau')
    const s = ProjectStore.open(path, { owner: 'host:5', ownerAlive: () => false, create: true })
    const spec = ExperimentSpec.parse(smallKacSpec({ solvers: [2, 3, 4, 5, 6].map((N) => ({ kind: 'kac' as const, N })) }))
    const ids = s.insertExperiment(spec, expandRuns(spec), { ...meta, owner: 'host:5' }).runIds
    s.finishRun(ids[0], 'done', { wallMs: 1 })
    s.finishRun(ids[1], 'cancelled', { stopReason: 'user' })
    s.finishRun(ids[2], 'interrupted', { stopReason: 'shutdown', error: 'stopped because the workbench shut down' })
    s.finishRun(ids[3], 'failed', { stopReason: 'error', error: 'disk full: test' })
    s.markRunning(ids[4], ['x'])
    s.close()
    const again = ProjectStore.open(path, { owner: 'host:6', ownerAlive: () => false })
    const runs = again.listRuns()
    expect(runs.map((r) => [r.status, r.stopReason])).toEqual([
      ['done', null],
      ['cancelled', 'user'],
      ['interrupted', 'shutdown'],
      ['failed', 'error'],
      ['interrupted', 'crash'],
    ])
    expect(runs[3].error).toBe('disk full: test')
    again.close()
  })

  it('upgrades a schema-4 file (interrupted: crash, failed: error, cancelled: unknown), which read-only opens also read', () => {
    const path = join(dir, 'v4.landau')
    const db = new Database(path)
    db.pragma('journal_mode = WAL')
    for (const m of MIGRATIONS.slice(0, 4)) db.exec(m)
    db.prepare(`INSERT INTO project (id, created_at, created_by) VALUES (1, 'then', 'v4')`).run()
    const spec = ExperimentSpec.parse(smallKacSpec({ solvers: [2, 3, 4, 5].map((N) => ({ kind: 'kac' as const, N })) }))
    db.prepare(`INSERT INTO experiments (id, name, spec, created_at) VALUES (1, 'e', ?, 'then')`).run(JSON.stringify(spec))
    const ins = db.prepare(
      `INSERT INTO runs (experiment_id, idx, solver, params, spec, seed, code_version, host, status, created_at) VALUES (1, ?, 'kac', ?, ?, 7, 'v4', 'h', ?, 'then')`,
    )
    const statuses = ['done', 'failed', 'cancelled', 'interrupted']
    expandRuns(spec).forEach((r, k) => ins.run(k, JSON.stringify(r.solver), JSON.stringify(r), statuses[k]))
    db.pragma(`application_id = ${APPLICATION_ID}`)
    db.pragma('user_version = 4')
    db.close()
    // A schema-4 file on a read-only medium cannot be upgraded: read-only opens read it as it is.
    const before = fingerprint(path)
    const ro = ProjectStore.open(path, { ...me, readonly: true })
    expect(ro.listRuns().map((r) => [r.status, r.stopReason])).toEqual(statuses.map((st) => [st, null]))
    ro.close()
    expect(fingerprint(path)).toEqual(before)
    const s = ProjectStore.open(path, me)
    expect(s.info().schemaVersion).toBe(SCHEMA_VERSION)
    expect(s.listRuns().map((r) => r.stopReason)).toEqual([null, 'error', null, 'crash'])
    expect(s.integrityCheck()).toBe('ok')
    s.close()
  })
})

describe('corrupt records', () => {
  it('lists the other runs when one row no longer parses, rebuilding what it can', () => {
    const path = join(dir, 'corrupt.landau')
    const s = newProject('corrupt.landau')
    const spec = ExperimentSpec.parse(smallKacSpec({ solvers: [2, 3, 4].map((N) => ({ kind: 'kac' as const, N })) }))
    const ids = s.insertExperiment(spec, expandRuns(spec), meta).runIds
    const lost = s.insertExperiment(
      ExperimentSpec.parse(smallKacSpec({ name: 'lost' })),
      expandRuns(ExperimentSpec.parse(smallKacSpec({ name: 'lost' }))),
      meta,
    )
    s.close()
    const db = new Database(path)
    db.prepare(`UPDATE runs SET spec = '{"truncated' WHERE id = ?`).run(ids[0])
    db.prepare(`UPDATE runs SET params = '{"kind":"nope"}', metrics = 'x' WHERE id = ?`).run(ids[1])
    // Neither the run's spec nor its experiment's: nothing to rebuild it from.
    db.prepare(`UPDATE runs SET spec = 'null' WHERE id = ?`).run(lost.runIds[0])
    db.prepare(`UPDATE experiments SET spec = '{}' WHERE id = ?`).run(lost.experimentId)
    db.close()
    const again = ProjectStore.open(path, me)
    const runs = again.listRuns()
    expect(runs.map((r) => r.id)).toEqual(ids)
    expect(runs[0].error).toMatch(/^corrupt record: spec /)
    expect(runs[0].spec).toEqual(expandRuns(spec)[0]) // rebuilt from the experiment
    expect(runs[1].error).toMatch(/^corrupt record: params does not match the schema; metrics /)
    expect(runs[1].params).toEqual(runs[1].spec.solver)
    expect(runs[2].error ?? '').not.toMatch(/corrupt/) // (interrupted by the sweep: queued by a process that is gone)
    expect(() => again.getRun(lost.runIds[0])).toThrow(/corrupt record/)
    expect(again.listExperiments().map((e) => e.id)).toEqual([1])
    again.close()
  })
})

describe('records stored under older rules', () => {
  it('reads a sound record whose values a later bound refuses as stored, and still calls a broken shape corrupt', () => {
    const path = join(dir, 'older-rules.landau')
    const s = newProject('older-rules.landau')
    const spec = ExperimentSpec.parse({
      name: 'old',
      initial: { family: 'maxwellian' },
      kernel: { gamma: 0 },
      solvers: [{ kind: 'spectral', n: 16, L: 4 }],
      time: { T: 1, dt: 0.1 },
    })
    const [id] = s.insertExperiment(spec, expandRuns(spec), meta).runIds
    s.close()
    // As an older version stored it: spectral L = 0.5, which today's schema refuses (a box shorter than the
    // data's temperature), written with every default filled, as stored specs are.
    const old = JSON.parse(JSON.stringify(spec))
    old.solvers[0].L = 0.5
    old.solvers[0].R = 0.5
    expect(checkExperiment(old).ok).toBe(false)
    const run = expandRuns(spec)[0]
    const oldRun = { ...run, solver: { ...run.solver, L: 0.5, R: 0.5 } }
    const db = new Database(path)
    db.prepare(`UPDATE experiments SET spec = ? WHERE id = 1`).run(JSON.stringify(old))
    db.prepare(`UPDATE runs SET spec = ?, params = ? WHERE id = ?`).run(JSON.stringify(oldRun), JSON.stringify(oldRun.solver), id)
    db.close()
    const again = ProjectStore.open(path, me)
    expect(again.listExperiments().map((e) => e.spec.solvers[0])).toEqual([expect.objectContaining({ kind: 'spectral', L: 0.5 })])
    const [r] = again.listRuns()
    expect(r.error ?? '').not.toMatch(/corrupt/)
    expect(r.spec.solver).toMatchObject({ kind: 'spectral', L: 0.5 })
    again.close()
    // A wrong shape is still corrupt: L as a string.
    const db2 = new Database(path)
    db2.prepare(`UPDATE runs SET params = ? WHERE id = ?`).run(JSON.stringify({ ...oldRun.solver, L: '0.5' }), id)
    db2.close()
    const third = ProjectStore.open(path, me)
    expect(third.listRuns()[0].error).toMatch(/^corrupt record: params does not match the schema/)
    third.close()
  })
})

describe('several writers', () => {
  it("waits for another process's write lock instead of failing at once (IMMEDIATE transactions)", async () => {
    // appendHistory reads (next seq) and then writes. As a deferred transaction, the write met another
    // process's lock without waiting: an uncaught SQLITE_BUSY that killed CLIs and servers.
    const path = join(dir, 'locked.landau')
    const s = newProject('locked.landau')
    const spec = ExperimentSpec.parse(smallKacSpec())
    const [id] = s.insertExperiment(spec, expandRuns(spec), meta).runIds
    s.markRunning(id, ['a'])
    s.appendHistory(id, [{ step: 0, t: 0, values: [1] }])
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const d = new (require('better-sqlite3'))(${JSON.stringify(path)}); d.exec('BEGIN IMMEDIATE'); d.prepare('UPDATE project SET created_by = created_by').run(); console.log('locked'); setTimeout(() => { d.exec('COMMIT'); d.close() }, 1200)`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()))
    const t0 = Date.now()
    s.appendHistory(id, [{ step: 1, t: 0.01, values: [2] }])
    expect(Date.now() - t0).toBeGreaterThan(500)
    expect(s.getHistory(id).values.a).toEqual([1, 2])
    await new Promise((r) => holder.once('exit', r))
    s.close()
  })
})
