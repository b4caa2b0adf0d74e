// The Fontbona–Guérin–Méléard system (1.7), docs/MATH.md §2, by Euler–Maruyama:
//   V^i_{n+1} = V^i_n + (2/N) Σ_j b(z_ij) Δt + √(2Δt/N) Σ_{j≠i} σ(z_ij) ξ_ij,
// with INDEPENDENT ξ_ij for every ordered pair (no antisymmetry), all from the state at the start of the step.
// The drift still cancels in pairs, but the noise does not: momentum and energy are conserved only in
// expectation. Each unordered pair i < j is visited once: one drift d, and two draws (counters (i, j) and
// (j, i), systemStreams.ts) for the two noises, both Gaussians in the same plane z⊥ (σ(z_ji) = σ(z_ij)).
import { halfGammaPower } from './kernel'
import { planeGaussian } from '../random/planeGaussian'
import { applyIncrements } from './rowBlocks'
import { fgmBlock } from '../random/systemStreams'

/**
 * Adds the FGM increments of the pairs (i, j > i), i ∈ [rowLo, rowHi), to inc (Float64Array(3N)).
 * `block` (4 words) and `g` (3) are scratch. Nothing is allocated.
 */
export function fgmRows(
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
  const drift = (-4 * dt) / N
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
      if (r2 === 0) continue
      const r = Math.sqrt(r2)
      const h = halfGammaPower(r, gamma)
      const inv = 1 / r
      const n0 = z0 * inv
      const n1 = z1 * inv
      const n2 = z2 * inv
      const cd = drift * h * h
      const cn = noise * h * r
      fgmBlock(k0, k1, step, i, j, block, 0) // ξ_ij, felt by i
      planeGaussian(n0, n1, n2, block, 0, g)
      a0 += cd * z0 + cn * g[0]
      a1 += cd * z1 + cn * g[1]
      a2 += cd * z2 + cn * g[2]
      fgmBlock(k0, k1, step, j, i, block, 0) // ξ_ji, felt by j
      planeGaussian(n0, n1, n2, block, 0, g)
      inc[3 * j] += cn * g[0] - cd * z0
      inc[3 * j + 1] += cn * g[1] - cd * z1
      inc[3 * j + 2] += cn * g[2] - cd * z2
    }
    inc[3 * i] += a0
    inc[3 * i + 1] += a1
    inc[3 * i + 2] += a2
  }
}

/** One whole FGM step of one replica (from t = step·Δt). inc must hold zeros (it is left zeroed). */
export function fgmStep(
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
  fgmRows(v, N, dt, gamma, k0, k1, step, 0, N, inc, block, g)
  applyIncrements(v, inc, 3 * N)
}
