// Euler–Maruyama for Kac's system (1.6), docs/MATH.md §2:
//   V^i_{n+1} = V^i_n + Σ_{j≠i} [ (2/N) b(z_ij) Δt + √(2Δt/N) σ(z_ij) ξ_ij ],   ξ_ji = −ξ_ij,
// all increments computed from the state at the start of the step. The pair (i, j) adds d_ij to V^i and
// −d_ij to V^j (b is odd, σ even, ξ antisymmetric), so momentum is conserved to round-off; energy only in
// expectation up to O(Δt): E[ΔΣ|V|² | V] = Δt² Σ_i |(2/N)Σ_j b(z_ij)|² > 0, the drift the rotation step avoids.
// σ(z)ξ = |z|^{γ/2+1} Π⊥(z)ξ is drawn as a Gaussian in the plane z⊥ from the pair's KICK block — the very
// ξ_ij of the rotation integrator (planeGaussian.ts), so the two integrators are synchronously coupled.
import { halfGammaPower } from './kernel'
import { planeGaussian } from '../random/planeGaussian'
import { applyIncrements } from './rowBlocks'
import { kickBlock } from '../random/streams'

/**
 * Adds the increments of the pairs (i, j > i), i ∈ [rowLo, rowHi), to inc (Float64Array(3N)): the sweep of
 * one Euler step over a block of rows. `block` (4 words) and `g` (3) are scratch. Nothing is allocated.
 */
export function kacEulerRows(
  v: Float64Array,
  N: number,
  dt: number,
  gamma: number,
  k0: number,
  k1: number,
  step: number,
  rowLo: number,
  rowHi: number,
  inc: Float64Array,
  block: Uint32Array,
  g: Float64Array,
): void {
  const drift = (-4 * dt) / N // (2/N) b(z) Δt = −(4Δt/N) |z|^γ z
  const noise = Math.sqrt((2 * dt) / N)
  for (let i = rowLo; i < rowHi; i++) {
    const xi = v[3 * i]
    const yi = v[3 * i + 1]
    const zi = v[3 * i + 2]
    let a0 = 0
    let a1 = 0
    let a2 = 0
    for (let j = i + 1; j < N; j++) {
      const z0 = xi - v[3 * j]
      const z1 = yi - v[3 * j + 1]
      const z2 = zi - v[3 * j + 2]
      const r2 = z0 * z0 + z1 * z1 + z2 * z2
      if (r2 === 0) continue // σ(0) = 0 and b(0) = 0: coincident particles do not interact
      const r = Math.sqrt(r2)
      const h = halfGammaPower(r, gamma) // |z|^{γ/2}
      kickBlock(k0, k1, step, i, j, block, 0)
      const inv = 1 / r
      planeGaussian(z0 * inv, z1 * inv, z2 * inv, block, 0, g)
      const cd = drift * h * h
      const cn = noise * h * r
      const d0 = cd * z0 + cn * g[0]
      const d1 = cd * z1 + cn * g[1]
      const d2 = cd * z2 + cn * g[2]
      a0 += d0
      a1 += d1
      a2 += d2
      inc[3 * j] -= d0
      inc[3 * j + 1] -= d1
      inc[3 * j + 2] -= d2
    }
    inc[3 * i] += a0
    inc[3 * i + 1] += a1
    inc[3 * i + 2] += a2
  }
}

/** One whole Euler step of one replica (from t = step·Δt). inc must hold zeros (it is left zeroed). */
export function kacEulerStep(
  v: Float64Array,
  N: number,
  dt: number,
  gamma: number,
  k0: number,
  k1: number,
  step: number,
  inc: Float64Array,
  block: Uint32Array,
  g: Float64Array,
): void {
  kacEulerRows(v, N, dt, gamma, k0, k1, step, 0, N, inc, block, g)
  applyIncrements(v, inc, 3 * N)
}
