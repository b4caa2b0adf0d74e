// Student t quantiles. Oracles: closed forms — ν = 1 (Cauchy) t = tan(π(p − ½)) = −cot(πp) (the cot form:
// p − ½ rounds, and tan near π/2 would amplify that to 5e-11 at p = 1e-6); ν = 2 t = (2p − 1)/√(2p(1 − p));
// ν = 4 t = sign·√(4cos(θ/3)/√α − 4), α = 4p(1 − p), θ = arccos √α (Hill 1970) — and scipy 1.17's
// stats.t.ppf / stats.norm.ppf (values pasted below from:
//   from scipy.stats import t, norm
//   for nu in [3, 5, 10, 30, 100]: print(nu, [repr(t.ppf(p, nu)) for p in (0.975, 0.995, 0.9, 1e-6)])
//   print([repr(norm.ppf(p)) for p in (0.975, 0.995, 0.9, 1e-6)])
// Tolerance 1e-12 relative: the bisection stops at 1e-15 relative, and the incomplete beta (continued
// fraction + Lanczos ln Γ, ~1e-15) moves the tail by ~1e-14, i.e. t by ~1e-14·(tail/density) ≲ 1e-13 here;
// scipy's own values carry ~1e-15. A wrong degree-of-freedom convention (ν ± 1) is off by > 1e-3.
import { describe, expect, it } from 'vitest'
import { incompleteBeta, logGamma, tQuantile } from '../../../src/solvers/special/tQuantile'

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b)
const PS = [0.975, 0.995, 0.9, 1e-6, 0.6]

describe('tQuantile', () => {
  it('matches the closed forms for ν = 1, 2, 4', () => {
    for (const p of PS) {
      expect(rel(tQuantile(p, 1), -1 / Math.tan(Math.PI * p))).toBeLessThan(1e-12)
      expect(rel(tQuantile(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)))).toBeLessThan(1e-12)
      const a = 4 * p * (1 - p)
      const t4 = Math.sign(p - 0.5) * Math.sqrt((4 * Math.cos(Math.acos(Math.sqrt(a)) / 3)) / Math.sqrt(a) - 4)
      expect(rel(tQuantile(p, 4), t4)).toBeLessThan(1e-12)
    }
  })

  it('matches scipy.stats.t.ppf and norm.ppf', () => {
    const scipy: Record<string, number[]> = {
      3: [3.1824463052837078, 5.840909309733355, 1.637744353696209, -103.29946778041935],
      5: [2.5705818356363146, 4.032142983555228, 1.4758840488244815, -24.771029720515948],
      10: [2.228138851986274, 3.16927267261695, 1.372183641110336, -9.751995490940581],
      30: [2.0422724563012378, 2.7499956535672254, 1.3104150253913955, -5.871117120418882],
      100: [1.9839715185235518, 2.6258905214380173, 1.290074761346516, -5.048830877228346],
      Infinity: [1.959963984540054, 2.5758293035489004, 1.2815515655446004, -4.753424308822899],
    }
    for (const [nu, vals] of Object.entries(scipy)) {
      vals.forEach((v, i) => expect(rel(tQuantile(PS[i], Number(nu)), v)).toBeLessThan(1e-12))
    }
  })

  it('is antisymmetric, 0 at p = ½, and rejects bad arguments', () => {
    expect(tQuantile(0.5, 3)).toBe(0)
    expect(tQuantile(0.025, 7)).toBe(-tQuantile(0.975, 7))
    expect(() => tQuantile(0, 3)).toThrow(RangeError)
    expect(() => tQuantile(1, 3)).toThrow(RangeError)
    expect(() => tQuantile(0.9, 0)).toThrow(RangeError)
  })

  it('ln Γ and I_x(a, b) at known values', () => {
    expect(Math.abs(logGamma(0.5) - 0.5 * Math.log(Math.PI))).toBeLessThan(1e-14)
    expect(rel(logGamma(10), Math.log(362880))).toBeLessThan(1e-14)
    expect(rel(logGamma(0.25), Math.log(3.625609908221908))).toBeLessThan(1e-14)
    // I_x(1, b) = 1 − (1 − x)^b and I_x(a, 1) = x^a.
    expect(rel(incompleteBeta(1, 3.5, 0.3, 0.7), 1 - 0.7 ** 3.5)).toBeLessThan(1e-14)
    expect(rel(incompleteBeta(2.5, 1, 0.8, 0.2), 0.8 ** 2.5)).toBeLessThan(1e-14)
  })
})
