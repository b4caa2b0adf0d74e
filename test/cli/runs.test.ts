// `landau runs` as a user runs it: a child process on a real project (built through the store, with
// annotations, an archived and a trashed run), filtered by words and options, as a table and as JSON; it
// never writes the file, and a mistyped filter is one line and exit code 2. `landau annotate` and
// `landau empty-trash` on a copy of it. And `landau run --project` into
// a folder that does not exist yet makes it (the README's ~/runs/… path).
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ProjectStore } from '../../src/backend/store/projectStore'
import type { RunRecord } from '../../src/shared/api'
import { ExperimentSpec, expandRuns } from '../../src/shared/spec'
import { scratchDir, sha256 } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'

const dir = scratchDir('landau-cli-runs-')
const bin = join(process.cwd(), 'bin', 'landau.js')
const project = join(dir, 'runs.landau')

function landau(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}
const ids = (args: string[]) => {
  const r = landau(['runs', project, '--json', ...args])
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  return (JSON.parse(r.stdout) as { id: number }[]).map((x) => x.id)
}

beforeAll(() => {
  const me = { owner: 'testhost:1', ownerAlive: () => false }
  const meta = { codeVersion: 'test', host: 'testhost', owner: 'testhost:1' }
  const s = ProjectStore.open(project, { ...me, create: true })
  // Experiment 1 (γ = 0): runs 1–3, N = 20, 40, 80; experiment 2 (γ = −3): runs 4–5, N = 20, 40.
  const a = ExperimentSpec.parse(smallKacSpec({ name: 'Propagation of chaos on BKW', sweep: { N: [20, 40, 80] } }))
  const b = ExperimentSpec.parse(smallKacSpec({ name: 'Coulomb relaxation', kernel: { gamma: -3 }, sweep: { N: [20, 40] } }))
  s.insertExperiment(a, expandRuns(a), meta)
  s.insertExperiment(b, expandRuns(b), meta)
  for (const id of [1, 2, 3, 4]) s.finishRun(id, 'done', { wallMs: 10 * id })
  s.finishRun(5, 'cancelled', { stopReason: 'user' })
  s.annotateRun(1, { label: 'baseline', tags: ['bkw', 'check'], starred: true, notes: 'the **smallest** N' })
  s.annotateRun(4, { tags: ['coulomb'] })
  s.annotateRun(2, { archived: true })
  s.trashRuns([3])
  s.close()
})

describe('landau runs', () => {
  it('lists the active runs as a table, newest first, with names, tags and why a run stopped', () => {
    const before = sha256(project)
    const r = landau(['runs', project])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^id\s+name\s+solver\s+N\s+γ\s+status\s+tags\s+created$/)
    expect(lines.slice(1, -1).map((l) => Number(l.trim().split(/\s+/)[0]))).toEqual([5, 4, 1])
    expect(lines.find((l) => l.trim().startsWith('1 '))).toMatch(/^\s*1\s+★\s+baseline\s+kac\s+20\s+0\s+done\s+bkw, check\s/)
    expect(lines.find((l) => l.trim().startsWith('5 '))).toMatch(/cancelled \(by user\)/)
    expect(lines.at(-1)).toBe('3 runs')
    expect(sha256(project)).toBe(before) // read-only
  })

  it('filters by words, tags, solver, status, γ, N, star and date, and shows archived or trashed runs when asked', () => {
    expect(ids(['coulomb'])).toEqual([5, 4])
    expect(ids(['tag:check'])).toEqual([1])
    expect(ids(['--tag', 'COULOMB'])).toEqual([4])
    expect(ids(['--gamma', '-3'])).toEqual([5, 4])
    expect(ids(['N:20'])).toEqual([4, 1])
    expect(ids(['--N', '20', '--status', 'cancelled'])).toEqual([])
    expect(ids(['--status', 'done', '--status', 'cancelled', '--solver', 'kac'])).toEqual([5, 4, 1])
    expect(ids(['--starred'])).toEqual([1])
    expect(ids(['smallest'])).toEqual([1]) // notes are searched
    expect(ids(['--since', '2000-01-01', '--before', '2000-01-02'])).toEqual([])
    expect(ids(['--archived'])).toEqual([2])
    expect(ids(['--trash'])).toEqual([3])
    expect(ids(['--all', '--sort', 'oldest'])).toEqual([1, 2, 3, 4, 5])
    expect(ids(['in:all', '--sort', 'N'])).toEqual([4, 1, 5, 2, 3])
  })

  it('prints annotations and what a run is in --json', () => {
    const [run] = JSON.parse(landau(['runs', project, '--json', 'baseline']).stdout)
    expect(run).toMatchObject({
      id: 1,
      name: 'baseline',
      label: 'baseline',
      experiment: { id: 1, name: 'Propagation of chaos on BKW' },
      solver: 'kac',
      N: 20,
      gamma: 0,
      status: 'done',
      tags: ['bkw', 'check'],
      starred: true,
      notes: 'the **smallest** N',
      archivedAt: null,
      deletedAt: null,
    })
  })

  it('refuses a mistyped filter with one line and exit code 2', () => {
    for (const args of [['colour:red'], ['status:finished'], ['--status', 'finished'], ['--since', 'yesterday'], ['--archived', '--trash']]) {
      const r = landau(['runs', project, ...args])
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2)
    }
    expect(landau(['runs', join(dir, 'missing.landau')]).code).toBe(2)
  })
})

describe('landau annotate and empty-trash', () => {
  it('renames, tags, notes, stars, archives, deletes and restores runs, checking every change before writing', () => {
    const copy = join(dir, 'annotate.landau')
    writeFileSync(copy, readFileSync(project))
    const ok = (args: string[]) => {
      const r = landau(['annotate', copy, ...args, '--json'])
      expect(r.stderr, args.join(' ')).toBe('')
      expect(r.code).toBe(0)
      return JSON.parse(r.stdout) as RunRecord[]
    }
    expect(ok(['4', '--label', 'Coulomb, N=20', '--add-tag', 'slow', '--star'])[0]).toMatchObject({
      label: 'Coulomb, N=20',
      tags: ['coulomb', 'slow'],
      starred: true,
    })
    expect(ok(['4', '--remove-tag', 'COULOMB', '--no-star'])[0]).toMatchObject({ tags: ['slow'], starred: false })
    const notes = join(dir, 'notes.md')
    writeFileSync(notes, '# Coulomb\n\nslow to relax\n')
    expect(ok(['4,5', '--notes-file', notes]).map((r) => r.notes)).toEqual(['# Coulomb\n\nslow to relax\n', '# Coulomb\n\nslow to relax\n'])
    expect(ok(['2', '--no-archive'])[0].archivedAt).toBeNull()
    expect(ok(['4', '5', '--delete']).every((r) => r.deletedAt !== null)).toBe(true)
    expect(ok(['5', '--restore'])[0].deletedAt).toBeNull()

    // A bad change, or one unknown run among several, writes nothing.
    const before = sha256(copy)
    for (const args of [['1', '--add-tag', 'a,b'], ['1', '99', '--star'], ['1', '--label', 'x'.repeat(201)], ['1', '--delete', '--restore'], ['x']]) {
      const r = landau(['annotate', copy, ...args])
      expect(r.code, args.join(' ')).toBe(2)
      expect(sha256(copy)).toBe(before)
    }

    // Emptying the trash needs --yes; without it, it says what would go. Runs 3 (trashed before) and 4 go.
    const ask = landau(['empty-trash', copy])
    expect(ask).toMatchObject({ code: 1, stdout: '2 runs in the trash (3, 4); add --yes to remove them for good\n' })
    expect(sha256(copy)).toBe(before)
    expect(landau(['empty-trash', copy, '--yes']).stdout).toBe('removed 2 runs for good: 3, 4\n')
    expect(landau(['runs', copy, '--all', '--json', '--sort', 'oldest']).stdout).toMatch(/^\[\{"id":1,.*"id":2,.*"id":5,/)
  })
})

describe('landau run --project in a missing folder', () => {
  it('makes the folder, ~ expanded', () => {
    const home = join(dir, 'home')
    const spec = join(dir, 'spec.json')
    writeFileSync(spec, JSON.stringify(smallKacSpec({ time: { T: 0.02, dt: 0.01, every: 1 } })))
    const r = landau(['run', spec, '--project', '~/runs/isotropisation.landau'], { HOME: home })
    expect(r.stderr).toBe('run 1 (kac): done\n')
    expect(r.code).toBe(0)
    expect(existsSync(join(home, 'runs', 'isotropisation.landau'))).toBe(true)
  })
})
