// Projects are only `.landau` files (hardening): createProject/openProject, through the API as both
// transports call it, and `landau run --project` refuse any other name (so `~/.ssh/authorized_keys` can be
// neither created nor opened), never create over an existing path or a symlink, and open only a regular
// file (a FIFO would block the backend, a device feed it without end). Paths come back absolute.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createNodeWorkbench } from '../../src/backend/nodeWorkbench'
import { openOrCreateProjectPath, projectPath } from '../../src/backend/projectPath'
import { dispatchApiCall } from '../../src/shared/api'
import type { ApiResult } from '../../src/shared/api'
import { smallKacSpec } from '../helpers/specs'
import { scratchDir, sha256 } from '../helpers/tmp'

const dir = scratchDir('landau-paths-')
const w = createNodeWorkbench({ threads: 1 })
afterAll(() => w.shutdown())
const call = (method: string, ...args: unknown[]): Promise<ApiResult> => dispatchApiCall(w, method, args)

/** A file that must come out of every refusal unchanged (as ~/.ssh/authorized_keys would). */
const keys = join(dir, 'authorized_keys')
writeFileSync(keys, 'ssh-ed25519 AAAA… researcher@laptop\n')
const fifo = join(dir, 'pipe.landau')
spawnSync('mkfifo', [fifo])

async function refused(method: 'createProject' | 'openProject', path: unknown, code: string, message: RegExp) {
  const r = await call(method, path)
  expect(r, `${method}(${String(path)})`).toMatchObject({ ok: false, error: { code } })
  expect((r as { ok: false; error: { message: string } }).error.message).toMatch(message)
}

describe('project paths', () => {
  it('refuses to create or open anything not named *.landau, e.g. ~/.ssh/authorized_keys', async () => {
    const before = sha256(keys)
    for (const method of ['createProject', 'openProject'] as const) {
      for (const path of [
        '~/.ssh/authorized_keys',
        keys,
        join(dir, 'p.db'),
        join(dir, 'p.landau.bak'),
        join(dir, '.landau'),
        '/dev/zero',
        '/etc/passwd',
        join(dir, 'P.LANDAU'),
      ]) {
        await refused(method, path, 'invalid-argument', /a project is a \.landau file/)
      }
      await refused(method, '', 'invalid-argument', /a project path is required/)
      await refused(method, 42, 'invalid-argument', /a project path is required/)
      await refused(method, `${join(dir, 'x')}\0.landau`, 'invalid-argument', /NUL/)
    }
    expect(sha256(keys)).toBe(before)
    expect(existsSync(join(dir, 'p.db'))).toBe(false)
    expect(await w.currentProject()).toBeNull()
  })

  it('creates only where nothing exists: not over a file, a folder, a FIFO or a symlink (even a dangling one)', async () => {
    const existing = join(dir, 'existing.landau')
    writeFileSync(existing, 'not a project')
    await refused('createProject', existing, 'invalid-argument', /already exists; open it instead/)
    expect(readFileSync(existing, 'utf8')).toBe('not a project')
    mkdirSync(join(dir, 'folder.landau'))
    await refused('createProject', join(dir, 'folder.landau'), 'invalid-argument', /already exists \(a folder\)/)
    await refused('createProject', fifo, 'invalid-argument', /already exists \(a FIFO\)/)
    // A symlink named *.landau pointing at the keys, or at a path that does not exist yet.
    symlinkSync(keys, join(dir, 'to-keys.landau'))
    await refused('createProject', join(dir, 'to-keys.landau'), 'invalid-argument', /already exists \(a symbolic link\)/)
    symlinkSync(join(dir, 'target-not-there.landau'), join(dir, 'dangling.landau'))
    await refused('createProject', join(dir, 'dangling.landau'), 'invalid-argument', /already exists \(a symbolic link\)/)
    expect(existsSync(join(dir, 'target-not-there.landau'))).toBe(false)
    expect(readFileSync(keys, 'utf8')).toMatch(/^ssh-ed25519/)
  })

  it('opens only a regular file: not a FIFO (without blocking), a folder, a device or a link to a non-project', async () => {
    await refused('openProject', fifo, 'invalid-argument', /is not a project file \(a FIFO\)/)
    await refused('openProject', join(dir, 'folder.landau'), 'invalid-argument', /is not a project file \(a folder\)/)
    symlinkSync('/dev/zero', join(dir, 'zero.landau'))
    await refused('openProject', join(dir, 'zero.landau'), 'invalid-argument', /is not a project file \(a device\)/)
    await refused('openProject', join(dir, 'to-keys.landau'), 'invalid-argument', /links to .*authorized_keys, which is not a \.landau file/)
    await refused('openProject', join(dir, 'dangling.landau'), 'not-found', /dangling symbolic link/)
    await refused('openProject', join(dir, 'missing.landau'), 'not-found', /no project file at/)
  }, 20_000)

  it('takes a relative path (and ~/) as absolute, and opens a project through a symlink named *.landau', async () => {
    const rel = relative(process.cwd(), join(dir, 'rel.landau'))
    expect(rel.startsWith('/')).toBe(false)
    const created = await call('createProject', rel)
    expect(created).toMatchObject({ ok: true, value: { path: join(dir, 'rel.landau') } })
    await w.closeProject()
    symlinkSync(join(dir, 'rel.landau'), join(dir, 'alias.landau'))
    expect(await call('openProject', join(dir, 'alias.landau'))).toMatchObject({ ok: true, value: { path: join(dir, 'alias.landau') } })
    await w.closeProject()
    expect(projectPath('~/never-made-by-this-test.landau', 'create')).toBe(join(homedir(), 'never-made-by-this-test.landau'))
    expect(openOrCreateProjectPath(join(dir, 'rel.landau'))).toEqual({ path: join(dir, 'rel.landau'), create: false })
    expect(openOrCreateProjectPath(join(dir, 'new.landau'))).toEqual({ path: join(dir, 'new.landau'), create: true })
  })
})

describe('landau run --project', () => {
  const bin = join(process.cwd(), 'bin', 'landau.js')
  const spec = join(dir, 'spec.json')
  writeFileSync(spec, JSON.stringify(smallKacSpec()))
  const landau = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 })

  it('applies the same rule: exit code 2 and one line, nothing created or changed, no wait on a FIFO', () => {
    const before = sha256(keys)
    const cases: [string, RegExp][] = [
      [keys, /a project is a \.landau file/],
      [join(dir, 'cli.db'), /a project is a \.landau file/],
      [fifo, /is not a project file \(a FIFO\)/],
      [join(dir, 'to-keys.landau'), /which is not a \.landau file/],
    ]
    for (const [project, message] of cases) {
      const r = landau('run', spec, '--project', project)
      expect(r.status, `${project}: ${r.stderr}`).toBe(2)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).toMatch(message)
    }
    expect(sha256(keys)).toBe(before)
    expect(existsSync(join(dir, 'cli.db'))).toBe(false)
  })
})
