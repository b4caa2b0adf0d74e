// Oracle for the small-τ CDF of the ancestral process (random/ancestralLaplace.ts): the alternating series
//   P(A(τ) > m) = Σ_{k>m} (−1)^{k−m−1} (2k+1)(m+k+1)! / (m!(m+1)! k(k+1)(k−m−1)!) · e^{−k(k+1)τ/2}
// (the partial fractions of T_m = Σ_{n>m} E_n/λ_n) summed exactly in BigInt fixed point with enough bits to
// carry its e^{~0.77/τ} cancellation: an implementation independent of the Laplace inversion under test.
import { describe, expect, it } from 'vitest'
import { ancestralCdfLaplace } from '../../../src/solvers/random/ancestralLaplace'

/** P(A(τ) ≤ m) from the series in P-bit fixed point, τ given as an exact decimal n/10¹⁵. */
function seriesCdf(tau: number, m: number, bits: number): number {
  const P = BigInt(bits)
  const ONE = 1n << P
  const num = BigInt(Math.round(tau * 1e15))
  const den = 10n ** 15n
  let E = ONE // e^{−τ} by its Taylor series
  let t = ONE
  for (let i = 1n; t !== 0n; i++) {
    t = (t * num) / (den * i)
    E += i % 2n === 1n ? -t : t
  }
  const pow = (b: bigint, e: number): bigint => {
    let r = ONE
    for (let x = b, n = e; n > 0; n >>= 1, x = (x * x) >> P) if (n & 1) r = (r * x) >> P
    return r
  }
  let fact2 = 1n // (2m + 2)!
  for (let i = 2n; i <= BigInt(2 * m + 2); i++) fact2 *= i
  let mf = 1n // m!
  for (let i = 2n; i <= BigInt(m); i++) mf *= i
  let k = m + 1
  let term = (BigInt(2 * m + 3) * fact2 * pow(E, (k * (k + 1)) / 2)) / (mf * mf * BigInt(m + 1) ** 2n * BigInt(m + 2))
  let ratioE = pow(E, k + 1)
  let tail = 0n
  for (let sign = 1n; term !== 0n; sign = -sign, k++) {
    tail += sign * term
    const up = BigInt(2 * k + 3) * BigInt(m + k + 2) * BigInt(k)
    const down = BigInt(2 * k + 1) * BigInt(k - m) * BigInt(k + 2)
    term = (((term * up) / down) * ratioE) >> P
    ratioE = (ratioE * E) >> P
  }
  return Number((ONE - tail) >> (P - 62n)) / 2 ** 62
}

describe('the CDF of A(τ) at small τ by Laplace inversion of the coming-down time', () => {
  // ±7 sd of A around its mean 2/τ (sd √(2/(3τ))); bits: 6/τ covers the cancellation e^{0.77/τ} (1.1/τ bits) and
  // the e^{−k(k+1)τ/2} factors of the summed terms, +300 for the 1e-16 target. Bound 5e-12: 8× the largest error
  // measured over τ = 1e-3 … 0.1 (6e-13, the integrand's rounding in the right tail), 10⁴ below the old
  // small-τ stand-in's error (asserted below).
  it.each([0.1, 0.03, 0.01, 0.003])('τ = %s: within 5e-12 of the exact series at every m within ±7 sd', (tau) => {
    const mean = 2 / tau
    const sd = Math.sqrt(2 / (3 * tau))
    const bits = Math.ceil(6 / tau) + 300
    for (let z = -7; z <= 7; z += 0.5) {
      const m = Math.max(0, Math.round(mean + z * sd))
      const exact = seriesCdf(tau, m, bits)
      expect(Math.abs(ancestralCdfLaplace(tau, m) - exact), `m = ${m}: exact ${exact}`).toBeLessThan(5e-12)
    }
  })

  // The old small-τ stand-in (wrightFisherAncestral.ts, ancestralSmallTau: a continuous Cornish–Fisher variable)
  // read with a continuity correction, P(A ≤ m + ½), the kindest discrete reading of it: deterministic, measured
  // 1.3e-4 off the exact P(A ≤ m) at τ = 0.01 — 10⁷ times the bound above, so the oracle above separates them.
  it('power: the old normal stand-in misses the exact CDF by > 1e-4 at τ = 0.01', () => {
    const tau = 0.01
    const mean = 2 / tau - 2 / 3 + tau / 30
    const variance = 2 / (3 * tau) + 1 / 45 - tau / 70
    const sd = Math.sqrt(variance)
    const skew = 2 / (15 * tau * variance * sd)
    const phi = (x: number) => {
      // Φ by Simpson on [−12, x]: 1e-12 accurate for this smooth integrand at 4000 panels
      const n = 4000
      const a = -12
      const h = (x - a) / n
      let s = 0
      for (let i = 0; i <= n; i++) s += (i === 0 || i === n ? 1 : i % 2 ? 4 : 2) * Math.exp(-0.5 * (a + i * h) ** 2)
      return (s * h) / 3 / Math.sqrt(2 * Math.PI)
    }
    let worst = 0
    for (let z = -3; z <= 3; z += 0.25) {
      const m = Math.round(mean + z * sd)
      // the stand-in's P(A ≤ m + ½): solve mean + sd(g + skew(g² − 1)/6) = m + ½ for the increasing branch
      const y = (m + 0.5 - mean) / sd
      const g = skew > 0 ? (-1 + Math.sqrt(1 + ((2 * skew) / 3) * (y + skew / 6))) / (skew / 3) : y
      worst = Math.max(worst, Math.abs(phi(g) - ancestralCdfLaplace(tau, m)))
    }
    expect(worst).toBeGreaterThan(1e-4)
  })
})
