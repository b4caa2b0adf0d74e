// The ancestral process A(τ) = A^θ_∞(τ) of the Wright–Fisher diffusion for θ = 2: the number of lineages
// left at time τ in Kingman's coalescent with mutation started from infinitely many (a pure death process
// coming down from ∞, rates n(n + θ − 1)/2 = n(n + 1)/2). It is the mixing variable of Brownian motion on S²
// (sphericalBrownian.ts; Mijatović, Mramor & Uribe Bravo 2020), through the duality
//   E[Π_{i<l} (A − i)/(A + 2 + i)] = e^{−l(l+1)τ/2}   (the l-th Legendre moment of the spherical motion).
// Its law (Tavaré 1984; Jenkins & Spanò 2017) is the alternating series
//   P(A = m) = Σ_{k≥m} (−1)^{k−m} b_k(m),   b_k(m) = (2k+1)(m+k)! / (m!(m+1)!(k−m)!) · e^{−k(k+1)τ/2},
// whose terms decrease in k from some k = m + C_m on, so that partial sums ending there bracket P(A = m).
//
// Two regimes (docs/NUMERICS.md §4.15):
//  - τ ≥ EXACT_MIN_TAU: exact inversion of one uniform, each P(A = m) summed until the alternating terms,
//    past their peak, are below 1e-18 (the Jenkins–Spanò bracket: the tail is below the first omitted term).
//    The terms grow to ~2e5 at τ = 0.1 before they cancel, so the summed CDF carries an absolute rounding
//    error ≤ 4e-11 there (≤ 2e-14 at τ = 0.2; measured against 80-digit sums). Below τ = 0.1 the cancellation grows as e^{~1/τ} (1e-4 at τ = 0.05) and the series
//    is useless in double precision — the limit Mijatović et al. report.
//  - τ < EXACT_MIN_TAU: A is large (≈ 2/τ) and nearly normal; it is drawn as a continuous variable from a
//    Cornish–Fisher normal with A's exact small-τ mean, variance and third cumulant
//      E A = 2/τ − 2/3 + τ/30,   Var A = 2/(3τ) + 1/45 − τ/70,   κ₃ = 2/(15τ)   (+ O(τ²), O(τ²), O(1)).
//    The spherical step only needs the Legendre moments above, which are defined for real A ≥ 0 (Beta(1, A+1)
//    mixes continuously); with these cumulants they are off by O(τ⁴): ≤ 2.3e-6 at τ = 0.1, ≤ 4e-7 at 0.05,
//    ≤ 7e-9 at 0.01 for l ≤ 5, against 2.5τ² for the rotation step's first moment (test/solvers/random/
//    wrightFisherAncestral.test.ts computes them by quadrature). Griffiths' (1984) normal approximation, whose
//    mean 2η/τ misses E A by 1/6, would be off by τ²/12.

/** From this τ on the law of A is sampled exactly (the alternating series is stable in double precision). */
export const EXACT_MIN_TAU = 0.1

/** Lineage counts the exact sampler can hold; P(A ≥ 1024) at τ ≥ 0.1 is far below 1e-300. */
const MAX_LINEAGES = 1024
/** The top of (0, 1] the inversion never targets: the summed CDF carries rounding, and the cut mass is below it. */
const TOP_CUT = 1e-11
/** A series is summed until its (decreasing, alternating) terms fall below this: the truncation bound. */
const NEGLIGIBLE = 1e-18

/**
 * The exact sampler's memory: the CDF of A(τ) for the last τ, as far as it was needed. A pair system at γ = 0
 * has one τ for every pair, so the series are summed once a run; the result is a function of (τ, u) alone
 * either way (the cache holds exactly what a fresh evaluation would compute).
 */
export class AncestralScratch {
  readonly cdf = new Float64Array(MAX_LINEAGES)
  tau = Number.NaN
  count = 0
  /** b_m(m) and e^{−mτ} of the next lineage count m = count. */
  first = 1
  power = 1
  E = 1
}

/**
 * P(A = m), m ≥ 0, from b_m(m) = `first` and Em1 = e^{−(m+1)τ}: the alternating series summed until its terms,
 * past their peak (from there on they decrease: Jenkins & Spanò 2017, Prop. 1), fall below NEGLIGIBLE; the
 * omitted tail is then smaller than the first omitted term. Term ratio:
 *   b_{k+1}/b_k = (2k+3)/(2k+1) · (m+k+1)/(k+1−m) · e^{−(k+1)τ}.
 */
function lineageProbability(m: number, first: number, E: number, Em1: number): number {
  let b = first
  let sum = first
  let p = Em1
  let sign = -1
  for (let k = m; ; k++) {
    const next = (b * (((2 * k + 3) / (2 * k + 1)) * (m + k + 1) * p)) / (k + 1 - m)
    p *= E
    if (next < b && next < NEGLIGIBLE) return sum
    sum += sign * next
    sign = -sign
    b = next
  }
}

/**
 * Exact draw of A(τ), τ ≥ EXACT_MIN_TAU, by inversion of one uniform u ∈ (0, 1]: the smallest M with
 * P(A ≤ M) ≥ u, the probabilities summed in order of m (a deterministic function of (τ, u)).
 */
export function ancestralExact(tau: number, u: number, s: AncestralScratch): number {
  if (tau !== s.tau) {
    s.tau = tau
    s.count = 0
    s.first = 1 // b_0(0)
    s.power = 1
    s.E = Math.exp(-tau)
  }
  const target = u < 1 - TOP_CUT ? u : 1 - TOP_CUT
  const cdf = s.cdf
  if (s.count > 0 && cdf[s.count - 1] >= target) {
    let M = 0
    while (cdf[M] < target) M++
    return M
  }
  const E = s.E
  for (;;) {
    const m = s.count
    if (m > 0) {
      // b_m(m) = b_{m−1}(m−1) · 2(2m+1)/(m+1) · e^{−mτ}
      s.power *= E
      s.first *= ((2 * (2 * m + 1)) / (m + 1)) * s.power
    }
    cdf[m] = (m > 0 ? cdf[m - 1] : 0) + lineageProbability(m, s.first, E, s.power * E)
    s.count = m + 1
    if (cdf[m] >= target || s.count === MAX_LINEAGES) return m
  }
}

/** Small-τ mean, variance and third cumulant of A (module comment). */
export function ancestralCumulants(tau: number): { mean: number; variance: number; k3: number } {
  return { mean: 2 / tau - 2 / 3 + tau / 30, variance: 2 / (3 * tau) + 1 / 45 - tau / 70, k3: 2 / (15 * tau) }
}

/**
 * The continuous small-τ stand-in for A (τ < EXACT_MIN_TAU) from a standard normal g: the Cornish–Fisher
 * transform A = E A + sd (g + skew (g² − 1)/6), clipped at 0 (a clip needs g < −√(6/τ)·… < −24: never).
 */
export function ancestralSmallTau(tau: number, g: number): number {
  const mean = 2 / tau - 2 / 3 + tau / 30
  const variance = 2 / (3 * tau) + 1 / 45 - tau / 70
  const sd = Math.sqrt(variance)
  const skew = 2 / (15 * tau * variance * sd)
  const a = mean + sd * (g + (skew * (g * g - 1)) / 6)
  return a > 0 ? a : 0
}
