// History column conventions shared by the store, the picker and the chart builder.

/** Metrics drawn when the user has not chosen any (those the run has). */
export const DEFAULT_METRICS = ['Txx', 'Tyy', 'Tzz', 'energy']
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
