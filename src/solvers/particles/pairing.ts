// The random-pairing particle system (docs/MATH.md §2; the random-batch / binary-collision form, O(N) per step).
// Each step draws a uniform perfect matching (randomMatching.ts) and moves each matched pair (i, j) by the
// pair dynamics of (1.6) at weight ω:
//   dV^i = (2ω/N) b(z) dt + √(2ω/N) σ(z) dB,   dV^j = −(same),   z = V^i − V^j,
// with the exact-conservation rotation step (κ = 2√(2ωΔt/N), rotationStep.ts), with the pair's exact law
// (sbmStep.ts: spherical Brownian motion for τ = κ²|z|^γ) or by Euler–Maruyama. With sbm the discrete-time
// law of a step is exactly "match, then run each pair's own dynamics for Δt".
//
// The weight. Kac's generator is the sum of the pair generators L_ij over all N(N−1)/2 pairs, each at ω = 1.
// Under a uniform matching a given pair is matched with probability π = ⌊N/2⌋ / (N(N−1)/2): 1/(N−1) for even
// N, 1/N for odd N (a particle is matched with probability (N−1)/N, then to a uniform one of N−1 partners).
// The expected generator of one step is π ω Σ L_ij, so the mean-field rate is right iff ω = 1/π:
//   ω = N − 1 (N even),   ω = N (N odd).
// Check on the drift of one particle: E[ΔV^i] = P(matched)·(2ω/N)·(1/(N−1))Σ_j b(z_ij)Δt = (2/N)Σ_j b(z_ij)Δt.
// (docs/MATH.md's "weight (N−1)/N in place of the sum over N−1 partners" is the same thing for even N, measured
// against a single-partner coefficient 2b; for odd N that weight is 1.)
// With ω ≈ N the rotation step's kick is α = 8ω|z|^γΔt/N ≈ 8|z|^γΔt, not 8|z|^γΔt/N as in Kac's system: the
// time step, not N, sets the per-pair kick, and the discrete-time law differs from Kac's by O(Δt).
import { halfGammaPower } from './kernel'
import { planeGaussian } from '../random/planeGaussian'
import { randomPermutation } from '../random/randomMatching'
import { rotationStep } from './rotationStep'
import { pairingKickBlock } from '../random/systemStreams'
import { AncestralScratch, sbmStep } from './sbmStep'

/** ω = (number of pairs)/(pairs matched per step): N − 1 for even N, N for odd N. */
export function pairingWeight(N: number): number {
  return N % 2 === 0 ? N - 1 : N
}

/**
 * One rotation-integrator step (from t = step·Δt) of one replica: matching, then the rotation step on each
 * matched pair (i < j) with κ = kickScale(N, Δt, pairingWeight(N)). Scratch: perm (N), block (4).
 */
export function pairingRotationStep(
  v: Float64Array,
  N: number,
  kappa: number,
  gamma: number,
  k0: number,
  k1: number,
  step: number,
  perm: Uint32Array,
  block: Uint32Array,
): void {
  randomPermutation(N, k0, k1, step, perm, block)
  const pairs = N >>> 1
  for (let c = 0; c < pairs; c++) {
    const a = perm[2 * c]
    const b = perm[2 * c + 1]
    const i = a < b ? a : b
    const j = a < b ? b : a
    pairingKickBlock(k0, k1, step, i, j, block, 0)
    rotationStep(v, i, j, kappa, gamma, block, 0)
  }
}

/**
 * One sbm step (from t = step·Δt) of one replica: matching, then the exact pair step on each matched pair
 * (i < j) with κ² = 8ωΔt/N. The kick block is the rotation integrator's (PAIR): same-seed runs are coupled.
 * Scratch: perm (N), block (4 words), the sampler's.
 */
export function pairingSbmStep(
  v: Float64Array,
  N: number,
  kappa2: number,
  gamma: number,
  k0: number,
  k1: number,
  step: number,
  perm: Uint32Array,
  block: Uint32Array,
  ancestral: AncestralScratch,
): void {
  randomPermutation(N, k0, k1, step, perm, block)
  const pairs = N >>> 1
  for (let c = 0; c < pairs; c++) {
    const a = perm[2 * c]
    const b = perm[2 * c + 1]
    const i = a < b ? a : b
    const j = a < b ? b : a
    pairingKickBlock(k0, k1, step, i, j, block, 0)
    sbmStep(v, i, j, kappa2, gamma, block, 0, ancestral)
  }
}

/**
 * One Euler–Maruyama step of one replica: each matched pair (i < j) moves by
 * d = (2ω/N) b(z) Δt + √(2ωΔt/N) σ(z) ξ, V^i += d, V^j −= d (pairs are disjoint, so updating in place is
 * the same as from the start-of-step state). Momentum is conserved to round-off, energy only in expectation.
 * ξ is the rotation integrator's draw (same PAIR counter, planeGaussian.ts). Scratch: perm (N), block (4), g (3).
 */
export function pairingEulerStep(
  v: Float64Array,
  N: number,
  dt: number,
  gamma: number,
  k0: number,
  k1: number,
  step: number,
  perm: Uint32Array,
  block: Uint32Array,
  g: Float64Array,
): void {
  randomPermutation(N, k0, k1, step, perm, block)
  const omega = pairingWeight(N)
  const drift = (-4 * omega * dt) / N // (2ω/N) b(z) Δt = −(4ωΔt/N)|z|^γ z
  const noise = Math.sqrt((2 * omega * dt) / N)
  const pairs = N >>> 1
  for (let c = 0; c < pairs; c++) {
    const a = perm[2 * c]
    const b = perm[2 * c + 1]
    const i = a < b ? a : b
    const j = a < b ? b : a
    const pi = 3 * i
    const pj = 3 * j
    const z0 = v[pi] - v[pj]
    const z1 = v[pi + 1] - v[pj + 1]
    const z2 = v[pi + 2] - v[pj + 2]
    const r2 = z0 * z0 + z1 * z1 + z2 * z2
    if (r2 === 0) continue
    const r = Math.sqrt(r2)
    const h = halfGammaPower(r, gamma)
    pairingKickBlock(k0, k1, step, i, j, block, 0)
    const inv = 1 / r
    planeGaussian(z0 * inv, z1 * inv, z2 * inv, block, 0, g)
    const cd = drift * h * h
    const cn = noise * h * r
    const d0 = cd * z0 + cn * g[0]
    const d1 = cd * z1 + cn * g[1]
    const d2 = cd * z2 + cn * g[2]
    v[pi] += d0
    v[pi + 1] += d1
    v[pi + 2] += d2
    v[pj] -= d0
    v[pj + 1] -= d1
    v[pj + 2] -= d2
  }
}
