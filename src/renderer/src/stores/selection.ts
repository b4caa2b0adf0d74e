// Which runs are selected (plotted), in the order they were selected, the primary one (the last clicked:
// what the export buttons, the Convergence, Conservation and Density views act on) and the anchor of
// shift-click ranges. Selecting runs loads their histories (./histories.ts) at once.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { RunRecord } from '../../../shared/api'
import { useHistoriesStore } from './histories'
import { useRunsStore } from './runs'
import { useRunViewStore } from './runView'

export const useSelectionStore = defineStore('selection', () => {
  const runs = useRunsStore()
  /** Selected run ids, in the order they were selected. */
  const selected = ref<number[]>([])
  /** The run the export buttons act on: the last one clicked. */
  const primaryId = ref<number | null>(null)
  /** Anchor of shift-click ranges. */
  const anchorId = ref<number | null>(null)

  const selectedSet = computed(() => new Set(selected.value))
  const selectedRuns = computed(() => selected.value.map((id) => runs.runsById.get(id)).filter((r): r is RunRecord => !!r))

  function reset(): void {
    selected.value = []
    primaryId.value = null
    anchorId.value = null
  }

  function setSelection(ids: number[], primary: number | null = ids.length ? ids[ids.length - 1] : null): void {
    selected.value = [...new Set(ids)]
    primaryId.value = primary !== null && selected.value.includes(primary) ? primary : (selected.value.at(-1) ?? null)
    useHistoriesStore().syncHistories(selected.value)
  }

  /** Row click: plain = only this run, ctrl/meta = toggle, shift = range from the anchor (table order). */
  function clickRun(id: number, mods: { ctrl?: boolean; shift?: boolean } = {}): void {
    if (mods.shift && anchorId.value !== null) {
      const order = useRunViewStore().order.map((r) => r.id) // the table's order, as filtered and sorted
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

  return { selected, selectedSet, selectedRuns, primaryId, reset, setSelection, clickRun, toggleRun }
})
