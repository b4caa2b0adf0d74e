// Exact increments of Brownian motion on the unit sphere S² (generator ½Δ_{S²}, so E[u(τ)·u(0)] = e^{−τ} and
// E[P_l(u(τ)·u(0))] = e^{−l(l+1)τ/2}) by the skew-product construction of Mijatović, Mramor & Uribe Bravo
// ("A note on the exact simulation of spherical Brownian motion", Stat. Probab. Lett. 2020), for d = 3:
//   1. A = A^θ_∞(τ), θ = d − 1 = 2, the Wright–Fisher ancestral process (wrightFisherAncestral.ts);
//   2. X ~ Beta(θ/2, θ/2 + A) = Beta(1, 1 + A), so that u(τ)·u(0) = 1 − 2X;
//   3. the direction of u(τ) − (u(τ)·u(0))u(0) is uniform on the circle ⊥ u(0) (the skew product's fast spin).
// For d = 3 the Beta draw is an inversion: X = 1 − U^{1/(A+1)} with U uniform, written −expm1(log U/(A+1)) to
// keep X's relative precision when A is large (small τ, X ≈ −log U/(A+1)). Steps 1–2 are here; the pair step
// (particles/sbmStep.ts) does step 3 with the rotation step's circle basis.
import { boxMullerRadius, uniform53 } from './normal'
import { AncestralScratch, ancestralExact, ancestralSmallTau, EXACT_MIN_TAU } from './wrightFisherAncestral'

export { AncestralScratch } from './wrightFisherAncestral'

const TWO_PI = 6.283185307179586
/** Beyond this τ, e^{−τ} underflows: every term of A's series past the first is 0 and A = 0 (u(τ) uniform). */
const UNIFORM_TAU = 745

/**
 * The lineage count A(τ) from the Philox block w[b .. b+4): exactly (inversion of the uniform of words 0–1)
 * for τ ≥ EXACT_MIN_TAU, else the small-τ Cornish–Fisher variable from the Box–Muller normal of the block.
 */
export function ancestralDraw(tau: number, w: Uint32Array, b: number, scratch: AncestralScratch): number {
  if (tau >= EXACT_MIN_TAU) return tau > UNIFORM_TAU ? 0 : ancestralExact(tau, uniform53(w[b], w[b + 1]), scratch)
  const g = boxMullerRadius(uniform53(w[b], w[b + 1])) * Math.cos(TWO_PI * uniform53(w[b + 2], w[b + 3]))
  return ancestralSmallTau(tau, g)
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
