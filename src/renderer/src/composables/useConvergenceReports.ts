// The Convergence view's state apart from its drawing: the reference candidates and choice, the
// snapshot times and the chosen one, the error measure and the weak test function φ, and the reports at one
// time (against N) and at every time (against t), loaded latest-wins, cached, and polled while runs of the
// experiment are still queued or running. The rules themselves are pure: src/shared/figures/convergenceRules.ts.
import { computed, onBeforeUnmount, ref, watch } from 'vue'
import type { ChaosMetric, ChaosReport, RunRecord } from '../../../shared/api'
import { isDeterministic, sameProblem } from '../../../shared/spec'
import { DEFAULT_TEST_FUNCTION, formatTestFunction, parseTestFunction } from '../../../shared/testFunction'
import type { TestFunction } from '../../../shared/testFunction'
import { BoundedCache, keptTime, pollDue, reportCacheKey, snapshotTimes } from '../../../shared/figures/convergenceRules'
import { DEFAULT_CHAOS_METRIC } from '../../../shared/figures/chaosMetricDefinitions'
import { api, errorMessage } from '../api'
import { useRunsStore } from '../stores/runs'
import { useLatestLoad } from './useLatestLoad'
import { usePrimaryExperiment } from './usePrimaryExperiment'

/** While runs of the experiment are queued or running, the report is asked for again every few seconds:
 * a running run enters as soon as its snapshot at t is stored (diagnostics while runs progress). */
export const POLL_MS = 5000
/** Reports kept: switching axis, time or metric back costs nothing. */
const REPORT_CACHE = 48

export function useConvergenceReports() {
  const runs = useRunsStore()
  const { experimentId, expRuns } = usePrimaryExperiment()
  const particleDone = computed(() => expRuns.value.filter((r) => !isDeterministic(r.params) && r.status === 'done'))
  /** Finished deterministic runs of the same problem, the experiment's own first: what may serve as the reference. */
  const candidates = computed<RunRecord[]>(() => {
    const own = expRuns.value[0]
    if (!own) return []
    const all = runs.runs.filter((r) => isDeterministic(r.params) && r.status === 'done' && sameProblem(r.spec, own.spec))
    return [...all.filter((r) => r.experimentId === own.experimentId), ...all.filter((r) => r.experimentId !== own.experimentId)]
  })
  /** The chosen reference run; null = the experiment's own (the backend's default). */
  const reference = ref<number | null>(null)
  watch(experimentId, () => {
    reference.value = null
  })
  const hasReference = computed(() => expRuns.value.some((r) => isDeterministic(r.params)) || reference.value !== null)
  const unfinished = computed(() => expRuns.value.filter((r) => r.status === 'queued' || r.status === 'running').length)
  /** Changes when a run of the experiment finishes: the report is then recomputed. */
  const doneKey = computed(() => expRuns.value.map((r) => `${r.id}:${r.status}`).join(','))

  /** The times the particle runs store snapshots at (known before any run has finished). */
  const times = computed<number[]>(() => {
    const r = expRuns.value.find((x) => !isDeterministic(x.params))
    return r ? snapshotTimes(r.spec) : []
  })
  const time = ref<number | null>(null)
  watch(
    times,
    (ts) => {
      time.value = keptTime(time.value, ts)
    },
    { immediate: true },
  )
  const metric = ref<ChaosMetric>(DEFAULT_CHAOS_METRIC)
  /** The weak chaos test function, typed in the CLI's text form; the last valid one is used. */
  const phiText = ref(formatTestFunction(DEFAULT_TEST_FUNCTION))
  const phiError = computed(() => {
    try {
      parseTestFunction(phiText.value)
      return ''
    } catch (err) {
      return errorMessage(err)
    }
  })
  const phi = ref<TestFunction>(DEFAULT_TEST_FUNCTION)
  watch(phiText, (text) => {
    if (!phiError.value) phi.value = parseTestFunction(text)
  })
  const isWeak = computed(() => metric.value === 'weak1' || metric.value === 'weak2')
  /** The horizontal axis: the error at one time against N, or every run's error against t. */
  const axis = ref<'N' | 't'>('N')

  const tick = ref(0)
  const reportCache = new BoundedCache<ChaosReport>(REPORT_CACHE)
  function reportAt(id: number, t: number): Promise<ChaosReport> {
    const key = reportCacheKey({
      experiment: id,
      reference: reference.value,
      metric: metric.value,
      phi: formatTestFunction(phi.value),
      time: t,
      doneKey: doneKey.value,
      unfinished: unfinished.value,
      tick: tick.value,
    })
    const hit = reportCache.get(key)
    if (hit) return Promise.resolve(hit)
    return api
      .chaosConvergence(id, { time: t, metric: metric.value, phi: phi.value, ...(reference.value !== null ? { reference: reference.value } : {}) })
      .then((r) => {
        reportCache.set(key, r)
        return r
      })
  }

  const {
    value: report,
    state,
    error,
  } = useLatestLoad<ChaosReport | null>(
    [experimentId, time, metric, phi, doneKey, reference, tick],
    async () => (experimentId.value === null || time.value === null || !hasReference.value ? null : reportAt(experimentId.value, time.value)),
    null,
  )

  /** Along t: the report at every stored time (same metric and reference), and how many are in. */
  const timeDone = ref(0)
  const {
    value: timeReports,
    state: timeState,
    error: timeError,
  } = useLatestLoad<ChaosReport[]>(
    [axis, experimentId, metric, phi, reference, doneKey, times, tick],
    async (isCurrent) => {
      const id = experimentId.value
      if (axis.value !== 't' || id === null || !times.value.length || !hasReference.value) return null
      timeDone.value = 0
      const out: ChaosReport[] = []
      for (const t of times.value) {
        const r = await reportAt(id, t)
        if (!isCurrent()) return null
        out.push(r)
        timeDone.value = out.length
      }
      return out
    },
    [],
  )

  const poll = setInterval(() => {
    if (pollDue(unfinished.value, state.value, timeState.value)) tick.value++
  }, POLL_MS)
  onBeforeUnmount(() => clearInterval(poll))

  return {
    experimentId,
    particleDone,
    candidates,
    reference,
    hasReference,
    unfinished,
    times,
    time,
    metric,
    phiText,
    phiError,
    isWeak,
    axis,
    report,
    state,
    error,
    timeReports,
    timeState,
    timeError,
    timeDone,
  }
}
