// The desktop app's security decisions as plain functions (no Electron import), so that they are unit
// tested under Node (test/main/policy.test.ts) and src/main/index.ts only wires them to Electron:
// - which project paths the renderer may open, create or merge into the open one (only those the user
//   picked in the native dialog this session for that purpose, or that are on the recent-projects list the
//   main process keeps);
// - which external URLs may be opened in the user's browser (a fixed allow-list);
// - which file of the built renderer an app:// URL names (never one outside its folder).
import { join, resolve, sep } from 'node:path'
import { canonicalPath, withRecent } from '../backend/recentProjects'

// Project paths --------------------------------------------------------------------------------------

export type ProjectMode = 'open' | 'create' | 'merge'

// The recent list's format is the backend's (web mode keeps one too): backend/recentProjects.ts.
export { RECENT_MAX, canonicalPath, parseRecent, serializeRecent, withRecent } from '../backend/recentProjects'

/**
 * Which paths the renderer may hand to createProject/openProject/mergeProject. The renderer names a path;
 * the main process accepts it only if the user chose it in a native dialog of this session for that purpose
 * (a "create" choice for createProject, an "open" one for openProject, a "merge" one for mergeProject), or,
 * to open or merge, if it is on the recent list (a project the user opened or created before). So a
 * compromised renderer can open or read no other file, nor create a file anywhere the user did not choose.
 * A "merge" choice is not an "open" one: a merge only reads its file, an open may upgrade and write it.
 */
export class ProjectPathPolicy {
  private readonly picked = new Map<string, ProjectMode>()
  private recentList: string[]

  constructor(recent: readonly string[] = []) {
    this.recentList = [...recent]
  }

  get recent(): readonly string[] {
    return this.recentList
  }

  /** The user chose `path` in the native dialog for `mode`. */
  grant(path: string, mode: ProjectMode): void {
    this.picked.set(canonicalPath(path), mode)
  }

  /** The path to use if the renderer may `mode` it, else null. */
  check(path: unknown, mode: ProjectMode): string | null {
    if (typeof path !== 'string' || path.trim() === '' || path.includes('\0')) return null
    const c = canonicalPath(path.trim())
    if (this.picked.get(c) === mode) return c
    if (mode !== 'create' && this.recentList.includes(c)) return c
    return null
  }

  /** A project was opened or created at `path`: it joins the recent list (returned, to be saved). */
  opened(path: string): string[] {
    this.recentList = withRecent(this.recentList, path)
    return this.recentList
  }
}

// External URLs --------------------------------------------------------------------------------------

/**
 * Pages the app may open in the user's browser: each entry is an exact URL, or a prefix ending in "/"
 * (that origin, that path and below). The renderer links to no external page today, so the list is empty
 * and every window.open / target=_blank is refused; a link added to the UI must add its page here.
 */
export const EXTERNAL_URLS: readonly string[] = []

/**
 * Whether `url` may go to shell.openExternal: https only, no credentials, and after the URL parser's
 * normalisation (dot segments, percent-encoded dots, case of the host) equal to an exact entry or inside a
 * prefix entry of `allowed`. The normalised URL is what gets opened (returned), never the raw string.
 */
export function allowedExternalUrl(url: unknown, allowed: readonly string[] = EXTERNAL_URLS): string | null {
  if (typeof url !== 'string') return null
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return null
  }
  if (u.protocol !== 'https:' || u.username || u.password) return null
  const href = u.href
  for (const entry of allowed) {
    let e: URL
    try {
      e = new URL(entry)
    } catch {
      continue
    }
    if (e.protocol !== 'https:') continue
    if (entry.endsWith('/') ? u.origin === e.origin && u.pathname.startsWith(e.pathname) : href === e.href) return href
  }
  return null
}

// The renderer's own protocol --------------------------------------------------------------------------

/** The renderer is served as app://renderer/…: a standard, secure origin of its own, not file://. */
export const APP_SCHEME = 'app'
export const APP_HOST = 'renderer'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`

/**
 * The file under `root` (the built renderer, out/renderer) that an app:// URL names, or null: another host,
 * a path that leaves `root` once decoded and resolved (".." and "%2e%2e" segments are folded by the URL
 * parser already; "..%2f" is caught here), a backslash or NUL, or bad percent-encoding. "/" is index.html;
 * query and fragment are ignored. (Symbolic links are not followed specially: a build holds none.)
 */
export function resolveAppPath(url: string, root: string): string | null {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return null
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null
  let path: string
  try {
    path = decodeURIComponent(u.pathname)
  } catch {
    return null
  }
  // A build holds no name with a NUL or a backslash; refusing them makes Windows (where "\\" separates)
  // and POSIX answer alike.
  if (path.includes('\0') || path.includes('\\')) return null
  if (path === '/' || path === '') path = '/index.html'
  const base = resolve(root)
  const file = resolve(join(base, path))
  if (!file.startsWith(base + sep)) return null
  return file
}

/** Content types of the files a Vite build of the renderer holds. */
const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  ttf: 'font/ttf',
  woff: 'font/woff',
  woff2: 'font/woff2',
  wasm: 'application/wasm',
  map: 'application/json',
}

export function contentType(file: string): string {
  const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase()
  return TYPES[ext] ?? 'application/octet-stream'
}
