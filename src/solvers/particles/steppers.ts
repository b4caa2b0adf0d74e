// One "step one replica" function per particle system and integrator, for the shared driver (runSolver.ts).
// A time step of one replica is cut into `parts` run in order — Kac's round-robin rounds, row blocks of
// the all-pairs Euler sweeps, or a single part — so that a long step can report progress between parts.
// The driver runs all parts of replica m before replica m+1 (scratch is shared by the replicas), and the
// parts of a step change no arithmetic: the bits are those of the plain whole-step functions.
import type { ParticleRunSpec } from '../driver/runSpec'
import type { Ensemble } from './ensemble'
import { fgmRows } from './fgm'
import { fournierFinish, fournierRows, fournierScratch } from './fournier'
import { kacRounds, KacTeam } from './kac'
import { kacEulerRows } from './kacEuler'
import { kernelPairingSbmStep, kernelSbmRounds } from './kacSbmKernel'
import { pairingEulerStep, pairingRotationStep, pairingWeight } from './pairing'
import { AncestralScratch } from './sbmStep'
import { roundCount } from './roundRobin'
import { kickScale } from './rotationStep'
import { applyIncrements, rowBlocks } from './rowBlocks'

export interface ReplicaStepper {
  /** Parts of one time step of one replica, run in order 0 … parts−1. */
  readonly parts: number
  /** Pair updates (or, for Fournier, pair visits) per part: the unit of progress. */
  readonly pairsPerPart: number
  /** Runs part `part` of time step `step` (from t = step·Δt) on replica m, in place. */
  run(m: number, step: number, part: number): void
  /** A split run (Kac rotation, N ≥ SPLIT_MIN_N, when asked): the team other threads may join. */
  readonly team?: KacTeam
  /**
   * A GPU stepper (gpu/gpuStepper.ts), after each whole step: with read, brings the velocities back into the
   * ensemble (a row, snapshot or checkpoint is due); otherwise may ask for a wait that bounds the device's queue.
   * The driver yields what it returns as an 'await' event.
   */
  sync?(read: boolean): Promise<void> | undefined
  /** Frees what the stepper holds outside the JavaScript heap (GPU buffers). */
  close?(): void
}

export interface StepperOptions {
  /**
   * Split each Kac round's pairs among threads that join the run (kacTeam.ts, docs/NUMERICS.md §4.4) when
   * N ≥ SPLIT_MIN_N. The bits are those of the unsplit step whatever the number of threads.
   */
  split?: boolean
}

/**
 * Kac rotation runs from this N on are split when asked: a round then has ≥ 1000 pairs (4 chunks of 256),
 * ≈ 18 µs of work, enough for the round's barrier and claims to cost little. Measured with one assistant on
 * 2 cores: 1.9× at N = 2000, 1.6× at 1000, 0.9× at 500 (docs/BENCHMARKS.md).
 */
export const SPLIT_MIN_N = 2000

/** Row blocks of an all-pairs sweep hold about this many pairs (progress granularity, not arithmetic). */
const PAIRS_PER_BLOCK = 25_000

export function createStepper(spec: ParticleRunSpec, ens: Ensemble, opts: StepperOptions = {}): ReplicaStepper {
  const solver = spec.solver
  const { N, v, keys } = ens
  const dt = spec.time.dt
  const gamma = spec.kernel.gamma
  const block = new Uint32Array(4)
  const g = new Float64Array(3)
  switch (solver.kind) {
    case 'kac':
      if (solver.integrator === 'rotation') {
        // Parts are blocks of consecutive rounds of about PAIRS_PER_BLOCK pairs: the velocities enter the
        // WebAssembly kernel once a part (kac.ts), and the rounds run in the same order as in kacStep.
        const kappa = kickScale(N, dt)
        const rounds = roundCount(N)
        const perPart = Math.max(1, Math.floor(PAIRS_PER_BLOCK / Math.floor(N / 2)))
        const parts = Math.ceil(rounds / perPart)
        if (opts.split && N >= SPLIT_MIN_N) {
          const team = new KacTeam(N, kappa, gamma)
          return {
            parts,
            pairsPerPart: (Math.floor(N / 2) * rounds) / parts,
            team,
            // The parts of a replica's step run back to back (runSolver.ts): its velocities enter the
            // team's memory at the first part and come back at the last.
            run(m, step, part) {
              const first = part * perPart
              const k0 = keys[2 * m]
              const k1 = keys[2 * m + 1]
              team.rounds(v[m], first, Math.min(rounds, first + perPart), k0, k1, step, part === 0, part === parts - 1)
            },
          }
        }
        return {
          parts,
          pairsPerPart: (Math.floor(N / 2) * rounds) / parts,
          run(m, step, part) {
            const first = part * perPart
            kacRounds(v[m], N, first, Math.min(rounds, first + perPart), kappa, gamma, keys[2 * m], keys[2 * m + 1], step)
          },
        }
      }
      if (solver.integrator === 'sbm') {
        // The exact pair step runs in the WebAssembly kernel (kacSbmKernel.ts; kacSbm.ts is its JavaScript
        // reference) and is never split: parts are blocks of rounds as for rotation, which change no bit (the
        // rounds run in the same order).
        const kappa = kickScale(N, dt)
        const rounds = roundCount(N)
        const perPart = Math.max(1, Math.floor(PAIRS_PER_BLOCK / Math.floor(N / 2)))
        const parts = Math.ceil(rounds / perPart)
        const scratch = new AncestralScratch()
        return {
          parts,
          pairsPerPart: (Math.floor(N / 2) * rounds) / parts,
          run(m, step, part) {
            const first = part * perPart
            kernelSbmRounds(v[m], N, first, Math.min(rounds, first + perPart), kappa * kappa, gamma, keys[2 * m], keys[2 * m + 1], step, scratch)
          },
        }
      }
      return allPairsEuler(v, N, (m, step, lo, hi, inc) => {
        kacEulerRows(v[m], N, dt, gamma, keys[2 * m], keys[2 * m + 1], step, lo, hi, inc, block, g)
      })
    case 'fgm':
      return allPairsEuler(v, N, (m, step, lo, hi, inc) => {
        fgmRows(v[m], N, dt, gamma, keys[2 * m], keys[2 * m + 1], step, lo, hi, inc, block, g)
      })
    case 'fournier': {
      const w = fournierScratch(N)
      return rowBlockStepper(
        N,
        (m, step, lo, hi) => fournierRows(v[m], N, dt, gamma, lo, hi, w.inc, w.A6),
        (m, step) => fournierFinish(v[m], N, dt, keys[2 * m], keys[2 * m + 1], step, w.inc, w.A6, w.block, w.g, w.s, w.out),
      )
    }
    case 'pairing': {
      const perm = new Uint32Array(N)
      const pairsPerPart = Math.floor(N / 2)
      if (solver.integrator === 'rotation') {
        const kappa = kickScale(N, dt, pairingWeight(N))
        return {
          parts: 1,
          pairsPerPart,
          run(m, step) {
            pairingRotationStep(v[m], N, kappa, gamma, keys[2 * m], keys[2 * m + 1], step, perm, block)
          },
        }
      }
      if (solver.integrator === 'sbm') {
        // In the WebAssembly kernel (kacSbmKernel.ts); pairing.ts' pairingSbmStep is its JavaScript reference.
        const kappa = kickScale(N, dt, pairingWeight(N))
        const ancestral = new AncestralScratch()
        return {
          parts: 1,
          pairsPerPart,
          run(m, step) {
            kernelPairingSbmStep(v[m], N, kappa * kappa, gamma, keys[2 * m], keys[2 * m + 1], step, perm, block, ancestral)
          },
        }
      }
      return {
        parts: 1,
        pairsPerPart,
        run(m, step) {
          pairingEulerStep(v[m], N, dt, gamma, keys[2 * m], keys[2 * m + 1], step, perm, block, g)
        },
      }
    }
    default: {
      const unknown: never = solver
      throw new Error(`unknown solver kind ${String((unknown as { kind: unknown }).kind)}`)
    }
  }
}

/** An Euler step over all pairs: row blocks that add increments to one scratch, applied after the last. */
function allPairsEuler(v: Float64Array[], N: number, rowsOf: (m: number, step: number, lo: number, hi: number, inc: Float64Array) => void): ReplicaStepper {
  const inc = new Float64Array(3 * N)
  return rowBlockStepper(
    N,
    (m, step, lo, hi) => rowsOf(m, step, lo, hi, inc),
    (m) => applyIncrements(v[m], inc, 3 * N),
  )
}

/** A sweep over all pairs i < j cut into row blocks of about PAIRS_PER_BLOCK pairs; `finish` ends the step. */
function rowBlockStepper(
  N: number,
  rowsOf: (m: number, step: number, lo: number, hi: number) => void,
  finish: (m: number, step: number) => void,
): ReplicaStepper {
  const totalPairs = (N * (N - 1)) / 2
  const blocks = Math.max(1, Math.ceil(totalPairs / PAIRS_PER_BLOCK))
  const rows = rowBlocks(N, blocks)
  return {
    parts: blocks,
    pairsPerPart: totalPairs / blocks,
    run(m, step, part) {
      rowsOf(m, step, rows[part], rows[part + 1])
      if (part === blocks - 1) finish(m, step)
    },
  }
}
