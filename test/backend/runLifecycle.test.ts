// How runs end, and why (RunRecord.stopReason, schema 5), with the real pool: a user's cancel
// (cancelled, 'user'), a shutdown of the workbench or a signal to the CLI (interrupted, 'shutdown': not
// the user's cancel), a store error in the middle of a run (failed, 'error', with the store's reason, and
// the process goes on). Also: runs queued behind a cancelled or failed one still run (Piscina did not
// replace the terminated thread until the next submission, so they waited for ever).
import { spawn } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createNodeWorkbench } from '../../src/backend/nodeWorkbench'
import type { Workbench } from '../../src/backend/workbench'
import { ProjectStore } from '../../src/backend/store/projectStore'
import { ApiError } from '../../src/shared/api'
import type { WorkbenchEvent } from '../../src/shared/api'
import { scratchDir } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'

const dir = scratchDir('landau-life-')
const benches: Workbench[] = []
afterAll(() => Promise.all(benches.map((w) => w.shutdown())))
const me = { owner: 'test:9', ownerAlive: () => true }

function bench(): Workbench {
  const w = createNodeWorkbench({ threads: 1 })
  benches.push(w)
  return w
}

/** A run long enough to be stopped while running (every step a row), then a short one queued behind it. */
const longThenShort = smallKacSpec({
  solvers: [
    { kind: 'kac', N: 300, replicas: 2 },
    { kind: 'kac', N: 6 },
  ],
  time: { T: 100, dt: 0.01, every: 1 },
})

async function untilHistory(w: Workbench): Promise<void> {
  let seen = false
  const off = w.onEvent((e: WorkbenchEvent) => void (e.type === 'history' && (seen = true)))
  while (!seen) await new Promise((r) => setTimeout(r, 20))
  off()
}

describe('why runs stop', () => {
  it("a user's cancel: cancelled, 'user'; the run queued behind it still runs to the end", async () => {
    const w = bench()
    await w.createProject(join(dir, 'cancel.landau'))
    const { runIds } = await w.startExperiment(longThenShort)
    await untilHistory(w)
    await w.cancelRun(runIds[0])
    await w.whenIdle()
    const [a, b] = await Promise.all(runIds.map((id) => w.getRun(id)))
    expect([a.status, a.stopReason, a.error]).toEqual(['cancelled', 'user', null])
    expect([b.status, b.stopReason]).toEqual(['done', null])
  })

  it("a shutdown: interrupted, 'shutdown', queued and running runs alike, in the file", async () => {
    const w = createNodeWorkbench({ threads: 1 })
    const path = join(dir, 'shutdown.landau')
    await w.createProject(path)
    const { runIds } = await w.startExperiment(longThenShort)
    await untilHistory(w)
    await w.shutdown()
    const s = ProjectStore.open(path, { ...me, readonly: true })
    const runs = runIds.map((id) => s.getRun(id))
    s.close()
    expect(runs.map((r) => [r.status, r.stopReason])).toEqual([
      ['interrupted', 'shutdown'],
      ['interrupted', 'shutdown'],
    ])
    expect(runs[0].error).toMatch(/workbench shut down/)
    expect(runs[1].startedAt).toBeNull()
  })

  it("a store error mid-run: failed, 'error', its reason; the process goes on and the next run is stored", async () => {
    const w = bench()
    await w.createProject(join(dir, 'storefail.landau'))
    // The store as a full disk answers, once: the write throws inside the worker's message handler.
    const store = (w as unknown as { store: ProjectStore }).store
    const append = store.appendHistory.bind(store)
    let failures = 0
    store.appendHistory = (id, rows) => {
      if (failures++ === 0) throw new ApiError('io', 'disk full: cannot write (simulated)')
      append(id, rows)
    }
    const { runIds } = await w.startExperiment({ ...longThenShort, time: { T: 1, dt: 0.01, every: 1 } })
    await w.whenIdle()
    const [a, b] = await Promise.all(runIds.map((id) => w.getRun(id)))
    expect([a.status, a.stopReason, a.error]).toEqual(['failed', 'error', 'disk full: cannot write (simulated)'])
    expect([b.status, b.stopReason]).toEqual(['done', null])
    expect((await w.getHistory(b.id)).t).toHaveLength(101)
  })

  it("a solver that fails mid-run: failed, 'error', its message, and the rows it computed before are kept", async () => {
    const w = bench()
    await w.createProject(join(dir, 'blowup.landau'))
    // Spectral n = 8 on the default box (h = 2) blows up between t = 1/3 and 2/3 (test/solvers/driver/hardening.test.ts).
    const spec = { name: 'blow-up', initial: { family: 'maxwellian' }, kernel: { gamma: 0 }, solvers: [{ kind: 'spectral', n: 8 }], time: { T: 1, dt: 1 / 3 } }
    const { runIds } = await w.startExperiment(spec)
    await w.whenIdle()
    const run = await w.getRun(runIds[0])
    expect([run.status, run.stopReason]).toEqual(['failed', 'error'])
    expect(run.error).toMatch(/^spectral: the solution blew up at t = 0\.666/)
    // The worker posts its buffered rows before its error (they were lost before): t = 0 and t = 1/3.
    expect((await w.getHistory(run.id)).t).toEqual([0, 1 / 3])
  })

  it("SIGTERM to `landau run`: its runs end interrupted, 'shutdown' (before: cancelled, like a user's cancel)", async () => {
    const path = join(dir, 'signal.landau')
    const specFile = join(dir, 'long.json')
    writeFileSync(specFile, JSON.stringify(longThenShort))
    const child = spawn(process.execPath, [join(process.cwd(), 'bin', 'landau.js'), 'run', specFile, '--project', path, '--workers', '1'], { stdio: 'ignore' })
    const exited = new Promise((r) => child.once('exit', r))
    // Wait until the first run has rows, reading the file as another process would.
    for (let rows = 0, t0 = Date.now(); rows < 2 && Date.now() - t0 < 60_000;) {
      await new Promise((r) => setTimeout(r, 100))
      if (!existsSync(path)) continue
      const s = ProjectStore.open(path, { ...me, readonly: true })
      const runs = s.listRuns()
      rows = runs[0]?.status === 'running' ? s.getHistory(runs[0].id).t.length : 0
      s.close()
    }
    child.kill('SIGTERM')
    await exited
    const s = ProjectStore.open(path, { ...me, readonly: true })
    expect(s.listRuns().map((r) => [r.status, r.stopReason])).toEqual([
      ['interrupted', 'shutdown'],
      ['interrupted', 'shutdown'],
    ])
    expect(s.integrityCheck()).toBe('ok')
    s.close()
  })
})
