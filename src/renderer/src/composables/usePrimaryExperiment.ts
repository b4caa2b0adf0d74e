// The experiment of the primary selected run and its runs in index order: what the convergence and the
// conservation views are about.
import { computed } from 'vue'
import type { ComputedRef } from 'vue'
import type { RunRecord } from '../../../shared/api'
import { useRunsStore } from '../stores/runs'
import { useSelectionStore } from '../stores/selection'

export function usePrimaryExperiment(): { experimentId: ComputedRef<number | null>; expRuns: ComputedRef<RunRecord[]> } {
  const runs = useRunsStore()
  const selection = useSelectionStore()
  const experimentId = computed<number | null>(() => {
    const id = selection.primaryId
    const r = id !== null ? runs.runsById.get(id) : undefined
    return r ? r.experimentId : null
  })
  const expRuns = computed<RunRecord[]>(() =>
    experimentId.value === null ? [] : runs.runs.filter((r) => r.experimentId === experimentId.value).sort((a, b) => a.index - b.index),
  )
  return { experimentId, expRuns }
}
