// Web mode's file browser for the project bar: one folder's subfolders and project files, inside the user's
// home folder only. A browser page has no file dialog of its own, so the server lists; it lists no more than
// a page needs to choose a project (no hidden names, no other files, names only), and never outside home,
// after symbolic links, so a page with the token can learn nothing of the rest of the machine through it.
import { readdirSync, realpathSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve, sep } from 'node:path'
import type { FolderListing } from '../shared/api'
import { ApiError } from '../shared/apiError'
import { PROJECT_EXTENSION } from './projectPath'

/** Entries listed at most (a folder with more says so). */
export const MAX_ENTRIES = 500

/** The listing of `input` (default: home; `~/` is home), which must be home or inside it. */
export function browseFolder(input?: string): FolderListing {
  const home = real(homedir(), 'your home folder')
  const given = input === undefined || input.trim() === '' ? '~' : input.trim()
  if (given.includes('\0')) throw new ApiError('invalid-argument', 'a folder path cannot hold a NUL character')
  const path = real(resolve(given === '~' || given.startsWith('~/') ? home + given.slice(1) : given), given)
  if (path !== home && !path.startsWith(home + sep))
    throw new ApiError('invalid-argument', `${path} is outside your home folder; the browser lists only ${home} and below`)
  let names: { name: string; folder: boolean; file: boolean }[]
  try {
    names = readdirSync(path, { withFileTypes: true }).map((d) => {
      // A symbolic link is listed as what it names (a link to a folder outside home is listed, but not opened).
      const s = d.isSymbolicLink() ? statOrNull(join(path, d.name)) : null
      return { name: d.name, folder: s ? s.isDirectory() : d.isDirectory(), file: s ? s.isFile() : d.isFile() }
    })
  } catch (err) {
    throw new ApiError('io', `cannot list ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
  const shown = names
    .filter((n) => !n.name.startsWith('.') && (n.folder || (n.file && n.name.endsWith(PROJECT_EXTENSION))))
    .map((n) => ({ name: n.name, kind: n.folder ? ('folder' as const) : ('project' as const) }))
    .sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1))
  return {
    path,
    parent: path === home ? null : dirname(path),
    entries: shown.slice(0, MAX_ENTRIES),
    truncated: shown.length > MAX_ENTRIES,
  }
}

function real(path: string, what: string): string {
  try {
    const r = realpathSync(path)
    if (!statSync(r).isDirectory()) throw new ApiError('invalid-argument', `${what} is not a folder`)
    return r
  } catch (err) {
    if (err instanceof ApiError) throw err
    throw new ApiError('not-found', `no folder ${path}`)
  }
}

function statOrNull(path: string) {
  try {
    return statSync(path)
  } catch {
    return null
  }
}
