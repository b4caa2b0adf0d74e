// Exact increments of Brownian motion on the unit sphere S² (generator ½Δ_{S²}, so E[u(τ)·u(0)] = e^{−τ} and
// E[P_l(u(τ)·u(0))] = e^{−l(l+1)τ/2}) by the skew-product construction of Mijatović, Mramor & Uribe Bravo
// ("A note on the exact simulation of spherical Brownian motion", Stat. Probab. Lett. 2020), for d = 3:
//   1. A = A^θ_∞(τ), θ = d − 1 = 2, the Wright–Fisher ancestral process (wrightFisherAncestral.ts);
//   2. X ~ Beta(θ/2, θ/2 + A) = Beta(1, 1 + A), so that u(τ)·u(0) = 1 − 2X;
//   3. the direction of u(τ) − (u(τ)·u(0))u(0) is uniform on the circle ⊥ u(0) (the skew product's fast spin).
// For d = 3 the Beta draw is an inversion: X = 1 − U^{1/(A+1)} with U uniform, written −expm1(log U/(A+1)) to
// keep X's relative precision when A is large (small τ, X ≈ −log U/(A+1)). Steps 1–2 are here; the pair step
// (particles/sbmStep.ts) does step 3 with the rotation step's circle basis.
import { AncestralScratch, ancestralExact, ancestralSmallTau, ancestralTailDraw, EXACT_MIN_TAU } from './wrightFisherAncestral'

export { AncestralScratch } from './wrightFisherAncestral'

/** Beyond this τ, e^{−τ} underflows: every term of A's series past the first is 0 and A = 0 (u(τ) uniform). */
const UNIFORM_TAU = 745

/**
 * The lineage count A(τ) by inversion of one uniform u ∈ (0, 1]: the alternating series for τ ≥ EXACT_MIN_TAU
 * (the CDF's tail series walked from a normal guess, or the table), the certified normal fit with its exact-CDF
 * fallback below (wrightFisherAncestral.ts).
 */
export function ancestralDraw(tau: number, u: number, scratch: AncestralScratch): number {
  if (tau >= EXACT_MIN_TAU) {
    if (tau > UNIFORM_TAU) return 0
    // A τ seen once (γ ≠ 0: every pair its own τ) is inverted by the tail series; a τ met twice in a row (γ = 0)
    // gets the table of ancestralExact. Both return ancestralExact's count (the tail draw defers when unsure).
    if (tau !== scratch.tau && tau !== scratch.lastTau) {
      scratch.lastTau = tau
      const m = ancestralTailDraw(tau, u)
      if (m >= 0) return m
    }
    return ancestralExact(tau, u, scratch)
  }
  return ancestralSmallTau(tau, u)
}

/**
 * X = (1 − u(τ)·u(0))/2 ∈ [0, 1] of spherical Brownian motion at time τ ≥ 0 (τ = ∞ allowed: X uniform), from
 * two independent uniforms in (0, 1]: uX of the Beta draw and uA of the lineage count.
 */
export function sphericalHaversine(tau: number, uX: number, uA: number, scratch: AncestralScratch): number {
  if (!(tau > 0)) return 0 // τ = 0 (or NaN from 0·∞): no motion
  const A = ancestralDraw(tau, uA, scratch)
  return negExpm1(Math.log(uX) / (A + 1))
}

/**
 * −expm1(y) for y ≤ 0. For small τ, A is large and y tiny (|y| ≈ τ/2); there the Taylor series to y⁷, whose
 * omitted terms are below y⁷/40320 < 1e-19 relative for |y| ≤ 2^-7 (measured within 2.3e-16 of Math.expm1 over
 * that range), costs a third less than Math.expm1 (test/bench sbm).
 */
function negExpm1(y: number): number {
  if (y < -0.0078125) return -Math.expm1(y)
  return -y * (1 + y * (1 / 2 + y * (1 / 6 + y * (1 / 24 + y * (1 / 120 + y * (1 / 720 + y * (1 / 5040)))))))
}
