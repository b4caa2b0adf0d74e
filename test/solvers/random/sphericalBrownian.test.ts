// Oracles for the spherical Brownian motion sampler (random/sphericalBrownian.ts, wrightFisherAncestral.ts):
// Brownian motion on S² with generator ½Δ has E[P_l(u(τ)·u(0))] = e^{−l(l+1)τ/2} (P_l the Legendre polynomials,
// eigenvalues −l(l+1) of Δ), so E[u·u'] = e^{−τ}, E[P₂] = e^{−3τ}, and s = u·u' has the heat-kernel CDF
//   F(s) = ½(1 + s) + ½ Σ_{l≥1} e^{−l(l+1)τ/2} (P_{l+1}(s) − P_{l−1}(s))   (from ∫P_l = (P_{l+1} − P_{l−1})/(2l+1)).
import { describe, expect, it } from 'vitest'
import { philox4x32 } from '../../../src/solvers/random/philox'
import { uniformLow42, uniformTop43 } from '../../../src/solvers/random/sbmUniforms'
import { AncestralScratch, sphericalHaversine } from '../../../src/solvers/random/sphericalBrownian'
import { ancestralExact } from '../../../src/solvers/random/wrightFisherAncestral'

/** n draws of s = u(τ)·u(0), counters (draw, tag, 0, 0x5342) under key (tag, 77): independent across tags. */
function cosines(tau: number, n: number, tag: number): Float64Array {
  const w = new Uint32Array(4)
  const scratch = new AncestralScratch()
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    philox4x32(i, tag, 0, 0x5342, tag, 77, w, 0)
    // the pair step's two uniforms of one block (sbmUniforms.ts)
    out[i] = 1 - 2 * sphericalHaversine(tau, uniformTop43(w[0], w[1]), uniformLow42(w, 0), scratch)
  }
  return out
}

function legendre(l: number, s: number): number {
  let p0 = 1
  let p1 = s
  if (l === 0) return 1
  for (let k = 1; k < l; k++) {
    const p2 = ((2 * k + 1) * s * p1 - k * p0) / (k + 1)
    p0 = p1
    p1 = p2
  }
  return p1
}

function heatKernelCdf(tau: number, s: number): number {
  // One pass of the Legendre recurrence: pm = P_{l−1}, p = P_l, pp = P_{l+1}.
  let f = 0.5 * (1 + s)
  let pm = 1
  let p = s
  for (let l = 1; ; l++) {
    const e = Math.exp((-l * (l + 1) * tau) / 2)
    if (e < 1e-17) return f
    const pp = ((2 * l + 1) * s * p - l * pm) / (l + 1)
    f += 0.5 * e * (pp - pm)
    pm = p
    p = pp
  }
}

/** Mean and standard error of f over the sample. */
function meanSe(xs: Float64Array, f: (x: number) => number): { mean: number; se: number } {
  let s = 0
  let q = 0
  for (const x of xs) {
    const y = f(x)
    s += y
    q += y * y
  }
  const mean = s / xs.length
  return { mean, se: Math.sqrt((q / xs.length - mean * mean) / (xs.length - 1)) }
}

const TAUS = [1e-4, 1e-3, 0.01, 0.05, 0.0999, 0.1, 0.3, 1, 3, 10]

describe('spherical Brownian motion on S²: the law of u(τ)·u(0)', () => {
  // 10⁵ draws per τ; 5 SE: a correct sampler fails one of these 20 checks with probability ≈ 1e-5.
  it.each(TAUS.map((tau, k) => [tau, k]))('τ = %s: E[u·u′] = e^{−τ} and E[P₂(u·u′)] = e^{−3τ} within 5 SE', (tau, k) => {
    const s = cosines(tau, 100_000, 10 + k)
    const m1 = meanSe(s, (x) => x)
    const m2 = meanSe(s, (x) => legendre(2, x))
    expect(Math.abs(m1.mean - Math.exp(-tau)), `E[u·u′] ${m1.mean} ± ${m1.se}`).toBeLessThan(5 * m1.se + 1e-15)
    expect(Math.abs(m2.mean - Math.exp(-3 * tau)), `E[P₂] ${m2.mean} ± ${m2.se}`).toBeLessThan(5 * m2.se + 1e-15)
  })

  // Kolmogorov–Smirnov at 2·10⁴ draws: √n·D < 1.95 is the 0.1 % critical value of the KS law.
  it.each([0.002, 0.03, 0.1, 0.5, 2])('τ = %s: KS distance to the heat-kernel CDF below its 0.1 percent critical value', (tau) => {
    const n = 20_000
    const s = cosines(tau, n, 1000 + Math.round(tau * 1000)).sort()
    let d = 0
    for (let i = 0; i < n; i++) {
      const f = heatKernelCdf(tau, s[i])
      d = Math.max(d, Math.abs(f - i / n), Math.abs(f - (i + 1) / n))
    }
    expect(Math.sqrt(n) * d).toBeLessThan(1.95)
  })

  it('power: the KS check rejects the law at τ run 10 % fast', () => {
    const n = 20_000
    const s = cosines(0.5, n, 1500).sort()
    let d = 0
    for (let i = 0; i < n; i++) d = Math.max(d, Math.abs(heatKernelCdf(0.55, s[i]) - (i + 0.5) / n))
    expect(Math.sqrt(n) * d).toBeGreaterThan(3)
  })
})

describe('the ancestral process A(τ) (θ = 2)', () => {
  /** P(A = m) by the alternating series in log space: an implementation independent of the sampler's recurrences. */
  function pmf(tau: number, m: number): number {
    let lf = 0 // log((m+k)!/(m!(m+1)!(k−m)!)) built from sums of logs
    for (let i = 2; i <= 2 * m; i++) lf += Math.log(i)
    for (let i = 2; i <= m; i++) lf -= Math.log(i)
    for (let i = 2; i <= m + 1; i++) lf -= Math.log(i)
    let sum = 0
    for (let k = m; k < m + 400; k++) {
      if (k > m) lf += Math.log(m + k) - Math.log(k - m)
      const term = Math.exp(Math.log(2 * k + 1) + lf - (k * (k + 1) * tau) / 2)
      sum += (k - m) % 2 === 0 ? term : -term
    }
    return sum
  }

  it.each([0.1, 0.5, 2])('τ = %s: the probabilities sum to 1 and satisfy the duality E[A/(A+2)] = e^{−τ}, E[A(A−1)/((A+2)(A+3))] = e^{−3τ}', (tau) => {
    let total = 0
    let g1 = 0
    let g2 = 0
    for (let m = 0; m < 200; m++) {
      const q = pmf(tau, m)
      total += q
      g1 += (q * m) / (m + 2)
      g2 += (q * m * (m - 1)) / ((m + 2) * (m + 3))
    }
    // Rounding of the alternating sums: ≤ 4e-11 at τ = 0.1 (wrightFisherAncestral.ts).
    expect(Math.abs(total - 1)).toBeLessThan(1e-9)
    expect(Math.abs(g1 - Math.exp(-tau))).toBeLessThan(1e-9)
    expect(Math.abs(g2 - Math.exp(-3 * tau))).toBeLessThan(1e-9)
  })

  it.each([0.1, 0.5, 2])('τ = %s: the exact sampler inverts the CDF (the smallest M with P(A ≤ M) ≥ u)', (tau) => {
    const cdf: number[] = []
    for (let m = 0, c = 0; m < 200; m++) cdf.push((c += pmf(tau, m)))
    const scratch = new AncestralScratch()
    let checked = 0
    for (let i = 1; i < 4000; i++) {
      const u = i / 4000
      const M = cdf.findIndex((c) => c >= u)
      if (Math.abs(cdf[M] - u) < 1e-8 || (M > 0 && Math.abs(cdf[M - 1] - u) < 1e-8)) continue // within rounding of a step
      expect(ancestralExact(tau, u, scratch), `u = ${u}`).toBe(M)
      checked++
    }
    expect(checked).toBeGreaterThan(3900)
  })
})
