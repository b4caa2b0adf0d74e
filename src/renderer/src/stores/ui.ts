// Which view the right-hand area shows: the histories of the selected runs, or the preview of the
// initial datum being designed, or the convergence over N of the selected run's experiment. Editing f₀ brings the preview forward; selecting runs brings the history.
import { defineStore } from 'pinia'
import { ref } from 'vue'

export type RightTab = 'history' | 'initial' | 'convergence'

export const useUiStore = defineStore('ui', () => {
  /** The preview first: before any run is selected the history has nothing to show. */
  const rightTab = ref<RightTab>('initial')
  function show(tab: RightTab): void {
    rightTab.value = tab
  }
  return { rightTab, show }
})
