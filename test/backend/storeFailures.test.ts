// The store when the disk says no. A full disk (a 2 MiB tmpfs): the write fails as ApiError "disk full: …",
// the run ends failed with that reason (in the file when the end still fits, else in memory until a write
// succeeds), the file stays sound, and the process lives (before, an uncaught SqliteError killed it and
// left the run `running`). A read-only medium or folder (tmpfs remounted ro; a non-owner, as nobody): a
// project still opens read-only and exports (before: "unable to open database file" / "attempt to write a
// readonly database", as SQLite cannot create the -wal/-shm files a WAL file needs beside it).
// Mounting needs root; without it these tests are skipped, with the reason.
import { spawnSync } from 'node:child_process'
import { chmodSync, closeSync, openSync, rmSync, writeSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ProjectStore } from '../../src/backend/store/projectStore'
import { ExperimentSpec, expandRuns } from '../../src/shared/spec'
import { scratchDir, sha256 } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'
import { cannotMount, mountTmpfs } from './tmpfsMount'

const bin = join(process.cwd(), 'bin', 'landau.js')
const me = { owner: 'test:1', ownerAlive: () => false }
const meta = { codeVersion: 'test', host: 'testhost', owner: 'test:1' }
const scratch = scratchDir('landau-fail-')

/** Writes a file until the filesystem has no byte left. */
function fill(file: string): void {
  const fd = openSync(file, 'w')
  try {
    for (const size of [1 << 16, 4096, 512, 1]) {
      const chunk = Buffer.alloc(size, 7)
      try {
        for (;;) writeSync(fd, chunk)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err
      }
    }
  } finally {
    closeSync(fd)
  }
}

function rows(from: number, n: number) {
  return Array.from({ length: n }, (_, k) => ({ step: from + k, t: (from + k) * 0.01, values: [from + k, 1, 2, 3] }))
}

describe.skipIf(cannotMount)(`a full disk${cannotMount ? ` (skipped: ${cannotMount})` : ''}`, () => {
  it('fails the write as "disk full", keeps the run\'s end in memory until it can be written, and leaves a sound file', () => {
    const fs = mountTmpfs('2m')
    try {
      const path = join(fs.dir, 'full.landau')
      const s = ProjectStore.open(path, { ...me, create: true })
      const spec = ExperimentSpec.parse(smallKacSpec())
      const [id] = s.insertExperiment(spec, expandRuns(spec), meta).runIds
      s.markRunning(id, ['a', 'b', 'c', 'd'])
      s.appendHistory(id, rows(0, 100))
      const filler = join(fs.dir, 'filler')
      fill(filler)
      expect(() => s.appendHistory(id, rows(100, 1))).toThrow(/^disk full: cannot write .*full\.landau/)
      let stored = true
      try {
        s.finishRun(id, 'failed', { error: 'disk full: test', stopReason: 'error' })
      } catch (err) {
        stored = false
        expect((err as Error).message).toMatch(/^disk full/)
      }
      // Either way the workbench reports the end it knows.
      expect(s.getRun(id)).toMatchObject({ status: 'failed', stopReason: 'error', error: 'disk full: test' })
      expect(s.listRuns()[0].status).toBe('failed')
      // Room again: the next write also writes the end it kept.
      rmSync(filler)
      s.insertDesign('after', { family: 'maxwellian' } as never)
      s.close()
      const ro = ProjectStore.open(path, { ...me, readonly: true })
      expect(ro.integrityCheck()).toBe('ok')
      expect(ro.getRun(id)).toMatchObject({ status: 'failed', stopReason: 'error', error: 'disk full: test' })
      expect(ro.getHistory(id).t).toHaveLength(100) // the batch that failed left nothing behind
      ro.close()
      console.info(`disk full: the run's end was ${stored ? 'written at once' : 'kept in memory, then written'}`)
    } finally {
      fs.dispose()
    }
  })

  it('`landau run` on a full disk: runs end failed with the reason, the process reports and exits 1, the file is sound', () => {
    const fs = mountTmpfs('2m')
    try {
      const path = join(fs.dir, 'cli.landau')
      const specFile = join(scratch, 'big.json')
      // ≈ 60 000 rows a run: far more than 2 MiB.
      writeFileSync(
        specFile,
        JSON.stringify(
          smallKacSpec({
            solvers: [
              { kind: 'kac', N: 8 },
              { kind: 'kac', N: 9 },
            ],
            time: { T: 600, dt: 0.01, every: 1 },
          }),
        ),
      )
      const r = spawnSync(process.execPath, [bin, 'run', specFile, '--project', path, '--workers', '1'], { encoding: 'utf8', timeout: 120_000 })
      // It did not crash: it reported both runs (the second, queued behind the first, ran too) and exited 1.
      const said = `stdout: ${r.stdout}\nstderr: ${r.stderr}`
      expect(r.stderr, said).not.toMatch(/SqliteError|Uncaught|node:internal/)
      const reported = [...r.stdout.matchAll(/^experiment 1 run (\d): kac (\w+)/gm)].map((m) => m[2])
      expect(reported, said).toHaveLength(2)
      expect(r.status, said).toBe(1)
      const ro = ProjectStore.open(path, { ...me, readonly: true })
      expect(ro.integrityCheck()).toBe('ok')
      const runs = ro.listRuns()
      ro.close()
      expect(runs.map((x) => x.status)).toEqual(reported) // the CLI reports what the file holds
      // A run's end is written when the space its own failed write gave back holds it (the usual case: a
      // failed batch of rows leaves WAL space that a one-row update reuses). When it does not (the failed
      // write got no frame out), the end existed only in memory: the file shows the run still active, and
      // the next open that can write marks it interrupted by a crash.
      const failed = runs.filter((x) => x.status === 'failed')
      for (const x of failed) expect([x.stopReason, x.error]).toEqual(['error', expect.stringMatching(/^disk full: cannot write /)])
      for (const x of runs) if (x.status !== 'failed') expect(['queued', 'running']).toContain(x.status)
      spawnSync('mount', ['-o', 'remount,size=8m', fs.dir]) // room again
      const again = ProjectStore.open(path, { owner: 'test:2', ownerAlive: () => false })
      expect(again.listRuns().map((x) => (x.status === 'failed' ? 'failed' : `${x.status}:${x.stopReason}`))).toEqual(
        runs.map((x) => (x.status === 'failed' ? 'failed' : 'interrupted:crash')),
      )
      expect(again.integrityCheck()).toBe('ok')
      again.close()
      console.info(`landau run on a full disk: ${failed.length} of 2 run ends written at once`)
    } finally {
      fs.dispose()
    }
  })
})

describe.skipIf(cannotMount)(`a read-only medium${cannotMount ? ` (skipped: ${cannotMount})` : ''}`, () => {
  it('opens a WAL project read-only and exports it, with or without -wal/-shm files beside it', () => {
    for (const leftovers of [false, true]) {
      const fs = mountTmpfs('8m')
      try {
        const path = join(fs.dir, 'ro.landau')
        const s = ProjectStore.open(path, { ...me, create: true })
        const spec = ExperimentSpec.parse(smallKacSpec())
        const [id] = s.insertExperiment(spec, expandRuns(spec), meta).runIds
        s.markRunning(id, ['a', 'b', 'c', 'd'])
        s.appendHistory(id, rows(0, 50))
        s.finishRun(id, 'done', { wallMs: 1 })
        s.close() // the last writer removes -wal and -shm
        if (leftovers) ProjectStore.open(path, { ...me, readonly: true }).close() // a reader leaves them
        fs.readonly()
        const before = sha256(path)
        const ro = ProjectStore.open(path, { ...me, readonly: true })
        expect(ro.getHistory(id).t).toHaveLength(50)
        expect(ro.integrityCheck()).toBe('ok')
        ro.close()
        const r = spawnSync(process.execPath, [bin, 'export', path, '--run', String(id)], { encoding: 'utf8', timeout: 60_000 })
        expect(r.stderr).toBe('')
        expect(r.status).toBe(0)
        expect(r.stdout.split('\n').filter((l) => l && !l.startsWith('#'))).toHaveLength(51)
        expect(sha256(path)).toBe(before)
        // Writing is refused with a reason, not a crash.
        expect(() => ProjectStore.open(path, me)).toThrow(/cannot open|read-only|readonly/)
      } finally {
        fs.dispose()
      }
    }
  })

  it('exports a read-only file in a folder its user cannot write (as nobody)', () => {
    const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true'])
    if (probe.status !== 0) return console.warn('skipped: cannot run as nobody here (setpriv needs root)')
    const dir = join(scratch, 'nobody')
    spawnSync('mkdir', ['-p', dir])
    const path = join(dir, 'theirs.landau')
    const s = ProjectStore.open(path, { ...me, create: true })
    const spec = ExperimentSpec.parse(smallKacSpec())
    const [id] = s.insertExperiment(spec, expandRuns(spec), meta).runIds
    s.markRunning(id, ['a', 'b', 'c', 'd'])
    s.appendHistory(id, rows(0, 20))
    s.finishRun(id, 'done', { wallMs: 1 })
    s.close()
    chmodSync(path, 0o444)
    chmodSync(dir, 0o755)
    chmodSync(scratch, 0o755)
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, 'export', path, '--run', String(id)], {
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout.split('\n').filter((l) => l && !l.startsWith('#'))).toHaveLength(21)
  })
})
