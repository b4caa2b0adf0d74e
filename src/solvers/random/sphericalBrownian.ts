// Exact increments of Brownian motion on the unit sphere S² (generator ½Δ_{S²}, so E[u(τ)·u(0)] = e^{−τ} and
// E[P_l(u(τ)·u(0))] = e^{−l(l+1)τ/2}) by the skew-product construction of Mijatović, Mramor & Uribe Bravo
// ("A note on the exact simulation of spherical Brownian motion", Stat. Probab. Lett. 2020), for d = 3:
//   1. A = A^θ_∞(τ), θ = d − 1 = 2, the Wright–Fisher ancestral process (wrightFisherAncestral.ts);
//   2. X ~ Beta(θ/2, θ/2 + A) = Beta(1, 1 + A), so that u(τ)·u(0) = 1 − 2X;
//   3. the direction of u(τ) − (u(τ)·u(0))u(0) is uniform on the circle ⊥ u(0) (the skew product's fast spin).
// For d = 3 the Beta draw is an inversion: X = 1 − U^{1/(A+1)} with U uniform, written −expm1(log U/(A+1)) to
// keep X's relative precision when A is large (small τ, X ≈ −log U/(A+1)). Steps 1–2 are here; the pair step
// (particles/sbmStep.ts) does step 3 with the rotation step's circle basis.
import { uniform53 } from './normal'
import { AncestralScratch, ancestralExact, ancestralSmallTau, ancestralTailDraw, EXACT_MIN_TAU } from './wrightFisherAncestral'

export { AncestralScratch } from './wrightFisherAncestral'

/** Beyond this τ, e^{−τ} underflows: every term of A's series past the first is 0 and A = 0 (u(τ) uniform). */
const UNIFORM_TAU = 745

/**
 * The lineage count A(τ) by inversion of the one uniform of words 0–1 of the Philox block w[b .. b+4): the
 * alternating series for τ ≥ EXACT_MIN_TAU (the CDF's tail series walked from a normal guess, or the table), the certified normal fit with its exact-CDF fallback below
 * (wrightFisherAncestral.ts). Words 2–3 are unused (the block keeps its size, so the streams do not move).
 */
export function ancestralDraw(tau: number, w: Uint32Array, b: number, scratch: AncestralScratch): number {
  const u = uniform53(w[b], w[b + 1])
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
 * the uniform uX ∈ (0, 1] of the Beta draw and the block w[b .. b+4) of the lineage count.
 */
export function sphericalHaversine(tau: number, uX: number, w: Uint32Array, b: number, scratch: AncestralScratch): number {
  if (!(tau > 0)) return 0 // τ = 0 (or NaN from 0·∞): no motion
  const A = ancestralDraw(tau, w, b, scratch)
  return -Math.expm1(Math.log(uX) / (A + 1))
}
