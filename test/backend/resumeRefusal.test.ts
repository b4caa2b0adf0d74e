// What Workbench.resumeRun refuses (runStarts.ts, docs/CLUSTER.md "Checkpoints and resume"): a done run, an
// unknown one, and, unless forced, a run whose code version or JavaScript engine differs from this process's
// (the last bits depend on both, so its continuation could differ from an uninterrupted run). Forced, it
// runs to the end and keeps the code version it was started with. The oracle for "refused" is the file: a
// refused resume leaves the run's row as it was.
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { createNodeWorkbench } from '../../src/backend/nodeWorkbench'
import type { Workbench } from '../../src/backend/workbench'
import { codeVersion } from '../../src/backend/codeVersion'
import { scratchDir } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'

const dir = scratchDir('landau-resume-refusal-')
const benches: Workbench[] = []
afterAll(() => Promise.all(benches.map((w) => w.shutdown())))

/** A project with one done Kac run, then edited (closed) by `edit`; returns its path and the run's id. */
async function project(name: string, edit?: (db: Database.Database, id: number) => void): Promise<{ path: string; id: number }> {
  const w = createNodeWorkbench({ threads: 1 })
  const path = join(dir, name)
  await w.createProject(path)
  const { runIds } = await w.startExperiment(smallKacSpec({ time: { T: 0.05, dt: 0.01, every: 1 } }))
  await w.whenIdle()
  await w.shutdown()
  if (edit) {
    const db = new Database(path)
    edit(db, runIds[0])
    db.close()
  }
  return { path, id: runIds[0] }
}

async function opened(path: string): Promise<Workbench> {
  const w = createNodeWorkbench({ threads: 1 })
  benches.push(w)
  await w.openProject(path)
  return w
}

const row = (path: string, id: number) => {
  const db = new Database(path, { readonly: true })
  try {
    return db.prepare(`SELECT status, code_version, host, progress FROM runs WHERE id = ?`).get(id)
  } finally {
    db.close()
  }
}

const interrupted = (db: Database.Database, id: number) => db.prepare(`UPDATE runs SET status = 'interrupted', stop_reason = 'crash' WHERE id = ?`).run(id)

describe('resumeRun refuses', () => {
  it('a done run and an unknown one', async () => {
    const { path, id } = await project('done.landau')
    const w = await opened(path)
    await expect(w.resumeRun(id)).rejects.toThrow(/is done: there is nothing to resume/)
    await expect(w.resumeRun(999)).rejects.toMatchObject({ code: 'not-found' })
  })

  it('a run of another code version unless forced; forced, it finishes and keeps its code version', async () => {
    const { path, id } = await project('other-code.landau', (db, id) => {
      interrupted(db, id)
      db.prepare(`UPDATE runs SET code_version = '0.0.1+elsewhere' WHERE id = ?`).run(id)
    })
    const before = row(path, id)
    const w = await opened(path)
    await expect(w.resumeRun(id)).rejects.toThrow(
      new RegExp(`was computed by code 0\\.0\\.1\\+elsewhere and this is ${codeVersion().replace(/[+.]/g, '\\$&')}`),
    )
    await w.closeProject()
    expect(row(path, id)).toEqual(before) // refused: nothing written
    const again = await opened(path)
    await expect(again.resumeRun(id, { force: true })).resolves.toMatchObject({ fromStep: 0, totalSteps: 5 })
    await again.whenIdle()
    expect(await again.getRun(id)).toMatchObject({ status: 'done', codeVersion: '0.0.1+elsewhere' })
  })

  it('a run computed on another JavaScript engine unless forced', async () => {
    const { path, id } = await project('other-engine.landau', (db, id) => {
      interrupted(db, id)
      db.prepare(`UPDATE runs SET host = 'cluster-node-7 (node 18.0.0, v8 10.1, linux-arm64)' WHERE id = ?`).run(id)
    })
    const w = await opened(path)
    await expect(w.resumeRun(id)).rejects.toThrow(/was computed on node 18\.0\.0, v8 10\.1, linux-arm64 and this is node /)
    await expect(w.resumeRun(id, { force: true })).resolves.toMatchObject({ fromStep: 0 })
    await w.whenIdle()
    expect((await w.getRun(id)).status).toBe('done')
  })
})
