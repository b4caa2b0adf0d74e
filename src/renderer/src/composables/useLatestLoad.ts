// A value loaded asynchronously whenever its sources change, where only the latest request may land: an
// answer that arrives after a newer request started is dropped (a slow report for the previous time must
// not overwrite the current one). `load` returns null when there is nothing to load (state 'idle'); while
// loading, the previous value stays on screen.
import { ref, shallowRef, watch } from 'vue'
import type { Ref, ShallowRef, WatchSource } from 'vue'
import { errorMessage } from '../api'

export type LoadState = 'idle' | 'loading' | 'ok' | 'error'

export function useLatestLoad<T>(
  sources: WatchSource[],
  load: (isCurrent: () => boolean) => Promise<T | null>,
  empty: T,
): { value: ShallowRef<T>; state: Ref<LoadState>; error: Ref<string> } {
  const value = shallowRef<T>(empty)
  const state = ref<LoadState>('idle')
  const error = ref('')
  let seq = 0
  watch(
    sources,
    async () => {
      const mine = ++seq
      const isCurrent = () => mine === seq
      state.value = 'loading'
      error.value = ''
      try {
        const v = await load(isCurrent)
        if (!isCurrent()) return
        value.value = v ?? empty
        state.value = v === null ? 'idle' : 'ok'
      } catch (err) {
        if (!isCurrent()) return
        value.value = empty
        error.value = errorMessage(err)
        state.value = 'error'
      }
    },
    { immediate: true },
  )
  return { value, state, error }
}
