// The project file: created and reopened, versioned, refused when foreign or newer, exact history
// storage, read-only opens that change nothing, and the interrupted-run sweep on reopen.
import { writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { ProjectStore } from '../../src/backend/store/projectStore'
import { APPLICATION_ID, SCHEMA_VERSION } from '../../src/backend/store/migrations'
import { ExperimentSpec, expandRuns } from '../../src/shared/spec'
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
    const spec = ExperimentSpec.parse(smallKacSpec({ solvers: [{ kind: 'kac', N: 4 }, { kind: 'kac', N: 5 }] }))
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
