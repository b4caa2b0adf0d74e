// The bundled example experiments (resources/examples, named in the README) stay valid specs.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkExperiment, formatIssues } from '../../src/shared/spec'

const dir = join(process.cwd(), 'resources', 'examples')
const files = readdirSync(dir).filter((f) => f.endsWith('.json'))

describe('bundled examples', () => {
  it('exist', () => expect(files.length).toBeGreaterThanOrEqual(3))
  it.each(files)('%s is a valid experiment spec', (f) => {
    const r = checkExperiment(JSON.parse(readFileSync(join(dir, f), 'utf8')))
    expect(r.ok ? '' : formatIssues(r.issues)).toBe('')
  })
})
