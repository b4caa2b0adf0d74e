// Which view the right-hand area shows: the histories of the selected runs, the preview of the initial
// datum being designed, the convergence over N of the selected run's experiment, or the conservation
// errors of its particle systems side by side, or a chaos study. Editing f₀ brings the preview forward; selecting runs brings
// the history. Also the size every figure export uses, remembered between sessions (a journal's column
// does not change from one figure to the next).
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { FigureSize } from '../../../shared/figureExport'

export type RightTab = 'history' | 'initial' | 'convergence' | 'conservation' | 'study' | 'timestep'

const SIZE_KEY = 'landau.figureSize'
const DEFAULT_SIZE: FigureSize = { widthMm: 170, heightMm: 105, dpi: 300 }

function storedSize(): FigureSize {
  try {
    const raw = globalThis.localStorage?.getItem(SIZE_KEY)
    const parsed = raw ? FigureSize.safeParse(JSON.parse(raw)) : null
    return parsed?.success ? parsed.data : DEFAULT_SIZE
  } catch {
    return DEFAULT_SIZE
  }
}

export const useUiStore = defineStore('ui', () => {
  /** The preview first: before any run is selected the history has nothing to show. */
  const rightTab = ref<RightTab>('initial')
  function show(tab: RightTab): void {
    rightTab.value = tab
  }
  /** The figure size being edited (may be invalid while typed; exports check it). */
  const figureSize = ref<FigureSize>({ ...storedSize() })
  watch(
    figureSize,
    (s) => {
      if (FigureSize.safeParse(s).success) globalThis.localStorage?.setItem(SIZE_KEY, JSON.stringify(s))
    },
    { deep: true },
  )
  /** The help panel and the list of keyboard shortcuts (one open at a time). */
  const helpOpen = ref(false)
  const shortcutsOpen = ref(false)
  /** Bumped by Ctrl+Enter: the designer starts its experiment as if Start were pressed. */
  const startRequest = ref(0)
  return { rightTab, show, figureSize, helpOpen, shortcutsOpen, startRequest }
})
