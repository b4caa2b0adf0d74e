// The on-screen charts' default colours, read from the CSS variables (styles.css) when a chart is created, so
// that text, axes and grid lines follow the light or dark scheme. Options that name a colour themselves
// (src/shared/figures, shared with the exports, which are always on white) still win over these defaults.
import { SCREEN_AXIS, SCREEN_GRID_LINE, SCREEN_TEXT } from '../../../shared/figures/style'

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim()
  return v || fallback
}

/** An ECharts theme object for init(el, theme). */
export function chartTheme(): Record<string, unknown> {
  const text = cssVar('--chart-text', SCREEN_TEXT)
  const axis = cssVar('--chart-axis', SCREEN_AXIS)
  const grid = cssVar('--chart-grid', SCREEN_GRID_LINE)
  const axisTheme = {
    axisLine: { lineStyle: { color: axis } },
    axisTick: { lineStyle: { color: axis } },
    axisLabel: { color: text },
    nameTextStyle: { color: text },
    splitLine: { lineStyle: { color: [grid] } },
    minorSplitLine: { lineStyle: { color: grid } },
  }
  return {
    backgroundColor: 'transparent',
    textStyle: { color: text },
    title: { textStyle: { color: text }, subtextStyle: { color: axis } },
    legend: { textStyle: { color: text }, pageTextStyle: { color: text } },
    valueAxis: axisTheme,
    logAxis: axisTheme,
    categoryAxis: axisTheme,
    timeAxis: axisTheme,
  }
}
