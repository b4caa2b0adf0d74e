// The chaos study of this window: its spec as JSON text (from the Examples menu or typed), the study
// started from it (kept current by 'study' events) and the error of the last start. The Chaos study tab
// (ChaosStudyPanel.vue) shows and starts it; the backend runs it (Workbench.startChaosStudy).
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ChaosStudyState, WorkbenchEvent } from '../../../shared/api'
import { api, errorMessage } from '../api'
import { useUiStore } from './ui'

export const useStudiesStore = defineStore('studies', () => {
  const specText = ref('')
  const current = ref<ChaosStudyState | null>(null)
  /** The study the current one refines (the time-step check): its report, kept for the comparison. */
  const coarse = ref<ChaosStudyState | null>(null)
  const startError = ref('')
  const starting = ref(false)

  /** Puts a study's spec in the editor and shows the tab. */
  function load(spec: unknown): void {
    specText.value = JSON.stringify(spec, null, 2)
    startError.value = ''
    useUiStore().show('study')
  }

  async function start(): Promise<void> {
    startError.value = ''
    let spec: unknown
    try {
      spec = JSON.parse(specText.value)
    } catch (err) {
      startError.value = `not valid JSON: ${(err as Error).message}`
      return
    }
    starting.value = true
    try {
      const { studyId } = await api.startChaosStudy(spec)
      // The 'study' event usually comes first; read the state in case it did not.
      if (current.value?.id !== studyId) current.value = await api.getChaosStudy(studyId)
    } catch (err) {
      startError.value = errorMessage(err)
    } finally {
      starting.value = false
    }
  }

  /**
   * The time-step check: the finished study again with dt halved (same N, replicas plan, seed rule), the
   * finished one kept as the coarse side of the comparison (chaosStudyCompare.ts).
   */
  async function halveDt(): Promise<void> {
    const done = current.value
    if (!done?.report) return
    const spec = { ...done.report.spec, dt: done.report.spec.dt / 2, name: `${done.report.spec.name} · dt/2` }
    specText.value = JSON.stringify(spec, null, 2)
    const keep = done
    await start()
    if (!startError.value) coarse.value = keep
  }

  function handleEvent(ev: Extract<WorkbenchEvent, { type: 'study' }>): void {
    // The newest study started is the one shown.
    if (!current.value || ev.study.id >= current.value.id) current.value = ev.study
  }

  /** Another project: the study shown ran on the old one. */
  function reset(): void {
    current.value = null
    coarse.value = null
    startError.value = ''
  }

  return { specText, current, coarse, startError, starting, load, start, halveDt, handleEvent, reset }
})
