// The exact pair step (sbm) in the WebAssembly kernel (kacKernel.wat: $sbmPairs, $sbmApply;
// docs/NUMERICS.md §4.15), for Kac's rounds and for a random-pairing step (its matched pairs as one round).
// Per round the kernel draws the pairs' kick blocks four pairs a SIMD vector and computes each pair's move from
// its three uniforms with the small-τ fast path of the lineage count; the pairs it lists (τ ≥ 0.1, the fast test
// undecided, |g| > 4.5: ≈ 1e-4 of Kac's Coulomb pairs at Δt = 0.01, N = 2000, ≈ 7 % of the pairing system's, nearly
// all of them τ ≥ 0.1) get their X here, from the JavaScript sampler (sphericalBrownian.ts), which returns
// the same count. Then the kernel moves every pair. The law is sbmStep.ts' (kacSbm.ts and pairing.ts'
// pairingSbmStep, the JavaScript steps, stay the references): the lineage counts are the same integers, X and
// the angle differ by the ulps of the kernel's log and sincos, as for the rotation kernel.
import { type KernelExports, align16, gammaMode, kernelInstance } from './kacKernel'
import { randomPermutation } from '../random/randomMatching'
import { AncestralScratch, sphericalHaversine } from '../random/sphericalBrownian'
import { Purpose } from '../random/streams'
import { SystemPurpose } from '../random/systemStreams'

/** Byte offsets of $sbmPairs' arrays for a round of n8 pairs (n8 = count rounded up to 8), as the .wat lays them. */
export function sbmOffsets(scratch: number, n8: number): { HC: number; HS: number; TAU: number; UX: number; UA: number; RA: number; FL: number; end: number } {
  const HC = scratch + 320 + 24 * n8 // keys, W1, W2 (8 bytes a pair each), AI, AJ (4 bytes each)
  const HS = HC + 8 * n8
  const TAU = HS + 16 * n8 // (UT between)
  const UX = TAU + 8 * n8
  const UA = UX + 8 * n8
  const RA = UA + 8 * n8
  const FL = RA + 8 * n8
  // then G, IR (8 bytes a pair) and TL (4 bytes), the kernel's own
  return { HC, HS, TAU, UX, UA, RA, FL, end: FL + 24 * n8 }
}

interface SbmLayout {
  pairs: number
  scratch: number
  v: number
}

function sbmLayout(k: KernelExports, N: number): SbmLayout {
  const n8 = (Math.floor(N / 2) + 7) & ~7
  const pairs = 0
  const scratch = align16(pairs + 8 * (n8 + 8))
  const v = align16(sbmOffsets(scratch, n8).end)
  const end = v + 24 * N
  const have = k.memory.buffer.byteLength
  if (end > have) k.memory.grow(Math.ceil((end - have) / 65536))
  return { pairs, scratch, v }
}

/**
 * Rounds first … end − 1 of time step `step` of one replica v (Float64Array(3N)), in place, with κ² = 8Δt/N,
 * exponent γ and stream key (k0, k1): kacSbm.ts' kacSbmRounds in the kernel. `scratch` is the JavaScript
 * sampler's (for the listed pairs). Returns how many pairs the JavaScript sampler decided.
 */
export function kernelSbmRounds(
  v: Float64Array,
  N: number,
  first: number,
  end: number,
  kappa2: number,
  gamma: number,
  k0: number,
  k1: number,
  step: number,
  scratch: AncestralScratch,
): number {
  if (end <= first || N < 2) return 0
  const k = kernelInstance()
  const at = sbmLayout(k, N)
  const count = Math.floor(N / 2)
  const n8 = (count + 7) & ~7
  const o = sbmOffsets(at.scratch, n8)
  const buffer = k.memory.buffer
  const view = new Float64Array(buffer, at.v, 3 * N)
  view.set(v.subarray(0, 3 * N))
  const mode = gammaMode(gamma)
  let decided = 0
  for (let r = first; r < end; r++) {
    k.fillRound(N, r, at.pairs)
    decided += sbmRound(k, at, o, count, kappa2, mode, gamma, k0, k1, step, Purpose.KICK, scratch)
  }
  v.set(view)
  return decided
}

/**
 * One round of `count` pairs already at at.pairs, the velocities already at at.v: the kernel's first half
 * ($sbmPairs), the listed pairs' X by the JavaScript sampler, the move ($sbmApply). Returns the listed count.
 */
function sbmRound(
  k: KernelExports,
  at: SbmLayout,
  o: ReturnType<typeof sbmOffsets>,
  count: number,
  kappa2: number,
  mode: number,
  gamma: number,
  k0: number,
  k1: number,
  step: number,
  purpose: number,
  scratch: AncestralScratch,
): number {
  const listed = k.sbmPairs(at.v, at.pairs, count, at.scratch, kappa2, mode, gamma, k0, k1, step, purpose)
  decideListed(new Float64Array(k.memory.buffer), new Uint32Array(k.memory.buffer), o, listed, scratch)
  k.sbmApply(count, at.scratch)
  return listed
}

/** The X of the pairs the kernel listed, by the JavaScript sampler (the same count), into the kernel's hc, hs. */
function decideListed(f64: Float64Array, u32: Uint32Array, o: ReturnType<typeof sbmOffsets>, listed: number, scratch: AncestralScratch): void {
  for (let q = 0; q < listed; q++) {
    const p = u32[(o.FL >>> 2) + q]
    const X = sphericalHaversine(f64[(o.TAU >>> 3) + p], f64[(o.UX >>> 3) + p], f64[(o.UA >>> 3) + p], scratch)
    if (X === 0) continue // hc = hs = 0 as the kernel left them: no move
    f64[(o.HC >>> 3) + p] = -X
    f64[(o.HS >>> 3) + p] = Math.sqrt(X * (1 - X)) * f64[(o.RA >>> 3) + p]
  }
}

/**
 * One sbm step of the random-pairing system (pairing.ts' pairingSbmStep, its JavaScript reference) in the
 * kernel: the step's matching (randomMatching.ts, in JavaScript), then the matched pairs i < j as one round
 * with the pairing system's PAIR blocks, κ² = 8ωΔt/N. Scratch: perm (N), block (4 words), the sampler's.
 * Returns how many pairs the JavaScript sampler decided.
 */
export function kernelPairingSbmStep(
  v: Float64Array,
  N: number,
  kappa2: number,
  gamma: number,
  k0: number,
  k1: number,
  step: number,
  perm: Uint32Array,
  block: Uint32Array,
  scratch: AncestralScratch,
): number {
  const count = N >>> 1
  if (count === 0) return 0
  randomPermutation(N, k0, k1, step, perm, block)
  const k = kernelInstance()
  const at = sbmLayout(k, N)
  const n8 = (count + 7) & ~7
  const o = sbmOffsets(at.scratch, n8)
  const buffer = k.memory.buffer
  const pairs = new Uint32Array(buffer, at.pairs, 2 * count)
  for (let c = 0; c < count; c++) {
    const a = perm[2 * c]
    const b = perm[2 * c + 1]
    pairs[2 * c] = a < b ? a : b
    pairs[2 * c + 1] = a < b ? b : a
  }
  const view = new Float64Array(buffer, at.v, 3 * N)
  view.set(v.subarray(0, 3 * N))
  const listed = sbmRound(k, at, o, count, kappa2, gammaMode(gamma), gamma, k0, k1, step, SystemPurpose.PAIRING_KICK, scratch)
  v.set(view)
  return listed
}
