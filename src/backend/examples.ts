// The example experiments bundled in resources/examples (each a spec as JSON, named in the README), offered
// by the UI's "Examples" menu. Read at call time so that a newly added file shows up; a file that does not
// parse as JSON is skipped with its error, never thrown at the user who only wanted the list.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from './repoRoot'
import type { ExampleSpec } from '../shared/api'

export const EXAMPLES_DIR = join(repoRoot, 'resources', 'examples')

export function listExamples(dir = EXAMPLES_DIR): ExampleSpec[] {
  let files: string[]
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
  } catch {
    return [] // an installation without the examples folder
  }
  const out: ExampleSpec[] = []
  for (const file of files) {
    try {
      const spec: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'))
      const name = spec && typeof spec === 'object' && typeof (spec as { name?: unknown }).name === 'string' ? (spec as { name: string }).name : file
      out.push({ file, name, spec })
    } catch (err) {
      process.stderr.write(`warning: example ${file} skipped: ${(err as Error).message}\n`)
    }
  }
  return out
}
