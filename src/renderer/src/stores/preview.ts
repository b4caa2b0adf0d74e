// The live preview of the initial datum being designed: api.previewInitial for the designer's current
// f₀, debounced while the user types, with answers to superseded requests dropped (a slow answer for an
// old formula must never overwrite a newer one). Recent answers are cached by the datum's JSON, so going
// back to a family or a value seen a moment ago is immediate.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { ApiError } from '../../../shared/api'
import type { ApiErrorCode, InitialPreview } from '../../../shared/api'
import { api, errorMessage } from '../api'
import { useDesignerStore } from './designer'

const PREVIEW_DEBOUNCE_MS = 250
const CACHE_SIZE = 24

export interface PreviewFailure {
  key: string
  message: string
  code: ApiErrorCode
}

type Outcome = { ok: true; preview: InitialPreview } | { ok: false; failure: PreviewFailure }

export const usePreviewStore = defineStore('preview', () => {
  const designer = useDesignerStore()

  /** The last preview that succeeded, and the datum (JSON) it is of. */
  const preview = shallowRef<InitialPreview | null>(null)
  const previewKey = ref<string | null>(null)
  /** The last failure, and the datum it is of. */
  const failure = ref<PreviewFailure | null>(null)
  const loading = ref(false)

  /** The datum the designer describes now; null when the JSON view does not parse. */
  const key = computed<string | null>(() => {
    const spec = designer.currentSpec
    if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return null
    const initial = (spec as Record<string, unknown>).initial
    return initial === undefined ? null : JSON.stringify(initial)
  })

  const cache = new Map<string, Outcome>()
  let seq = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  /** The request of the newest key, for Start to wait on. */
  let latest: { key: string; done: Promise<void> } | null = null

  function remember(k: string, o: Outcome): void {
    cache.delete(k)
    cache.set(k, o)
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string)
  }

  function apply(k: string, o: Outcome): void {
    if (o.ok) {
      preview.value = o.preview
      previewKey.value = k
      failure.value = null
    } else {
      failure.value = o.failure
    }
  }

  function request(k: string): Promise<void> {
    const my = ++seq
    loading.value = true
    const done = (async () => {
      let o: Outcome
      try {
        o = { ok: true, preview: await api.previewInitial(JSON.parse(k) as unknown) }
      } catch (err) {
        const code: ApiErrorCode = err instanceof ApiError ? err.code : 'io'
        o = { ok: false, failure: { key: k, message: errorMessage(err), code } }
      }
      // Only what the datum itself decides is worth keeping; a transport failure is retried next time.
      if (o.ok || o.failure.code === 'invalid-spec') remember(k, o)
      if (my !== seq) return // superseded: a newer datum has been asked for
      apply(k, o)
      loading.value = false
    })()
    latest = { key: k, done }
    return done
  }

  function schedule(): void {
    if (timer !== null) clearTimeout(timer)
    timer = null
    const k = key.value
    if (k === null) return
    const hit = cache.get(k)
    if (hit) {
      seq++ // whatever is in flight is now superseded
      loading.value = false
      latest = { key: k, done: Promise.resolve() }
      apply(k, hit)
      return
    }
    loading.value = true // from the first keystroke: the panel shows the preview as out of date
    timer = setTimeout(() => {
      timer = null
      void request(k)
    }, PREVIEW_DEBOUNCE_MS)
  }

  watch(key, schedule, { immediate: true })

  /** The preview of the datum shown now (null while it is being computed or when it failed). */
  const current = computed(() => (previewKey.value !== null && previewKey.value === key.value ? preview.value : null))
  /** The failure of the datum shown now. */
  const currentFailure = computed(() => (failure.value && failure.value.key === key.value ? failure.value : null))
  /** What the panel shows: the current preview, or the last good one greyed out. */
  const state = computed<'empty' | 'pending' | 'ok' | 'failed' | 'no-json'>(() => {
    if (key.value === null) return 'no-json'
    if (currentFailure.value) return 'failed'
    if (current.value) return 'ok'
    return preview.value || loading.value ? 'pending' : 'empty'
  })

  /** Waits for the verdict on the current datum; a message when Start must be refused. A datum the
   * backend rejects (a formula that does not parse, is negative, is not integrable) is refused here;
   * a preview that failed for another reason (the backend busy, a lost connection) does not block Start,
   * whose own validation then decides. */
  async function startRefusal(): Promise<string | null> {
    const k = key.value
    if (k === null) return null
    if (!cache.has(k)) {
      if (timer !== null) {
        clearTimeout(timer)
        timer = null
        void request(k)
      } else if (!latest || latest.key !== k) void request(k)
      await latest?.done
    }
    const o = cache.get(k)
    if (o && !o.ok && o.failure.code === 'invalid-spec') return `Fix the initial data first: ${o.failure.message}`
    return null
  }

  return { preview, previewKey, failure, loading, key, current, currentFailure, state, startRefusal }
})
