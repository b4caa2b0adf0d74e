// The recent-projects list: its file format (recent.json, `{"recent": [paths]}`) and, for web mode, where
// the server keeps it: `$XDG_CONFIG_HOME/landau-workbench/recent.json` (else ~/.config/…), written whole
// (temporary file + rename). The desktop app keeps its own in Electron's userData folder through the same
// functions (src/main/index.ts), where the list also widens what its renderer may open (src/main/policy.ts):
// so whatever reads the file trusts nothing in it but absolute *.landau paths.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { isAbsolute, join, normalize, resolve } from 'node:path'

/** Entries kept on the recent-projects list. */
export const RECENT_MAX = 10

/** The one spelling of a path the checks compare (absolute, normalised; case kept: file systems differ). */
export function canonicalPath(path: string): string {
  return normalize(resolve(path))
}

/**
 * The recent-projects list as read from recent.json: absolute .landau paths only, deduplicated, at most
 * RECENT_MAX. Anything else in the file (a hand edit, another version's format, garbage) is dropped rather
 * than trusted: the list widens what the renderer may open.
 */
export function parseRecent(text: string | null): string[] {
  if (!text) return []
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return []
  }
  const list = Array.isArray(data) ? data : data && typeof data === 'object' ? (data as { recent?: unknown }).recent : undefined
  if (!Array.isArray(list)) return []
  const out: string[] = []
  for (const p of list) {
    if (typeof p !== 'string' || p.includes('\0') || !isAbsolute(p) || !p.endsWith('.landau')) continue
    const c = canonicalPath(p)
    if (!out.includes(c)) out.push(c)
    if (out.length === RECENT_MAX) break
  }
  return out
}

/** The list with `path` first (a project just opened or created). */
export function withRecent(list: readonly string[], path: string): string[] {
  const c = canonicalPath(path)
  return [c, ...list.filter((p) => p !== c)].slice(0, RECENT_MAX)
}

export function serializeRecent(list: readonly string[]): string {
  return JSON.stringify({ recent: list }, null, 1) + '\n'
}

/** The folder of the workbench's own settings for this user (XDG base directory rules). */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CONFIG_HOME
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.config'), 'landau-workbench')
}

/** A recent list kept in a file: read when asked (another server may have written it), written whole. */
export class RecentProjectsFile {
  constructor(readonly file: string) {}

  list(): string[] {
    try {
      return parseRecent(readFileSync(this.file, 'utf8'))
    } catch {
      return [] // no list yet, or unreadable: none
    }
  }

  /** `path` goes first. A failure to save is logged, never the reason an open fails. */
  remember(path: string): string[] {
    const list = withRecent(this.list(), path)
    const tmp = `${this.file}.${process.pid}.tmp`
    try {
      mkdirSync(join(this.file, '..'), { recursive: true })
      writeFileSync(tmp, serializeRecent(list))
      renameSync(tmp, this.file)
    } catch (err) {
      console.error(`cannot save the recent projects to ${this.file}: ${(err as Error).message}`)
    }
    return list
  }
}
