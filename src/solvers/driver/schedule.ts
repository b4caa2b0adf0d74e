// When a run writes what: one rule for both drivers (runSolver.ts, deterministic/deterministicRun.ts), for
// the storage estimate and for the charts that mark snapshot times, so that they can never disagree.
// - The run takes totalSteps = round(T/Δt) steps of Δt.
// - History rows at step 0, at every `every`-th step and always at the last step (t = step·Δt).
// - Snapshots (particle velocities, or a deterministic density) at step round(t/Δt) of each requested t,
//   clamped to [0, totalSteps] (the spec allows t up to T(1 + 1e-12)); times that round to the same step
//   give one snapshot. The event carries t = step·Δt, the time the state really has.

export interface RunSchedule {
  readonly totalSteps: number
  /** The distinct snapshot steps, ascending. */
  readonly snapshotSteps: readonly number[]
  /** Whether a history row is written after `step` steps (0 ≤ step ≤ totalSteps). */
  rowDue(step: number): boolean
  /** Whether a snapshot is taken after `step` steps. */
  snapshotDue(step: number): boolean
}

export interface ScheduleTime {
  readonly T: number
  readonly dt: number
  readonly every: number
}

export function runSchedule(time: ScheduleTime, snapshots: readonly number[] = []): RunSchedule {
  const totalSteps = Math.round(time.T / time.dt)
  const snaps = snapshotSteps(snapshots, time.dt, totalSteps)
  const snapSet = new Set(snaps)
  return {
    totalSteps,
    snapshotSteps: snaps,
    rowDue: (step) => step === 0 || step % time.every === 0 || step === totalSteps,
    snapshotDue: (step) => snapSet.has(step),
  }
}

/** How many history rows a run of `totalSteps` steps writes with rows every `every` steps. */
export function historyRowCount(totalSteps: number, every: number): number {
  return 1 + Math.floor(totalSteps / every) + (totalSteps % every === 0 ? 0 : 1)
}

/** The distinct snapshot steps of the times, ascending. */
export function snapshotSteps(times: readonly number[], dt: number, totalSteps: number): number[] {
  const steps = new Set<number>()
  for (const t of times) {
    if (!(t >= 0) || !Number.isFinite(t)) throw new RangeError(`snapshot time must be finite and ≥ 0: ${t}`)
    steps.add(Math.min(totalSteps, Math.round(t / dt)))
  }
  return [...steps].sort((a, b) => a - b)
}
