// Device "gpu" on a host without a WebGPU adapter is refused where the spec is submitted (gpuRefusal.ts), before
// anything is stored or queued: the API's run start (ApiError 'invalid-spec' naming the entry's device field,
// no experiment in the project) and `landau run` (exit code 2, no project file). "auto" still runs, on the
// CPU. A stored run that asks for "gpu" is refused a resume the same way (resumeRun, `landau resume --run`,
// `landau run --resume`), its row left as it was. "No adapter" is forced with LANDAU_GPU_BACKEND naming no backend (gpuDevice.ts), which every GPU-less
// and GPU host alike answers with no adapter — so the test means the same everywhere.
import { spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createNodeWorkbench } from '../../src/backend/nodeWorkbench'
import { gpuIssues } from '../../src/backend/gpuRefusal'
import { checkExperiment, type ExperimentSpec } from '../../src/shared/spec'
import { scratchDir } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'

process.env.LANDAU_GPU_BACKEND = 'none' // before the process's first (cached) probe
const dir = scratchDir('landau-gpu-refusal-')
const bench = createNodeWorkbench({ threads: 1 })
afterAll(() => bench.shutdown())

const gpuSpec = (device: 'gpu' | 'auto') =>
  smallKacSpec({
    solvers: [
      { kind: 'pairing', N: 20, replicas: 2 },
      { kind: 'kac', N: 20, replicas: 2, integrator: 'rotation', device },
    ],
  })

function parsed(input: unknown): ExperimentSpec {
  const c = checkExperiment(input)
  if (!c.ok) throw new Error('test spec invalid')
  return c.spec
}

describe('device "gpu" without an adapter', () => {
  it('gpuIssues: one issue per "gpu" entry when the probe finds none; none with an adapter or without "gpu"', async () => {
    const none = () => Promise.resolve('no WebGPU adapter on this machine (test)')
    const issues = await gpuIssues(parsed(gpuSpec('gpu')), none)
    expect(issues.map((i) => i.path)).toEqual(['solvers.1.device'])
    expect(issues[0].message).toMatch(/^device "gpu": no WebGPU adapter .* Use "device": "auto"/)
    expect(await gpuIssues(parsed(gpuSpec('gpu')), () => Promise.resolve(null))).toEqual([])
    expect(await gpuIssues(parsed(gpuSpec('auto')), none)).toEqual([])
  })

  it('the API refuses the spec and stores nothing; "auto" runs on the CPU', async () => {
    await bench.createProject(join(dir, 'api.landau'))
    await expect(bench.startExperiment(gpuSpec('gpu'))).rejects.toMatchObject({
      code: 'invalid-spec',
      message: expect.stringMatching(/solvers\.1\.device.*no WebGPU adapter on this machine/),
    })
    expect(await bench.listExperiments()).toEqual([])
    const { runIds } = await bench.startExperiment(gpuSpec('auto'))
    await bench.whenIdle()
    expect((await bench.listRuns()).filter((r) => runIds.includes(r.id)).map((r) => r.status)).toEqual(['done', 'done'])
  })

  it('landau run exits 2 with the reason and creates no project file', () => {
    const spec = join(dir, 'gpu.json')
    writeFileSync(spec, JSON.stringify(gpuSpec('gpu')))
    const project = join(dir, 'cli.landau')
    const r = spawnSync(process.execPath, [join(process.cwd(), 'bin', 'landau.js'), 'run', spec, '--project', project], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, LANDAU_GPU_BACKEND: 'none' },
    })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/solvers\.1\.device: device "gpu": no WebGPU adapter on this machine/)
    expect(existsSync(project)).toBe(false)
  })

  it('a stored "gpu" run is not resumed: resumeRun, landau resume --run and landau run --resume refuse, the row unchanged', async () => {
    // The project holds a run as a host with an adapter left it: "auto" ran here (on the CPU), then the stored
    // specs are made to say "gpu" and the run interrupted — what resuming a GPU host's project here looks like.
    const path = join(dir, 'resume.landau')
    await bench.createProject(path)
    const { runIds } = await bench.startExperiment(gpuSpec('auto'))
    await bench.whenIdle()
    await bench.closeProject()
    const id = runIds[1]
    const db = new Database(path)
    for (const table of ['experiments', 'runs']) db.prepare(`UPDATE ${table} SET spec = replace(spec, '"device":"auto"', '"device":"gpu"')`).run()
    db.prepare(`UPDATE runs SET status = 'interrupted', stop_reason = 'crash' WHERE id = ?`).run(id)
    db.close()
    const row = () => {
      const d = new Database(path, { readonly: true })
      try {
        return d.prepare(`SELECT status, progress, spec FROM runs WHERE id = ?`).get(id) as { status: string; spec: string }
      } finally {
        d.close()
      }
    }
    const before = row()
    expect(before.spec).toContain('"device":"gpu"')

    await bench.openProject(path)
    await expect(bench.resumeRun(id)).rejects.toMatchObject({
      code: 'invalid-argument',
      message: expect.stringMatching(new RegExp(`^run ${id} asks for device "gpu": no WebGPU adapter on this machine`)),
    })
    const spec = { ...gpuSpec('gpu') }
    await expect(bench.resumeExperiment(spec)).rejects.toMatchObject({ code: 'invalid-spec', message: expect.stringMatching(/solvers\.1\.device/) })
    await bench.closeProject()
    expect(row()).toEqual(before)

    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [join(process.cwd(), 'bin', 'landau.js'), ...args], {
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, LANDAU_GPU_BACKEND: 'none' },
      })
    const resumed = cli('resume', path, '--run', String(id))
    expect(resumed.status).toBe(2)
    expect(resumed.stderr).toMatch(/asks for device "gpu": no WebGPU adapter on this machine/)
    const specFile = join(dir, 'resume-gpu.json')
    writeFileSync(specFile, JSON.stringify(spec))
    const rerun = cli('run', specFile, '--project', path, '--resume')
    expect(rerun.status).toBe(2)
    expect(rerun.stderr).toMatch(/solvers\.1\.device: device "gpu": no WebGPU adapter on this machine/)
    expect(row()).toEqual(before)
  })
})
