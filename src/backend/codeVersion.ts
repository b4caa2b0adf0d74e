// The code version stored with every run: package version + git commit (+ "-dirty" for uncommitted
// changes), so a stored run names the exact code that produced it.
import { execFileSync } from 'node:child_process'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import pkg from '../../package.json'

let cached: string | null = null

export const appVersion: string = pkg.version

export function codeVersion(): string {
  if (cached) return cached
  // src/backend/ from source, out/main/ when bundled: the repository root is two levels up in both.
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
  let commit = 'nogit'
  try {
    commit = execFileSync('git', ['-C', root, 'describe', '--always', '--dirty', '--abbrev=12'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim()
  } catch {
    // Not a git checkout (an unpacked copy): the package version alone must do.
  }
  cached = `${pkg.version}+${commit}`
  return cached
}
