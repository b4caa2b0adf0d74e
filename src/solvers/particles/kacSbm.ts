// Kac's all-pairs system with the exact pair step (sbmStep.ts): the round-robin rounds of kac.ts, each pair
// moved by spherical Brownian motion for its own τ = κ² |z|^γ. This is the JavaScript reference of the
// kernel's rounds (kacSbmKernel.ts), which the solver runs: the same pairs, blocks and lineage counts, X and
// the angle within the ulps of the kernel's log and sincos (test/solvers/particles/kacSbmKernel.test.ts). A
// Kac sbm run is never split over threads (steppers.ts splits rotation runs only).
// The pairs of a round are disjoint and every draw is addressed by (step, i, j), so the round order is the
// only order that matters, as for the rotation step.
import { roundPairs } from './roundRobin'
import { AncestralScratch, sbmStep } from './sbmStep'
import { kickBlock } from '../random/streams'

/** Scratch of Kac's sbm rounds for N particles: a round's pairs, the Philox block, the sampler's state. */
export class KacSbmScratch {
  readonly pairs: Uint32Array
  readonly block = new Uint32Array(4)
  readonly ancestral = new AncestralScratch()
  constructor(N: number) {
    this.pairs = new Uint32Array(2 * Math.max(1, Math.floor(N / 2)))
  }
}

/**
 * Rounds first … end − 1 of time step `step` of one replica v (Float64Array(3N)), in place, with
 * κ² = 8Δt/N (ω = 1), exponent γ and stream key (k0, k1). The block is the rotation step's (KICK), so
 * same-seed Kac rotation and sbm runs share (the top bits of) their Beta uniforms and angles.
 */
export function kacSbmRounds(
  v: Float64Array,
  N: number,
  first: number,
  end: number,
  kappa2: number,
  gamma: number,
  k0: number,
  k1: number,
  step: number,
  s: KacSbmScratch,
): void {
  const { pairs, block, ancestral } = s
  for (let r = first; r < end; r++) {
    const count = roundPairs(N, r, pairs)
    for (let p = 0; p < count; p++) {
      const i = pairs[2 * p]
      const j = pairs[2 * p + 1]
      kickBlock(k0, k1, step, i, j, block, 0)
      sbmStep(v, i, j, kappa2, gamma, block, 0, ancestral)
    }
  }
}
