// The histories of the plotted (selected) runs, as the history plot draws them.
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
import { ref, shallowRef, markRaw } from 'vue'
import type { History } from '../../../shared/api'
import { decimateColumns, pickRows } from '../../../shared/decimate'
import { SE_SUFFIX } from '../../../shared/figures/historyColumns'
import type { LiveHistory } from '../../../shared/figures/historyColumns'
import { api, errorMessage } from '../api'
import { useSelectionStore } from './selection'

export type { LiveHistory }

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

export const useHistoriesStore = defineStore('histories', () => {
  const histories = markRaw(new Map<number, PlotHistory>())
  /** Rows asked per history; set from the plot's width (HistoryChart). */
  const displayBudget = ref(budgetForWidth(900))
  const historyRev = shallowRef(0)
  const pending = new Map<number, HistoryRows[]>()
  /** Nothing from a previous project may land after a reset. */
  let generation = 0

  function bumpHistory(): void {
    historyRev.value++
  }

  function reset(): void {
    generation++
    histories.clear()
    pending.clear()
    bumpHistory()
  }

  /** A run ended: its rows are all in the store now, so the events held for it can go (after a grace period). */
  function runEnded(runId: number): void {
    setTimeout(() => pending.delete(runId), 5000)
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

  /** Keeps the histories of these runs (the selection), loading the missing ones and dropping the rest. */
  function syncHistories(ids: readonly number[]): void {
    const want = new Set(ids)
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
    syncHistories(useSelectionStore().selected)
  }

  return { histories, historyRev, displayBudget, reset, runEnded, onHistory, syncHistories, setDetailRange, setPlotWidth, reloadHistories }
})
