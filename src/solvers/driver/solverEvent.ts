// The events a run yields (runSolver.ts, deterministic/deterministicRun.ts), in their own file so that
// both drivers import them without importing each other.
import type { DensityRecord } from '../deterministic/types'
import type { TeamMemory } from '../particles/kac'

export type SolverEvent =
  | { type: 'start'; metrics: string[]; totalSteps: number }
  | { type: 'row'; step: number; t: number; values: number[] } // values aligned with `metrics`
  /** Replica `replica`'s velocities at `step` (t = step·Δt): a copy the consumer owns, Float64Array(3N). */
  | { type: 'snapshot'; step: number; t: number; replica: number; v: Float64Array }
  /**
   * snapshotKind 'moments': at `step`, for each φ of `phis`, every replica's m and q (chaosObservables.ts):
   * m[k·M + r], q[k·M + r] for φ = phis[k] and replica r; arrays the consumer owns.
   */
  | { type: 'moments'; step: number; t: number; phis: string[]; replicas: number; m: Float64Array; q: Float64Array }
  /**
   * A replica-range part (RunSpec.replicaRange) at each history row: its replicas' six moments (moments.ts
   * particleMoments, 6 per replica, replica `from` first) and their entropy pool (moments.ts entropyPool),
   * arrays the consumer owns. A merge concatenates the parts' and computes the whole run's row from them.
   */
  | { type: 'replicaRow'; step: number; t: number; from: number; moments: Float64Array; pool: Float64Array }
  /** A deterministic run's density at `step` (spec.snapshots): a fresh record the consumer owns. */
  | { type: 'density'; step: number; t: number; density: DensityRecord }
  | { type: 'progress'; fraction: number } // in [0, 1]
  /**
   * The run is split (steppers.ts, StepperOptions.split): other threads may help it by running
   * assistKacTeam(memory) (kac.ts) until it ends. Comes right after 'start'; the bits do not depend on it.
   */
  | { type: 'split'; memory: TeamMemory; chunks: number }
  /**
   * The run's whole state after `step` steps (checkpoint.ts), when the host's checkpointDue said so: after
   * the step's row and snapshot events. A fresh array the consumer owns.
   */
  | { type: 'checkpoint'; step: number; t: number; state: Float64Array }
  /**
   * The GPU path only (RunOptions.gpu): the consumer must await `ready` before it asks for the next event —
   * the device's velocities are being read back for the row or snapshot that follows, or its queue drained.
   */
  | { type: 'await'; ready: Promise<void> }
