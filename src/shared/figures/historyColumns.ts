// History column conventions shared by the store, the picker and the chart builder.

/** Metrics drawn for a particle run when the user has not chosen any (those the run has). */
export const DEFAULT_METRICS = ['Txx', 'Tyy', 'Tzz', 'energy']
/** The same for a deterministic run: the entropy H and the Fisher information I it dissipates, and the
 * energy it should conserve (its temperatures relax too, but are not what such a run is for). */
export const DETERMINISTIC_DEFAULT_METRICS = ['entropy', 'fisher', 'energy']

/** A run's default metrics: by its solver (a deterministic one has no N), or, for a run not known yet,
 * by its columns (only deterministic runs record `fisher`). */
export function defaultMetricsOf(params: object | undefined, metrics: readonly string[]): readonly string[] {
  const deterministic = params ? !('N' in params) : metrics.includes('fisher')
  return deterministic ? DETERMINISTIC_DEFAULT_METRICS : DEFAULT_METRICS
}
/** Column suffix of a metric's standard error over replicas. */
export const SE_SUFFIX = '_se'

/** A run's history as the renderer holds it (columnar, grown in place). */
export interface LiveHistory {
  runId: number
  t: number[]
  values: Record<string, number[]>
  loading: boolean
  error: string | null
}
