// The desktop app's security policies (src/main/policy.ts), which hold no Electron and so run here: which
// project paths the renderer may name, which URLs open in the browser, which file an app:// URL serves.
// And the bridge's method list against what the renderer really calls.
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { API_METHODS } from '../../src/shared/api'
import { RENDERER_METHODS, isRendererMethod } from '../../src/preload/channels'
import {
  APP_INDEX_URL,
  EXTERNAL_URLS,
  ProjectPathPolicy,
  RECENT_MAX,
  allowedExternalUrl,
  canonicalPath,
  contentType,
  parseRecent,
  resolveAppPath,
  serializeRecent,
  withRecent,
} from '../../src/main/policy'

describe('project paths the renderer may open or create', () => {
  const home = resolve('/home/ada')
  const picked = join(home, 'work', 'relax.landau')

  it('only paths chosen in the dialog for that purpose, or (to open) on the recent list', () => {
    const p = new ProjectPathPolicy([join(home, 'old.landau')])
    expect(p.check(picked, 'open')).toBeNull()
    expect(p.check(picked, 'create')).toBeNull()
    p.grant(picked, 'create')
    expect(p.check(picked, 'create')).toBe(picked)
    // A "create" choice is not an "open" one (nor the other way round).
    expect(p.check(picked, 'open')).toBeNull()
    // Recent projects may be opened, never created over.
    expect(p.check(join(home, 'old.landau'), 'open')).toBe(join(home, 'old.landau'))
    expect(p.check(join(home, 'old.landau'), 'create')).toBeNull()
  })

  it('a file to merge: picked for that purpose or on the recent list; a merge pick does not open it', () => {
    const p = new ProjectPathPolicy([join(home, 'old.landau')])
    expect(p.check(picked, 'merge')).toBeNull()
    p.grant(picked, 'merge')
    expect(p.check(picked, 'merge')).toBe(picked)
    // Merging only reads the file; opening it may upgrade and write it, so it needs an open pick.
    expect(p.check(picked, 'open')).toBeNull()
    expect(p.check(picked, 'create')).toBeNull()
    expect(p.check(join(home, 'old.landau'), 'merge')).toBe(join(home, 'old.landau'))
    const q = new ProjectPathPolicy()
    q.grant(picked, 'open')
    expect(q.check(picked, 'merge')).toBeNull()
  })

  it('compares one spelling of a path: ".." and doubled separators do not reach another file', () => {
    const p = new ProjectPathPolicy()
    p.grant(picked, 'open')
    expect(p.check(`${home}${sep}work${sep}${sep}relax.landau`, 'open')).toBe(picked)
    expect(p.check(`${home}${sep}x${sep}..${sep}work${sep}relax.landau`, 'open')).toBe(picked)
    expect(p.check(`  ${picked} `, 'open')).toBe(picked)
    expect(p.check(`${picked}${sep}..${sep}..${sep}..${sep}etc${sep}passwd`, 'open')).toBeNull()
    expect(p.check(join(home, 'work', 'other.landau'), 'open')).toBeNull()
    for (const bad of [undefined, null, 42, {}, ['x'], '', '   ', `${picked}\0`]) expect(p.check(bad, 'open')).toBeNull()
  })

  it('keeps a recent list of projects opened, newest first, without duplicates, at most RECENT_MAX', () => {
    const p = new ProjectPathPolicy()
    for (let i = 0; i < RECENT_MAX + 3; i++) p.opened(join(home, `p${i}.landau`))
    p.opened(join(home, 'p5.landau'))
    expect(p.recent).toHaveLength(RECENT_MAX)
    expect(p.recent[0]).toBe(join(home, 'p5.landau'))
    expect(new Set(p.recent).size).toBe(RECENT_MAX)
    expect(p.check(join(home, 'p5.landau'), 'open')).toBe(join(home, 'p5.landau'))
    expect(withRecent(['/a.landau'], '/a.landau')).toEqual([canonicalPath('/a.landau')])
  })

  it('reads recent.json defensively: only absolute .landau paths count', () => {
    const good = [join(home, 'a.landau'), join(home, 'b.landau')]
    expect(parseRecent(serializeRecent(good))).toEqual(good)
    expect(parseRecent(JSON.stringify(good))).toEqual(good) // a bare array too
    expect(parseRecent(null)).toEqual([])
    expect(parseRecent('not json')).toEqual([])
    expect(parseRecent('{"recent": "x"}')).toEqual([])
    expect(parseRecent(JSON.stringify({ recent: ['relative.landau', join(home, '.ssh', 'id_rsa'), 7, null, `${good[0]}\0`, good[1], good[1]] }))).toEqual([
      good[1],
    ])
    const many = Array.from({ length: 30 }, (_, i) => join(home, `m${i}.landau`))
    expect(parseRecent(JSON.stringify(many))).toHaveLength(RECENT_MAX)
  })
})

describe('external URLs', () => {
  const allowed = ['https://example.org/landau/docs/', 'https://example.org/landau/LICENSE']

  it('ships an empty list: the renderer links to no external page', () => {
    expect(EXTERNAL_URLS).toEqual([])
    expect(allowedExternalUrl('https://example.org/landau/docs/')).toBeNull()
  })

  it('opens only https URLs inside a prefix entry or equal to an exact one, normalised', () => {
    expect(allowedExternalUrl('https://example.org/landau/docs/spec.html#time', allowed)).toBe('https://example.org/landau/docs/spec.html#time')
    expect(allowedExternalUrl('https://EXAMPLE.org/landau/docs/', allowed)).toBe('https://example.org/landau/docs/')
    expect(allowedExternalUrl('https://example.org/landau/LICENSE', allowed)).toBe('https://example.org/landau/LICENSE')
    for (const bad of [
      'https://example.org/landau/LICENSE/x', // exact entry: nothing below it
      'https://example.org/landau/docsx/', // a prefix is a folder
      'https://example.org/landau/docs/../../admin',
      'https://example.org/landau/docs/%2e%2e/%2e%2e/admin',
      'https://example.org.evil.test/landau/docs/',
      'https://user:pw@example.org/landau/docs/',
      'http://example.org/landau/docs/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
      42,
    ]) {
      expect(allowedExternalUrl(bad, allowed), String(bad)).toBeNull()
    }
  })
})

describe('app:// paths', () => {
  const root = resolve('/opt/landau/out/renderer')

  it('serves files under the renderer folder, index.html for /', () => {
    expect(APP_INDEX_URL).toBe('app://renderer/index.html')
    expect(resolveAppPath('app://renderer/', root)).toBe(join(root, 'index.html'))
    expect(resolveAppPath('app://renderer/index.html?x=1#y', root)).toBe(join(root, 'index.html'))
    expect(resolveAppPath('app://renderer/assets/index-abc.js', root)).toBe(join(root, 'assets', 'index-abc.js'))
    expect(resolveAppPath('app://renderer/assets/Deja%20Vu.ttf', root)).toBe(join(root, 'assets', 'Deja Vu.ttf'))
  })

  it('never a file outside it, nor another host or scheme', () => {
    for (const bad of [
      'app://renderer/../main/index.js',
      'app://renderer/%2e%2e/main/index.js',
      'app://renderer/..%2f..%2fetc%2fpasswd',
      'app://renderer/assets/..%2f..%2f..%2fpackage.json',
      'app://renderer/%2e%2e%5c..%5csecret',
      'app://renderer/x%00.js',
      'app://renderer/%E0%A4%A',
      'app://other/index.html',
      'file:///opt/landau/out/renderer/index.html',
      'https://renderer/index.html',
      'not a url',
    ]) {
      const file = resolveAppPath(bad, root)
      expect(file === null || file.startsWith(root + sep), bad).toBe(true)
      if (/other|file:|https:|%00|%A$|not a url|\.\.%2f|%5c/.test(bad)) expect(file, bad).toBeNull()
    }
  })

  it('names content types for what a Vite build holds', () => {
    expect(contentType('/x/index.html')).toMatch(/^text\/html/)
    expect(contentType('/x/a.JS')).toMatch(/^text\/javascript/)
    expect(contentType('/x/DejaVuSans.ttf')).toBe('font/ttf')
    expect(contentType('/x/noext')).toBe('application/octet-stream')
  })
})

describe('the bridge', () => {
  /** Every `api.<method>(` in the renderer's sources (a formatter may break a chain before the dot). */
  function rendererCalls(): Set<string> {
    const found = new Set<string>()
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f)
        if (statSync(p).isDirectory()) walk(p)
        else if (/\.(ts|vue)$/.test(f)) for (const m of readFileSync(p, 'utf8').matchAll(/\bapi\s*\.(\w+)\(/g)) found.add(m[1])
      }
    }
    walk(join(process.cwd(), 'src', 'renderer', 'src'))
    found.delete('onEvent') // travels as the transport's subscribe, not a call
    return found
  }

  it('passes exactly the methods the renderer calls, all of them API methods', () => {
    expect([...RENDERER_METHODS].sort()).toEqual([...rendererCalls()].sort())
    for (const m of RENDERER_METHODS) expect(API_METHODS).toContain(m)
    for (const m of ['listExperiments', 'getRun', 'listSnapshots', 'constructor', '__proto__', 'shutdown', 'exportRunTo'])
      expect(isRendererMethod(m)).toBe(false)
  })
})
