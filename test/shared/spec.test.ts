// The experiment schema at the boundary: defaults filled, sweeps expanded in a fixed order (the order
// is part of every random-stream key), and bad input named by its field.
import { describe, expect, it } from 'vitest'
import { checkExperiment, expandRuns, formatIssues } from '../../src/shared/spec'
import type { ExperimentSpec } from '../../src/shared/spec'
import { smallKacSpec } from '../helpers/specs'

function parse(input: unknown): ExperimentSpec {
  const r = checkExperiment(input)
  if (!r.ok) throw new Error(formatIssues(r.issues))
  return r.spec
}

function issues(input: unknown): string {
  const r = checkExperiment(input)
  return r.ok ? '' : formatIssues(r.issues)
}

describe('experiment spec', () => {
  it('fills defaults, so the stored spec is complete', () => {
    const s = parse({ name: 'x', initial: { family: 'maxwellian' }, kernel: { gamma: -3 }, solvers: [{ kind: 'fgm', N: 10 }], time: { T: 1, dt: 0.1 } })
    expect(s.solvers[0]).toEqual({ kind: 'fgm', N: 10, replicas: 1, integrator: 'euler' })
    expect(s).toMatchObject({ seed: 0, snapshots: [], time: { every: 1 } })
    expect(parse({ ...s, initial: { family: 'formula', expr: 'exp(-v^2/2)' } }).initial).toEqual({ family: 'formula', expr: 'exp(-v^2/2)', L: 8 })
  })

  it('expands a sweep entry by entry, N by N, with the sweep replicas', () => {
    const s = parse(smallKacSpec({ solvers: [{ kind: 'kac', N: 2, replicas: 3 }, { kind: 'fournier', N: 2 }], sweep: { N: [125, 250], replicas: 7 } }))
    const runs = expandRuns(s)
    expect(runs.map((r) => [r.runIndex, r.solver.kind, 'N' in r.solver && r.solver.N, 'replicas' in r.solver && r.solver.replicas])).toEqual([
      [0, 'kac', 125, 7],
      [1, 'kac', 250, 7],
      [2, 'fournier', 125, 7],
      [3, 'fournier', 250, 7],
    ])
    const noReplicas = expandRuns(parse(smallKacSpec({ solvers: [{ kind: 'kac', N: 2, replicas: 3 }], sweep: { N: [4] } })))
    expect(noReplicas[0].solver).toMatchObject({ N: 4, replicas: 3 })
  })

  it('names the field of every bad value', () => {
    expect(issues(smallKacSpec({ solvers: [{ kind: 'fgm', N: 10, integrator: 'rotation' } as never] }))).toMatch(/solvers\.0\.integrator: fgm has no pairwise exact-conservation step/)
    expect(issues(smallKacSpec({ initial: { family: 'bkw', K0: 0.5 } }))).toMatch(/initial\.K0: K0 must be ≥ 3\/5/)
    expect(issues(smallKacSpec({ initial: { family: 'bkw', K0: 1 } }))).toMatch(/initial\.K0: K0 must be < 1/)
    expect(issues(smallKacSpec({ initial: { family: 'two-beam', u: 1, theta: 0 } }))).toMatch(/initial\.theta: theta must be > 0/)
    expect(issues(smallKacSpec({ initial: { family: 'mixture', components: [] } }))).toMatch(/initial\.components: a mixture needs at least one component/)
    expect(issues(smallKacSpec({ initial: { family: 'formula', expr: '   ' } }))).toMatch(/initial\.expr: expr must not be empty/)
    expect(issues(smallKacSpec({ snapshots: [0, 5] }))).toMatch(/snapshots\.1: snapshot time 5 is after time\.T/)
    expect(issues(smallKacSpec({ sweep: { N: [1] } }))).toMatch(/sweep\.N\.0: N must be ≥ 2/)
    expect(issues(smallKacSpec({ solvers: [{ kind: 'pairing', N: 1_000_000, replicas: 11 }] }))).toMatch(/solvers\.0\.replicas: N × replicas = 11000000 particles in one run; at most 10000000/)
    expect(issues(smallKacSpec({ solvers: [{ kind: 'pairing', N: 1000, replicas: 1 }], sweep: { N: [100, 1_000_000], replicas: 20 } }))).toMatch(/solvers\.0\.replicas: N × replicas = 20000000/)
    expect(issues(smallKacSpec({ solvers: [{ kind: 'pairing', N: 1_000_000, replicas: 10 }] }))).toBe('')
    expect(issues(smallKacSpec({ sweep: { N: Array(101).fill(4) } }))).toMatch(/sweep\.N: sweep\.N lists at most 100 values/)
    expect(issues(smallKacSpec({ solvers: Array(20).fill({ kind: 'kac', N: 4 }), sweep: { N: Array(51).fill(4) } }))).toMatch(/sweep\.N: the experiment expands into 1020 runs; at most 1000/)
  })
})

describe('deterministic solver entries', () => {
  it('fill their defaults and are one run each, never expanded over sweep.N', () => {
    const s = parse(smallKacSpec({ initial: { family: 'bkw', K0: 0.6 }, solvers: [{ kind: 'kac', N: 2 }, { kind: 'bkw-exact' }, { kind: 'isotropic' }], sweep: { N: [125, 250] } }))
    expect(s.solvers[1]).toEqual({ kind: 'bkw-exact', points: 400, rMax: 10 })
    expect(s.solvers[2]).toEqual({ kind: 'isotropic', cells: 200, rMax: 10 })
    expect(expandRuns(s).map((r) => [r.runIndex, r.solver.kind])).toEqual([
      [0, 'kac'],
      [1, 'kac'],
      [2, 'bkw-exact'],
      [3, 'isotropic'],
    ])
  })

  it('refuse data they cannot solve, naming the field', () => {
    expect(issues(smallKacSpec({ initial: { family: 'bkw', K0: 0.6 }, kernel: { gamma: -3 }, solvers: [{ kind: 'bkw-exact' }] }))).toBe(
      'solvers.0.kind: bkw-exact is the exact solution for Maxwell molecules: kernel.gamma must be 0 (is -3)',
    )
    expect(issues(smallKacSpec({ solvers: [{ kind: 'bkw-exact' }] }))).toBe('solvers.0.kind: bkw-exact needs initial family "bkw" or "maxwellian" (is "bimaxwellian")')
    expect(issues(smallKacSpec({ solvers: [{ kind: 'isotropic' }] }))).toBe(
      'solvers.0.kind: isotropic needs radially symmetric initial data (maxwellian, bkw, shell, ball); "bimaxwellian" is not',
    )
    expect(issues(smallKacSpec({ solvers: [{ kind: 'spectral', n: 20 }] }))).toBe('solvers.0.n: n must be even and of the form 2^a·3^b (8, 12, 16, 24, 32, 48, 64, 96, 128)')
    expect(checkExperiment(smallKacSpec({ solvers: [{ kind: 'spectral', n: 24 }] })).ok).toBe(true)
    expect(issues(smallKacSpec({ solvers: [{ kind: 'blob', n: 100 }] }))).toBe('solvers.0.n: n must be ≤ 48')
    expect(issues({ ...smallKacSpec(), solvers: [{ kind: 'blob', N: 100 }] })).toMatch(/solvers\.0.*N/)
  })
})
