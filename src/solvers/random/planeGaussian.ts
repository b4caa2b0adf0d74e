// A standard Gaussian in the plane n⊥ (n a unit vector) from one Philox block: the law of Π⊥(z)ξ,
// ξ ~ N(0, I₃), which is all that σ(z)ξ = |z|^{γ/2+1} Π⊥(z)ξ needs. Drawn exactly as the rotation step draws
// its kick (rotationStep.ts: one Box–Muller pair (ρ, θ), the Duff et al. JCGT 2017 basis (e₁, e₂) of n⊥),
// so that an Euler–Maruyama integrator reading the same counter sees the same ξ as the rotation step.
import { boxMullerRadius, uniform53 } from './normal'

const TWO_PI = 6.283185307179586

/** Writes ρ(cos θ e₁ + sin θ e₂) ∈ n⊥ to out[0..2], from the block w[b .. b+4); |n| = 1. No allocation. */
export function planeGaussian(n0: number, n1: number, n2: number, w: Uint32Array, b: number, out: Float64Array): void {
  const rho = boxMullerRadius(uniform53(w[b], w[b + 1]))
  const theta = TWO_PI * uniform53(w[b + 2], w[b + 3])
  const sign = n2 >= 0 ? 1 : -1
  const ia = -1 / (sign + n2)
  const ib = n0 * n1 * ia
  const c = Math.cos(theta)
  const s = Math.sin(theta)
  out[0] = rho * (c * (1 + sign * n0 * n0 * ia) + s * ib)
  out[1] = rho * (c * sign * ib + s * (sign + n1 * n1 * ia))
  out[2] = rho * (-c * sign * n0 - s * n1)
}
