// `npm run bench -- sbm`: pair updates/s of the exact pair step (sbm) beside the rotation step it replaces,
// γ = −3, one thread. In this process (N = 2000): the pairing system (both steps in JavaScript, as the solver runs
// them), Kac's rounds in the WebAssembly kernel (both steps, as the solver runs them), and Kac's JavaScript
// references for comparison. On the user's path (`landau run --workers 1`, the built CLI through the pool, the
// difference of a long and a one-step run): both systems. The target: sbm ≥ rotation/1.5.
import { performance } from 'node:perf_hooks'
import { createEnsemble } from '../../src/solvers/particles/ensemble'
import { kacStep } from '../../src/solvers/particles/kac'
import { KacSbmScratch, kacSbmRounds } from '../../src/solvers/particles/kacSbm'
import { kernelSbmRounds } from '../../src/solvers/particles/kacSbmKernel'
import { pairingRotationStep, pairingSbmStep, pairingWeight } from '../../src/solvers/particles/pairing'
import { roundCount, roundPairs } from '../../src/solvers/particles/roundRobin'
import { kickScale, rotationStep } from '../../src/solvers/particles/rotationStep'
import { AncestralScratch } from '../../src/solvers/particles/sbmStep'
import { kickBlock } from '../../src/solvers/random/streams'
import { fix, median, REPS, sci, spec, verdict } from './benchHelpers'
import { buildCli, landauRun } from './userPath'

const N = 2000
const DT = 0.01
const GAMMA = -3

type Step = (v: Float64Array, k0: number, k1: number, step: number) => void

/** Pair updates/s of `steps` steps of one replica (Maxwellian data, sampling not timed). */
function rate(step: Step, steps: number, pairsPerStep: number, seed: number): number {
  const ens = createEnsemble({ family: 'maxwellian' }, N, 1, seed, 0)
  const t0 = performance.now()
  for (let s = 0; s < steps; s++) step(ens.v[0], ens.keys[0], ens.keys[1], s)
  return (pairsPerStep * steps) / ((performance.now() - t0) / 1000)
}

function pairingSteps(): { rotation: Step; sbm: Step } {
  const perm = new Uint32Array(N)
  const block = new Uint32Array(4)
  const anc = new AncestralScratch()
  const kappa = kickScale(N, DT, pairingWeight(N))
  return {
    rotation: (v, k0, k1, s) => pairingRotationStep(v, N, kappa, GAMMA, k0, k1, s, perm, block),
    sbm: (v, k0, k1, s) => pairingSbmStep(v, N, kappa * kappa, GAMMA, k0, k1, s, perm, block, anc),
  }
}

function kacKernelSteps(): { rotation: Step; sbm: Step } {
  const kappa = kickScale(N, DT)
  const scratch = new AncestralScratch()
  return {
    rotation: (v, k0, k1, s) => kacStep(v, N, kappa, GAMMA, k0, k1, s),
    sbm: (v, k0, k1, s) => kernelSbmRounds(v, N, 0, roundCount(N), kappa * kappa, GAMMA, k0, k1, s, scratch),
  }
}

function kacSteps(): { rotation: Step; sbm: Step } {
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

export function benchSbm(): void {
  const allPairs = (N * (N - 1)) / 2
  const sys = {
    'pairing, JavaScript steps': { steps: 400, pairs: N / 2, fns: pairingSteps(), target: true },
    'kac, WebAssembly kernels': { steps: 10, pairs: allPairs, fns: kacKernelSteps(), target: true },
    'kac, JavaScript references': { steps: 2, pairs: allPairs, fns: kacSteps(), target: false },
  }
  for (const [name, { steps, pairs, fns, target }] of Object.entries(sys)) {
    rate(fns.rotation, Math.ceil(steps / 10), pairs, 99) // JIT warm-up, not counted
    rate(fns.sbm, Math.ceil(steps / 10), pairs, 99)
    const rot: number[] = []
    const sbm: number[] = []
    for (let r = 0; r < REPS; r++) {
      rot.push(rate(fns.rotation, steps, pairs, r))
      sbm.push(rate(fns.sbm, steps, pairs, r))
    }
    const ratio = median(rot) / median(sbm)
    const what = `${name} in-process, γ=${GAMMA} N=${N} dt ${DT}, 1 thread`
    const rates = `rotation ${sci(median(rot))} pairs/s · sbm ${sci(median(sbm))} pairs/s · rotation/sbm ${fix(ratio)}`
    console.log(`${what}: ${rates} ${target ? `(target ≤ 1.5) ${verdict(ratio <= 1.5)}` : '(context)'}`)
  }
  benchSbmUserPath()
}

/** Pair updates/s of `landau run --workers 1` on one replica: (long − 1) steps' pairs over the wall-time difference. */
function cliRate(kind: 'pairing' | 'kac', integrator: 'rotation' | 'sbm', n: number, long: number): number {
  const run = (steps: number) =>
    landauRun(spec({ kernel: { gamma: GAMMA }, solvers: [{ kind, N: n, replicas: 1, integrator }], time: { T: steps * DT, dt: DT, every: steps } }), 1)
  const a = run(long)
  const b = run(1)
  const perStep = kind === 'kac' ? (n * (n - 1)) / 2 : n >>> 1
  return (perStep * (long - 1)) / (a.seconds - b.seconds)
}

function benchSbmUserPath(): void {
  buildCli()
  // ≈ 1–2 s of stepping a run, so that the start-up noise of the two processes is a few per cent of the difference
  const sys = { pairing: { n: 20_000, long: 600 }, kac: { n: 2000, long: 25 } }
  for (const [name, { n, long }] of Object.entries(sys) as [keyof typeof sys, (typeof sys)[keyof typeof sys]][]) {
    const rot: number[] = []
    const sbm: number[] = []
    for (let r = 0; r < REPS; r++) {
      rot.push(cliRate(name, 'rotation', n, long))
      sbm.push(cliRate(name, 'sbm', n, long))
    }
    const ratio = median(rot) / median(sbm)
    const what = `${name} γ=${GAMMA} N=${n} dt ${DT}, user path (landau run --workers 1, ${long} − 1 steps)`
    const rates = `rotation ${sci(median(rot))} pairs/s · sbm ${sci(median(sbm))} pairs/s · rotation/sbm ${fix(ratio)}`
    console.log(`${what}: ${rates} (target ≤ 1.5) ${verdict(ratio <= 1.5)}`)
  }
}
