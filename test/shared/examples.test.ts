// The bundled example experiments (resources/examples, named in the README) stay valid specs.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkExperiment, formatIssues } from '../../src/shared/spec'
import { ChaosStudySpec } from '../../src/shared/chaosStudySpec'
import { toSpecIssues } from '../../src/shared/specIssues'

const dir = join(process.cwd(), 'resources', 'examples')
const files = readdirSync(dir).filter((f) => f.endsWith('.json'))

describe('bundled examples', () => {
  it('exist', () => expect(files.length).toBeGreaterThanOrEqual(3))
  it.each(files)('%s is a valid experiment spec or chaos study', (f) => {
    const spec: unknown = JSON.parse(readFileSync(join(dir, f), 'utf8'))
    if ((spec as { kind?: unknown }).kind === 'chaos-study') {
      const r = ChaosStudySpec.safeParse(spec)
      expect(r.success ? '' : formatIssues(toSpecIssues(r.error.issues))).toBe('')
      return
    }
    const r = checkExperiment(spec)
    expect(r.ok ? '' : formatIssues(r.issues)).toBe('')
  })
})
