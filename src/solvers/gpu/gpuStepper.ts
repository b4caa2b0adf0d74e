// The steppers of the GPU path (device "gpu"/"auto" on a kac or pairing entry with the rotation integrator):
// the same ReplicaStepper contract as steppers.ts, with the pair steps queued on a WebGPU device
// (gpuPairSystem.ts), a batch of replicas per dispatch: run() for a batch's last replica dispatches the
// batch, for the others it only prepares their share (pairing: the matching). run() only queues work; the
// driver calls sync() after each step and awaits what it returns (runSolver.ts, the 'await' event) — a
// readback when a row, a snapshot or a checkpoint needs the velocities, otherwise now and then a drain that
// bounds the queue.
import type { ParticleRunSpec } from '../driver/runSpec'
import type { Ensemble } from '../particles/ensemble'
import type { ReplicaStepper } from '../particles/steppers'
import { pairingWeight } from '../particles/pairing'
import { kickScale } from '../particles/rotationStep'
import { roundCount } from '../particles/roundRobin'
import { randomPermutation } from '../random/randomMatching'
import { Purpose } from '../random/streams'
import { SystemPurpose } from '../random/systemStreams'
import type { GpuDevice } from './gpuApi'
import { GpuPairSystem } from './gpuPairSystem'

/** Kac's rounds are submitted in parts of about this many pair updates: progress granularity only. */
const PAIRS_PER_PART = 1_000_000

/** Why a solver entry cannot run on the GPU, or null when it can. */
export function gpuUnsupported(solver: ParticleRunSpec['solver']): string | null {
  if (solver.kind !== 'kac' && solver.kind !== 'pairing') return `${solver.kind} has no GPU path (kac and pairing have)`
  if (solver.integrator !== 'rotation') return `the GPU path runs the rotation integrator only, not "${solver.integrator}"`
  return null
}

export function createGpuStepper(spec: ParticleRunSpec, ens: Ensemble, device: GpuDevice): ReplicaStepper {
  const why = gpuUnsupported(spec.solver)
  if (why) throw new Error(why)
  const { N, v, keys } = ens
  const { dt } = spec.time
  const gamma = spec.kernel.gamma
  const pairsPerRound = Math.floor(N / 2)
  const common = {
    sync(read: boolean): Promise<void> | undefined {
      if (read) return system.read(v)
      return system.needsDrain() ? system.drain() : undefined
    },
    close: () => system.destroy(),
  }
  let system: GpuPairSystem
  if (spec.solver.kind === 'pairing') {
    system = new GpuPairSystem(device, { N, kappa: kickScale(N, dt, pairingWeight(N)), gamma, purpose: SystemPurpose.PAIRING_KICK, rounds: false }, v, keys)
    const perm = new Uint32Array(N)
    const block = new Uint32Array(4)
    return {
      parts: 1,
      pairsPerPart: pairsPerRound,
      run(m, step) {
        // The matching is the CPU path's (same counters): only the pair steps differ, by f32 rounding.
        randomPermutation(N, keys[2 * m], keys[2 * m + 1], step, perm, block)
        system.matchingStep(m, step, perm)
      },
      ...common,
    }
  }
  system = new GpuPairSystem(device, { N, kappa: kickScale(N, dt), gamma, purpose: Purpose.KICK, rounds: true }, v, keys)
  const rounds = roundCount(N)
  const perPart = Math.max(1, Math.floor(PAIRS_PER_PART / pairsPerRound))
  const parts = Math.ceil(rounds / perPart)
  return {
    parts,
    pairsPerPart: (pairsPerRound * rounds) / parts,
    run(m, step, part) {
      const first = part * perPart
      system.roundsStep(m, step, first, Math.min(rounds, first + perPart))
    },
    ...common,
  }
}
