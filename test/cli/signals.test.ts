// `landau` stopped by signals, and its exports' files and pipes, as a user meets them: real child processes.
// SIGINT, SIGTERM and SIGHUP stop a run (recorded as stopped), the --json output still comes out whole
// through a slow pipe, and the exit code is 128 + the signal's number. `landau export --out` replaces its
// file only when complete; a reader that goes away (`| head`) ends an export quietly.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ProjectStore } from '../../src/backend/store/projectStore'
import type { HistoryRow } from '../../src/backend/store/projectStore'
import { checkExperiment, expandRuns } from '../../src/shared/spec'
import { ROW_METRICS } from '../../src/solvers/diagnostics/moments'
import { scratchDir } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'

const dir = scratchDir('landau-signals-')
const bin = join(process.cwd(), 'bin', 'landau.js')

function start(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  const out: Buffer[] = []
  let stderr = ''
  child.stdout.on('data', (b: Buffer) => out.push(b))
  child.stderr.on('data', (b: Buffer) => (stderr += b))
  const exit = new Promise<{ code: number | null; signal: string | null }>((r) => child.on('close', (code, signal) => r({ code, signal })))
  return { child, exit, stdout: () => Buffer.concat(out).toString('utf8'), stderr: () => stderr }
}

/** Waits until the run of a project written by another process has at least `rows` rows. */
async function untilRows(path: string, rows: number): Promise<number> {
  const deadline = Date.now() + 60_000
  let n = 0
  while (Date.now() < deadline && n < rows) {
    await new Promise((r) => setTimeout(r, 100))
    if (!existsSync(path)) continue
    try {
      const s = ProjectStore.open(path, { readonly: true, owner: 'test:0', ownerAlive: () => true })
      const runs = s.listRuns()
      n = runs.length && runs[0].status === 'running' ? s.getHistory(runs[0].id).t.length : 0
      s.close()
    } catch {
      // the file may be mid-creation; try again
    }
  }
  return n
}

// A run that writes rows fast (small N, every step) and would take minutes to finish.
const longSpec = join(dir, 'long.json')
writeFileSync(longSpec, JSON.stringify(smallKacSpec({ name: 'long', solvers: [{ kind: 'kac', N: 20, replicas: 3 }], time: { T: 1000, dt: 0.001, every: 1 } })))

describe('landau run stopped by a signal', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    it(`${signal}: records the run as stopped, writes the whole --json through a slow pipe, exits ${code}`, async () => {
      const project = join(dir, `${signal}.landau`)
      const p = start(['run', longSpec, '--project', project, '--json', '--workers', '1'])
      // A reader that is not reading yet: the pipe takes 64 KB, the rest must wait in the process.
      p.child.stdout.pause()
      // ≥ 3000 rows: the JSON is ≈ 1 MB, far more than a pipe holds.
      expect(await untilRows(project, 3000)).toBeGreaterThanOrEqual(3000)
      p.child.kill(signal)
      await new Promise((r) => setTimeout(r, 1500))
      p.child.stdout.resume()
      const { code: exitCode } = await p.exit
      expect(exitCode).toBe(code)
      expect(p.stderr()).toMatch(/stopping runs/)
      const out = JSON.parse(p.stdout())
      expect(out.runs).toHaveLength(1)
      const run = out.runs[0]
      expect(['interrupted', 'cancelled']).toContain(run.status)
      expect(run.history.t.length).toBeGreaterThanOrEqual(3000)
      for (const m of ROW_METRICS) expect(run.history[m]).toHaveLength(run.history.t.length)
      // The file agrees, and is sound.
      const s = ProjectStore.open(project, { readonly: true, owner: 'test:0', ownerAlive: () => true })
      expect(s.integrityCheck()).toBe('ok')
      expect(s.getRun(1).status).toBe(run.status)
      expect(s.getHistory(1).t.length).toBe(run.history.t.length)
      s.close()
    })
  }
})

describe('landau export: files, pipes and signals', () => {
  // A project with one long run, written directly (≈ 1 s): its JSON export takes seconds.
  const project = join(dir, 'big.landau')
  const ROWS = 300_000
  const s = ProjectStore.open(project, { create: true, owner: 'test:1', ownerAlive: () => false })
  const c = checkExperiment(smallKacSpec())
  if (!c.ok) throw new Error('bad spec')
  s.insertExperiment(c.spec, expandRuns(c.spec), { codeVersion: 'test', host: 'test', owner: 'test:1' })
  s.markRunning(1, ROW_METRICS)
  for (let k = 0; k < ROWS; k += 50_000) {
    const rows: HistoryRow[] = []
    for (let i = k; i < k + 50_000; i++) rows.push({ step: i, t: i / 100, values: ROW_METRICS.map((_, j) => Math.cos(i + j)) })
    s.appendHistory(1, rows)
  }
  s.finishRun(1, 'done', { wallMs: 1 })
  s.close()
  const parts = () => readdirSync(dir).filter((f) => f.endsWith('.part'))

  it('--out writes the file whole, replacing the old one; a failed export leaves the old one as it was', async () => {
    const out = join(dir, 'run.csv')
    writeFileSync(out, 'old\n')
    const bad = start(['export', project, '--run', '2', '--out', out])
    expect((await bad.exit).code).toBe(2)
    expect(bad.stderr()).toMatch(/no run 2/)
    expect(readFileSync(out, 'utf8')).toBe('old\n')
    const ok = start(['export', project, '--run', '1', '--format', 'csv', '--out', out])
    expect((await ok.exit).code).toBe(0)
    expect(ok.stdout()).toBe('')
    const text = readFileSync(out, 'utf8')
    expect(text.split('\n')).toHaveLength(4 + ROWS + 1)
    expect(parts()).toEqual([])
    const nowhere = start(['export', project, '--run', '1', '--out', join(dir, 'no', 'such', 'dir.csv')])
    expect((await nowhere.exit).code).toBe(2)
    expect(nowhere.stderr()).toMatch(/cannot write .*ENOENT/)
  })

  it('SIGINT during an --out export: exit 130, no file, no partial file', async () => {
    const out = join(dir, 'stopped.json')
    const p = start(['export', project, '--run', '1', '--format', 'json', '--out', out])
    // Stop it once it is writing (its temporary file exists).
    const deadline = Date.now() + 30_000
    while (Date.now() < deadline && parts().length === 0) await new Promise((r) => setTimeout(r, 20))
    expect(parts()).toHaveLength(1)
    p.child.kill('SIGINT')
    const { code } = await p.exit
    expect(code).toBe(130)
    expect(p.stderr()).toMatch(/stopped by SIGINT/)
    expect(existsSync(out)).toBe(false)
    expect(parts()).toEqual([])
  })

  it('a reader that goes away (`| head`) ends the export quietly, with the SIGPIPE exit code', async () => {
    const p = start(['export', project, '--run', '1', '--format', 'csv'])
    await new Promise<void>((r) => p.child.stdout.once('data', () => r()))
    p.child.stdout.destroy()
    const { code } = await p.exit
    expect(code).toBe(141)
    expect(p.stderr()).toBe('')
  })
})
