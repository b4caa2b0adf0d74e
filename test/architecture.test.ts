// The layers of docs/ARCHITECTURE.md, enforced: every import in src/**/*.ts and src/**/*.vue (static,
// type-only, re-exports and dynamic import()) is scanned with a regex, resolved to a file and checked
//   solvers (pure) ← shared (contract, schemas) ← backend (Node) ← hosts (main, cli);
//   preload → shared (types only) and itself; renderer → renderer and shared.
// src/solvers also has no import cycle (types included) and imports no package at all (no zod, no node:*),
// and no file under src reaches outside src through a relative path (but package.json and resources/).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const src = join(repo, 'src')

type Layer = 'solvers' | 'shared' | 'backend' | 'main' | 'cli' | 'preload' | 'renderer'

/** Which layers a layer may import (its own included). */
const ALLOWED: Record<Layer, readonly Layer[]> = {
  solvers: ['solvers'],
  shared: ['shared', 'solvers'],
  backend: ['backend', 'shared', 'solvers'],
  main: ['main', 'backend', 'shared', 'solvers'],
  cli: ['cli', 'backend', 'shared', 'solvers'],
  preload: ['preload', 'shared'],
  renderer: ['renderer', 'shared'],
}
/**
 * The one file-level exception: the main process answers the preload's IPC channels, whose names and the
 * renderer's share of the API are pure constants in src/preload/channels.ts (the sandboxed preload can load
 * nothing but 'electron', so they live on its side).
 */
const ALLOWED_FILES: ReadonlyArray<[Layer, string]> = [['main', 'src/preload/channels.ts']]
/** Imports of these (from, to) layers must be type-only (`import type` / `export type`). */
const TYPE_ONLY: ReadonlyArray<[Layer, Layer]> = [['preload', 'shared']]

/** What src may import from the rest of the repository: the version (codeVersion.ts) and bundled assets (fonts). */
const OUTSIDE_SRC = ['package.json', 'resources/']

interface Import {
  from: string // repo-relative file, '/' separated
  specifier: string
  to: string | null // repo-relative resolved file, or null for a package
  typeOnly: boolean
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : walk(p)
    return /\.(ts|vue)$/.test(name) && !name.endsWith('.d.ts') ? [p] : []
  })
}

const rel = (p: string) => relative(repo, p).split(sep).join('/')

function layerOf(file: string): Layer | null {
  const m = /^src\/(solvers|shared|backend|main|cli|preload|renderer)\//.exec(file)
  return m ? (m[1] as Layer) : null
}

function resolveRelative(fromFile: string, specifier: string): string {
  const base = resolve(dirname(join(repo, fromFile)), specifier.replace(/\?.*$/, ''))
  const candidates = [base, `${base}.ts`, `${base}.vue`, base.replace(/\.js$/, '.ts'), join(base, 'index.ts')]
  const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile())
  return rel(hit ?? base)
}

/** Every import specifier of a file: import/export … from, side-effect imports and import(…). */
function scan(file: string): Import[] {
  const text = readFileSync(join(repo, file), 'utf8')
  const found: Array<{ specifier: string; typeOnly: boolean }> = []
  // A statement starting a line: `import … from 'x'`, `import type …`, `export { … } from 'x'`, `export * from 'x'`.
  for (const m of text.matchAll(/^[ \t]*(import|export)(\s+type)?\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/gm)) {
    found.push({ specifier: m[3]!, typeOnly: m[2] !== undefined })
  }
  for (const m of text.matchAll(/^[ \t]*import\s*['"]([^'"]+)['"]/gm)) found.push({ specifier: m[1]!, typeOnly: false })
  for (const m of text.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push({ specifier: m[1]!, typeOnly: false })
  return found.map(({ specifier, typeOnly }) => ({
    from: file,
    specifier,
    to: specifier.startsWith('.') ? resolveRelative(file, specifier) : null,
    typeOnly,
  }))
}

const files = walk(src).map(rel).sort()
const imports = files.flatMap(scan)

/** Strongly connected components of more than one file (or a file importing itself), Tarjan. */
function cycles(nodes: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const onStack = new Set<string>()
  const stack: string[] = []
  const out: string[][] = []
  const visit = (v: string): void => {
    index.set(v, counter)
    low.set(v, counter++)
    stack.push(v)
    onStack.add(v)
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        scc.push(w)
      } while (w !== v)
      if (scc.length > 1 || (edges.get(v) ?? []).includes(v)) out.push(scc.sort())
    }
  }
  for (const v of nodes) if (!index.has(v)) visit(v)
  return out
}

/** One cycle through the component, for the message: a → b → … → a. */
function cyclePath(scc: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string {
  const inScc = new Set(scc)
  const start = scc[0]!
  const prev = new Map<string, string>()
  const queue = [start]
  while (queue.length) {
    const v = queue.shift()!
    for (const w of edges.get(v) ?? []) {
      if (!inScc.has(w)) continue
      if (w === start) {
        const path = [start]
        for (let u = v; u !== start; u = prev.get(u)!) path.splice(1, 0, u)
        return [...path, start].join(' → ')
      }
      if (!prev.has(w)) {
        prev.set(w, v)
        queue.push(w)
      }
    }
  }
  return scc.join(', ')
}

describe('architecture: one-way layers', () => {
  it('scans the tree', () => {
    expect(files.filter((f) => f.startsWith('src/solvers/')).length).toBeGreaterThan(20)
    expect(imports.length).toBeGreaterThan(200)
    // Every relative import resolves to a file (else the scan or the resolution is wrong).
    const unresolved = imports.filter((i) => i.to !== null && !existsSync(join(repo, i.to))).map((i) => `${i.from}: ${i.specifier}`)
    expect(unresolved, unresolved.join('\n')).toEqual([])
  })

  it('imports only downward (solvers ← shared ← backend ← hosts; preload → shared types; renderer → shared)', () => {
    const bad: string[] = []
    for (const i of imports) {
      if (i.to === null) continue
      const a = layerOf(i.from)
      const b = layerOf(i.to)
      if (a === null || b === null) continue // outside the layers: test (d) below
      if (!ALLOWED[a].includes(b) && !ALLOWED_FILES.some(([x, f]) => x === a && f === i.to)) bad.push(`${i.from} → ${i.to}`)
      else if (a !== b && !i.typeOnly && TYPE_ONLY.some(([x, y]) => x === a && y === b)) bad.push(`${i.from} → ${i.to} (must be import type)`)
    }
    expect(bad, `imports against the layers:\n${bad.join('\n')}`).toEqual([])
  })

  it('has no import cycle among src/solvers files (type imports included)', () => {
    const solverFiles = files.filter((f) => f.startsWith('src/solvers/'))
    const edges = new Map<string, string[]>()
    for (const i of imports) {
      if (i.to === null || !i.from.startsWith('src/solvers/') || !i.to.startsWith('src/solvers/')) continue
      const list = edges.get(i.from) ?? []
      if (!list.includes(i.to)) list.push(i.to)
      edges.set(i.from, list)
    }
    const found = cycles(solverFiles, edges).map((scc) => `${cyclePath(scc, edges)}  (component: ${scc.join(', ')})`)
    expect(found, `import cycles in src/solvers:\n${found.join('\n')}`).toEqual([])
  })

  it('src/solvers imports no package (no zod, no node:*)', () => {
    const bad = imports.filter((i) => i.from.startsWith('src/solvers/') && i.to === null).map((i) => `${i.from} → ${i.specifier}`)
    expect(bad, `packages imported by the solver core:\n${bad.join('\n')}`).toEqual([])
  })

  it('no file under src reaches outside src by a relative path (but package.json and resources/)', () => {
    const bad = imports
      .filter((i) => i.to !== null && !i.to.startsWith('src/') && !OUTSIDE_SRC.some((ok) => (ok.endsWith('/') ? i.to!.startsWith(ok) : i.to === ok)))
      .map((i) => `${i.from} → ${i.to}${i.to!.startsWith('../') ? ' (outside the repository)' : ''}`)
    expect(bad, `relative imports leaving src:\n${bad.join('\n')}`).toEqual([])
  })
})
