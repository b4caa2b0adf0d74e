// ECharts options of the initial-data preview: the three 1-D marginals of f₀ and the slice f₀(vx, vy, 0).
// The marginals keep the colours of the temperatures they belong to (fx with Txx, …) and differ by dash
// too; the slice uses a sequential scale whose lightness falls monotonically, so both read in grayscale.
// Pure (no DOM): the renderer's MarginalsChart and SliceChart set them.
import type { InitialPreview } from '../api'
import { formatNumber } from '../formatNumber'
import { metricColor, MUTED_TEXT, screenGridLine, SLICE_COLORS } from './style'

const MARGINALS = [
  { key: 'fx', axis: 'x', metric: 'Txx', dash: 'solid' },
  { key: 'fy', axis: 'y', metric: 'Tyy', dash: 'dashed' },
  { key: 'fz', axis: 'z', metric: 'Tzz', dash: 'dotted' },
] as const

/** Rich-text styles for an italic name with a subscript (Unicode has no subscript y or z). */
const RICH = {
  i: { fontStyle: 'italic', fontFamily: 'Georgia, serif', fontSize: 12 },
  sub: { fontStyle: 'italic', fontFamily: 'Georgia, serif', fontSize: 9, verticalAlign: 'bottom', padding: [5, 0, 0, 0] },
  r: { fontFamily: 'Georgia, serif', fontSize: 12 },
}
const subscripted = (name: string, sub: string, tail = '') => `{i|${name}}{sub|${sub}}${tail ? `{r|${tail}}` : ''}`

/** Strict local maxima higher than `floor` × the global maximum (numerical ripples do not count). */
export function countPeaks(f: readonly number[], floor = 0.05): number {
  let max = 0
  for (const x of f) if (x > max) max = x
  if (!(max > 0)) return 0
  let peaks = 0
  for (let i = 0; i < f.length; i++) {
    const left = i > 0 ? f[i - 1] : -Infinity
    // A flat top counts once: compare with the next different value on the right.
    let j = i + 1
    while (j < f.length && f[j] === f[i]) j++
    const right = j < f.length ? f[j] : -Infinity
    if (f[i] > left && f[i] > right && f[i] >= floor * max) peaks++
  }
  return peaks
}

export function marginalsOption(m: InitialPreview['marginals']): Record<string, unknown> {
  const series = MARGINALS.map((s) => {
    const color = metricColor(s.metric, 0)
    const f = m[s.key]
    return {
      id: s.key,
      type: 'line',
      name: s.key,
      data: m.v.map((v, i) => [v, f[i]]),
      symbol: 'none',
      color,
      lineStyle: { width: 1.6, type: s.dash, color },
      emphasis: { disabled: true },
      animation: false,
    }
  })
  return {
    animation: false,
    grid: { left: 50, right: 16, top: 28, bottom: 34 },
    legend: {
      top: 2,
      right: 8,
      itemWidth: 26,
      itemHeight: 8,
      itemStyle: { opacity: 0 }, // the line and its dash, no symbol
      formatter: (name: string) => subscripted('f', name.slice(1), '(v)'),
      textStyle: { fontSize: 11, rich: RICH },
      data: series.map((s) => ({ name: s.name, lineStyle: s.lineStyle })),
    },
    tooltip: {
      trigger: 'axis',
      confine: true,
      axisPointer: { type: 'line', animation: false },
      valueFormatter: (x: unknown) => (typeof x === 'number' ? formatNumber(x, 4) : String(x)),
    },
    xAxis: {
      type: 'value',
      name: 'v',
      nameLocation: 'middle',
      nameGap: 20,
      nameTextStyle: { fontStyle: 'italic', fontSize: 12 },
      min: m.v[0],
      max: m.v[m.v.length - 1],
      axisLabel: { formatter: (v: number) => formatNumber(v, 3), hideOverlap: true, showMinLabel: false, showMaxLabel: false },
      splitLine: screenGridLine,
    },
    yAxis: {
      type: 'value',
      min: 0,
      axisLine: { onZero: false },
      axisLabel: { formatter: (v: number) => formatNumber(v, 3) },
      splitLine: screenGridLine,
    },
    series,
  }
}

/** Square plot area centred in the container, leaving room for the axes and the colour scale. */
export function sliceGrid(width: number, height: number): { left: number; top: number; width: number; height: number } {
  const padL = 44
  const padR = 78 // the visual map
  const padT = 10
  const padB = 34
  const side = Math.max(40, Math.min(width - padL - padR, height - padT - padB))
  const left = padL + Math.max(0, (width - padL - padR - side) / 2)
  const top = padT + Math.max(0, (height - padT - padB - side) / 2)
  return { left, top, width: side, height: side }
}

export function sliceOption(s: InitialPreview['slice'], size: { width: number; height: number }, fname = 'f₀'): Record<string, unknown> {
  const n = s.v.length
  const data: [number, number, number][] = []
  let max = 0
  for (let iy = 0; iy < s.values.length; iy++) {
    const row = s.values[iy]
    for (let ix = 0; ix < row.length; ix++) {
      const f = row[ix]
      data.push([ix, iy, f])
      if (f > max) max = f
    }
  }
  const labels = s.v.map((v) => formatNumber(v, 3))
  const h = n > 1 ? Math.abs(s.v[1] - s.v[0]) : 1
  // Label the cells that hold an integer (to within half a cell), every k-th integer with k the smallest of
  // 1, 2, 4, 5, 10 that leaves a label ≈ 28 px of its own (a "−4" at 11 px is ≈ 16 px wide): on a small
  // square the labels thin out instead of running together ("−4−20246").
  const span = Math.abs(s.v[n - 1] - s.v[0])
  const pxPerUnit = sliceGrid(size.width, size.height).width / Math.max(span, 1e-9)
  const stepInt = [1, 2, 4, 5, 10].find((k) => k * pxPerUnit >= 28) ?? 20
  const showLabel = (index: number) => {
    const v = s.v[index]
    const r = Math.round(v)
    if (Math.abs(v - r) > h / 2 || r % stepInt !== 0) return false
    return !(index > 0 && Math.abs(s.v[index - 1] - r) <= Math.abs(v - r)) // one cell per integer
  }
  const axis = (sub: 'x' | 'y') => ({
    type: 'category',
    data: labels,
    name: subscripted('v', sub),
    nameLocation: 'middle',
    nameGap: sub === 'x' ? 20 : 26,
    nameRotate: 0,
    nameTextStyle: { rich: RICH },
    axisTick: { alignWithLabel: true, interval: (i: number) => showLabel(i) },
    axisLabel: { interval: (i: number) => showLabel(i), formatter: (_: string, i: number) => formatNumber(Math.round(s.v[i])) },
    splitArea: { show: false },
  })
  return {
    animation: false,
    grid: sliceGrid(size.width, size.height),
    tooltip: {
      confine: true,
      formatter: (p: { value?: [number, number, number] }) => {
        const [ix, iy, f] = p.value ?? [0, 0, NaN]
        return `v<sub>x</sub> = ${formatNumber(s.v[ix], 3)}, v<sub>y</sub> = ${formatNumber(s.v[iy], 3)}<br/>${fname} = <b>${formatNumber(f, 4)}</b>`
      },
    },
    xAxis: axis('x'),
    yAxis: axis('y'),
    visualMap: {
      type: 'continuous',
      min: 0,
      max: max > 0 ? max : 1,
      calculable: false,
      orient: 'vertical',
      right: 6,
      top: 'middle',
      itemWidth: 12,
      itemHeight: Math.max(60, Math.min(200, size.height - 90)),
      text: [formatNumber(max, 3), '0'],
      textGap: 6,
      textStyle: { fontSize: 11, color: MUTED_TEXT },
      inRange: { color: [...SLICE_COLORS] },
      formatter: (v: number) => formatNumber(v, 3),
    },
    series: [
      {
        id: 'slice',
        type: 'heatmap',
        data,
        progressive: 0,
        emphasis: { disabled: true },
        animation: false,
      },
    ],
  }
}
