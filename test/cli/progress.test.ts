// Progress off a terminal: the reporter's clock-driven lines (fake timers: the interval is the law, not a
// measured time), and `landau run` spawned with a pipe for stderr, as under nohup or Slurm.
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { RunRecord, WorkbenchEvent } from '../../src/shared/api'
import { ProgressReporter, formatSeconds, progressOutput, type ProgressRecord } from '../../src/cli/progressReporter'
import { scratchDir } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'

const runEvent = (status: RunRecord['status'], progress = 0): WorkbenchEvent => ({
  type: 'run',
  run: { id: 4, solver: 'kac', status, progress, spec: { time: { T: 0.2, dt: 0.01, every: 2 } } } as unknown as RunRecord,
})
const progressEvent = (fraction: number, etaSeconds: number | null): WorkbenchEvent => ({ type: 'progress', runId: 4, fraction, etaSeconds })

afterEach(() => void vi.useRealTimers())

describe('progress reporter', () => {
  it('chooses the output from --progress, the terminal and --json', () => {
    expect(progressOutput('auto', true, false)).toBe('tty')
    expect(progressOutput('auto', true, true)).toBe('none')
    expect(progressOutput('auto', false, false)).toBe('lines')
    expect(progressOutput(undefined, false, true)).toBe('lines')
    expect(progressOutput('json', true, false)).toBe('json')
    expect(progressOutput('none', false, false)).toBe('none')
  })

  it('prints a run that moved once per interval, its step and t on the grid, and its end at once', () => {
    vi.useFakeTimers()
    const out: string[] = []
    const p = new ProgressReporter({ output: 'json', everySeconds: 5, write: (s) => out.push(s) })
    p.onEvent(runEvent('queued'))
    p.onEvent(runEvent('running'))
    p.onEvent(progressEvent(0.1, 40))
    p.onEvent(progressEvent(0.35, 30.04)) // the latest of an interval is printed
    vi.advanceTimersByTime(4999)
    expect(out).toEqual([])
    vi.advanceTimersByTime(1)
    // 0.35 of 20 steps of 0.01: step 7, t = 0.07 (7 × 0.01 is 0.07000000000000001 in binary).
    expect(out.map((l) => JSON.parse(l) as ProgressRecord)).toEqual([
      { run: 4, solver: 'kac', status: 'running', step: 7, steps: 20, t: 0.07, fraction: 0.35, eta: 30 },
    ])
    vi.advanceTimersByTime(10_000) // nothing moved: nothing printed
    expect(out).toHaveLength(1)
    p.onEvent(progressEvent(0.9, 2))
    p.onEvent(runEvent('done', 1))
    expect(JSON.parse(out[1])).toEqual({ run: 4, solver: 'kac', status: 'done', step: 20, steps: 20, t: 0.2, fraction: 1, eta: 2 })
    vi.advanceTimersByTime(10_000) // an ended run is not printed again
    expect(out).toHaveLength(2)
    p.stop()
  })

  it('writes plain lines in lines mode and the line in place on a terminal', () => {
    vi.useFakeTimers()
    const lines: string[] = []
    const p = new ProgressReporter({ output: 'lines', everySeconds: 2, write: (s) => lines.push(s) })
    p.onEvent(runEvent('running'))
    p.onEvent(progressEvent(0.5, 200))
    vi.advanceTimersByTime(2000)
    expect(lines).toEqual(['run 4 (kac): 50.0 %, step 10 of 20, t = 0.1, ETA 3 min 20 s\n'])
    p.stop()
    const tty: string[] = []
    const q = new ProgressReporter({ output: 'tty', write: (s) => tty.push(s) })
    q.onEvent(runEvent('running'))
    q.onEvent(progressEvent(0.5, 12))
    expect(tty).toEqual(['\rrun 4: 50.0 %, ETA 12 s   '])
    expect(q.takeLineBreak()).toBe(true)
    expect(q.takeLineBreak()).toBe(false)
    expect([formatSeconds(59.4), formatSeconds(61), formatSeconds(7322)]).toEqual(['59 s', '1 min 01 s', '2 h 02 min'])
  })
})

describe('landau run with stderr on a pipe', () => {
  const dir = scratchDir('landau-progress-')
  const bin = join(process.cwd(), 'bin', 'landau.js')
  const spec = join(dir, 'spec.json')
  writeFileSync(
    spec,
    JSON.stringify(
      smallKacSpec({
        solvers: [
          { kind: 'kac', N: 20, replicas: 3 },
          { kind: 'pairing', N: 20, replicas: 3 },
        ],
      }),
    ),
  )
  const landau = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 })

  it('--progress json: one object per line, every run ending at its last step, t = T exactly', () => {
    const r = landau('run', spec, '--project', join(dir, 'a.landau'), '--progress', 'json', '--progress-every', '0.05', '--json')
    expect(r.status).toBe(0)
    const records = r.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ProgressRecord)
    const ends = records.filter((x) => x.status !== 'running')
    expect(ends.map((x) => x.run).sort()).toEqual([1, 2])
    for (const x of ends) expect(x).toMatchObject({ status: 'done', step: 20, steps: 20, t: 0.2, fraction: 1 })
    // Every record's t is its step on the grid of 0.01, printed as that decimal.
    for (const x of records) expect(x.t).toBe(x.step / 100)
    expect(JSON.parse(r.stdout).runs).toHaveLength(2) // the report still on stdout
  })

  it('by default: no carriage returns, the end of each run on a line of its own', () => {
    const r = landau('run', spec, '--project', join(dir, 'b.landau'))
    expect(r.status).toBe(0)
    expect(r.stderr).not.toContain('\r')
    expect(r.stderr).toMatch(/^run 1 \(kac\): done$/m)
    expect(r.stderr).toMatch(/^run 2 \(pairing\): done$/m)
    const bad = landau('run', spec, '--project', join(dir, 'c.landau'), '--progress', 'loud')
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/--progress.*loud.*auto, lines, json, none/)
  })
})
