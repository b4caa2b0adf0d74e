// The workbench's own folder (where package.json, resources/ and out/ live), found from the file that
// asks: src/backend/ when running from the sources, out/cli/ or out/cli/chunks/ in the built command line,
// out/main/ in the desktop build. Walking up to our package.json keeps every one of them right, where a
// fixed "../.." holds only for some.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const PACKAGE_NAME = 'landau-workbench'

export function repoRootFrom(moduleUrl: string): string {
  let dir = dirname(fileURLToPath(moduleUrl))
  for (;;) {
    const pkg = join(dir, 'package.json')
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return dir
      } catch {
        // not ours (or unreadable): keep walking
      }
    }
    const up = dirname(dir)
    if (up === dir) throw new Error(`cannot find the workbench's folder above ${fileURLToPath(moduleUrl)}`)
    dir = up
  }
}

/** The workbench's folder, for this running copy. */
export const repoRoot: string = repoRootFrom(import.meta.url)
