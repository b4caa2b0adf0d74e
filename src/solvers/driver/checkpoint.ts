// Checkpoints: the whole state a run's next step depends on, so that a run stopped at any instant can be
// continued from its last checkpoint with the very bits of a run that was never stopped (docs/CLUSTER.md,
// "Checkpoints and resume").
// - A particle run: every replica's velocities, replica 0 first (M·3N doubles). Nothing else carries over
//   from one step to the next: the randomness is counter-based Philox keyed by (seed, runIndex, replica)
//   and the step number (ensemble.ts, steppers.ts), and every stepper's scratch is zero again after a step.
// - A deterministic run: its solver's checkpoint() (types.ts), element 0 the number of steps taken.
// The drivers never read a clock: the host says when a checkpoint is due (RunOptions.checkpointDue), and
// the drivers yield it after the step's row and snapshot events, which the host stores first.
import type { StepperOptions } from '../particles/steppers'
import type { GpuContext } from '../gpu/gpuApi'

/** A run's state after `step` steps (t = step·Δt). */
export interface RunCheckpoint {
  step: number
  state: Float64Array
}

export interface RunOptions extends StepperOptions {
  /**
   * Continue from this checkpoint instead of from t = 0: the row and snapshots at `step` are not yielded
   * again (they were stored before the checkpoint was).
   */
  start?: RunCheckpoint
  /**
   * Asked after each completed step `step` < totalSteps (the host decides, by wall clock): true yields a
   * 'checkpoint' event after that step's row and snapshots.
   */
  checkpointDue?: (step: number) => boolean
  /**
   * A WebGPU device for entries with device "gpu" or "auto" (docs/NUMERICS.md "GPU path"); the host obtains
   * it (src/backend/gpuDevice.ts). Without it "gpu" fails and "auto" runs on the CPU. With it the run yields
   * 'await' events, so only an async consumer can drive it.
   */
  gpu?: GpuContext
}

/** Refuses a start step outside the run (a checkpoint of another spec, a damaged record). */
export function checkStartStep(start: RunCheckpoint, totalSteps: number): void {
  if (!Number.isInteger(start.step) || start.step < 0 || start.step > totalSteps) {
    throw new RangeError(`checkpoint step ${start.step} is not a step of this run (0 … ${totalSteps})`)
  }
}

/** All replicas' velocities end to end: the state of a particle run (a fresh array the consumer owns). */
export function packReplicas(v: readonly Float64Array[]): Float64Array {
  const size = v.length === 0 ? 0 : v[0].length
  const out = new Float64Array(v.length * size)
  v.forEach((vm, m) => out.set(vm, m * size))
  return out
}

/** Puts a packReplicas state back into the replicas (in place); throws if its size is not theirs. */
export function unpackReplicas(state: Float64Array, v: Float64Array[]): void {
  const size = v.length === 0 ? 0 : v[0].length
  if (state.length !== v.length * size) {
    throw new RangeError(`checkpoint holds ${state.length} values, this run's ${v.length} replicas of ${size / 3} particles need ${v.length * size}`)
  }
  v.forEach((vm, m) => vm.set(state.subarray(m * size, (m + 1) * size)))
}

/** Throws unless `state` has exactly `expected` values (a solver's restore). */
export function checkStateLength(solver: string, state: Float64Array, expected: number): void {
  if (state.length !== expected) throw new RangeError(`${solver}: checkpoint holds ${state.length} values, this solver's state has ${expected}`)
}
