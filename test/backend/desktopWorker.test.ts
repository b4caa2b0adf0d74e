// The desktop build's pool thread (electron.vite.config.ts' poolWorker): `electron-vite build` writes it as one
// CommonJS file, out/main/worker.cjs, the entry src/main/index.ts gives the pool (why CommonJS:
// scripts/workerBundle.mjs), and a workbench whose threads load it runs runs to the bits of the sources' own pool
// thread. Electron itself cannot run here; the thread is plain Node code either way. The build goes to a folder of
// its own under out/ (the built thread finds the workbench's folder by walking up to package.json, and its packages
// in node_modules), removed afterwards.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../../src/backend/repoRoot'
import { Workbench } from '../../src/backend/workbench'
import { scratchDir } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'

const outDir = join(repoRoot, 'out', `desktop-test-${process.pid}`)
const dir = scratchDir('landau-desktop-')
afterAll(() => rmSync(outDir, { recursive: true, force: true }))

/** Each run's history, as the workbench stores it, for a workbench whose pool threads load `workerFile`. */
async function histories(workerFile: string, mergeWorkerFile: string, name: string): Promise<unknown[]> {
  const w = new Workbench({ workerFile, mergeWorkerFile, mode: 'desktop', threads: 2 })
  try {
    await w.createProject(join(dir, `${name}.landau`))
    const spec = smallKacSpec({
      kernel: { gamma: -3 },
      solvers: [
        { kind: 'kac', N: 64, replicas: 2 },
        { kind: 'pairing', N: 400, replicas: 2, integrator: 'sbm' },
      ],
    })
    const { runIds } = await w.startExperiment(spec)
    await w.whenIdle()
    const runs = await Promise.all(runIds.map((id) => w.getRun(id)))
    expect(runs.map((r) => [r.status, r.error])).toEqual(runIds.map(() => ['done', null]))
    return Promise.all(runIds.map(async (id) => (await w.getHistory(id)).values))
  } finally {
    await w.shutdown()
  }
}

describe('the desktop build’s pool thread', () => {
  it('is one CommonJS file, and its runs have the bits of the sources’ pool thread', { timeout: 120_000 }, async () => {
    execFileSync(
      process.execPath,
      [join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--outDir', outDir, '--logLevel', 'warn'],
      {
        cwd: repoRoot,
        stdio: 'pipe',
      },
    )
    const worker = join(outDir, 'main', 'worker.cjs')
    expect(existsSync(worker)).toBe(true)
    expect(existsSync(join(outDir, 'main', 'worker.js'))).toBe(false)
    // esbuild's CommonJS output: the banner that gives the bundle its own file URL, then require()s, no ES syntax
    const code = readFileSync(worker, 'utf8')
    expect(code.startsWith('var __workerFileUrl = require("node:url")')).toBe(true)
    expect(code).not.toMatch(/^import .* from /m)
    // the desktop's main process names that file
    expect(readFileSync(join(outDir, 'main', 'index.js'), 'utf8')).toContain('"worker.cjs"')

    const desktop = await histories(worker, join(outDir, 'main', 'mergeWorker.js'), 'desktop')
    const sources = await histories(join(repoRoot, 'src', 'backend', 'worker.ts'), join(repoRoot, 'src', 'backend', 'mergeWorker.ts'), 'sources')
    expect(desktop).toEqual(sources)
  })
})
