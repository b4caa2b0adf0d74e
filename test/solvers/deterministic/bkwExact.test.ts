// bkw-exact against the BKW oracles of docs/MATH.md §3, with its functionals checked by independent means:
// the entropy by adaptive Simpson quadrature written here (not the solver's Gauss–Legendre nodes), the
// dissipation against −dH/dt by finite differences, and the Maxwellian values H, I, J of docs/MATH.md §3.
import { describe, expect, it } from 'vitest'
import { bkwK, createBkwExact } from '../../../src/solvers/deterministic/bkwExact'
import { runDeterministic } from '../../../src/solvers/deterministic/deterministicRun'
import { DETERMINISTIC_METRICS } from '../../../src/solvers/deterministic/types'

/** Adaptive Simpson on [a, b] to absolute tolerance tol (independent of the solver's quadrature). */
function simpson(g: (x: number) => number, a: number, b: number, tol: number): number {
  const rule = (a: number, b: number, fa: number, fm: number, fb: number) => ((b - a) / 6) * (fa + 4 * fm + fb)
  const rec = (a: number, b: number, fa: number, fm: number, fb: number, whole: number, tol: number, depth: number): number => {
    const m = (a + b) / 2,
      lm = (a + m) / 2,
      rm = (m + b) / 2
    const flm = g(lm),
      frm = g(rm)
    const left = rule(a, m, fa, flm, fm),
      right = rule(m, b, fm, frm, fb)
    if (depth > 40 || Math.abs(left + right - whole) <= 15 * tol) return left + right + (left + right - whole) / 15
    return rec(a, m, fa, flm, fm, left, tol / 2, depth + 1) + rec(m, b, fm, frm, fb, right, tol / 2, depth + 1)
  }
  const fa = g(a),
    fb = g(b),
    fm = g((a + b) / 2)
  return rec(a, b, fa, fm, fb, rule(a, b, fa, fm, fb), tol, 0)
}

/** H(BKW at K) = ∫ 4πr² f log f dr, written from the formula of docs/MATH.md §3. */
function bkwEntropy(K: number): number {
  const f = (r: number) => (2 * Math.PI * K) ** -1.5 * Math.exp((-r * r) / (2 * K)) * ((5 * K - 3) / (2 * K) + ((1 - K) / (2 * K * K)) * r * r)
  // Beyond r = 14 the integrand is below e^{−98/K}·r⁵ ≈ 1e-36: nothing left to integrate.
  return simpson((r) => (f(r) > 0 ? 4 * Math.PI * r * r * f(r) * Math.log(f(r)) : 0), 0, 14, 1e-13)
}

const K0 = 0.6

describe('bkw-exact', () => {
  it('matches the analytic BKW entropy, computed independently by adaptive quadrature', () => {
    const s = createBkwExact({ K0, points: 400, rMax: 10, dt: 0.05 })
    for (let step = 0; step <= 20; step++) {
      const t = step * 0.05
      const H = s.functionals().entropy
      // 40 panels of 10-point Gauss–Legendre on [0, 10] integrate this smooth integrand to ~1e-14; the
      // cut at r = 10 drops ~e^{−50/K}·10⁵ ≈ 1e-31; Simpson is run to 1e-13. So 1e-11 is round-off margin.
      expect(Math.abs(H - bkwEntropy(bkwK(K0, t)))).toBeLessThan(1e-11)
      s.step()
    }
  })

  it('has mass 1, energy 3 and ∫|v|⁴f = 30K − 15K²', () => {
    const s = createBkwExact({ K0, points: 400, rMax: 10, dt: 0.1 })
    for (let step = 0; step <= 10; step++) {
      const K = bkwK(K0, step * 0.1)
      const f = s.functionals()
      expect(Math.abs(f.mass - 1)).toBeLessThan(1e-12)
      expect(Math.abs(f.energy - 3)).toBeLessThan(1e-12)
      expect(Math.abs(f.moment4 - (30 * K - 15 * K * K))).toBeLessThan(1e-11)
      s.step()
    }
  })

  it('gives the Maxwellian H, I and J of docs/MATH.md §3 and no dissipation', () => {
    const f = createBkwExact({ K0: 1, points: 400, rMax: 10, dt: 0.1 }).functionals()
    expect(Math.abs(f.entropy + 1.5 * (1 + Math.log(2 * Math.PI)))).toBeLessThan(1e-12)
    expect(Math.abs(f.fisher - 3)).toBeLessThan(1e-12)
    expect(Math.abs(f.fisher2 - 3)).toBeLessThan(1e-12)
    // The pair quadrature (200 cells, h = 0.05) is O(h²)-accurate: D(M) = 0 up to ~1e-6 of D(BKW₀) ≈ 1.8.
    expect(f.dissipation).toBeLessThan(1e-6)
  })

  it('dissipation D(f) equals −dH/dt (H-theorem) to the pair quadrature accuracy', () => {
    const dt = 1e-4
    for (const t of [0, 0.05, 0.2]) {
      const D = createBkwExact({ K0, points: 400, rMax: 10, dt: t || 1 }).functionals()
      const at = (u: number) => bkwEntropy(bkwK(K0, u))
      const s = createBkwExact({ K0, points: 400, rMax: 10, dt: t })
      if (t > 0) s.step()
      const dHdt = (at(t + dt) - at(Math.max(0, t - dt))) / (t > 0 ? 2 * dt : dt)
      const Dt = t > 0 ? s.functionals().dissipation : D.dissipation
      // Centred differences are O(dt²) ≈ 1e-8; the one-sided one at t = 0 is O(dt·|H″|) ≈ 1e-3 relative; the
      // pair quadrature with h = 0.05 adds O(h²) ≈ 1e-3 relative. 5e-3 relative covers both, not a factor 2.
      expect(Math.abs(Dt + dHdt) / Dt).toBeLessThan(5e-3)
    }
  })

  it('Λ_f is finite and its two V_f cancellation residuals are small on BKW', () => {
    const s = createBkwExact({ K0, points: 400, rMax: 10, dt: 0.1 })
    for (let step = 0; step <= 5; step++) {
      const f = s.functionals()
      expect(f.lambda).toBeGreaterThan(0)
      // The residuals vanish exactly for the continuous f (paper, Sec. 3.1); in the pair quadrature the
      // integration by parts behind them holds to O(h²): measured ≤ 6.4e-5 of the cancelling terms' size,
      // falling as f relaxes. 5e-4 is the bound.
      expect(f.vf_residual_v).toBeLessThan(5e-4)
      expect(f.vf_residual_w).toBeLessThan(5e-4)
      s.step()
    }
  })

  it('runs through the deterministic driver: rows, densities at the snapshot times, progress', () => {
    const spec = {
      initial: { family: 'bkw' as const, K0 },
      kernel: { gamma: 0 },
      solver: { kind: 'bkw-exact' as const, points: 100, rMax: 10 },
      time: { T: 1, dt: 0.1, every: 5 },
      snapshots: [0, 0.5, 1],
      seed: 0,
      runIndex: 0,
    }
    const events = [...runDeterministic(spec)]
    const start = events[0]
    expect(start).toEqual({ type: 'start', metrics: [...DETERMINISTIC_METRICS], totalSteps: 10 })
    const rows = events.flatMap((e) => (e.type === 'row' ? [e] : []))
    expect(rows.map((r) => r.step)).toEqual([0, 5, 10])
    const m4 = DETERMINISTIC_METRICS.indexOf('moment4')
    for (const r of rows) expect(Math.abs(r.values[m4] - (30 * bkwK(K0, r.t) - 15 * bkwK(K0, r.t) ** 2))).toBeLessThan(1e-11)
    const dens = events.flatMap((e) => (e.type === 'density' ? [e] : []))
    expect(dens.map((d) => d.step)).toEqual([0, 5, 10])
    expect(dens[0].density.kind).toBe('radial')
    expect(events.at(-1)).toEqual({ type: 'progress', fraction: 1 })
  })
})
