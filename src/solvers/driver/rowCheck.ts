// Which history values must be finite, and the check both drivers (runSolver.ts, deterministicRun.ts) run
// on every row before they yield it: a run whose state has gone non-finite fails, naming the metric, the
// step and the time, instead of finishing `done` with NaN rows.
//
// The rule. NaN is a legitimate value in two places only, and everything else must be finite:
// - `<metric>_se`: NaN is how an undefined standard error is written (one replica; an entropy group of one
//   particle, moments.ts), shown as null in JSON exports (exporter.ts). Its mean column is checked instead.
// - `entropy_knn` may be +∞, the exact ∫f log f of a measure with atoms (coincident particles,
//   klEntropy.ts); NaN or −∞ there means non-finite velocities, and fails.

const PARTICLE_KINDS = ['kac', 'fgm', 'fournier', 'pairing']

/** Whether `metric`'s value must be finite (entropy_knn: or +∞) in every row. */
export function mustBeFinite(metric: string): boolean {
  return !metric.endsWith('_se')
}

/** Whether `value` is admissible for `metric` under the rule above. */
export function admissible(metric: string, value: number): boolean {
  if (!mustBeFinite(metric)) return true
  return Number.isFinite(value) || (metric === 'entropy_knn' && value === Infinity)
}

/**
 * Throws `<solver>: energy became NaN at step 17 (t = 0.17)` for the first inadmissible value of a row
 * (values aligned with metrics). O(columns): nothing next to computing the row.
 */
export function checkRow(solver: string, metrics: readonly string[], values: readonly number[], step: number, t: number): void {
  for (let j = 0; j < values.length; j++) {
    if (!admissible(metrics[j], values[j])) {
      const grid = !PARTICLE_KINDS.includes(solver)
      const why =
        step > 0
          ? `a blow-up: try a smaller time.dt${grid ? ' or a finer grid' : ''}`
          : grid
            ? 'the initial datum is not resolved: try a finer grid or another box'
            : 'the initial sample is not finite'
      throw new Error(`${solver}: ${metrics[j]} became ${values[j]} at step ${step} (t = ${t}); the run is stopped (${why})`)
    }
  }
}
