// Several runs' densities on one plot: one marginal (f_x, f_y or f_z; the views share the designer
// preview's grid, so the runs' values line up point for point) per run, colour per run, or each run's
// difference f − f_ref to a reference run (the exact solution when one is plotted). Pure (no DOM).
import { formatNumber } from '../formatNumber'
import { cycle, screenGridLine, SERIES_COLORS, AXIS_NAME_TEXT } from './style'

export type MarginalKey = 'fx' | 'fy' | 'fz'

export interface OverlayRun {
  runId: number
  label: string
  t: number
  marginals: { v: number[]; fx: number[]; fy: number[]; fz: number[] }
}

export interface DensityOverlay {
  option: Record<string, unknown>
  /** Lines drawn, and the largest |f − f_ref| over them (NaN without a difference). */
  lines: number
  maxAbsDiff: number
}

/** `reference`: the run subtracted (its own line is then left out), or null to draw the marginals themselves. */
export function densityOverlayOption(runs: readonly OverlayRun[], key: MarginalKey, reference: number | null): DensityOverlay {
  const ref = reference !== null ? runs.find((r) => r.runId === reference) : undefined
  const drawn = ref ? runs.filter((r) => r.runId !== ref.runId) : runs
  let maxAbsDiff = ref ? 0 : NaN
  const series = drawn.map((r) => {
    const i = runs.indexOf(r)
    const color = cycle(SERIES_COLORS, i)
    const f = r.marginals[key]
    const data = r.marginals.v.map((v, j) => {
      // Same grid for every view (densityView.ts draws on the preview's); a run on another grid is not differenced.
      const y = ref && ref.marginals.v.length === r.marginals.v.length ? f[j] - ref.marginals[key][j] : ref ? NaN : f[j]
      if (ref && Number.isFinite(y)) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(y))
      return [v, y]
    })
    return {
      id: `overlay:${r.runId}`,
      type: 'line',
      name: r.label,
      data,
      symbol: 'none',
      color,
      lineStyle: { width: 1.5, color },
      emphasis: { disabled: true },
      animation: false,
    }
  })
  const name = ref ? `${key.replace('f', 'f_')} − f_ref (f_ref: ${ref.label})` : key.replace('f', 'f_')
  return {
    option: {
      animation: false,
      grid: { left: 56, right: 16, top: 20 + 16 * Math.ceil(series.length / 2), bottom: 34 },
      legend: { type: 'plain', top: 2, left: 4, right: 4, itemWidth: 18, itemHeight: 8, textStyle: { fontSize: 10 }, data: series.map((s) => s.name) },
      tooltip: { trigger: 'axis', confine: true, valueFormatter: (x: unknown) => (typeof x === 'number' ? formatNumber(x, 4) : String(x)) },
      xAxis: {
        type: 'value',
        name: 'v',
        nameLocation: 'middle',
        nameGap: 20,
        min: runs[0]?.marginals.v[0],
        max: runs[0]?.marginals.v.at(-1),
        axisLabel: { formatter: (v: number) => formatNumber(v, 3), hideOverlap: true, showMinLabel: false, showMaxLabel: false },
        splitLine: screenGridLine,
      },
      yAxis: {
        type: 'value',
        name,
        nameLocation: 'end',
        nameTextStyle: { align: 'left', fontSize: 11, color: AXIS_NAME_TEXT },
        axisLabel: { formatter: (v: number) => formatNumber(v, 3), hideOverlap: true },
        splitLine: screenGridLine,
      },
      series,
    },
    lines: series.length,
    maxAbsDiff,
  }
}
