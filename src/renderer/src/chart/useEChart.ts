// An ECharts instance for a container that may be hidden (an inactive tab): created the first time the
// container has a size, resized whenever it changes, disposed with the component. Its options pass through
// forScheme (screenScheme.ts) so that the dark scheme reads; when the system's scheme changes the instance is
// made anew with the new theme, and the components, which watch `chart`, draw into it again.
import { onBeforeUnmount, onMounted, shallowRef } from 'vue'
import type { Ref, ShallowRef } from 'vue'
import type { EChartsType } from 'echarts/core'
import { createScreenChart, onSchemeChange } from './screenChart'

export interface ChartSize {
  width: number
  height: number
}

export function useEChart(
  el: Ref<HTMLElement | null>,
  onResize?: (chart: EChartsType, size: ChartSize) => void,
): { chart: ShallowRef<EChartsType | null>; size: ShallowRef<ChartSize> } {
  const chart = shallowRef<EChartsType | null>(null)
  const size = shallowRef<ChartSize>({ width: 0, height: 0 })
  let observer: ResizeObserver | null = null

  function check(): void {
    const e = el.value
    if (!e) return
    const width = e.clientWidth
    const height = e.clientHeight
    if (width === 0 || height === 0) return // hidden: keep the last layout
    if (width === size.value.width && height === size.value.height && chart.value) return
    size.value = { width, height }
    if (!chart.value) chart.value = create(e)
    else chart.value.resize()
    onResize?.(chart.value, size.value)
  }

  const create = createScreenChart
  let stopScheme: () => void = () => {}
  function schemeChanged(): void {
    const e = el.value
    if (!chart.value || !e) return
    chart.value.dispose()
    chart.value = create(e)
    onResize?.(chart.value, size.value)
  }

  onMounted(() => {
    stopScheme = onSchemeChange(schemeChanged)
    if (!el.value) return
    observer = new ResizeObserver(check)
    observer.observe(el.value)
    check()
  })
  onBeforeUnmount(() => {
    stopScheme()
    observer?.disconnect()
    chart.value?.dispose()
    chart.value = null
  })
  return { chart, size }
}
