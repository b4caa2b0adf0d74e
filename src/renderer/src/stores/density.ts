// The density view of the primary run: the times at which it stored a density (deterministic runs, at
// spec.snapshots), the one chosen, and its view (marginals + slice, computed by the backend). The choice
// follows the newest time while a run is still adding densities, until the user picks an earlier one.
// Answers for a run or time no longer chosen are dropped; recent views are cached for instant switching.
// Overlay: the other selected deterministic runs (up to MAX_OVERLAY in all) are drawn beside the primary
// at their stored time nearest the primary's, and any of them (by default the exact solution, a bkw-exact
// run, when one is selected) can be the reference f_ref that the view subtracts.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { DensityInfo, DensityView, WorkbenchEvent } from '../../../shared/api'
import { api, errorMessage } from '../api'
import { useRunsStore } from './runs'
import { useSelectionStore } from './selection'

const CACHE_SIZE = 32
/** Runs overlaid at most (the primary included): beyond six lines a marginal plot stops reading. */
export const MAX_OVERLAY = 6

export interface OverlayEntry {
  runId: number
  view: DensityView
}

export type DensityState = 'empty' | 'loading' | 'ok' | 'error'

export const useDensityStore = defineStore('density', () => {
  const runs = useRunsStore()
  const selection = useSelectionStore()
  const runId = computed(() => selection.primaryId)
  const run = computed(() => (runId.value !== null ? runs.runsById.get(runId.value) : undefined))

  const times = ref<DensityInfo[]>([])
  const step = ref<number | null>(null)
  /** Whether the choice tracks the newest density. */
  const follow = ref(true)
  const view = shallowRef<DensityView | null>(null)
  const state = ref<DensityState>('empty')
  const error = ref('')

  const cache = new Map<string, DensityView>()
  /** Bumped when the run changes: answers of an older generation are dropped. */
  let generation = 0
  let viewSeq = 0

  /** Particle runs have N; deterministic ones do not (and store densities instead of snapshots). */
  const deterministic = computed(() => !!run.value && !('N' in run.value.params))
  const visible = computed(() => deterministic.value || times.value.length > 0)

  function addTime(d: DensityInfo): void {
    if (times.value.some((x) => x.step === d.step)) return
    times.value = [...times.value, { step: d.step, t: d.t, kind: d.kind }].sort((a, b) => a.step - b.step)
  }

  async function load(id: number | null): Promise<void> {
    const gen = ++generation
    times.value = []
    step.value = null
    view.value = null
    follow.value = true
    error.value = ''
    state.value = 'empty'
    if (id === null) return
    try {
      const list = await api.listDensities(id)
      if (gen !== generation) return
      for (const d of list) addTime(d) // merged with any 'density' event that came first
      const last = times.value.at(-1)
      if (last && step.value === null) void select(last.step)
    } catch (err) {
      if (gen !== generation) return
      error.value = errorMessage(err)
      state.value = 'error'
    }
  }

  async function select(s: number): Promise<void> {
    const id = runId.value
    if (id === null) return
    step.value = s
    follow.value = s === times.value.at(-1)?.step
    const key = `${id}:${s}`
    const hit = cache.get(key)
    const seq = ++viewSeq
    if (hit) {
      view.value = hit
      state.value = 'ok'
      return
    }
    const gen = generation
    state.value = 'loading' // the previous view stays, dimmed
    try {
      const v = await api.getDensityView(id, s)
      cache.delete(key)
      cache.set(key, v)
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string)
      if (gen !== generation || seq !== viewSeq) return
      view.value = v
      error.value = ''
      state.value = 'ok'
    } catch (err) {
      if (gen !== generation || seq !== viewSeq) return
      error.value = errorMessage(err)
      state.value = 'error'
    }
  }

  /** The selected deterministic runs overlaid, the primary first. */
  const overlayIds = computed(() => {
    const ids = selection.selected.filter((id) => {
      const r = runs.runsById.get(id)
      return !!r && !('N' in r.params)
    })
    const p = runId.value
    const rest = ids.filter((id) => id !== p)
    return (p !== null && ids.includes(p) ? [p, ...rest] : rest).slice(0, MAX_OVERLAY)
  })
  const overlay = shallowRef<OverlayEntry[]>([])
  /** The reference run of f − f_ref (null: none chosen, the bkw-exact run of the overlay if any). */
  const referenceChoice = ref<number | null>(null)
  const reference = computed(() => {
    const ids = overlayIds.value
    if (referenceChoice.value !== null && ids.includes(referenceChoice.value)) return referenceChoice.value
    return ids.find((id) => runs.runsById.get(id)?.solver === 'bkw-exact') ?? null
  })
  const showDiff = ref(false)
  const timesOf = new Map<number, DensityInfo[]>()
  let overlaySeq = 0

  /** The overlay at the primary's time: each other run's density at its stored time nearest it. */
  async function loadOverlay(): Promise<void> {
    const seq = ++overlaySeq
    const primary = view.value
    const ids = overlayIds.value
    if (!primary || ids.length < 2) {
      overlay.value = primary ? [{ runId: primary.runId, view: primary }] : []
      return
    }
    const entries = await Promise.all(
      ids.map(async (id): Promise<OverlayEntry | null> => {
        if (id === primary.runId) return { runId: id, view: primary }
        try {
          let list = timesOf.get(id)
          if (!list) timesOf.set(id, (list = await api.listDensities(id)))
          const near = list.reduce<DensityInfo | null>((b, d) => (b === null || Math.abs(d.t - primary.t) < Math.abs(b.t - primary.t) ? d : b), null)
          if (!near) return null
          const key = `${id}:${near.step}`
          let v = cache.get(key)
          if (!v) {
            v = await api.getDensityView(id, near.step)
            cache.set(key, v)
            if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string)
          }
          return { runId: id, view: v }
        } catch {
          return null // a run without a density at all is left out of the overlay
        }
      }),
    )
    if (seq !== overlaySeq) return
    overlay.value = entries.filter((e): e is OverlayEntry => e !== null)
  }
  watch([view, overlayIds], () => void loadOverlay())

  /** Moves the choice by `delta` recorded times (keyboard). */
  function stepBy(delta: number): void {
    const i = times.value.findIndex((d) => d.step === step.value)
    const j = Math.min(times.value.length - 1, Math.max(0, (i < 0 ? 0 : i) + delta))
    const d = times.value[j]
    if (d && d.step !== step.value) void select(d.step)
  }

  function handleEvent(ev: WorkbenchEvent): void {
    if (ev.type === 'density') timesOf.delete(ev.runId)
    if (ev.type !== 'density' || ev.runId !== runId.value) return
    addTime(ev)
    if (follow.value) void select(ev.step)
  }

  /** A different project: run ids mean other runs now. */
  function reset(): void {
    cache.clear()
    timesOf.clear()
    void load(runId.value)
  }

  watch(runId, (id) => void load(id), { immediate: true })

  return {
    runId,
    times,
    step,
    follow,
    view,
    state,
    error,
    deterministic,
    visible,
    overlayIds,
    overlay,
    referenceChoice,
    reference,
    showDiff,
    select,
    stepBy,
    handleEvent,
    reset,
    reload: () => load(runId.value),
  }
})
