// The power-law fit log y = a + p log N. Oracles:
// 1. By hand (unweighted; N = 1, e, e² so log N = 0, 1, 2; log y = 0, 1, 3): x̄ = 1, z̄ = 4/3, Sxx = 2,
//    Sxz = 3 ⇒ p = 3/2, a = −1/6; residuals 1/6, −1/3, 1/6 ⇒ s² = (1/6)/1, SE(p) = √(s²/Sxx) = 1/√12,
//    SE(a) = √(s²(1/3 + 1/2)) = √(5/36); t_{0.975,1} = tan(0.475π).
// 2. numpy/scipy (values pasted from this script, numpy 2.4, scipy 1.17):
//      N  = np.array([100, 200, 400, 800, 1600, 3200], float)
//      y  = np.array([0.0931, 0.0612, 0.0468, 0.0322, 0.0231, 0.0170])
//      se = np.array([0.0050, 0.0041, 0.0030, 0.0022, 0.0016, 0.0013])
//      x, z = np.log(N), np.log(y); X = np.column_stack([np.ones_like(x), x])
//      def wls(w):
//          A = X.T @ np.diag(w) @ X; beta = np.linalg.solve(A, X.T @ np.diag(w) @ z)
//          r = z - X @ beta; s2 = (w * r**2).sum() / (len(x) - 2)
//          return beta, np.sqrt(np.diag(s2 * np.linalg.inv(A))), s2
//      wls((y/se)**2); wls(np.ones_like(x)); stats.t.ppf(0.975, 4)
//    and, independently, scipy.optimize.curve_fit(lambda x, a, b: a + b*x, x, z, sigma=se/y,
//    absolute_sigma=False) → slope −0.4904393042, SE 0.0118895926 (agrees to 5e-9 and 2e-7: its iterative
//    least-squares tolerance);
//    stats.linregress(x, z) → the unweighted slope and SE to 1e-15.
// Tolerance 1e-12 relative: closed-form normal equations on 6 points, round-off ~1e-15; the t quantile is
// good to 1e-12 (tQuantile.test.ts).
import { describe, expect, it } from 'vitest'
import { convergenceFit, LOG_AXIS_FLOOR } from '../../../src/solvers/chaos/convergenceFit'

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b)

describe('convergenceFit', () => {
  it('hand-computed unweighted 3-point example', () => {
    const E = Math.E
    const f = convergenceFit([
      { N: 1, y: 1, se: NaN },
      { N: E, y: E, se: NaN },
      { N: E * E, y: E ** 3, se: NaN },
    ])
    expect(f.weighted).toBe(false)
    expect(f.slope).toBeCloseTo(1.5, 14)
    expect(f.intercept).toBeCloseTo(-1 / 6, 14)
    expect(f.slopeSe).toBeCloseTo(1 / Math.sqrt(12), 14)
    expect(f.interceptSe).toBeCloseTo(Math.sqrt(5 / 36), 14)
    expect(f.dof).toBe(1)
    expect(rel(f.tCrit, Math.tan(0.475 * Math.PI))).toBeLessThan(1e-12)
    expect(rel(f.slopeHi - f.slope, Math.tan(0.475 * Math.PI) / Math.sqrt(12))).toBeLessThan(1e-12)
    expect(f.chi2Reduced).toBeNaN()
  })

  it('matches numpy WLS (weights (y/se)², scaled covariance) and scipy t.ppf', () => {
    const N = [100, 200, 400, 800, 1600, 3200]
    const y = [0.0931, 0.0612, 0.0468, 0.0322, 0.0231, 0.017]
    const se = [0.005, 0.0041, 0.003, 0.0022, 0.0016, 0.0013]
    const w = convergenceFit(N.map((n, i) => ({ N: n, y: y[i], se: se[i] })))
    expect(w.weighted).toBe(true)
    expect(rel(w.slope, -0.49043930162933236)).toBeLessThan(1e-12)
    expect(rel(w.slopeSe, 0.011889589904770936)).toBeLessThan(1e-12)
    expect(rel(w.slopeLo, -0.5234500953232427)).toBeLessThan(1e-12)
    expect(rel(w.slopeHi, -0.457428507935422)).toBeLessThan(1e-12)
    expect(rel(w.intercept, -0.14100930489715788)).toBeLessThan(1e-12)
    expect(rel(w.interceptSe, 0.07394233852435064)).toBeLessThan(1e-12)
    expect(rel(w.chi2Reduced, 0.28252122377052385)).toBeLessThan(1e-12)
    expect(rel(w.tCrit, 2.7764451051977934)).toBeLessThan(1e-12)
    // One unknown SE: the whole fit is unweighted (scipy linregress numbers).
    const u = convergenceFit(N.map((n, i) => ({ N: n, y: y[i], se: i === 2 ? NaN : se[i] })))
    expect(u.weighted).toBe(false)
    expect(rel(u.slope, -0.48635989578297273)).toBeLessThan(1e-12)
    expect(rel(u.slopeSe, 0.011795080030336214)).toBeLessThan(1e-12)
    expect(rel(u.intercept, -0.16873487920375332)).toBeLessThan(1e-12)
    expect(rel(u.interceptSe, 0.07605041805494293)).toBeLessThan(1e-12)
  })

  it('recovers an exact power law with zero SE, and two points give a slope without SE', () => {
    const pts = [50, 100, 400, 1600].map((N) => ({ N, y: 3 * N ** -0.5, se: 0.01 }))
    const f = convergenceFit(pts)
    expect(f.slope).toBeCloseTo(-0.5, 13)
    expect(Math.exp(f.intercept)).toBeCloseTo(3, 12)
    expect(f.slopeSe).toBeLessThan(1e-13)
    const two = convergenceFit(pts.slice(0, 2))
    expect(two.slope).toBeCloseTo(-0.5, 13)
    expect(two.slopeSe).toBeNaN()
    expect(two.slopeLo).toBeNaN()
  })

  it('per-point 95 % intervals: t with the point df (scipy t.ppf(0.975, 9) = 2.262157162798205), normal without, clipped on log axes', () => {
    const f = convergenceFit([
      { N: 100, y: 0.0931, se: 0.005, df: 9 },
      { N: 200, y: 0.0612, se: 0.0041 },
      { N: 400, y: 0.01, se: 0.02, df: 9 },
    ])
    expect(rel(f.points[0].lo, 0.08178921418600898)).toBeLessThan(1e-12)
    expect(rel(f.points[0].hi, 0.10441078581399102)).toBeLessThan(1e-12)
    expect(rel(f.points[1].hi, 0.0612 + 1.959963984540054 * 0.0041)).toBeLessThan(1e-12)
    expect(f.points[1].clipped).toBe(false)
    expect(f.points[2].clipped).toBe(true)
    expect(f.points[2].lo).toBe(0.01 * LOG_AXIS_FLOOR)
  })

  it('rejects what it cannot fit', () => {
    expect(() => convergenceFit([{ N: 10, y: 1, se: 0.1 }])).toThrow(RangeError)
    expect(() =>
      convergenceFit([
        { N: 10, y: 1, se: 0.1 },
        { N: 20, y: 0, se: 0.1 },
      ]),
    ).toThrow(RangeError)
    expect(() =>
      convergenceFit([
        { N: 10, y: 1, se: 0.1 },
        { N: 10, y: 2, se: 0.1 },
      ]),
    ).toThrow(RangeError)
  })
})
