// Which paths may be a project (hardening). createProject/openProject take a path from the UI, and in web
// mode the UI is a browser page: a path there is as good as a file name typed by whoever controls the page.
// So a project is only ever a `.landau` file: creating one never touches an existing path (not a file, not
// a symlink, not a device or FIFO), and opening one reads only a regular file named *.landau, after
// symlinks. `~/.ssh/authorized_keys`, `/dev/zero` or a FIFO (whose open would block the backend) are
// refused before anything opens them. The Workbench (every transport) and the CLI (`landau run --project`,
// `landau serve --project`) apply this one rule.
import { lstatSync, realpathSync, statSync } from 'node:fs'
import type { Stats } from 'node:fs'
import { homedir } from 'node:os'
import { basename, resolve } from 'node:path'
import { ApiError } from '../shared/apiError'

export const PROJECT_EXTENSION = '.landau'

/**
 * The absolute path of the project file `input` names, checked for `mode`; ApiError 'invalid-argument'
 * (or 'not-found' when there is nothing to open) otherwise. Leading `~/` is the user's home folder, as a
 * shell would read it (the web UI has no shell to expand it); a relative path is taken from the process's
 * working folder.
 */
export function projectPath(input: unknown, mode: 'open' | 'create'): string {
  const path = absolute(input)
  const link = lstatOrNull(path)
  if (mode === 'create') {
    // lstat, not stat: a symlink (even a dangling one, which would create its target) is an existing path.
    if (link) throw new ApiError('invalid-argument', `${path} already exists${link.isFile() ? '; open it instead' : ` (${kind(link)})`}`)
    return path
  }
  if (!link) throw new ApiError('not-found', `no project file at ${path}`)
  // A symlink to a project is fine (projects kept elsewhere), as long as what it names is a regular
  // *.landau file too: the rule is about the file that gets read, not the name.
  const target = link.isSymbolicLink() ? statOrNull(path) : link
  if (!target) throw new ApiError('not-found', `no project file at ${path} (a dangling symbolic link)`)
  if (!target.isFile()) throw new ApiError('invalid-argument', `${path} is not a project file (${kind(target)})`)
  if (link.isSymbolicLink()) {
    const real = realpathSync(path)
    if (!isProjectName(real)) throw new ApiError('invalid-argument', `${path} links to ${real}, which is not a ${PROJECT_EXTENSION} file`)
  }
  return path
}

/**
 * The CLI's `--project FILE` (`landau run`, `landau serve`): opened if something is there (then it must
 * be a project file), created otherwise.
 */
export function openOrCreateProjectPath(input: unknown): { path: string; create: boolean } {
  const create = lstatOrNull(absolute(input)) === null
  return { path: projectPath(input, create ? 'create' : 'open'), create }
}

function absolute(input: unknown): string {
  if (typeof input !== 'string' || input.trim() === '') throw new ApiError('invalid-argument', 'a project path is required')
  if (input.includes('\0')) throw new ApiError('invalid-argument', 'a project path cannot hold a NUL character')
  const given = input.trim()
  const path = resolve(given === '~' || given.startsWith('~/') ? homedir() + given.slice(1) : given)
  if (!isProjectName(path)) {
    throw new ApiError('invalid-argument', `a project is a ${PROJECT_EXTENSION} file: ${JSON.stringify(given)} is not named *${PROJECT_EXTENSION}`)
  }
  return path
}

/** `name.landau`: the extension, lower case, after at least one character. */
function isProjectName(path: string): boolean {
  const name = basename(path)
  return name.length > PROJECT_EXTENSION.length && name.endsWith(PROJECT_EXTENSION)
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new ApiError('io', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path)
  } catch {
    return null
  }
}

function kind(s: Stats): string {
  if (s.isDirectory()) return 'a folder'
  if (s.isSymbolicLink()) return 'a symbolic link'
  if (s.isFIFO()) return 'a FIFO'
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device'
  if (s.isSocket()) return 'a socket'
  return 'not a regular file'
}
