// The refine-dt study's arithmetic (dtRefinement.ts): the observed order of synthetic errors c·Δt^p with known
// SEs, and the fit's refusal when errors are noise. (The study's runs are exercised by `landau refine-dt`.)
import { describe, expect, it } from 'vitest'
import { dtRefinementStudy, observedOrder } from '../../../src/solvers/particles/dtRefinement'

describe('observed order of a time-step study', () => {
  it('recovers p from exact errors c·Δt^p, with an interval that shrinks with the SE', () => {
    const dts = [0.04, 0.02, 0.01, 0.005]
    for (const p of [0.5, 1, 2]) {
      const wide = observedOrder(dts.map((dt) => ({ dt, error: 3 * dt ** p, se: 0.1 * 3 * dt ** p })))
      const narrow = observedOrder(dts.map((dt) => ({ dt, error: 3 * dt ** p, se: 0.01 * 3 * dt ** p })))
      expect(wide.order).toBeCloseTo(p, 12)
      expect(narrow.hi - narrow.lo).toBeLessThan(wide.hi - wide.lo)
      expect(wide.lo).toBeLessThan(p)
      expect(wide.hi).toBeGreaterThan(p)
    }
  })

  it('leaves out errors within 2 SE of 0 and gives NaN when fewer than two remain', () => {
    const r = observedOrder([
      { dt: 0.02, error: 1e-3, se: 1e-3 },
      { dt: 0.01, error: 0.1, se: 1e-3 },
    ])
    expect(Number.isNaN(r.order)).toBe(true)
  })

  it('pairing/euler at γ = 0: the study measures an order whose interval holds 1', () => {
    const r = dtRefinementStudy({ kind: 'pairing', integrator: 'euler', gamma: 0, N: 10, replicas: 4000, T: 0.16, dts: [0.04, 0.02], seed: 3 })
    expect(r.reference).toBe('exact')
    expect(r.rows.map((x) => x.dt)).toEqual([0.04, 0.02])
    // Euler's bias at Δt = 0.04 is ≈ 7 SE here (measured −0.10 ± 0.015), at 0.02 ≈ 2.3 SE: both enter the fit;
    // the interval is wide but must hold the true order 1.
    expect(Number.isFinite(r.order)).toBe(true)
    expect(r.lo).toBeLessThan(1)
    expect(r.hi).toBeGreaterThan(1)
  })
})
