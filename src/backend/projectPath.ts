// Which paths may be a project (hardening). createProject/openProject take a path from the UI, and in web
// mode the UI is a browser page: a path there is as good as a file name typed by whoever controls the page.
// So a project is only ever a `.landau` file: creating one never touches an existing path (not a file, not
// a symlink, not a device or FIFO), and opening one reads only a regular file named *.landau, after
// symlinks. `~/.ssh/authorized_keys`, `/dev/zero` or a FIFO (whose open would block the backend) are
// refused before anything opens them. The Workbench (every transport) and the CLI (`landau run --project`,
// `landau serve --project`) apply this one rule.
import { lstatSync, mkdirSync, realpathSync, statSync } from 'node:fs'
import type { Stats } from 'node:fs'
import { homedir } from 'node:os'
import { basename, dirname, resolve } from 'node:path'
import type { ProjectPathInfo } from '../shared/api'
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
 * What `input` names, for the project bar to show before it acts: the absolute path, its folder, and
 * whether each exists. Only the *.landau rule is applied (what is there is for open/create to judge).
 */
export function describeProjectPath(input: unknown): ProjectPathInfo {
  const path = absolute(input)
  const folder = dirname(path)
  const there = statOrNull(folder)
  return { path, folder, exists: lstatOrNull(path) !== null, folderExists: !!there?.isDirectory() }
}

/**
 * Makes sure the folder of a project to create exists: a missing one is refused ('not-found', naming it)
 * unless `create`, which makes it and any missing folder above it (as `mkdir -p`; only folders, never a
 * file, and never where something else is in the way). The user asks for it in the project bar, which
 * shows the folder first; `landau run`, `serve` and `chaos-study --project` make it without asking (the
 * path was typed on their command line).
 */
export function ensureProjectFolder(path: string, create: boolean): void {
  const folder = dirname(path)
  const there = statOrNull(folder)
  if (there?.isDirectory()) return
  if (there) throw new ApiError('invalid-argument', `cannot create ${path}: ${folder} is not a folder (${kind(there)})`)
  if (!create) throw new ApiError('not-found', `the folder ${folder} does not exist: create it with the project, or choose another path`)
  try {
    mkdirSync(folder, { recursive: true })
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message
    throw new ApiError('io', `cannot create the folder ${folder} (${code}${code === 'ENOTDIR' ? ': a file is in the way' : ''})`)
  }
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
    // ENOTDIR: a file stands where a folder of the path would be, so nothing can be at the path.
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return null
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
  if (s.isFile()) return 'a file'
  if (s.isSymbolicLink()) return 'a symbolic link'
  if (s.isFIFO()) return 'a FIFO'
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device'
  if (s.isSocket()) return 'a socket'
  return 'not a regular file'
}
