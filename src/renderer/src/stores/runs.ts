// The project's runs: their records (kept current by 'run' events), their live progress and the errors of
// actions on them. What is selected lives in ./selection.ts, the plotted histories in ./histories.ts and
// the metric choice in ./plotMetrics.ts.
import { defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import type { RerunSeed, RunAnnotationPatch, RunRecord, RunStatus, WorkbenchEvent } from '../../../shared/api'
import { api, errorMessage } from '../api'
import { useHistoriesStore } from './histories'
import { useSelectionStore } from './selection'

export interface LiveProgress {
  fraction: number
  etaSeconds: number | null
}

/** Statuses a run can still leave. */
export const ACTIVE_STATUSES: readonly RunStatus[] = ['queued', 'running']
export const isActive = (s: RunStatus): boolean => ACTIVE_STATUSES.includes(s)

export const useRunsStore = defineStore('runs', () => {
  const runsById = reactive(new Map<number, RunRecord>())
  const progress = reactive(new Map<number, LiveProgress>())
  const loading = ref(false)
  const error = ref('')
  /** Per-run error of the last action (cancel). */
  const actionErrors = reactive(new Map<number, string>())
  /** The runs the last Delete moved to the trash, while its Undo is offered. */
  const lastTrashed = ref<number[]>([])

  // Ordering guards: a listRuns answer must not overwrite a run an event updated while it was in flight,
  // and nothing from a previous project may land after a reset.
  let eventSeq = 0
  const runSeq = new Map<number, number>()
  let generation = 0

  /** Newest first: the table's order (and that of shift-click ranges). */
  const runs = computed(() => [...runsById.values()].sort((a, b) => b.id - a.id))

  /** A different project: forgets the runs, and with them the selection and the plotted histories. */
  function reset(): void {
    generation++
    runsById.clear()
    progress.clear()
    actionErrors.clear()
    lastTrashed.value = []
    runSeq.clear()
    error.value = ''
    useSelectionStore().reset()
    useHistoriesStore().reset()
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
      useHistoriesStore().runEnded(run.id)
    }
  }

  function onProgress(runId: number, fraction: number, etaSeconds: number | null): void {
    progress.set(runId, { fraction, etaSeconds })
    const r = runsById.get(runId)
    if (r) r.progress = fraction
  }

  /** The run events: records and progress here, history rows to the plotted histories. */
  function handleEvent(ev: WorkbenchEvent): void {
    switch (ev.type) {
      case 'run':
        upsertRun(ev.run)
        break
      case 'progress':
        onProgress(ev.runId, ev.fraction, ev.etaSeconds)
        break
      case 'history':
        useHistoriesStore().onHistory(ev.runId, ev)
        break
      case 'runs-removed':
        forget(ev.runIds)
        break
      default:
        break
    }
  }

  async function cancel(id: number): Promise<void> {
    actionErrors.delete(id)
    try {
      await api.cancelRun(id)
    } catch (err) {
      actionErrors.set(id, errorMessage(err))
    }
  }

  /**
   * Continues a stopped run from its last checkpoint (the backend refuses a done run, or one of another code
   * version, saying why: shown under the row). Its plotted history is read again: the rows after the
   * checkpoint were dropped, and come back, the same bits, as it runs.
   */
  async function resume(id: number): Promise<void> {
    actionErrors.delete(id)
    try {
      await api.resumeRun(id)
      useHistoriesStore().reloadHistories()
    } catch (err) {
      actionErrors.set(id, errorMessage(err))
    }
  }

  /** Runs gone for good (the trash emptied, here or in another window): out of the list and the selection. */
  function forget(ids: number[]): void {
    for (const id of ids) {
      runsById.delete(id)
      progress.delete(id)
      actionErrors.delete(id)
    }
    const selection = useSelectionStore()
    if (ids.some((id) => selection.selectedSet.has(id))) selection.setSelection(selection.selected.filter((id) => !ids.includes(id)))
  }

  /** Runs an action on one run, its error shown under that run; the records it returns replace the old ones. */
  async function act(id: number, action: () => Promise<RunRecord | RunRecord[]>): Promise<boolean> {
    actionErrors.delete(id)
    try {
      const got = await action()
      for (const r of Array.isArray(got) ? got : [got]) upsertRun(r)
      return true
    } catch (err) {
      actionErrors.set(id, errorMessage(err))
      return false
    }
  }

  /** Changes a run's label, notes, tags, star or archived mark. */
  function annotate(id: number, patch: RunAnnotationPatch): Promise<boolean> {
    return act(id, () => api.annotateRun(id, patch))
  }

  /** Archives (or brings back) several runs: the run table's bulk action on the selection. */
  async function archive(ids: number[], archived: boolean): Promise<void> {
    await Promise.all(ids.map((id) => annotate(id, { archived })))
  }

  /** Moves runs to the trash, and offers Undo (restoreTrashed) until the next delete. */
  async function trash(ids: number[]): Promise<boolean> {
    const ok = await act(ids[0], () => api.deleteRuns(ids))
    if (ok) lastTrashed.value = ids
    return ok
  }

  async function undoTrash(): Promise<void> {
    const ids = lastTrashed.value
    lastTrashed.value = []
    if (ids.length) await restore(ids)
  }

  function restore(ids: number[]): Promise<boolean> {
    return act(ids[0], () => api.restoreRuns(ids))
  }

  /** Removes the runs in the trash for good (the table asks first). */
  async function emptyTrash(): Promise<void> {
    error.value = ''
    try {
      forget((await api.emptyTrash()).runIds)
      lastTrashed.value = []
    } catch (err) {
      error.value = errorMessage(err)
    }
  }

  /** Runs a run again (WorkbenchApi.rerunRun) and selects the new run, whose 'run' event brings its record. */
  async function rerun(id: number, seed: RerunSeed): Promise<void> {
    actionErrors.delete(id)
    try {
      const { runIds } = await api.rerunRun(id, { seed })
      useSelectionStore().setSelection(runIds)
    } catch (err) {
      actionErrors.set(id, errorMessage(err))
    }
  }

  return {
    runsById,
    runs,
    progress,
    loading,
    error,
    actionErrors,
    lastTrashed,
    reset,
    refresh,
    upsertRun,
    handleEvent,
    cancel,
    resume,
    annotate,
    archive,
    trash,
    undoTrash,
    restore,
    emptyTrash,
    rerun,
  }
})
