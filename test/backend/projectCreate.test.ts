// Creating a project is atomic (projectFile.ts): the new file is built beside its final path and linked
// into place whole, so a kill at any instant leaves no file or a valid project there, never the 0- or
// 4096-byte stub that every later command refused; two creators of one path never overwrite each other;
// stale temporary files of killed creations are removed; old stubs are refused with a useful message and
// left as they are.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { ProjectStore } from '../../src/backend/store/projectStore'
import { SCHEMA_VERSION } from '../../src/backend/store/migrations'
import { scratchDir, sha256 } from '../helpers/tmp'

const dir = scratchDir('landau-create-')
const fixture = join(process.cwd(), 'test', 'backend', 'fixtures', 'createProjects.ts')
const me = { owner: 'test:1', ownerAlive: () => false }

/** Starts the fixture; resolves with the child once it printed its first line. */
function start(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  const firstLine = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d
      if (out.includes('\n')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`fixture exited ${code} before printing`)))
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return { child, firstLine, exited, output: () => out }
}

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!
}

describe('project creation', () => {
  it('leaves no file or a whole project at the final path when killed at any instant', async () => {
    const kills = 6
    let projects = 0
    for (let i = 0; i < kills; i++) {
      const sub = join(dir, `kill-${i}`)
      spawnSync('mkdir', [sub])
      const p = start(['loop', sub])
      await p.firstLine
      // Creations take a few ms each; a random instant lands anywhere in one of them.
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 150))
      p.child.kill('SIGKILL')
      await p.exited
      for (const name of readdirSync(sub)) {
        if (!/^p-\d+\.landau$/.test(name)) continue
        const path = join(sub, name)
        // No stub: every file at a final path is a project that opens for writing and is sound.
        const s = ProjectStore.open(path, me)
        expect(s.info().schemaVersion).toBe(SCHEMA_VERSION)
        expect(s.integrityCheck()).toBe('ok')
        s.close()
        projects++
      }
      // What a kill leaves is at most temporary files, hidden and named for their project.
      for (const name of readdirSync(sub)) expect(name).toMatch(/^(p-\d+\.landau(-wal|-shm)?|\.p-\d+\.landau\.tmp-\d+-[0-9a-f]+)$/)
    }
    expect(projects).toBeGreaterThan(0)
  }, 60_000)

  it('lets exactly one of several simultaneous creators of a path win, and the others refuse', async () => {
    const path = join(dir, 'race.landau')
    const racers = Array.from({ length: 4 }, () => start(['once', path]))
    await Promise.all(racers.map((r) => r.exited))
    const outs = racers.map((r) => r.output().trim())
    expect(outs.filter((o) => o === 'created')).toHaveLength(1)
    for (const o of outs) if (o !== 'created') expect(o).toMatch(/^refused: .*already exists/)
    const s = ProjectStore.open(path, me)
    expect(s.integrityCheck()).toBe('ok')
    s.close()
  }, 60_000)

  it('removes stale temporary files of dead creators, and keeps recent ones and those of live processes', () => {
    const path = join(dir, 'stale.landau')
    const dead = deadPid()
    const old = new Date(Date.now() - 10 * 60_000)
    const staleFile = join(dir, `.stale.landau.tmp-${dead}-0123abcd`)
    const fresh = join(dir, `.stale.landau.tmp-${dead}-4567abcd`)
    const live = join(dir, `.stale.landau.tmp-${process.pid}-89abcdef`)
    const other = join(dir, `.other.landau.tmp-${dead}-0123abcd`)
    for (const f of [staleFile, fresh, live, other]) writeFileSync(f, '')
    for (const f of [staleFile, live, other]) utimesSync(f, old, old)
    ProjectStore.open(path, { ...me, create: true }).close()
    expect(existsSync(staleFile)).toBe(false)
    expect([fresh, live, other].map(existsSync)).toEqual([true, true, true])
    // The project itself was created through a temporary file that is gone.
    expect(readdirSync(dir).filter((n) => n.startsWith('.stale.landau.tmp-'))).toHaveLength(2)
  })

  it('creates the file in WAL mode with no journal left beside it, and refuses an existing path untouched', () => {
    const path = join(dir, 'plain.landau')
    ProjectStore.open(path, { ...me, create: true }).close()
    expect(readdirSync(dir).filter((n) => n.startsWith('plain.landau'))).toEqual(['plain.landau'])
    const raw = new Database(path, { readonly: true })
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal')
    raw.close()
    const before = sha256(path)
    expect(() => ProjectStore.open(path, { ...me, create: true })).toThrow(/already exists/)
    expect(sha256(path)).toBe(before)
  })

  it('refuses the stubs older versions left (0 and 4096 bytes) with a useful message, without a byte written', () => {
    const empty = join(dir, 'stub0.landau')
    writeFileSync(empty, '')
    // What the old creation left when killed after switching to WAL: a header page, no table.
    const page = join(dir, 'stub4096.landau')
    const db = new Database(page)
    db.pragma('journal_mode = WAL')
    db.close()
    expect(statSync(page).size).toBe(4096)
    for (const stub of [empty, page]) {
      const before = { hash: sha256(stub), mtime: statSync(stub).mtimeMs }
      expect(() => ProjectStore.open(stub, me)).toThrow(/empty file, not a Landau Workbench project .*delete it and create the project again/)
      expect(() => ProjectStore.open(stub, { ...me, readonly: true })).toThrow(/empty file/)
      expect({ hash: sha256(stub), mtime: statSync(stub).mtimeMs }).toEqual(before)
    }
  })
})
