// The time-step refinement figure: |weak error| of E[Txx − Tzz](T) against Δt on log–log axes, one series per
// study (system · integrator · γ), with ±2 SE bars (a bar whose lower end is ≤ 0 runs off the bottom, dashed)
// and a dotted slope-1 guide through the finest point of the first study, so that order 1 reads as "parallel
// to the guide". An error within 2 SE of 0 is drawn as an open marker: the fit leaves it out
// (dtRefinement.ts). Also its CSV. Pure: no DOM, no Node.
import type { EChartsCoreOption } from 'echarts/core'
import type { DtStudyOutcome } from '../dtStudySpec'
import { formatNumber } from '../formatNumber'
import { errorBarSeries, type ErrorBar } from './errorBars'
import {
  NEUTRAL_GREY,
  cycle,
  DASHES,
  EMPTY_SYMBOLS,
  figureFrame,
  fontPx,
  gridLine,
  legendIconPx,
  legendRows,
  minorGridLine,
  SERIES_COLORS,
  SYMBOLS,
} from './style'

/** "kac · sbm · γ = −3 · N = 20": what a study is, as its legend entry. */
export function dtStudyLabel(o: DtStudyOutcome): string {
  const r = o.request
  return `${r.system} · ${r.integrator} · γ = ${formatNumber(r.gamma)} · N = ${r.N}`
}

/** "1.01 [0.93, 1.08]", or why there is no order. */
export function dtOrderText(o: DtStudyOutcome): string {
  if (!Number.isFinite(o.order)) return 'undetermined (errors within 2 SE of 0)'
  return `${o.order.toFixed(2)} [${o.lo.toFixed(2)}, ${o.hi.toFixed(2)}]`
}

export interface DtStudyChartSettings {
  forExport?: boolean
  fontFamily?: string
  width?: number
}

export function buildDtStudyOption(studies: readonly DtStudyOutcome[], s: DtStudyChartSettings = {}): EChartsCoreOption {
  const forExport = s.forExport ?? false
  const width = s.width ?? 900
  const compact = forExport && width < 560
  const font = fontPx(forExport, compact)
  const iconPx = legendIconPx(compact)
  const labels = studies.map((o) => `${dtStudyLabel(o)}: order ${dtOrderText(o)}`)
  const rows = legendRows([...labels, 'slope 1'], width - 40, font, iconPx)
  const legendTop = forExport && compact ? 4 : 30
  const series: object[] = []
  const positive = (x: number) => x > 0 && Number.isFinite(x)
  let ymin = Infinity
  studies.forEach((o, k) => {
    const color = cycle(SERIES_COLORS, k)
    const points = o.rows.map((r) => ({
      value: [r.dt, Math.abs(r.error)],
      // Within 2 SE of 0: noise, left out of the fit; drawn open so the eye leaves it out too.
      symbol: Math.abs(r.error) > 2 * r.se ? cycle(SYMBOLS, k) : cycle(EMPTY_SYMBOLS, k),
    }))
    for (const r of o.rows) if (positive(Math.abs(r.error))) ymin = Math.min(ymin, Math.abs(r.error))
    series.push({
      type: 'line',
      name: labels[k],
      data: points.filter((p) => positive(p.value[1])),
      color,
      symbolSize: 7,
      lineStyle: { color, type: cycle(DASHES, k), width: 1.6 },
      animation: !forExport,
    })
    const bars: ErrorBar[] = o.rows.map((r) => {
      const e = Math.abs(r.error)
      const lo = e - 2 * r.se
      return [r.dt, lo > 0 ? lo : e / 100, e + 2 * r.se, lo > 0 ? 0 : 1]
    })
    series.push(errorBarSeries(labels[k], `bars-${k}`, bars, color))
  })
  // The slope-1 guide through the first study's finest Δt: e(Δt) = e_min·Δt/Δt_min.
  const first = studies[0]?.rows.filter((r) => positive(Math.abs(r.error)))
  if (first?.length) {
    const fine = first.reduce((a, b) => (b.dt < a.dt ? b : a))
    const coarse = first.reduce((a, b) => (b.dt > a.dt ? b : a))
    const e0 = Math.abs(fine.error)
    series.push({
      type: 'line',
      name: 'slope 1',
      data: [
        [fine.dt, e0],
        [coarse.dt, (e0 * coarse.dt) / fine.dt],
      ],
      symbol: 'none',
      color: NEUTRAL_GREY,
      lineStyle: { color: NEUTRAL_GREY, type: 'dotted', width: 1.2 },
      animation: !forExport,
    })
  }
  const top = legendTop + rows * (font + 8) + 10
  return {
    ...figureFrame({
      forExport,
      fontFamily: s.fontFamily,
      font,
      title: 'Weak error against Δt',
      showTitle: !compact,
      legend: [...labels, 'slope 1'],
      legendTop,
      width,
      iconPx,
    }),
    grid: { left: 70, right: 24, top, bottom: 48 },
    tooltip: forExport ? undefined : { trigger: 'item' },
    xAxis: { type: 'log', name: 'Δt', nameLocation: 'middle', nameGap: 28, splitLine: gridLine, minorSplitLine: minorGridLine },
    yAxis: {
      type: 'log',
      name: '|error of E[Txx − Tzz](T)|',
      nameLocation: 'middle',
      nameGap: 52,
      // A decade boundary below the smallest error: the clipped bars run to it, and its label is a round number.
      min: Number.isFinite(ymin) ? 10 ** Math.floor(Math.log10(ymin / 2)) : undefined,
      splitLine: gridLine,
      axisLabel: { formatter: (v: number) => formatNumber(v) },
    },
    series,
  }
}

/** Every row of every study, one line each, with the study's order. */
export function dtStudyCsv(studies: readonly DtStudyOutcome[]): string {
  const lines = ['system,integrator,gamma,N,replicas,T,seed,reference,dt,error,se,order,order_lo,order_hi']
  for (const o of studies) {
    const r = o.request
    for (const row of o.rows)
      lines.push([r.system, r.integrator, r.gamma, r.N, r.replicas, r.T, r.seed, o.reference, row.dt, row.error, row.se, o.order, o.lo, o.hi].join(','))
  }
  return `${lines.join('\n')}\n`
}
