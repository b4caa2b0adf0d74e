// Workbench.mergeProject: `landau merge` into the project the workbench holds open (the UI's "Merge
// another project…"). The workbench closes its store, merges in a thread of its own and opens the project
// again; what a merge copies and refuses is mergeProjects's (merge.test.ts, test/cli). Here: runs arrive
// and a 'project' event says so, a second merge adds nothing, a conflict or a project open elsewhere
// leaves the project's content as it was and the workbench usable, and the merges it must refuse.
import { symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createNodeWorkbench } from '../../src/backend/nodeWorkbench'
import type { Workbench } from '../../src/backend/workbench'
import { ProjectStore } from '../../src/backend/store/projectStore'
import { ApiError, dispatchApiCall } from '../../src/shared/api'
import type { WorkbenchEvent } from '../../src/shared/api'
import { ExperimentSpec, expandRuns } from '../../src/shared/spec'
import { scratchDir } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'

const dir = scratchDir('landau-wbmerge-')
const benches: Workbench[] = []
afterAll(() => Promise.all(benches.map((w) => w.shutdown())))

function bench(): Workbench {
  const w = createNodeWorkbench({ threads: 1 })
  benches.push(w)
  return w
}

/** Two tiny Kac runs, index 0 and 1. */
const tiny = smallKacSpec({
  name: 'tiny',
  solvers: [
    { kind: 'kac', N: 6 },
    { kind: 'kac', N: 8 },
  ],
  time: { T: 0.05, dt: 0.01, every: 1 },
})

/** A project whose runs the workbench computed (what another machine would have made). */
async function computed(name: string): Promise<string> {
  const w = bench()
  const path = join(dir, name)
  await w.createProject(path)
  await w.startExperiment(tiny)
  await w.whenIdle()
  await w.closeProject()
  return path
}

/** A project with the same experiment and run indices as `computed`, done, with other history: a conflict. */
function forged(name: string): string {
  const path = join(dir, name)
  const spec = ExperimentSpec.parse(tiny)
  const s = ProjectStore.open(path, { create: true, owner: 'elsewhere:1', ownerAlive: () => false })
  const { runIds } = s.insertExperiment(spec, expandRuns(spec), { codeVersion: 'other', host: 'elsewhere', owner: 'elsewhere:1' })
  for (const id of runIds) {
    s.markRunning(id, ['energy'])
    s.appendHistory(id, [{ step: 0, t: 0, values: [42] }])
    s.finishRun(id, 'done', { wallMs: 1 })
  }
  s.close()
  return path
}

/** Everything the UI shows of a project, ids and all: equal before and after a refused merge. */
async function content(w: Workbench) {
  const runs = await w.listRuns()
  return {
    experiments: await w.listExperiments(),
    runs,
    designs: await w.listDesigns(),
    histories: await Promise.all(runs.map((r) => w.getHistory(r.id))),
  }
}

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(ApiError)
  return err as ApiError
}

describe('merging another project into the open one', () => {
  it('adds its runs, says so with a project event, and adds nothing the second time', async () => {
    const a = await computed('a.landau')
    const w = bench()
    const b = join(dir, 'b.landau')
    await w.createProject(b)
    const events: WorkbenchEvent[] = []
    w.onEvent((e) => events.push(e))

    const pending = w.mergeProject({ path: a })
    // While the merge runs the project is closed: calls are refused as busy, not "no project".
    expect((await refusal(w.listRuns())).code).toBe('busy')
    expect((await refusal(w.startExperiment(tiny))).code).toBe('busy')
    expect((await w.currentProject())?.path).toBe(b)
    const first = await pending

    expect(first.input).toMatchObject({ file: a, experimentsAdded: 1, experimentsPresent: 0, runsAdded: 2, runsPresent: 0, skipped: {} })
    expect(first.project).toMatchObject({ path: b, experimentCount: 1, runCount: 2 })
    expect(events).toEqual([{ type: 'project', project: first.project }])
    const runs = await w.listRuns()
    expect(runs.map((r) => [r.experimentName, r.index, r.status])).toEqual([
      ['tiny', 0, 'done'],
      ['tiny', 1, 'done'],
    ])
    expect((await w.getHistory(runs[0].id)).t.length).toBeGreaterThan(1)

    const before = await content(w)
    const second = await w.mergeProject({ path: a })
    expect(second.input).toMatchObject({ experimentsAdded: 0, experimentsPresent: 1, runsAdded: 0, runsPresent: 2 })
    expect(await content(w)).toEqual(before)
  })

  it('refuses a conflict in one line, and the project is as it was and still runs experiments', async () => {
    const a = await computed('a2.landau')
    const c = forged('c.landau')
    const w = bench()
    await w.createProject(join(dir, 'b2.landau'))
    await w.mergeProject({ path: a })
    const before = await content(w)
    const events: WorkbenchEvent[] = []
    w.onEvent((e) => events.push(e))

    const err = await refusal(w.mergeProject({ path: c }))
    expect(err.code).toBe('invalid-argument')
    expect(err.message).toMatch(/^conflict: experiment "tiny" run index 0: .*c\.landau\); nothing was merged$/)
    expect(err.message).not.toContain('\n')
    expect(await content(w)).toEqual(before)
    // Opened again, and the UI told so (it reloads its lists on this event).
    expect(events.map((e) => e.type)).toEqual(['project'])

    const { runIds } = await w.startExperiment(smallKacSpec({ name: 'after', solvers: [{ kind: 'kac', N: 5 }], time: { T: 0.02, dt: 0.01, every: 1 } }))
    await w.whenIdle()
    expect((await w.getRun(runIds[0])).status).toBe('done')
  })

  it('refuses while a run of the project is queued or running, and merges once it has ended', async () => {
    const a = await computed('a3.landau')
    const w = bench()
    await w.createProject(join(dir, 'b3.landau'))
    const { runIds } = await w.startExperiment(smallKacSpec({ name: 'long', solvers: [{ kind: 'kac', N: 300 }], time: { T: 100, dt: 0.01, every: 1 } }))
    const err = await refusal(w.mergeProject({ path: a }))
    expect(err.code).toBe('busy')
    expect(err.message).toBe('1 run is still queued or running; cancel it or wait before you merge another project into this one')
    await w.cancelRun(runIds[0])
    await w.whenIdle()
    expect((await w.mergeProject({ path: a })).input.runsAdded).toBe(2)
  })

  it('refuses the open project itself, under its own name or a link to it', async () => {
    const w = bench()
    const b = join(dir, 'self.landau')
    await w.createProject(b)
    const link = join(dir, 'self-link.landau')
    symlinkSync(b, link)
    for (const path of [b, link]) {
      const err = await refusal(w.mergeProject({ path }))
      expect(err.code).toBe('invalid-argument')
      expect(err.message).toMatch(/is the open project itself/)
    }
    // Other bad paths are projectPath's, as for Open project.
    expect((await refusal(w.mergeProject({ path: join(dir, 'missing.landau') }))).code).toBe('not-found')
    expect((await refusal(w.mergeProject({ path: join(dir, 'notes.txt') }))).message).toMatch(/not named \*\.landau/)
    // The request's shape is checked where calls arrive (apiArgs.ts), as the transports call it.
    for (const args of [[], ['/x/a.landau'], [{ path: 3 }]])
      expect(await dispatchApiCall(w, 'mergeProject', args)).toMatchObject({
        ok: false,
        error: { code: 'invalid-argument', message: expect.stringMatching(/^mergeProject: /) },
      })
    expect((await w.listRuns()).length).toBe(0)
  })

  it('refuses a project another process holds open (commits in its -wal), and opens it again unchanged', async () => {
    const a = await computed('a4.landau')
    const w = bench()
    const b = join(dir, 'b4.landau')
    await w.createProject(b)
    // Another connection that wrote and stays open: the workbench's close cannot fold the WAL into the file.
    const other = ProjectStore.open(b, { owner: 'other:1', ownerAlive: () => true })
    try {
      other.insertDesign('kept', { family: 'bimaxwellian', T: [1, 1, 1] })
      const before = await content(w)
      const err = await refusal(w.mergeProject({ path: a }))
      expect(err.code).toBe('busy')
      expect(err.message).toMatch(/writes not yet folded into it/)
      expect(await content(w)).toEqual(before)
      expect(before.designs.map((d) => d.name)).toEqual(['kept'])
    } finally {
      other.close()
    }
  })
})
