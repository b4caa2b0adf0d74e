// A uniformly random perfect matching of N particles per time step, from a counter-based Fisher–Yates
// shuffle (Fisher & Yates 1938; Durstenfeld's in-place form, Knuth TAOCP vol. 2 §3.4.2 Algorithm P).
// The permutation restarts from the identity at every step and slot k's uniform comes from the counter
// (step, ⌊k/2⌋, 0, PERM) — words 0–1 for even k, 2–3 for odd k — so the matching of a step is a pure
// function of (stream key, step). Consecutive entries (perm[2c], perm[2c+1]) are the matched pairs; for odd
// N, perm[N−1] sits the step out. A uniform permutation makes every perfect matching (and, for odd N, every
// idle particle) equally likely: each matching is hit by the same number (⌊N/2⌋! 2^⌊N/2⌋) of permutations.
import { uniform53 } from './normal'
import { permutationBlock } from './systemStreams'

/**
 * Writes a uniform random permutation of 0 … N−1 into perm[0 .. N). `block` is a 4-word scratch.
 * Slot k takes j = ⌊(1 − u)(k + 1)⌋ ∈ [0, k] with u the 53-bit uniform in (0, 1]: exact up to the 2^-53 grid,
 * i.e. each j has probability (1 ± (k+1)·2^-53)/(k+1).
 */
export function randomPermutation(N: number, k0: number, k1: number, step: number, perm: Uint32Array, block: Uint32Array): void {
  for (let k = 0; k < N; k++) perm[k] = k
  for (let k = N - 1; k >= 1; k--) {
    if ((k & 1) === 1 || k === N - 1) permutationBlock(k0, k1, step, k >>> 1, block, 0)
    const w = (k & 1) === 1 ? 2 : 0
    const j = Math.floor((1 - uniform53(block[w], block[w + 1])) * (k + 1))
    const t = perm[k]
    perm[k] = perm[j]
    perm[j] = t
  }
}
