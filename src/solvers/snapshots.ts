// When the particle velocities are stored (RunSpec.snapshots): a time t is taken at step round(t/Δt),
// clamped to [0, totalSteps] (the spec allows t up to T(1 + 1e-12)); times that round to the same step give
// one snapshot. The event carries t = step·Δt, the time the state really has.

/** The distinct snapshot steps of the times, ascending. */
export function snapshotSteps(times: readonly number[], dt: number, totalSteps: number): number[] {
  const steps = new Set<number>()
  for (const t of times) {
    if (!(t >= 0) || !Number.isFinite(t)) throw new RangeError(`snapshot time must be finite and ≥ 0: ${t}`)
    steps.add(Math.min(totalSteps, Math.round(t / dt)))
  }
  return [...steps].sort((a, b) => a - b)
}
