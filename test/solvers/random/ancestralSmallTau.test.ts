// The small-τ sampler of the ancestral count A(τ) (random/wrightFisherAncestral.ts, ancestralSmallTau): a normal
// fit whose error margin is certified here against the Laplace-inverted CDF (ancestralLaplace.ts, itself checked
// against the exact BigInt series in ancestralLaplace.test.ts), and the draws' law against the exact pmf.
import { describe, expect, it } from 'vitest'
import { philox4x32 } from '../../../src/solvers/random/philox'
import { uniform53 } from '../../../src/solvers/random/normal'
import { ancestralCdfLaplace } from '../../../src/solvers/random/ancestralLaplace'
import { normalQuantile } from '../../../src/solvers/random/normalQuantile'
import { ancestralFitQuantile, ancestralSmallTau, CERTIFIED_MIN_TAU, EXACT_MIN_TAU, fitScoreMargin } from '../../../src/solvers/random/wrightFisherAncestral'

describe('the certified normal fit of A(τ) below τ = 0.1', () => {
  // The sampler's fast path is exact when the fit's boundary score w(m + ½) is within the margin of the exact score
  // s(m) = Φ⁻¹(P(A ≤ m)) at the two counts around the draw, whose scores are within 1/σ_A ≤ 0.4 of the draw's g
  // (|g| ≤ 4.5): so every m with |s(m)| ≤ 5 must satisfy |w(m + ½) − s(m)| ≤ margin(τ, |s| − ½)/2 (a safety factor
  // 2; the margin grows with |g|). w(m + ½) vs s ± margin/2 is read through the monotone fit quantile x(g).
  // 24 values of τ from 1e-4 to 0.0999, m every σ_A/40 (every m where σ_A < 40).
  const taus = Array.from({ length: 24 }, (_, k) => CERTIFIED_MIN_TAU * (0.0999 / CERTIFIED_MIN_TAU) ** (k / 23))
  it('on a dense grid of τ in [1e-4, 0.1) and m within ±5 sd, the fit is within half its margin of the exact CDF', () => {
    for (const tau of taus) {
      expect(tau).toBeLessThan(EXACT_MIN_TAU)
      const sd = Math.sqrt(2 / (3 * tau))
      const stride = Math.max(1, Math.floor(sd / 40))
      const lo = Math.max(0, Math.floor(2 / tau - 7 * sd))
      let checked = 0
      for (let m = lo; m < 2 / tau + 7 * sd; m += stride) {
        const s = normalQuantile(ancestralCdfLaplace(tau, m))
        if (!(Math.abs(s) <= 5)) continue
        const half = fitScoreMargin(tau, Math.max(0, Math.abs(s) - 0.5)) / 2
        const x = m + 0.5
        expect(ancestralFitQuantile(tau, s - half), `τ = ${tau}, m = ${m}, s = ${s}`).toBeLessThanOrEqual(x)
        expect(ancestralFitQuantile(tau, s + half), `τ = ${tau}, m = ${m}, s = ${s}`).toBeGreaterThanOrEqual(x)
        checked++
      }
      expect(checked).toBeGreaterThan(Math.min(200, 8 * sd)) // every m, or 400 of them, within ±5 sd
    }
  })
})

/** n draws of the small-τ sampler from the Philox stream (draw, tag, 0, 0x4153) under key (tag, 91). */
function draws(n: number, tag: number, sample: (u: number) => number): Float64Array {
  const w = new Uint32Array(4)
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    philox4x32(i, tag, 0, 0x4153, tag, 91, w, 0)
    out[i] = sample(uniform53(w[0], w[1]))
  }
  return out
}

/**
 * Pearson's χ² of the draws against P(A = m) from the Laplace CDF, one bin per m with ≥ 20 expected draws and the
 * two tails pooled, over its critical value at level 1e-4 (Wilson–Hilferty): a ratio < 1 passes.
 */
function chiSquareRatio(tau: number, xs: Float64Array): number {
  const n = xs.length
  const sd = Math.sqrt(2 / (3 * tau))
  const lo = Math.max(0, Math.floor(2 / tau - 8 * sd))
  const hi = Math.ceil(2 / tau + 8 * sd)
  const cdf: number[] = []
  for (let m = lo; m <= hi; m++) cdf.push(ancestralCdfLaplace(tau, m))
  // bin edges: counts ≤ edge; the first bin pools A ≤ its edge, the last everything above the previous edge
  const edges: number[] = []
  let last = 0
  for (let k = 0; k < cdf.length; k++) {
    if (n * (cdf[k] - last) >= 20 && n * (1 - cdf[k]) >= 20) {
      edges.push(lo + k)
      last = cdf[k]
    }
  }
  const observed = new Float64Array(edges.length + 1)
  for (const x of xs) {
    let b = 0
    while (b < edges.length && x > edges[b]) b++
    observed[b]++
  }
  let chi = 0
  let prev = 0
  for (let b = 0; b <= edges.length; b++) {
    const p = (b < edges.length ? cdf[edges[b] - lo] : 1) - prev
    prev += p
    chi += (observed[b] - n * p) ** 2 / (n * p)
  }
  const df = edges.length
  const z = 3.719 // the standard normal's 1 − 1e-4 quantile
  const critical = df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3
  return chi / critical
}

describe('the draws of A(τ) below τ = 0.1: pmf against the exact CDF', () => {
  // 2·10⁵ draws per τ; the χ² test at level 1e-4 (two checks: a false alarm with probability 2e-4).
  it.each([
    [0.01, 1],
    [0.09, 2],
  ])('τ = %s: integer draws whose χ² against the Laplace-CDF pmf passes at level 1e-4', (tau, tag) => {
    const xs = draws(200_000, tag, (u) => ancestralSmallTau(tau, u))
    for (const x of xs.subarray(0, 1000)) expect(Number.isInteger(x)).toBe(true)
    expect(chiSquareRatio(tau, xs)).toBeLessThan(1)
  })

  // √n · max_m |F_n(m) − P(A ≤ m)| over the counts: below 1.95 (the continuous KS law's 0.1 % critical value,
  // conservative for a discrete law) for the sampler; the old stand-in (a first-order Cornish–Fisher normal with
  // the lattice's own variance, read as its nearest integer) is 1.3e-4 off in CDF at τ = 0.01 (ancestralLaplace
  // .test.ts: 10⁸ draws to see) but 1.6e-3 off at τ = 0.09 (√n·D = 1.6 at 10⁶ draws), where 3·10⁶ draws put it at ≈ 2.8.
  it('τ = 0.09: the KS distance of 3·10⁶ draws passes, and rejects the old normal stand-in', () => {
    const tau = 0.09
    const n = 3_000_000
    const ks = (xs: Float64Array): number => {
      const counts = new Map<number, number>()
      for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1)
      const ms = [...counts.keys()].sort((a, b) => a - b)
      let below = 0
      let d = 0
      for (let m = ms[0] - 1; m <= ms[ms.length - 1]; m++) {
        below += counts.get(m) ?? 0
        d = Math.max(d, Math.abs(below / n - ancestralCdfLaplace(tau, m)))
      }
      return Math.sqrt(n) * d
    }
    expect(ks(draws(n, 3, (u) => ancestralSmallTau(tau, u)))).toBeLessThan(1.95)
    const mean = 2 / tau - 2 / 3 + tau / 30
    const variance = 2 / (3 * tau) + 1 / 45 - tau / 70
    const sd = Math.sqrt(variance)
    const skew = 2 / (15 * tau * variance * sd)
    const old = draws(n, 3, (u) => {
      const g = normalQuantile(u < 1 - 1e-16 ? u : 1 - 1e-16)
      return Math.round(mean + sd * (g + (skew * (g * g - 1)) / 6))
    })
    expect(ks(old)).toBeGreaterThan(1.95)
  })
})
