// A particle entry under an N-sweep may leave out its own N (the sweep supplies every run's N); without a
// sweep, or for a malformed sweep, N stays required and the schema names it.
import { describe, expect, it } from 'vitest'
import { checkExperiment, expandRuns, formatIssues } from '../../src/shared/spec'
import { withSweepN } from '../../src/shared/specSweepN'
import { smallKacSpec } from '../helpers/specs'

function issues(input: unknown): string {
  const r = checkExperiment(input)
  return r.ok ? '' : formatIssues(r.issues)
}

describe('an N-sweep supplies N', () => {
  it('accepts particle entries without N under a sweep and runs each at every sweep value', () => {
    const input = smallKacSpec({ solvers: [{ kind: 'kac', replicas: 2 } as never, { kind: 'fournier' } as never], sweep: { N: [40, 10, 20] } })
    const r = checkExperiment(input)
    if (!r.ok) throw new Error(formatIssues(r.issues))
    // Exactly the sweep's values, in its order, for each entry: the filled-in N is never a run's N.
    expect(expandRuns(r.spec).map((run) => [run.solver.kind, 'N' in run.solver ? run.solver.N : null])).toEqual([
      ['kac', 40],
      ['kac', 10],
      ['kac', 20],
      ['fournier', 40],
      ['fournier', 10],
      ['fournier', 20],
    ])
    // The caller's object is left as it was.
    expect((input.solvers[0] as Record<string, unknown>).N).toBeUndefined()
  })

  it('keeps N required without a sweep, and leaves an entry that gives N or a deterministic one alone', () => {
    expect(issues(smallKacSpec({ solvers: [{ kind: 'kac' } as never] }))).toMatch(/^solvers\.0\.N: N must be an integer$/)
    // A sweep whose first value is not a number fills nothing: the sweep's own message, and N's.
    expect(issues(smallKacSpec({ solvers: [{ kind: 'kac' } as never], sweep: { N: ['x' as never, 10] } }))).toMatch(/sweep\.N\.0: N must be an integer/)
    const given = { name: 'n', solvers: [{ kind: 'kac', N: 8 }, { kind: 'bkw-exact' }], sweep: { N: [4] } }
    expect(withSweepN(given)).toEqual(given)
    expect(withSweepN('not an object')).toBe('not an object')
  })
})
