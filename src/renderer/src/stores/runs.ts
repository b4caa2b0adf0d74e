// Runs, their live progress, the selection, and the histories of the selected (plotted) runs.
//
// Histories can be large and grow many times a second, so they live outside Vue's reactivity: plain
// arrays in a Map, with a `historyRev` counter that the chart watches. Rows are merged by time: a row is
// appended only when its t is later than the last one held, so a getHistory answer and 'history' events
// that overlap it (in either order) give each row exactly once.
//
// Display decimation: a history is fetched with a row budget derived from the plot's pixel width
// (getHistory(runId, { maxPoints })); a longer one comes back as min/max-per-bucket rows
// (src/shared/decimate.ts) with its true row count. Live rows keep appending; once the rows held pass
// twice the budget they are decimated again here with the same function, so a plotted history never
// holds more than ~2× its budget, whatever the run's length. Zooming into a decimated history fetches
// the visible t range again within the budget (`detail`), which the chart draws in place of the overview.
import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef, markRaw } from 'vue'
import type { History, RunRecord, RunStatus, WorkbenchEvent } from '../../../shared/api'
import { decimateColumns, pickRows } from '../../../shared/decimate'
import { api, errorMessage } from '../api'
import { DEFAULT_METRICS, DETERMINISTIC_DEFAULT_METRICS, SE_SUFFIX, defaultMetricsOf } from '../chart/metrics'
import type { LiveHistory } from '../chart/metrics'

export type { LiveHistory }
export { DEFAULT_METRICS, DETERMINISTIC_DEFAULT_METRICS, SE_SUFFIX }

export interface LiveProgress {
  fraction: number
  etaSeconds: number | null
}

type HistoryRows = Pick<History, 't' | 'values'>

/** Rows of a zoomed t range, fetched for the plot (full resolution when they fit the budget). */
export interface HistoryDetail {
  tMin: number
  tMax: number
  t: number[]
  values: Record<string, number[]>
  /** Rows the run holds in [tMin, tMax]. */
  totalRows: number
  decimated: boolean
}

/** A plotted history: the rows held (all of them, or a display decimation) and what they stand for. */
export interface PlotHistory extends LiveHistory {
  /** Rows the run has (stored and streamed); t.length when not decimated. */
  totalRows: number
  /** Whether t/values are a decimation of totalRows rows. */
  decimated: boolean
  /** The row budget it was fetched with. */
  budget: number
  /** Finer rows of the zoomed range, or null. */
  detail: HistoryDetail | null
}

/** Display budget in rows per history: 4 per pixel column of the plot (ECharts' own min/max sampling
 * then draws two per pixel), within [MIN_BUDGET, MAX_BUDGET]. */
const MIN_BUDGET = 1000
const MAX_BUDGET = 8000
export const budgetForWidth = (px: number): number => Math.max(MIN_BUDGET, Math.min(MAX_BUDGET, Math.round(4 * (Number.isFinite(px) ? px : 0))))

/** Statuses a run can still leave. */
export const ACTIVE_STATUSES: readonly RunStatus[] = ['queued', 'running']
export const isActive = (s: RunStatus): boolean => ACTIVE_STATUSES.includes(s)


/** 'history' events of runs nobody plots are kept (bounded) until the run ends, so selecting a running
 * run loses no row whatever the order in which the backend stores rows and emits them. */
const PENDING_MAX_EVENTS = 400

/** Appends the rows of `src` whose t is later than the last t of `dst`; returns how many. */
export function appendRows(dst: HistoryRows, src: HistoryRows): number {
  let last = dst.t.length ? dst.t[dst.t.length - 1] : -Infinity
  const srcKeys = Object.keys(src.values)
  const n0 = dst.t.length
  let added = 0
  for (let k = 0; k < src.t.length; k++) {
    const tk = src.t[k]
    if (!(tk > last)) continue
    if (added === 0) {
      for (const key of srcKeys) if (!dst.values[key]) dst.values[key] = new Array<number>(n0).fill(NaN)
    }
    dst.t.push(tk)
    for (const key in dst.values) {
      const col = src.values[key]
      dst.values[key].push(col && k < col.length && col[k] !== null ? col[k] : NaN)
    }
    last = tk
    added++
  }
  return added
}

export const useRunsStore = defineStore('runs', () => {
  const runsById = reactive(new Map<number, RunRecord>())
  const progress = reactive(new Map<number, LiveProgress>())
  const loading = ref(false)
  const error = ref('')
  /** Per-run error of the last action (cancel). */
  const actionErrors = reactive(new Map<number, string>())

  /** Selected run ids, in the order they were selected. */
  const selected = ref<number[]>([])
  /** The run the export buttons act on: the last one clicked. */
  const primaryId = ref<number | null>(null)
  /** Anchor of shift-click ranges. */
  const anchorId = ref<number | null>(null)

  const histories = markRaw(new Map<number, PlotHistory>())
  /** Rows asked per history; set from the plot's width (HistoryChart). */
  const displayBudget = ref(budgetForWidth(900))
  const historyRev = shallowRef(0)
  const pending = new Map<number, HistoryRows[]>()

  /** User's metric choice; null = defaults. */
  const chosenMetrics = ref<string[] | null>(null)
  const showBands = ref(false)

  // Ordering guards: a listRuns answer must not overwrite a run an event updated while it was in flight,
  // and nothing from a previous project may land after a reset.
  let eventSeq = 0
  const runSeq = new Map<number, number>()
  let generation = 0

  const runs = computed(() => [...runsById.values()].sort((a, b) => b.id - a.id))
  const selectedSet = computed(() => new Set(selected.value))
  const selectedRuns = computed(() => selected.value.map((id) => runsById.get(id)).filter((r): r is RunRecord => !!r))

  function bumpHistory(): void {
    historyRev.value++
  }

  function reset(): void {
    generation++
    runsById.clear()
    progress.clear()
    actionErrors.clear()
    runSeq.clear()
    histories.clear()
    pending.clear()
    selected.value = []
    primaryId.value = null
    anchorId.value = null
    error.value = ''
    bumpHistory()
  }

  async function refresh(): Promise<void> {
    const gen = generation
    const seqAtStart = eventSeq
    loading.value = true
    try {
      const list = await api.listRuns()
      if (gen !== generation) return
      for (const r of list) {
        if ((runSeq.get(r.id) ?? -1) > seqAtStart) continue
        runsById.set(r.id, r)
        if (!isActive(r.status)) progress.delete(r.id)
      }
      error.value = ''
    } catch (err) {
      if (gen === generation) error.value = errorMessage(err)
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  function upsertRun(run: RunRecord): void {
    runSeq.set(run.id, ++eventSeq)
    runsById.set(run.id, run)
    if (!isActive(run.status)) {
      progress.delete(run.id)
      // Rows of a finished run are all in the store now.
      setTimeout(() => pending.delete(run.id), 5000)
    }
  }

  function onProgress(runId: number, fraction: number, etaSeconds: number | null): void {
    progress.set(runId, { fraction, etaSeconds })
    const r = runsById.get(runId)
    if (r) r.progress = fraction
  }

  /** Thins a history that live rows grew past twice its budget (min/max per bucket, as the backend does). */
  function redecimate(h: PlotHistory): void {
    if (h.t.length <= 2 * h.budget) return
    const d = decimateColumns(h, h.budget, SE_SUFFIX)
    if (!d.decimated) return
    const p = pickRows(h, d.indices)
    h.t = p.t
    h.values = p.values
    h.decimated = true
  }

  function onHistory(runId: number, rows: HistoryRows): void {
    const h = histories.get(runId)
    if (h) {
      const added = appendRows(h, rows)
      if (added > 0) {
        h.totalRows += added
        redecimate(h)
        bumpHistory()
      }
      return
    }
    let buf = pending.get(runId)
    if (!buf) pending.set(runId, (buf = []))
    buf.push(rows)
    if (buf.length > PENDING_MAX_EVENTS) buf.splice(0, buf.length - PENDING_MAX_EVENTS)
  }

  function handleEvent(ev: WorkbenchEvent): void {
    switch (ev.type) {
      case 'run':
        upsertRun(ev.run)
        break
      case 'progress':
        onProgress(ev.runId, ev.fraction, ev.etaSeconds)
        break
      case 'history':
        onHistory(ev.runId, ev)
        break
      default:
        break
    }
  }

  async function loadHistory(runId: number): Promise<void> {
    const gen = generation
    const budget = displayBudget.value
    const h: PlotHistory = markRaw({ runId, t: [], values: {}, loading: true, error: null, totalRows: 0, decimated: false, budget, detail: null })
    for (const rows of pending.get(runId) ?? []) h.totalRows += appendRows(h, rows)
    pending.delete(runId)
    histories.set(runId, h)
    bumpHistory()
    try {
      const fetched = await api.getHistory(runId, { maxPoints: budget })
      if (gen !== generation || histories.get(runId) !== h) return
      const merged: HistoryRows = { t: fetched.t, values: fetched.values }
      const added = appendRows(merged, h) // rows that arrived by event while the request was in flight
      h.t = merged.t
      h.values = merged.values
      h.totalRows = (fetched.totalRows ?? fetched.t.length) + added
      h.decimated = !!fetched.decimated
      redecimate(h)
    } catch (err) {
      if (gen !== generation || histories.get(runId) !== h) return
      h.error = errorMessage(err)
    } finally {
      if (gen === generation && histories.get(runId) === h) {
        h.loading = false
        bumpHistory()
      }
    }
  }

  function syncHistories(): void {
    const want = new Set(selected.value)
    let changed = false
    for (const id of [...histories.keys()]) {
      if (!want.has(id)) {
        histories.delete(id)
        changed = true
      }
    }
    for (const id of want) if (!histories.has(id)) void loadHistory(id)
    if (changed) bumpHistory()
  }

  let detailSeq = 0
  /** Fetches the rows of [tMin, tMax] of the plotted decimated histories for a zoomed plot; null range:
   * back to the overview. Answers of an older zoom are dropped. */
  async function setDetailRange(range: { tMin: number; tMax: number } | null): Promise<void> {
    const seq = ++detailSeq
    const gen = generation
    const targets = [...histories.values()].filter((h) => h.decimated || h.detail)
    if (!range) {
      let changed = false
      for (const h of targets) {
        if (!h.detail) continue
        h.detail = null
        changed = true
      }
      if (changed) bumpHistory()
      return
    }
    await Promise.all(
      targets.map(async (h) => {
        if (!h.decimated) {
          h.detail = null
          return
        }
        try {
          const d = await api.getHistory(h.runId, { maxPoints: h.budget, tMin: range.tMin, tMax: range.tMax })
          if (seq !== detailSeq || gen !== generation || histories.get(h.runId) !== h) return
          h.detail = { ...range, t: d.t, values: d.values, totalRows: d.totalRows ?? d.t.length, decimated: !!d.decimated }
        } catch {
          // The overview stays; a failed zoom fetch is not worth an error banner.
        }
      }),
    )
    if (seq === detailSeq && gen === generation) bumpHistory()
  }

  /** Reads a decimated history again with a larger budget, keeping the rows held until the answer comes. */
  async function refetch(h: PlotHistory, budget: number): Promise<void> {
    const gen = generation
    h.budget = budget
    try {
      const fetched = await api.getHistory(h.runId, { maxPoints: budget })
      if (gen !== generation || histories.get(h.runId) !== h || h.budget !== budget) return
      const merged: HistoryRows = { t: fetched.t, values: fetched.values }
      const added = appendRows(merged, h)
      h.t = merged.t
      h.values = merged.values
      h.totalRows = (fetched.totalRows ?? fetched.t.length) + added
      h.decimated = !!fetched.decimated
      redecimate(h)
      bumpHistory()
    } catch {
      // The coarser rows stay.
    }
  }

  /** The plot's width in CSS pixels (0 while hidden: ignored) fixes the row budget; histories decimated
   * for a much narrower plot (e.g. loaded while the History tab was hidden) are read again. */
  function setPlotWidth(px: number): void {
    if (!(px > 0)) return
    const budget = budgetForWidth(px)
    displayBudget.value = budget
    for (const h of histories.values()) if (h.decimated && !h.loading && budget > 1.25 * h.budget) void refetch(h, budget)
  }

  /** Drops and re-reads the plotted histories (after the event stream was down). */
  function reloadHistories(): void {
    histories.clear()
    bumpHistory()
    syncHistories()
  }

  function setSelection(ids: number[], primary: number | null = ids.length ? ids[ids.length - 1] : null): void {
    selected.value = [...new Set(ids)]
    primaryId.value = primary !== null && selected.value.includes(primary) ? primary : (selected.value.at(-1) ?? null)
    syncHistories()
  }

  /** Row click: plain = only this run, ctrl/meta = toggle, shift = range from the anchor (table order). */
  function clickRun(id: number, mods: { ctrl?: boolean; shift?: boolean } = {}): void {
    if (mods.shift && anchorId.value !== null) {
      const order = runs.value.map((r) => r.id)
      const a = order.indexOf(anchorId.value)
      const b = order.indexOf(id)
      if (a >= 0 && b >= 0) {
        const range = order.slice(Math.min(a, b), Math.max(a, b) + 1)
        const base = mods.ctrl ? selected.value.filter((x) => !range.includes(x)) : []
        setSelection([...base, ...range], id)
        return
      }
    }
    anchorId.value = id
    if (mods.ctrl) toggleRun(id)
    else setSelection([id], id)
  }

  function toggleRun(id: number): void {
    anchorId.value = id
    if (selectedSet.value.has(id)) setSelection(selected.value.filter((x) => x !== id))
    else setSelection([...selected.value, id], id)
  }

  async function cancel(id: number): Promise<void> {
    actionErrors.delete(id)
    try {
      await api.cancelRun(id)
    } catch (err) {
      actionErrors.set(id, errorMessage(err))
    }
  }

  /** Metrics known for a run: its record's columns plus any a history event brought. */
  function metricsOf(runId: number): string[] {
    const out = new Set(runsById.get(runId)?.metrics ?? [])
    const h = histories.get(runId)
    if (h) for (const k of Object.keys(h.values)) out.add(k)
    return [...out]
  }

  /** The plotted runs' default metrics, in order: Txx, Tyy, Tzz, energy for a particle run; entropy,
   * fisher, energy for a deterministic one; both lists (once each) when runs of both kinds are plotted. */
  const defaultMetrics = computed(() => {
    void historyRev.value
    const out = new Set<string>()
    for (const id of selected.value) for (const m of defaultMetricsOf(runsById.get(id)?.params, metricsOf(id))) out.add(m)
    return [...out]
  })

  /** Metrics of the plotted runs (t and the _se columns excluded), the default ones first. */
  const availableMetrics = computed(() => {
    void historyRev.value
    const seen = new Set<string>()
    for (const id of selected.value) for (const m of metricsOf(id)) seen.add(m)
    const base = [...seen].filter((m) => m !== 't' && !m.endsWith(SE_SUFFIX))
    const first = defaultMetrics.value
    return [...first.filter((m) => base.includes(m)), ...base.filter((m) => !first.includes(m))]
  })

  /** Metrics with a standard-error column in at least one plotted run. */
  const metricsWithSe = computed(() => {
    void historyRev.value
    const out = new Set<string>()
    for (const id of selected.value) {
      const all = new Set(metricsOf(id))
      for (const m of all) if (all.has(m + SE_SUFFIX)) out.add(m)
    }
    return out
  })

  /** What the chart draws: the user's choice, else the defaults the runs have, else their first four. */
  const plottedMetrics = computed(() => {
    const avail = availableMetrics.value
    const chosen = chosenMetrics.value
    if (chosen) return avail.filter((m) => chosen.includes(m))
    const defaults = defaultMetrics.value
    const d = avail.filter((m) => defaults.includes(m))
    return d.length ? d : avail.slice(0, 4)
  })

  function toggleMetric(m: string): void {
    const cur = new Set(plottedMetrics.value)
    if (cur.has(m)) cur.delete(m)
    else cur.add(m)
    // Keep choices for metrics the current runs lack, so switching runs does not forget them.
    const others = (chosenMetrics.value ?? []).filter((x) => !availableMetrics.value.includes(x))
    chosenMetrics.value = [...others, ...availableMetrics.value.filter((x) => cur.has(x))]
  }

  return {
    runsById,
    runs,
    progress,
    loading,
    error,
    actionErrors,
    selected,
    selectedSet,
    selectedRuns,
    primaryId,
    histories,
    historyRev,
    displayBudget,
    setPlotWidth,
    setDetailRange,
    chosenMetrics,
    showBands,
    reset,
    refresh,
    upsertRun,
    handleEvent,
    setSelection,
    reloadHistories,
    clickRun,
    toggleRun,
    cancel,
    metricsOf,
    defaultMetrics,
    availableMetrics,
    metricsWithSe,
    plottedMetrics,
    toggleMetric,
  }
})
