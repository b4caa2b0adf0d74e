// The steps `npm run bench -- sbm` times in-process (sbmPairRate.ts), in a module of their own so that the bench
// can bundle them with esbuild as the CLI's build bundles its pool thread (CommonJS, scripts/build-cli.mjs): the
// timed loops then run the code a user runs (under tsx every call across modules goes through an export getter,
// ≈ 15 % of the JavaScript sbm step's profile, more of it than of the rotation step's). Nothing here imports Node.
import { createEnsemble } from '../../src/solvers/particles/ensemble'
import { kacStep } from '../../src/solvers/particles/kac'
import { KacSbmScratch, kacSbmRounds } from '../../src/solvers/particles/kacSbm'
import { kernelPairingSbmStep, kernelSbmRounds } from '../../src/solvers/particles/kacSbmKernel'
import { pairingRotationStep, pairingSbmStep, pairingWeight } from '../../src/solvers/particles/pairing'
import { roundCount, roundPairs } from '../../src/solvers/particles/roundRobin'
import { kickScale, rotationStep } from '../../src/solvers/particles/rotationStep'
import { AncestralScratch } from '../../src/solvers/particles/sbmStep'
import { kickBlock } from '../../src/solvers/random/streams'

export const N = 2000
export const DT = 0.01
export const GAMMA = -3

export type Step = (v: Float64Array, k0: number, k1: number, step: number) => void

/** Pair updates/s of `steps` steps of one replica (Maxwellian data, sampling not timed). */
export function rate(step: Step, steps: number, pairsPerStep: number, seed: number): number {
  const ens = createEnsemble({ family: 'maxwellian' }, N, 1, seed, 0)
  const t0 = performance.now()
  for (let s = 0; s < steps; s++) step(ens.v[0], ens.keys[0], ens.keys[1], s)
  return (pairsPerStep * steps) / ((performance.now() - t0) / 1000)
}

/**
 * The pairing system's steps: as the solver runs them (steppers.ts: rotation in JavaScript, sbm in the kernel), or
 * with `javascript` both in JavaScript (pairing.ts' pairingSbmStep is the sbm kernel's reference).
 */
export function pairingSteps(javascript = false): { rotation: Step; sbm: Step } {
  const perm = new Uint32Array(N)
  const block = new Uint32Array(4)
  const anc = new AncestralScratch()
  const kappa = kickScale(N, DT, pairingWeight(N))
  const sbm = javascript ? pairingSbmStep : kernelPairingSbmStep
  return {
    rotation: (v, k0, k1, s) => pairingRotationStep(v, N, kappa, GAMMA, k0, k1, s, perm, block),
    sbm: (v, k0, k1, s) => void sbm(v, N, kappa * kappa, GAMMA, k0, k1, s, perm, block, anc),
  }
}

export function kacKernelSteps(): { rotation: Step; sbm: Step } {
  const kappa = kickScale(N, DT)
  const scratch = new AncestralScratch()
  return {
    rotation: (v, k0, k1, s) => kacStep(v, N, kappa, GAMMA, k0, k1, s),
    sbm: (v, k0, k1, s) => kernelSbmRounds(v, N, 0, roundCount(N), kappa * kappa, GAMMA, k0, k1, s, scratch),
  }
}

export function kacSteps(): { rotation: Step; sbm: Step } {
  const pairs = new Uint32Array(N)
  const block = new Uint32Array(4)
  const scratch = new KacSbmScratch(N)
  const kappa = kickScale(N, DT)
  return {
    // The JavaScript reference of the kernel's rounds: same pairs, same KICK blocks, rotationStep.
    rotation: (v, k0, k1, s) => {
      for (let r = 0; r < roundCount(N); r++) {
        const count = roundPairs(N, r, pairs)
        for (let p = 0; p < count; p++) {
          kickBlock(k0, k1, s, pairs[2 * p], pairs[2 * p + 1], block, 0)
          rotationStep(v, pairs[2 * p], pairs[2 * p + 1], kappa, GAMMA, block, 0)
        }
      }
    },
    sbm: (v, k0, k1, s) => kacSbmRounds(v, N, 0, roundCount(N), kappa * kappa, GAMMA, k0, k1, s, scratch),
  }
}
