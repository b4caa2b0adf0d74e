// Which history metrics the plot draws: those the plotted runs have (their records' columns and what
// history events brought), the defaults of their kinds, and the user's choice (kept across runs that
// lack a chosen metric), per run: a run that has none of the chosen metrics (a deterministic run beside
// the particle runs the choice was made for) draws its own defaults rather than nothing. Also whether to
// draw the ±2·se bands, and the log axes.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { defaultMetricsOf, SE_SUFFIX } from '../../../shared/figures/historyColumns'
import { useHistoriesStore } from './histories'
import { useRunsStore } from './runs'
import { useSelectionStore } from './selection'

export const usePlotMetricsStore = defineStore('plotMetrics', () => {
  const runs = useRunsStore()
  const selection = useSelectionStore()
  const histories = useHistoriesStore()
  /** User's metric choice; null = defaults. */
  const chosenMetrics = ref<string[] | null>(null)
  const showBands = ref(false)
  const logY = ref(false)
  const logX = ref(false)

  /** Metrics known for a run: its record's columns plus any a history event brought. */
  function metricsOf(runId: number): string[] {
    const out = new Set(runs.runsById.get(runId)?.metrics ?? [])
    const h = histories.histories.get(runId)
    if (h) for (const k of Object.keys(h.values)) out.add(k)
    return [...out]
  }

  /** The plotted runs' default metrics, in order: Txx, Tyy, Tzz, energy for a particle run; entropy,
   * fisher, energy for a deterministic one; both lists (once each) when runs of both kinds are plotted. */
  const defaultMetrics = computed(() => {
    void histories.historyRev
    const out = new Set<string>()
    for (const id of selection.selected) for (const m of defaultMetricsOf(runs.runsById.get(id)?.params, metricsOf(id))) out.add(m)
    return [...out]
  })

  /** Metrics of the plotted runs (t and the _se columns excluded), the default ones first. */
  const availableMetrics = computed(() => {
    void histories.historyRev
    const seen = new Set<string>()
    for (const id of selection.selected) for (const m of metricsOf(id)) seen.add(m)
    const base = [...seen].filter((m) => m !== 't' && !m.endsWith(SE_SUFFIX))
    const first = defaultMetrics.value
    return [...first.filter((m) => base.includes(m)), ...base.filter((m) => !first.includes(m))]
  })

  /** Metrics with a standard-error column in at least one plotted run. */
  const metricsWithSe = computed(() => {
    void histories.historyRev
    const out = new Set<string>()
    for (const id of selection.selected) {
      const all = new Set(metricsOf(id))
      for (const m of all) if (all.has(m + SE_SUFFIX)) out.add(m)
    }
    return out
  })

  /** A run's own defaults among its metrics, else its first four. */
  function defaultsOf(runId: number): string[] {
    const mine = metricsOf(runId).filter((m) => m !== 't' && !m.endsWith(SE_SUFFIX))
    const d = defaultMetricsOf(runs.runsById.get(runId)?.params, mine)
    const have = mine.filter((m) => d.includes(m))
    return have.length ? have : mine.slice(0, 4)
  }

  /** What one run draws: the chosen metrics it has, or its defaults when it has none of them. */
  function plottedFor(runId: number): string[] {
    const chosen = chosenMetrics.value
    if (!chosen) return defaultsOf(runId)
    const mine = new Set(metricsOf(runId))
    const picked = chosen.filter((m) => mine.has(m))
    return picked.length ? picked : defaultsOf(runId)
  }

  /** What the chart draws over all plotted runs, in the picker's order. */
  const plottedMetrics = computed(() => {
    void histories.historyRev
    const avail = availableMetrics.value
    const union = new Set<string>()
    for (const id of selection.selected) for (const m of plottedFor(id)) union.add(m)
    return avail.filter((m) => union.has(m))
  })

  function toggleMetric(m: string): void {
    const cur = new Set(plottedMetrics.value)
    if (cur.has(m)) cur.delete(m)
    else cur.add(m)
    // Keep choices for metrics the current runs lack, so switching runs does not forget them.
    const others = (chosenMetrics.value ?? []).filter((x) => !availableMetrics.value.includes(x))
    chosenMetrics.value = [...others, ...availableMetrics.value.filter((x) => cur.has(x))]
  }

  return { chosenMetrics, showBands, logY, logX, metricsOf, defaultMetrics, availableMetrics, metricsWithSe, plottedMetrics, plottedFor, toggleMetric }
})
