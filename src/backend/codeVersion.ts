// The code version stored with every run: package version + git commit (+ "-dirty" for uncommitted
// changes), so a stored run names the exact code that produced it.
import { execFileSync } from 'node:child_process'
import { repoRoot } from './repoRoot'
import pkg from '../../package.json'

let cached: string | null = null

export const appVersion: string = pkg.version

export function codeVersion(): string {
  if (cached) return cached
  const root = repoRoot
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
