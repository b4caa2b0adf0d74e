// The exact pair step ("sbm", docs/NUMERICS.md §4.15): the pair (i, j) of weight ω moved for one time step by
// the exact law of its own dynamics in (1.6). While only the pair moves, its centre of mass and r = |z| are
// constant and, by Itô on u = z/r with dz = (4ω/N) b(z) dt + √(8ω/N) σ(z) dB (b = −2r^γ z, σ = r^{γ/2+1}Π⊥),
//   du = −(8ω r^γ/N) u dt + √(8ω r^γ/N) Π⊥(u) dB,
// which is Brownian motion on S² with generator ½Δ run at the clock τ = 8ω r^γ t/N (the drift −u dτ is the
// ½Δ of the coordinate functions, whose eigenvalue on S² is −2·½). One step therefore moves u by spherical
// Brownian motion for τ = κ² r^γ, κ² = 8ωΔt/N (the rotation step's kick constant squared), sampled
// exactly (random/sphericalBrownian.ts):
//   u' = (1 − 2X) u + 2√(X(1 − X)) e,   z' = r u',   V^i += (z' − z)/2,   V^j −= (z' − z)/2,
// with e uniform on the circle ⊥ u. Like the rotation step it keeps momentum and the pair's energy to
// round-off, for every Δt and γ; unlike it, its law is that of the pair dynamics whatever the kick size.
//
// Random numbers: the rotation step's one block (kick counter, addressed by (step, i, j): no state, any pair
// order) gives all three uniforms, on disjoint bits (random/sbmUniforms.ts): the Beta uniform and the angle of e
// are the top 43 bits of the rotation's radius and angle uniforms, so same-seed rotation and sbm runs are
// coupled, and the lineage count's uniform is the low bits the rotation hardly reads.
import { gammaPower } from './kernel'
import { uniformLow42, uniformTop43 } from '../random/sbmUniforms'
import { AncestralScratch, sphericalHaversine } from '../random/sphericalBrownian'

export { AncestralScratch } from '../random/sphericalBrownian'

const TWO_PI = 6.283185307179586

/**
 * Applies the exact pair step to particles i ≠ j of v (Float64Array(3N), in place) with κ² = 8ωΔt/N,
 * kernel exponent γ and the pair's kick block w[b .. b+4).
 */
export function sbmStep(v: Float64Array, i: number, j: number, kappa2: number, gamma: number, w: Uint32Array, b: number, scratch: AncestralScratch): void {
  const pi = 3 * i
  const pj = 3 * j
  const z0 = v[pi] - v[pj]
  const z1 = v[pi + 1] - v[pj + 1]
  const z2 = v[pi + 2] - v[pj + 2]
  const r2 = z0 * z0 + z1 * z1 + z2 * z2
  if (r2 === 0) return // σ(0) = 0: coincident velocities do not interact (as in rotationStep)
  const r = Math.sqrt(r2)
  // τ = κ² r^γ; r^γ overflows to ∞ for Coulomb at r ≲ 1e-103: τ = ∞, u' uniform on the sphere.
  const tau = kappa2 * gammaPower(r, gamma)
  const X = sphericalHaversine(tau, uniformTop43(w[b], w[b + 1]), uniformLow42(w, b), scratch)
  if (X === 0) return
  const theta = TWO_PI * uniformTop43(w[b + 2], w[b + 3])

  // The circle basis (e₁, e₂) of z⊥ as in rotationStep.ts (Duff et al., JCGT 2017).
  const inv = 1 / r
  const n0 = z0 * inv
  const n1 = z1 * inv
  const n2 = z2 * inv
  const sign = n2 >= 0 ? 1 : -1
  const ia = -1 / (sign + n2)
  const ib = n0 * n1 * ia
  const c = Math.cos(theta)
  const s = Math.sin(theta)
  const e0 = c * (1 + sign * n0 * n0 * ia) + s * ib
  const e1 = c * sign * ib + s * (sign + n1 * n1 * ia)
  const e2 = -c * sign * n0 - s * n1

  // z' − z = (u·u' − 1) z + sin φ r e = −2X z + 2√(X(1−X)) r e; X itself (not 1 − u·u') keeps the small-angle
  // precision. Half of it goes to each particle.
  const hc = -X
  const hs = Math.sqrt(X * (1 - X)) * r
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
