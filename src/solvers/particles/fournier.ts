// The Fournier / Nanbu-type system (1.8), docs/MATH.md §2, by Euler–Maruyama:
//   V^i_{n+1} = V^i_n + (2/N) Σ_j b(z_ij) Δt + √Δt B_i ξ_i,   B_i B_iᵀ = A_i = (2/N) Σ_j a(z_ij),
// one independent ξ_i ~ N(0, I₃) per particle (counters (step, i, 0|1, FOUR)), B_i by pivoted Cholesky
// (psdFactor.ts; any square root gives the same law). The sweep over pairs i < j gathers the drift and the
// six entries of a(z_ij) = |z|^γ(|z|²I − z⊗z) for both particles; a finishing pass draws the noise and
// moves every particle. The drift cancels in pairs, the noise does not: momentum and energy are conserved
// only in expectation. Per pair there is no random number, so a step costs far less than Kac's or FGM's.
import { halfGammaPower } from './kernel'
import { normalPair } from '../random/normal'
import { psdFactorTimes } from './psdFactor'
import { fournierBlock } from '../random/systemStreams'

/**
 * Adds the drift increments of the pairs (i, j > i), i ∈ [rowLo, rowHi), to inc (Float64Array(3N)) and
 * (2/N) a(z_ij) to the upper triangles A6[6i .. 6i+6) and A6[6j .. 6j+6). Nothing is allocated.
 */
export function fournierRows(v: Float64Array, N: number, dt: number, gamma: number, rowLo: number, rowHi: number, inc: Float64Array, A6: Float64Array): void {
  const drift = (-4 * dt) / N
  const twoOverN = 2 / N
  for (let i = rowLo; i < rowHi; i++) {
    const xi = v[3 * i]
    const yi = v[3 * i + 1]
    const zi = v[3 * i + 2]
    let d0 = 0
    let d1 = 0
    let d2 = 0
    let s00 = 0
    let s01 = 0
    let s02 = 0
    let s11 = 0
    let s12 = 0
    let s22 = 0
    for (let j = i + 1; j < N; j++) {
      const z0 = xi - v[3 * j]
      const z1 = yi - v[3 * j + 1]
      const z2 = zi - v[3 * j + 2]
      const q0 = z0 * z0
      const q1 = z1 * z1
      const q2 = z2 * z2
      const r2 = q0 + q1 + q2
      if (r2 === 0) continue
      const h = halfGammaPower(Math.sqrt(r2), gamma)
      const rg = h * h // |z|^γ
      const cd = drift * rg
      d0 += cd * z0
      d1 += cd * z1
      d2 += cd * z2
      inc[3 * j] -= cd * z0
      inc[3 * j + 1] -= cd * z1
      inc[3 * j + 2] -= cd * z2
      // (2/N) a(z); the diagonal as sums of the other two squares (no cancellation in |z|² − z_k²).
      const c = twoOverN * rg
      const a00 = c * (q1 + q2)
      const a11 = c * (q0 + q2)
      const a22 = c * (q0 + q1)
      const a01 = -c * z0 * z1
      const a02 = -c * z0 * z2
      const a12 = -c * z1 * z2
      s00 += a00
      s01 += a01
      s02 += a02
      s11 += a11
      s12 += a12
      s22 += a22
      const J = 6 * j
      A6[J] += a00
      A6[J + 1] += a01
      A6[J + 2] += a02
      A6[J + 3] += a11
      A6[J + 4] += a12
      A6[J + 5] += a22
    }
    inc[3 * i] += d0
    inc[3 * i + 1] += d1
    inc[3 * i + 2] += d2
    const I = 6 * i
    A6[I] += s00
    A6[I + 1] += s01
    A6[I + 2] += s02
    A6[I + 3] += s11
    A6[I + 4] += s12
    A6[I + 5] += s22
  }
}

/**
 * Ends a Fournier step: V^i += inc_i + √Δt B_i ξ_i for every particle, then zeroes inc and A6.
 * Scratch: block (4 words), g (4), s (9), out (3).
 */
export function fournierFinish(
  v: Float64Array,
  N: number,
  dt: number,
  k0: number,
  k1: number,
  step: number,
  inc: Float64Array,
  A6: Float64Array,
  block: Uint32Array,
  g: Float64Array,
  s: Float64Array,
  out: Float64Array,
): void {
  const sdt = Math.sqrt(dt)
  for (let i = 0; i < N; i++) {
    fournierBlock(k0, k1, step, i, 0, block, 0)
    normalPair(block, 0, g, 0)
    fournierBlock(k0, k1, step, i, 1, block, 0)
    normalPair(block, 0, g, 2) // g[3] unused: three coordinates need one and a half pairs
    psdFactorTimes(A6, 6 * i, g[0], g[1], g[2], s, out)
    for (let a = 0; a < 3; a++) {
      v[3 * i + a] += inc[3 * i + a] + sdt * out[a]
      inc[3 * i + a] = 0
    }
    for (let a = 0; a < 6; a++) A6[6 * i + a] = 0
  }
}

/** Scratch of one Fournier replica step: increments, summed a's and the small work arrays. */
export interface FournierScratch {
  inc: Float64Array
  A6: Float64Array
  block: Uint32Array
  g: Float64Array
  s: Float64Array
  out: Float64Array
}

export function fournierScratch(N: number): FournierScratch {
  return {
    inc: new Float64Array(3 * N),
    A6: new Float64Array(6 * N),
    block: new Uint32Array(4),
    g: new Float64Array(4),
    s: new Float64Array(9),
    out: new Float64Array(3),
  }
}

/** One whole Fournier step of one replica (from t = step·Δt); the scratch is left zeroed. */
export function fournierStep(v: Float64Array, N: number, dt: number, gamma: number, k0: number, k1: number, step: number, w: FournierScratch): void {
  fournierRows(v, N, dt, gamma, 0, N, w.inc, w.A6)
  fournierFinish(v, N, dt, k0, k1, step, w.inc, w.A6, w.block, w.g, w.s, w.out)
}
