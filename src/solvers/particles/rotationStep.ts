// The exact-conservation pair step of docs/MATH.md §2 (weight ω = 1):
//   z = V^i − V^j,  ε = κ |z|^{γ/2+1} Π⊥(z) ξ,  κ = 2√(2ωΔt/N),  z' = |z| (z + ε)/|z + ε|,
//   V^i += (z' − z)/2,  V^j −= (z' − z)/2.
// The pair's centre of mass is untouched and |z'| = |z|, so momentum and the pair's energy
// |V^i|² + |V^j|² = ½|V^i + V^j|² + ½|z|² are conserved up to round-off; E[z' − z] = (4/N) b(z) Δt + O(Δt²)
// is the Itô drift of a motion on the sphere |z| = const (docs/NUMERICS.md §4.1).
//
// Sampling: Π⊥(z)ξ with ξ ~ N(0, I₃) is a standard 2-D Gaussian in the plane z⊥, so it is drawn there
// directly as ρ(cos θ e₁ + sin θ e₂) by one Box–Muller pair: one Philox block per pair instead of two.
// With k = κρ|z|^{γ/2} = |ε|/|z| and e = cos θ e₁ + sin θ e₂ ⊥ z, the step is the exact rotation
//   z' = (z + k|z| e)/√(1 + k²).
import { halfGammaPower } from './kernel'
import { boxMullerRadius, uniform53 } from '../random/normal'

const TWO_PI = 6.283185307179586

/** The kick constant κ = 2√(2ωΔt/N) of the pair step, for pair weight ω. */
export function kickScale(N: number, dt: number, omega = 1): number {
  return 2 * Math.sqrt((2 * omega * dt) / N)
}

/**
 * Applies the pair step to particles i ≠ j of v (Float64Array(3N), in place), with kick constant κ,
 * kernel exponent γ and the pair's random Philox block w[b .. b+4) (streams.ts: kickBlock). The update
 * is a pure function of the two velocities and these numbers; nothing is allocated (innermost loop).
 */
export function rotationStep(v: Float64Array, i: number, j: number, kappa: number, gamma: number, w: Uint32Array, b: number): void {
  const pi = 3 * i
  const pj = 3 * j
  const z0 = v[pi] - v[pj]
  const z1 = v[pi + 1] - v[pj + 1]
  const z2 = v[pi + 2] - v[pj + 2]
  const r2 = z0 * z0 + z1 * z1 + z2 * z2
  // σ(0) = 0: coincident velocities do not interact. (|z| < 1e-162, where |z|² underflows to 0, counts
  // as coincident; for O(1) velocities that is a difference far below one ulp.)
  if (r2 === 0) return
  const r = Math.sqrt(r2)

  const rho = boxMullerRadius(uniform53(w[b], w[b + 1]))
  const theta = TWO_PI * uniform53(w[b + 2], w[b + 3])
  const k = kappa * rho * halfGammaPower(r, gamma)

  // Orthonormal basis (e₁, e₂) of z⊥ from the unit n = z/|z|: Duff et al., "Building an orthonormal
  // basis, revisited" (JCGT 2017); taking sign = sign(n₂) keeps 1/(sign + n₂) away from cancellation.
  const inv = 1 / r
  const n0 = z0 * inv
  const n1 = z1 * inv
  const n2 = z2 * inv
  const sign = n2 >= 0 ? 1 : -1
  const ia = -1 / (sign + n2)
  const ib = n0 * n1 * ia
  const c = Math.cos(theta)
  const s = Math.sin(theta)
  // e = c e₁ + s e₂ with e₁ = (1 + sign n₀² ia, sign ib, −sign n₀), e₂ = (ib, sign + n₁² ia, −n₁).
  const e0 = c * (1 + sign * n0 * n0 * ia) + s * ib
  const e1 = c * sign * ib + s * (sign + n1 * n1 * ia)
  const e2 = -c * sign * n0 - s * n1

  // z' − z = (C − 1) z + S|z| e with C = 1/q, S = k/q, q = √(1+k²). C − 1 = −k²/(q(1+q)) avoids the
  // cancellation of 1/q − 1 at small k (the common case for small Δt); S = k(1+q)/(q(1+q)) shares the
  // one division.
  const k2 = k * k
  let cm1: number
  let sn: number
  if (k2 <= 1e300) {
    const q = Math.sqrt(1 + k2)
    const d = 1 / (q * (1 + q))
    cm1 = -k2 * d
    sn = k * (1 + q) * d
  } else {
    // k² = ∞ (|z| ≲ 1e-100 for Coulomb): the kick is infinitely larger than z, so z' = |z| e, a uniformly
    // random direction in z⊥ — the limit of the formula above.
    cm1 = -1
    sn = 1
  }
  const hc = 0.5 * cm1
  const hs = 0.5 * sn * r
  const d0 = hc * z0 + hs * e0
  const d1 = hc * z1 + hs * e1
  const d2 = hc * z2 + hs * e2
  v[pi] += d0
  v[pi + 1] += d1
  v[pi + 2] += d2
  v[pj] -= d0
  v[pj + 1] -= d1
  v[pj + 2] -= d2
}
