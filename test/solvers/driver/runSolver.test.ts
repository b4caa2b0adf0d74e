// Oracle: the SolverEvent contract of src/solvers/driver/runSolver.ts — 'start' first with the metric names
// and totalSteps = round(T/Δt); rows at step 0, every `every` steps and at the final step, t = step·Δt,
// values aligned with the metrics; progress in [0, 1], non-decreasing, at least once per step, inside
// long steps, ending at 1 as the last event — and bit-identical rows for identical specs.
// (Snapshots, and the same contract for every system: test/solvers/driver/everySystem.test.ts.)
import { describe, expect, it } from 'vitest'
import type { RunSpec } from '../../../src/shared/spec'
import { runSolver, type SolverEvent } from '../../../src/solvers/driver/runSolver'

function spec(over: Partial<RunSpec> & { N?: number; replicas?: number } = {}): RunSpec {
  const { N = 10, replicas = 3, ...rest } = over
  return {
    initial: { family: 'bimaxwellian', T: [1.5, 1, 0.5] },
    kernel: { gamma: -3 },
    solver: { kind: 'kac', N, replicas, integrator: 'rotation' },
    time: { T: 0.1, dt: 0.01, every: 3 },
    snapshots: [],
    seed: 42,
    runIndex: 0,
    ...rest,
  }
}

function rowsBits(events: SolverEvent[]): bigint[][] {
  return events.filter((e) => e.type === 'row').map((e) => Array.from(new BigUint64Array(new Float64Array((e as { values: number[] }).values).buffer)))
}

describe('runSolver', () => {
  it('emits start, rows at 0, every `every` steps and the final step, and monotone progress to 1', () => {
    const events = [...runSolver(spec())]
    expect(events[0]).toEqual({
      type: 'start',
      metrics: [
        'mass',
        'momentum',
        'energy',
        'Txx',
        'Tyy',
        'Tzz',
        'mass_se',
        'momentum_se',
        'energy_se',
        'Txx_se',
        'Tyy_se',
        'Tzz_se',
        'entropy_knn',
        'entropy_knn_se',
      ],
      totalSteps: 10,
    })
    const rows = events.filter((e) => e.type === 'row')
    expect(rows.map((r) => r.step)).toEqual([0, 3, 6, 9, 10])
    expect(rows.map((r) => r.t)).toEqual([0, 0.03, 0.06, 0.09, 0.1].map((t, k) => [0, 3, 6, 9, 10][k] * 0.01))
    for (const r of rows) {
      expect(r.values).toHaveLength(14)
      expect(Number.isFinite(r.values[12]) && Number.isFinite(r.values[13])).toBe(true) // kNN entropy ± SE
      expect(r.values[0]).toBe(1) // mass
      expect(r.values[6]).toBe(0) // mass_se: identical replicas of the constant 1
    }
    // Energy is conserved per replica, so its replica mean stays 3-ish and identical to round-off.
    expect(Math.abs(rows[4].values[2] - rows[0].values[2])).toBeLessThan(1e-13)
    const progress = events.filter((e) => e.type === 'progress').map((e) => e.fraction)
    expect(progress.length).toBeGreaterThanOrEqual(10)
    for (let k = 1; k < progress.length; k++) expect(progress[k]).toBeGreaterThanOrEqual(progress[k - 1])
    expect(progress.every((f) => f >= 0 && f <= 1)).toBe(true)
    expect(events[events.length - 1]).toEqual({ type: 'progress', fraction: 1 })
  })

  it('reports progress inside a long step', () => {
    // N = 1000: 499 500 pair updates per step, so at least two reports before the step ends.
    const events = [...runSolver(spec({ N: 1000, replicas: 1, time: { T: 0.01, dt: 0.01, every: 1 } }))]
    const progress = events.filter((e) => e.type === 'progress').map((e) => e.fraction)
    expect(progress.length).toBeGreaterThanOrEqual(3)
    expect(progress[0]).toBeGreaterThan(0)
    expect(progress[0]).toBeLessThan(1)
    expect(progress[progress.length - 1]).toBe(1)
  })

  it('gives NaN standard errors for one replica', () => {
    const rows = [...runSolver(spec({ replicas: 1 }))].filter((e) => e.type === 'row')
    expect(rows[0].values.slice(6, 12).every(Number.isNaN)).toBe(true)
    expect(Number.isFinite(rows[0].values[12])).toBe(true)
    expect(rows[0].values[13]).toBeNaN()
  })

  it('is bit-reproducible: same spec, same rows; another seed or run index, other rows', () => {
    const a = rowsBits([...runSolver(spec())])
    const b = rowsBits([...runSolver(spec())])
    expect(b).toEqual(a)
    const c = rowsBits([...runSolver(spec({ seed: 43 }))])
    expect(c[1]).not.toEqual(a[1])
    const d = rowsBits([...runSolver(spec({ runIndex: 1 }))])
    expect(d[0]).not.toEqual(a[0])
  })
})
