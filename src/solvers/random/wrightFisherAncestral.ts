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
//    is useless in double precision — the limit Mijatović et al. report. A τ met once (γ ≠ 0) is inverted
//    instead by the CDF's own tail series (ancestralTailDraw), which returns the same count.
//  - τ < EXACT_MIN_TAU: inversion of the same one uniform against the Laplace-inverted CDF (ancestralLaplace.ts),
//    made fast by a certified second-order Cornish–Fisher fit (ancestralSmallTau below; docs §4.15 says in what
//    sense it is exact at each τ). The fit uses A's small-τ cumulants
//      E A = 2/τ − 2/3 + τ/30,   Var A = 2/(3τ) + 1/45 − τ/70,   κ₃ = 2/(15τ),   κ₄ = −2/(105τ).

import { ancestralCdfLaplace } from './ancestralLaplace'
import { normalQuantile } from './normalQuantile'

/** From this τ on the law of A is sampled exactly (the alternating series is stable in double precision). */
export const EXACT_MIN_TAU = 0.1

/** Lineage counts the exact sampler can hold; P(A ≥ 1024) at τ ≥ 0.1 is far below 1e-300. */
const MAX_LINEAGES = 1024
/** The top of (0, 1] the inversion never targets: the summed CDF carries rounding, and the cut mass is below it. */
const TOP_CUT = 1e-11
/** A bound on the summed CDF's rounding at τ ≥ EXACT_MIN_TAU (4e-11 measured at τ = 0.1), with a factor 2.5. */
const CDF_ROUNDING = 1e-10
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
  /** The τ of the last draw (ancestralDraw builds the table only for a τ met twice in a row). */
  lastTau = Number.NaN
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
    // (next === 0: the terms underflowed together, past m ≈ 120 at τ = 0.1; `next < b` alone never ends there)
    if ((next < b || next === 0) && next < NEGLIGIBLE) return sum
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
    // b_m(m) underflowed: P(A ≥ m) < 1e-300, yet the summed CDF is below the target. Its rounding (≤ 4e-11,
    // module comment) can hold it under 1 − TOP_CUT (1 − 1.5e-11 at τ = 0.1): the target is then within
    // rounding of the top, and the draw is the first count within that rounding of it.
    if (s.first === 0) {
      let M = 0
      while (cdf[M] < target - CDF_ROUNDING) M++
      return M
    }
  }
}

/**
 * P(A > m), m ≥ 0, by the CDF's own alternating series (summing b_k(j) over j ≤ m telescopes in closed form):
 *   P(A > m) = Σ_{k>m} (−1)^{k−m−1} d_k(m),   d_k(m) = (2k+1)(k+m+1)! / (k(k+1) m!(m+1)!(k−m−1)!) · e^{−k(k+1)τ/2},
 * from first = d_{m+1}(m) and Em2 = e^{−(m+2)τ}, summed like lineageProbability (stop once the terms, past their
 * peak, are below NEGLIGIBLE). Term ratio: d_{k+1}/d_k = (2k+3)k(k+m+2) / ((2k+1)(k+2)(k−m)) · e^{−(k+1)τ}.
 * One series per CDF value, where the pmf route sums m + 1 of them.
 */
function lineageTail(m: number, first: number, E: number, Em2: number, negligible = NEGLIGIBLE): number {
  let d = first
  let sum = first
  let p = Em2
  let sign = -1
  for (let k = m + 1; ; k++) {
    const next = (d * ((2 * k + 3) * k * (k + m + 2)) * p) / ((2 * k + 1) * (k + 2) * (k - m))
    p *= E
    // (≤, not <: at large τ the terms underflow to 0 together)
    if (next <= d && next < negligible) return sum
    sum += sign * next
    sign = -sign
    d = next
  }
}

/** 2(2j+5)/(j+3), j < MAX_LINEAGES: the ratio d_{j+2}(j+1)/d_{j+1}(j) without its e^{−(j+2)τ} (a table: no division a step). */
const FIRST_RATIO = Float64Array.from({ length: MAX_LINEAGES }, (_, j) => (2 * (2 * j + 5)) / (j + 3))

/** P(A ≤ m) = 1 − P(A > m) by the tail series at τ ≥ EXACT_MIN_TAU (lineageTail; for tests and references). */
export function ancestralCdfTail(tau: number, m: number): number {
  const E = Math.exp(-tau)
  let first = 3 * E
  let Em2 = E * E
  for (let j = 0; j < m; j++) {
    first *= FIRST_RATIO[j] * Em2
    Em2 *= E
  }
  return 1 - lineageTail(m, first, E, Em2)
}

/**
 * How far the tail-series CDF 1 − P(A > m) may lie from ancestralExact's summed pmf at τ ≥ EXACT_MIN_TAU before a
 * decision is left to ancestralExact: both carry ≤ 4e-11 of rounding at τ = 0.1 (measured: their largest
 * difference over τ ∈ [0.1, 20] and every m is 3.4e-11; test/solvers/random/ancestralFastPaths.test.ts), so a
 * target further than this from the tail CDF is on the same side of both, and the two inversions agree.
 */
const TAIL_GUARD = 1e-9
/** The tail draw's truncation: its error, below the first omitted term, is then ≤ 1e-13, four orders inside the guard. */
const TAIL_NEGLIGIBLE = 1e-13

/**
 * The draw of ancestralExact(τ, u) without its table (γ ≠ 0: a new τ every pair): the inversion walks from a
 * normal guess of the count with the tail series, one series per count visited, and returns the count m with
 * 1 − P(A > m) ≥ target + guard and 1 − P(A > m − 1) < target − guard (the count ancestralExact returns, since
 * its summed CDF is within the guard of these values); −1 where a CDF value is within the guard of the target
 * (ancestralExact decides; probability ~1e-8 per draw).
 */
export function ancestralTailDraw(tau: number, u: number): number {
  const target = u < 1 - TOP_CUT ? u : 1 - TOP_CUT
  const E = Math.exp(-tau)
  // Start at the small-τ normal guess (a guess only: it sets the walk's length, not its result).
  const guess = 2 / tau - 2 / 3 + normalQuantile(target) * Math.sqrt(2 / (3 * tau))
  let m = guess > 0.5 ? Math.round(guess) : 0
  if (m > MAX_LINEAGES - 2) m = MAX_LINEAGES - 2
  // d_{m+1}(m) from d_1(0) = 3e^{−τ} by d_{j+2}(j+1) = d_{j+1}(j) · 2(2j+5)/(j+3) · e^{−(j+2)τ}; Em2 = e^{−(m+2)τ}.
  let first = 3 * E
  let Em2 = E * E
  for (let j = 0; j < m; j++) {
    first *= FIRST_RATIO[j] * Em2
    Em2 *= E
  }
  let cdf = 1 - lineageTail(m, first, E, Em2, TAIL_NEGLIGIBLE)
  if (cdf >= target + TAIL_GUARD) {
    // Walk down while the count below still reaches the target.
    while (m > 0) {
      Em2 /= E
      first /= FIRST_RATIO[m - 1] * Em2
      cdf = 1 - lineageTail(m - 1, first, E, Em2, TAIL_NEGLIGIBLE)
      if (cdf < target - TAIL_GUARD) return m
      if (cdf < target + TAIL_GUARD) return -1
      m--
    }
    return 0
  }
  if (cdf >= target - TAIL_GUARD) return -1
  // Walk up until the count reaches the target.
  for (;;) {
    first *= FIRST_RATIO[m] * Em2
    Em2 *= E
    m++
    cdf = 1 - lineageTail(m, first, E, Em2, TAIL_NEGLIGIBLE)
    if (cdf >= target + TAIL_GUARD) return m
    if (cdf >= target - TAIL_GUARD || m >= MAX_LINEAGES - 1) return -1
  }
}

/** Small-τ mean, variance and third cumulant of A (module comment). */
export function ancestralCumulants(tau: number): { mean: number; variance: number; k3: number } {
  return { mean: 2 / tau - 2 / 3 + tau / 30, variance: 2 / (3 * tau) + 1 / 45 - tau / 70, k3: 2 / (15 * tau) }
}

/**
 * The fit's continuous quantile at normal score g: the second-order Cornish–Fisher expansion
 *   x = μ + σ (g + γ₁(g² − 1)/6 + γ₂(g³ − 3g)/24 − γ₁²(2g³ − 5g)/36),
 * with A's small-τ cumulants (module comment), κ₄ = −2/(105τ), and σ² = Var A − 1/12 (Sheppard: a lattice
 * variable is a continuous one rounded, whose variance is 1/12 less). The fit reads P(A ≤ m) as the
 * probability of x ≤ m + ½. Monotone in g for |g| ≤ 9 at every τ < 0.1 (its derivative stays > 0.8).
 */
export function ancestralFitQuantile(tau: number, g: number): number {
  // Written with two divisions, not six (every small-τ draw evaluates it): γ₁/6 = a, γ₂/24 = b, γ₁²/36 = a².
  // ancestralSmallTau's fast path evaluates the same expression, so its x(g) is this function's to the bit.
  const it = 1 / tau
  const variance = 0.6666666666666666 * it + 1 / 45 - 1 / 12 - tau * (1 / 70)
  const sd = Math.sqrt(variance)
  const q = it / (variance * variance)
  const a = q * sd * (1 / 45) // γ₁/6 = 2/(90τ·Var·sd)
  const b = q * (-1 / 1260) // γ₂/24 = −2/(2520τ·Var²)
  const gg = g * g
  return 2 * it - 2 / 3 + tau * (1 / 30) + sd * (g + a * (gg - 1) + b * (gg * g - 3 * g) - a * a * (2 * gg * g - 5 * g))
}

/** The fit's lineage count at score g: the smallest m with m + ½ ≥ x(g). */
function fitCount(tau: number, g: number): number {
  const m = Math.ceil(ancestralFitQuantile(tau, g) - 0.5)
  return m > 0 ? m : 0
}

/** The fast path's reach in normal score: |g| ≤ 4.5, all but 7e-6 of the draws (the rest: the exact walk). */
const FAST_SCORE = 4.5
/** The margin is certified (test) from this τ up to EXACT_MIN_TAU. */
export const CERTIFIED_MIN_TAU = 1e-4
/** Below this τ the fit alone is the draw: its CDF error, ≤ 2e-3·τ^{3/2}, is then ≤ 2e-12 (module comment). */
export const FIT_ONLY_TAU = 1e-6

/**
 * The certified margin of the fit in normal score: |Φ⁻¹(P(A ≤ m)) − w(m + ½)| ≤ fitScoreMargin/2 (w the
 * inverse of the fit quantile) for every m whose score is within |g| ≤ 5, on the dense grid of τ ∈ [1e-4,
 * 0.1) of test/solvers/random/ancestralSmallTau.test.ts (a safety factor 2). The first term is the fit's
 * τ^{3/2} error (the next Cornish–Fisher order), growing like g⁴ into the tails; the second allows the
 * reference CDF its 1e-12 (a CDF error δF is a score error δF/φ(g)) and Wichura's quantile its 1e-15. Measured
 * worst error: 0.6 of the half-margin (τ = 0.1, g ≈ −5), 0.4 elsewhere. Below CERTIFIED_MIN_TAU the Laplace
 * CDF's own error in the tails (1 − F ~ 1e-6) passes 1e-12 (≈ 1e-11 at τ = 1e-5), so there the draw is exact
 * only to that CDF's accuracy.
 */
export function fitScoreMargin(tau: number, g: number): number {
  const g2 = g * g
  return tau * Math.sqrt(tau) * (0.01 + 0.004 * g2 * g2) + 2.5066282746310003e-12 * Math.exp(0.5 * g2) + 1e-14
}

/**
 * Exact draw of A(τ), FIT_ONLY_TAU ≤ τ < EXACT_MIN_TAU, by inversion of one uniform u ∈ (0, 1]: the smallest M
 * with P(A ≤ M) ≥ u, P the Laplace-inverted CDF (ancestralLaplace.ts). Fast path: g = Φ⁻¹(u); if the fit's
 * counts at g ± margin agree, the exact CDF's step at u lies between them (the margin bounds the fit's error),
 * so that count is the answer — tested with one fit evaluation, x(g) farther from every m + ½ than the margin
 * times a bound on x′ (fitMarginBound ≥ the margin). Else (≈ 2σ·margin of the draws: ≤ 2e-3 at τ = 0.1, 1e-7 at 1e-4) the few counts
 * in between, or for |g| > 4.5 a walk from the fit's count, are decided by the exact CDF. Below FIT_ONLY_TAU the
 * fit's count itself (module comment).
 */
export function ancestralSmallTau(tau: number, u: number): number {
  const t = u < 1 - TOP_CUT ? u : 1 - TOP_CUT
  const g = normalQuantile(t)
  if (tau < FIT_ONLY_TAU) return fitCount(tau, g)
  if (g >= -FAST_SCORE && g <= FAST_SCORE) {
    // One fit evaluation: x(g) and bounds on x′ over g ± d. If x(g − d) … x(g + d) holds no boundary m + ½, the
    // fit counts at g ± d agree (the test below, in exact arithmetic), so the count is the exact inversion.
    // (ancestralFitQuantile's expression, kept with its a, b for the slope bound below)
    const it = 1 / tau
    const variance = 0.6666666666666666 * it + 1 / 45 - 1 / 12 - tau * (1 / 70)
    const sd = Math.sqrt(variance)
    const q = it / (variance * variance)
    const a = q * sd * (1 / 45) // γ₁/6 = 2/(90τ·Var·sd)
    const b = q * (-1 / 1260) // γ₂/24 = −2/(2520τ·Var²)
    const aa = a * a // γ₁²/36
    const gg = g * g
    const x = 2 * it - 2 / 3 + tau * (1 / 30) + sd * (g + a * (gg - 1) + b * (gg * g - 3 * g) - a * a * (2 * gg * g - 5 * g))
    const d = fitMarginBound(tau, gg, t)
    // |x′| on g ± d ≤ |x′(g)| + d|x″(g)| + (d²/2)|x‴| (x is a cubic); the fit's own rounding is ≤ 2e-15·x.
    const slope =
      sd * (Math.abs(1 + 2 * a * g + 3 * b * (gg - 1) - aa * (6 * gg - 5)) + d * Math.abs(2 * a + 6 * b * g - 12 * aa * g) + d * d * Math.abs(3 * b - 6 * aa))
    const reach = d * slope + 2e-15 * x
    const y = x - 0.5
    const m = Math.ceil(y)
    if (m - y > reach && y - (m - 1) > reach && m > 0) return m
    return ancestralSmallTauResolve(tau, t, g)
  }
  return ancestralSmallTauResolve(tau, t, g)
}

/**
 * A bound ≥ fitScoreMargin(τ, g) without its exponential: 1e-12·√(2π)e^{g²/2} = 1e-12/φ(g) ≤ 1e-12(4.14 + 1/p),
 * p = min(t, 1 − t), since 1/φ(g) ≤ 1/φ(1) < 4.14 for |g| ≤ 1 and, by Mills' inequality 1 − Φ(|g|) < φ(g)/|g|,
 * 1/φ(g) < 1/(|g|p) ≤ 1/p for |g| ≥ 1 (checked against fitScoreMargin in the test). (A constant bound over
 * |g| ≤ 4.5, 6.3e-8, would save the division but sends ≈ 2σ·6.3e-8 of the draws to the exact CDF, which costs more:
 * measured 33 → 52 ns a draw at τ = 3e-6.)
 */
export function fitMarginBound(tau: number, gg: number, t: number): number {
  const p = t < 0.5 ? t : 1 - t
  return tau * Math.sqrt(tau) * (0.01 + 0.004 * gg * gg) + 1e-12 * (4.14 + 1 / p) + 1e-14
}

/** ancestralSmallTau's resolution where the one-evaluation test fails: the fit counts at g ± margin, the exact CDF. */
function ancestralSmallTauResolve(tau: number, t: number, g: number): number {
  if (g >= -FAST_SCORE && g <= FAST_SCORE) {
    const d = fitScoreMargin(tau, g)
    const lo = fitCount(tau, g - d)
    const hi = fitCount(tau, g + d)
    if (lo === hi) return lo
    // P(A ≤ lo − 1) < t ≤ P(A ≤ hi) by the margin: the answer is in [lo, hi].
    for (let m = lo; m < hi; m++) if (ancestralCdfLaplace(tau, m) >= t) return m
    return hi
  }
  let m = fitCount(tau, g)
  if (ancestralCdfLaplace(tau, m) >= t) {
    while (m > 0 && ancestralCdfLaplace(tau, m - 1) >= t) m--
    return m
  }
  while (ancestralCdfLaplace(tau, ++m) < t);
  return m
}
