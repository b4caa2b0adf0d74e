// How the run table shows the runs: which (active, archived, trash, all), the search box's words and filters
// (src/shared/runQuery.ts: the same language as `landau runs`), the order, and whether they are grouped by
// experiment. The selection's shift-click ranges follow this order (./selection.ts).
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { RunRecord } from '../../../shared/api'
import { inView, matchRun, parseRunQuery, sortRuns } from '../../../shared/runQuery'
import type { RunSort, RunView } from '../../../shared/runQuery'
import { useRunsStore } from './runs'

export interface RunGroup {
  experimentId: number
  name: string
  runs: RunRecord[]
}

export const useRunViewStore = defineStore('runView', () => {
  const runs = useRunsStore()
  const query = ref('')
  const view = ref<RunView>('active')
  const sort = ref<RunSort>('newest')
  const grouped = ref(false)

  const parsed = computed(() => parseRunQuery(query.value, view.value))
  /** The search box's mistakes (an unknown `key:`, a bad value), shown under it. */
  const issues = computed(() => parsed.value.issues)
  const visible = computed(() =>
    sortRuns(
      runs.runs.filter((r) => matchRun(r, parsed.value.filter)),
      sort.value,
    ),
  )
  /** Runs per view, for the view menu's counts. */
  const counts = computed(() => ({
    active: runs.runs.filter((r) => inView(r, 'active')).length,
    archived: runs.runs.filter((r) => inView(r, 'archived')).length,
    trash: runs.runs.filter((r) => inView(r, 'trash')).length,
    all: runs.runs.length,
  }))
  /** The visible runs by experiment, experiments in the order their first run appears. */
  const groups = computed(() => {
    const byId = new Map<number, RunGroup>()
    for (const r of visible.value) {
      const g = byId.get(r.experimentId) ?? { experimentId: r.experimentId, name: r.experimentName, runs: [] }
      g.runs.push(r)
      byId.set(r.experimentId, g)
    }
    return [...byId.values()]
  })
  /** Row order on screen: grouped rows come experiment by experiment. */
  const order = computed(() => (grouped.value ? groups.value.flatMap((g) => g.runs) : visible.value))

  return { query, view, sort, grouped, issues, visible, counts, groups, order }
})
