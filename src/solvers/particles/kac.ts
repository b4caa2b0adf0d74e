// Kac's all-pairs particle system (1.6) with the exact-conservation pair step (docs/MATH.md §2, ω = 1).
// One time step applies the pair step once to each of the N(N−1)/2 pairs, round by round in the
// round-robin order. That is a Lie splitting of the generator over rounds: weak order 1 in Δt like the
// pair step itself. Pairs within a round are disjoint, so their order inside the round is immaterial;
// only the round order is part of the scheme.
//
// The rounds run in the WebAssembly kernel (kacKernel.wat, docs/NUMERICS.md §4.3): the pair step of
// rotationStep.ts with the kick of streams.ts' kickBlock, two pairs a SIMD vector. It is the only
// implementation the solver uses, in every environment, so results never depend on where a run executes.
import { createEnsemble, type Ensemble } from './ensemble'
import { roundCount } from './roundRobin'
import { kernelRound, kernelRounds } from './kacKernel'

// A run split over threads (docs/NUMERICS.md §4.4): the same kernel on chunks of each round's pairs.
export { KacTeam, assistKacTeam, endTeam, setTeamSize, teamAssistants, teamEnded, teamHelped, TEAM_SLOTS } from './kacTeam'
export type { WasmMemory as TeamMemory } from './kacKernel'

/** The replicas of Kac's system: the shared ensemble of every particle system (ensemble.ts). */
export type KacEnsemble = Ensemble
export const createKacEnsemble = createEnsemble

/**
 * Applies the pair step to the `count` disjoint pairs (pairs[2k], pairs[2k+1]), i < j, of one round at
 * time step `step`. κ = kickScale(N, Δt).
 */
export const kacRound: typeof kernelRound = kernelRound

/**
 * Rounds first … end − 1 of time step `step` (0 ≤ first ≤ end ≤ roundCount(N)), in order: a time step
 * cut into parts (steppers.ts) runs through here so that the velocities enter the kernel once a part.
 */
export const kacRounds: typeof kernelRounds = kernelRounds

/**
 * One time step (from t = step·Δt to (step+1)·Δt) of one replica: all rounds in order.
 */
export function kacStep(v: Float64Array, N: number, kappa: number, gamma: number, k0: number, k1: number, step: number): void {
  kacRounds(v, N, 0, roundCount(N), kappa, gamma, k0, k1, step)
}
