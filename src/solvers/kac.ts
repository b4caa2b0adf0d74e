// Kac's all-pairs particle system (1.6) with the exact-conservation pair step (MATH.md §2, ω = 1).
// One time step applies the pair step once to each of the N(N−1)/2 pairs, round by round in the
// round-robin order. That is a Lie splitting of the generator over rounds: weak order 1 in Δt like the
// pair step itself. Pairs within a round are disjoint, so their order inside the round is immaterial;
// only the round order is part of the scheme.
import { createEnsemble, type Ensemble } from './ensemble'
import { roundCount, roundPairs } from './roundRobin'
import { rotationStep } from './rotationStep'
import { kickBlock } from './streams'

/** The replicas of Kac's system: the shared ensemble of every particle system (ensemble.ts). */
export type KacEnsemble = Ensemble
export const createKacEnsemble = createEnsemble

/**
 * Applies the pair step to the `count` disjoint pairs (pairs[2k], pairs[2k+1]) of one round at time
 * step `step`. κ = kickScale(N, Δt); `block` is a 4-word scratch for each pair's Philox block.
 */
export function kacRound(
  v: Float64Array,
  pairs: Uint32Array,
  count: number,
  kappa: number,
  gamma: number,
  k0: number,
  k1: number,
  step: number,
  block: Uint32Array,
): void {
  for (let p = 0; p < count; p++) {
    const i = pairs[2 * p]
    const j = pairs[2 * p + 1]
    kickBlock(k0, k1, step, i, j, block, 0)
    rotationStep(v, i, j, kappa, gamma, block, 0)
  }
}

/**
 * One time step (from t = step·Δt to (step+1)·Δt) of one replica: all rounds in order.
 * `pairs` needs 2⌊N/2⌋ entries, `block` 4.
 */
export function kacStep(
  v: Float64Array,
  N: number,
  kappa: number,
  gamma: number,
  k0: number,
  k1: number,
  step: number,
  pairs: Uint32Array,
  block: Uint32Array,
): void {
  const rounds = roundCount(N)
  for (let r = 0; r < rounds; r++) {
    const count = roundPairs(N, r, pairs)
    kacRound(v, pairs, count, kappa, gamma, k0, k1, step, block)
  }
}
