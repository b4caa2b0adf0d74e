// Every on-screen chart is made here: ECharts with the page's theme (chartTheme.ts) and a setOption that
// adapts the shared figure options to the dark scheme (screenScheme.ts). onSchemeChange lets a chart's owner
// make it anew when the system switches between light and dark (a theme is fixed at init).
import { init } from 'echarts/core'
import type { EChartsType } from 'echarts/core'
import { chartTheme } from './chartTheme'
import { forScheme } from './screenScheme'

export function createScreenChart(el: HTMLElement): EChartsType {
  const c = init(el, chartTheme(), { renderer: 'canvas' })
  const setOption = c.setOption.bind(c) as (...a: unknown[]) => void
  c.setOption = ((option: unknown, ...rest: unknown[]) => setOption(forScheme(option), ...rest)) as EChartsType['setOption']
  return c
}

/** Calls `listener` when the system's colour scheme changes; returns the function that stops it. */
export function onSchemeChange(listener: () => void): () => void {
  if (typeof matchMedia !== 'function') return () => {}
  const q = matchMedia('(prefers-color-scheme: dark)')
  q.addEventListener('change', listener)
  return () => q.removeEventListener('change', listener)
}
