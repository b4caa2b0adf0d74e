// Run management through the API as a transport calls it (dispatchApiCall: the arguments checked as they
// arrive): annotations, the trash with its undo and its explicit emptying, re-runs (the same seed repeats a
// run bit for bit), the project bar's path rules (~, missing folders), its file browser (home only) and the
// recent list; and older files.
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { createNodeWorkbench } from '../../src/backend/nodeWorkbench'
import { RecentProjectsFile } from '../../src/backend/recentProjects'
import { ProjectStore } from '../../src/backend/store/projectStore'
import { dispatchApiCall } from '../../src/shared/api'
import type { ApiResult, History, RunRecord, WorkbenchEvent } from '../../src/shared/api'
import { scratchDir } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'
import { downgradeTo } from '../helpers/schemaDowngrade'

const dir = scratchDir('landau-runs-')
const recent = new RecentProjectsFile(join(dir, 'config', 'recent.json'))
const wb = createNodeWorkbench({ threads: 2, recent })
afterAll(() => wb.shutdown())
const events: WorkbenchEvent[] = []
wb.onEvent((e) => events.push(e))

const call = (method: string, ...args: unknown[]) => dispatchApiCall(wb, method, args)
function value<T>(r: ApiResult): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value as T
}
const bits = (h: History) => [h.t, ...Object.values(h.values)].map((xs) => Buffer.from(new Float64Array(xs).buffer).toString('hex'))

describe('run management', () => {
  it('creates a project in a missing folder only when asked, and remembers it', async () => {
    const path = join(dir, 'a', 'b', 'runs.landau')
    expect(value(await call('resolveProjectPath', path))).toEqual({ path, folder: join(dir, 'a', 'b'), exists: false, folderExists: false })
    const refused = await call('createProject', path)
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: expect.stringContaining(`the folder ${join(dir, 'a', 'b')} does not exist`) },
    })
    expect(existsSync(join(dir, 'a'))).toBe(false)
    value(await call('createProject', path, { createFolders: true }))
    expect(existsSync(path)).toBe(true)
    expect(value(await call('resolveProjectPath', path))).toMatchObject({ exists: true, folderExists: true })
    expect(value(await call('recentProjects'))).toEqual([path])
  })

  it('expands ~ to the home folder, and refuses to make a folder where a file is', async () => {
    const home = join(dir, 'home')
    mkdirSync(home)
    const old = process.env.HOME
    process.env.HOME = home
    try {
      expect(value(await call('resolveProjectPath', '~/runs/isotropisation.landau'))).toMatchObject({ path: join(home, 'runs', 'isotropisation.landau') })
      writeFileSync(join(home, 'file'), '')
      const r = await call('createProject', '~/file/x.landau', { createFolders: true })
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringContaining('is not a folder') } })
      expect(await call('createProject', '~/runs/x.txt', { createFolders: true })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
      expect(existsSync(join(home, 'runs'))).toBe(false)
    } finally {
      process.env.HOME = old
    }
  })

  it('browses folders and project files inside the home folder only', async () => {
    const home = join(dir, 'browse-home')
    mkdirSync(join(home, 'runs', '.hidden'), { recursive: true })
    mkdirSync(join(home, 'b-folder'))
    writeFileSync(join(home, 'runs', 'a.landau'), '')
    writeFileSync(join(home, 'runs', 'notes.txt'), '')
    symlinkSync(dir, join(home, 'outside'))
    const old = process.env.HOME
    process.env.HOME = home
    try {
      expect(value(await call('browseFolder'))).toEqual({
        path: home,
        parent: null,
        entries: ['b-folder', 'outside', 'runs'].map((name) => ({ name, kind: 'folder' })),
        truncated: false,
      })
      expect(value(await call('browseFolder', '~/runs'))).toEqual({
        path: join(home, 'runs'),
        parent: home,
        entries: [{ name: 'a.landau', kind: 'project' }],
        truncated: false,
      })
      for (const outside of ['/', join(home, '..'), join(home, 'outside'), '~/runs/../..']) {
        expect(await call('browseFolder', outside), outside).toMatchObject({
          ok: false,
          error: { code: 'invalid-argument', message: expect.stringContaining('outside your home folder') },
        })
      }
      expect(await call('browseFolder', '~/missing')).toMatchObject({ ok: false, error: { code: 'not-found' } })
      expect(await call('browseFolder', 3)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    } finally {
      process.env.HOME = old
    }
  })

  it('annotates a run, with tags normalised and bad ones refused', async () => {
    value(await call('createProject', join(dir, 'annotate.landau')))
    const { runIds } = value<{ runIds: number[] }>(await call('startExperiment', smallKacSpec()))
    await wb.whenIdle()
    const id = runIds[0]
    events.length = 0
    const r = value<RunRecord>(await call('annotateRun', id, { label: '  baseline ', tags: [' bkw', 'BKW', 'γ = 0'], notes: '**first**', starred: true }))
    expect(r).toMatchObject({ label: 'baseline', tags: ['bkw', 'γ = 0'], notes: '**first**', starred: true, archivedAt: null })
    expect(events).toEqual([{ type: 'run', run: r }])
    expect(value<RunRecord>(await call('annotateRun', id, { label: '' })).label).toBeNull()
    const archived = value<RunRecord>(await call('annotateRun', id, { archived: true }))
    expect(archived.archivedAt).not.toBeNull()
    // Archiving again keeps the first time; un-archiving clears it.
    expect(value<RunRecord>(await call('annotateRun', id, { archived: true })).archivedAt).toBe(archived.archivedAt)
    expect(value<RunRecord>(await call('annotateRun', id, { archived: false })).archivedAt).toBeNull()
    for (const bad of [{ tags: ['a,b'] }, { tags: [''] }, { starred: 'yes' }, { colour: 'red' }, { label: 'x'.repeat(201) }]) {
      expect(await call('annotateRun', id, bad)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    }
    expect(await call('annotateRun', 999, { starred: true })).toMatchObject({ ok: false, error: { code: 'not-found' } })
    // What was refused changed nothing.
    expect(value<RunRecord>(await call('getRun', id))).toMatchObject({ label: null, tags: ['bkw', 'γ = 0'], starred: true })
  })

  it('moves runs to the trash and back, and removes them only when the trash is emptied', async () => {
    value(await call('createProject', join(dir, 'trash.landau')))
    const { runIds } = value<{ runIds: number[] }>(
      await call(
        'startExperiment',
        smallKacSpec({
          solvers: [
            { kind: 'kac', N: 20, replicas: 2 },
            { kind: 'kac', N: 2000, replicas: 4 },
          ],
          time: { T: 50, dt: 0.01, every: 10 },
        }),
      ),
    )
    const [short, long] = runIds
    // The long one is still running: it cannot be deleted.
    await new Promise((ok) => setTimeout(ok, 200))
    expect(await call('deleteRuns', [long])).toMatchObject({ ok: false, error: { code: 'busy' } })
    await call('cancelRun', long)
    await wb.whenIdle()
    const rows = (await wb.getHistory(short)).t.length
    expect(rows).toBeGreaterThan(0)

    const [trashed] = value<RunRecord[]>(await call('deleteRuns', [short, short]))
    expect(trashed.deletedAt).not.toBeNull()
    expect((await wb.getHistory(short)).t).toHaveLength(rows) // soft: every row kept
    expect(value<RunRecord[]>(await call('restoreRuns', [short]))[0].deletedAt).toBeNull()
    value(await call('deleteRuns', [short]))
    // A run in the trash is not resumed unseen.
    value(await call('deleteRuns', [long]))
    expect(await call('resumeRun', long)).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringContaining('in the trash') } })

    events.length = 0
    expect(value(await call('emptyTrash'))).toEqual({ runIds: [short, long] })
    expect(events).toEqual([{ type: 'runs-removed', runIds: [short, long] }])
    expect(await wb.listRuns()).toEqual([])
    expect(await call('getRun', short)).toMatchObject({ ok: false, error: { code: 'not-found' } })
    const db = new Database(join(dir, 'trash.landau'), { readonly: true })
    expect(db.prepare(`SELECT (SELECT count(*) FROM history) + (SELECT count(*) FROM history_blocks) + (SELECT count(*) FROM checkpoints)`).pluck().get()).toBe(
      0,
    )
    expect(db.prepare(`SELECT count(*) FROM experiments`).pluck().get()).toBe(1)
    db.close()
    expect(value(await call('emptyTrash'))).toEqual({ runIds: [] })
    // The removed runs' ids are not given again: "run 2" in a note or an exported file keeps naming the removed run.
    const next = value<{ runIds: number[] }>(await call('startExperiment', smallKacSpec()))
    expect(next.runIds).toEqual([long + 1])
    await wb.whenIdle()
  })

  it('re-runs a run: the same seed repeats it bit for bit, a new seed does not', async () => {
    value(await call('createProject', join(dir, 'rerun.landau')))
    const spec = smallKacSpec({
      solvers: [
        { kind: 'kac', N: 10, replicas: 2 },
        { kind: 'kac', N: 12, replicas: 2 },
      ],
      seed: 41,
    })
    const { runIds } = value<{ runIds: number[] }>(await call('startExperiment', spec))
    await wb.whenIdle()
    const original = runIds[1] // index 1: the re-run must keep the index, part of the random streams' key
    const same = value<{ experimentId: number; runIds: number[] }>(await call('rerunRun', original, { seed: 'same' }))
    const fresh = value<{ runIds: number[] }>(await call('rerunRun', original, { seed: 'new' }))
    await wb.whenIdle()
    expect(same.runIds).toHaveLength(1)
    const again = await wb.getRun(same.runIds[0])
    expect(again).toMatchObject({ status: 'done', index: 1, seed: 41, experimentName: `small kac · re-run of run ${original}` })
    expect(bits(await wb.getHistory(again.id))).toEqual(bits(await wb.getHistory(original)))
    const other = await wb.getRun(fresh.runIds[0])
    expect(other.seed).not.toBe(41)
    expect(bits(await wb.getHistory(other.id))).not.toEqual(bits(await wb.getHistory(original)))
    expect(await call('rerunRun', original, { seed: 7 })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
  })

  it('reads a schema-9 file read-only as unannotated, and upgrades it to take annotations', async () => {
    const path = join(dir, 'schema9.landau')
    value(await call('createProject', path))
    value(await call('startExperiment', smallKacSpec()))
    await wb.whenIdle()
    await wb.closeProject()
    const db = new Database(path)
    downgradeTo(db, 9)
    db.close()
    const ro = ProjectStore.open(path, { readonly: true, owner: 'x:1', ownerAlive: () => false })
    expect(ro.listRuns()[0]).toMatchObject({ status: 'done', label: null, notes: '', tags: [], starred: false, archivedAt: null, deletedAt: null })
    ro.close()
    value(await call('openProject', path))
    expect(value<RunRecord>(await call('annotateRun', 1, { tags: ['old'] })).tags).toEqual(['old'])
    expect((await wb.currentProject())?.schemaVersion).toBe(10)
  })
})
