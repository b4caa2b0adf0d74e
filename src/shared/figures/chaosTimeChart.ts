// The chaos error against time ("W2 between a particle run and a deterministic reference run at
// each recorded time, always shown with its statistical floor"): the convergence reports of one experiment
// at every stored time, read along t. A line per particle run (colour and marker by system, dash by N), its
// 95 % replica intervals as bars, and for a W2 metric each run's floor (two independent reference samples
// of its size) as a thin dotted line of the same colour: where a run's line meets its floor, the sampling
// error hides any chaos error. Pure: no DOM, no Node.
import type { EChartsCoreOption } from 'echarts/core'
import { CHAOS_METRIC_LABELS } from '../api'
import type { ChaosReport } from '../api'
import { floorOf, known, nice } from './convergenceChart'
import { csvMetadataLines } from '../figureExport'
import { formatNumber } from '../formatNumber'
import {
  COMPACT_WIDTH_PX,
  cycle,
  DASHES_NO_DOTTED,
  figureFrame,
  fontPx,
  gridLine,
  legendIconPx,
  legendRows,
  minorGridLine,
  NEUTRAL_GREY,
  SERIES_COLORS,
  SYMBOLS,
} from './style'

/** One run's value at one time: its point (if drawable on a log axis) and its floor. */
export interface TimePoint {
  run: number
  solver: string
  N: number
  t: number
  y: number
  lo: number
  hi: number
  clipped: boolean
  floor: number | null
}

/** The reports' points by run, in time order (values ≤ 0, not drawable on a log axis, are left out). */
export function timePoints(reports: readonly ChaosReport[]): Map<number, TimePoint[]> {
  const out = new Map<number, TimePoint[]>()
  for (const r of [...reports].sort((a, b) => a.time - b.time)) {
    const diag = new Map(r.runs.map((d) => [d.run, d]))
    for (const s of r.series) {
      for (const p of s.points) {
        const d = diag.get(p.run)
        const fl = d ? floorOf(r, d) : null
        const list = out.get(p.run) ?? []
        list.push({
          run: p.run,
          solver: s.solver,
          N: p.N,
          t: r.time,
          y: p.y,
          lo: p.lo,
          hi: p.hi,
          clipped: p.clipped,
          floor: fl && known(fl.y) && fl.y > 0 ? fl.y : null,
        })
        out.set(p.run, list)
      }
    }
  }
  // Run order (the experiment's order: systems, then N), whichever time a run first appears at.
  return new Map([...out.entries()].sort((a, b) => a[0] - b[0]))
}

export function buildChaosTimeOption(
  reports: readonly ChaosReport[],
  settings: { forExport?: boolean; fontFamily?: string; width?: number } = {},
): EChartsCoreOption | null {
  if (!reports.length) return null
  const exp = !!settings.forExport
  const compact = exp && (settings.width ?? 800) < COMPACT_WIDTH_PX
  const metric = reports[0].metric
  const byRun = timePoints(reports)
  if (!byRun.size) return null
  const solvers = [...new Set([...byRun.values()].map((ps) => ps[0].solver))]
  const Ns = [...new Set([...byRun.values()].map((ps) => ps[0].N))].sort((a, b) => a - b)
  const series: object[] = []
  const legend: string[] = []
  const ys: number[] = []
  for (const [run, ps] of byRun) {
    const k = solvers.indexOf(ps[0].solver)
    const n = Ns.indexOf(ps[0].N)
    const color = cycle(SERIES_COLORS, k)
    const name = `${ps[0].solver} N=${ps[0].N}`
    legend.push(name)
    for (const p of ps) ys.push(p.y, p.hi, ...(p.clipped ? [] : [p.lo]), ...(p.floor !== null ? [p.floor] : []))
    series.push({
      type: 'line',
      id: `run-${run}`,
      name,
      data: ps.map((p) => ({ value: [p.t, p.y], run })),
      symbol: cycle(SYMBOLS, k),
      symbolSize: compact ? 5 : 7,
      lineStyle: { color, width: 1.4, type: cycle(DASHES_NO_DOTTED, n) },
      itemStyle: { color },
      z: 3,
    })
    series.push({
      type: 'custom',
      id: `bars-${run}`,
      name,
      data: ps.filter((p) => known(p.lo) && known(p.hi)).map((p) => [p.t, p.lo, p.hi, p.clipped ? 1 : 0]),
      encode: { x: 0, y: [1, 2] },
      silent: true,
      // A lower end clipped to y·1e-3 (interval reaching 0) runs off the bottom of the log axis: cut there.
      clip: true,
      z: 2,
      renderItem: (_p: unknown, api: { value(i: number): number; coord(p: [number, number]): number[] }) => {
        const top = api.coord([api.value(0), api.value(2)])
        const bottom = api.coord([api.value(0), api.value(1)])
        const style = { stroke: color, lineWidth: 1, fill: 'none' }
        return {
          type: 'group',
          children: [
            {
              type: 'line',
              shape: { x1: top[0], y1: top[1], x2: bottom[0], y2: bottom[1] },
              style: api.value(3) === 1 ? { ...style, lineDash: [3, 3] } : style,
            },
            { type: 'line', shape: { x1: top[0] - 3, y1: top[1], x2: top[0] + 3, y2: top[1] }, style },
          ],
        }
      },
    })
    const floors = ps.filter((p) => p.floor !== null)
    if (floors.length) {
      series.push({
        type: 'line',
        id: `floor-${run}`,
        name: 'W2 floor (dotted)',
        data: floors.map((p) => [p.t, p.floor]),
        showSymbol: false,
        symbol: 'none',
        lineStyle: { color, width: 0.9, type: 'dotted', opacity: 0.8 },
        itemStyle: { color: NEUTRAL_GREY },
        z: 1,
      })
    }
  }
  if (series.some((s) => (s as { id: string }).id.startsWith('floor-'))) legend.push('W2 floor (dotted)')
  const pos = ys.filter((y) => known(y) && y > 0)
  const font = fontPx(exp, compact)
  const iconPx = legendIconPx(compact)
  const title = `${CHAOS_METRIC_LABELS[metric]} vs t · experiment ${reports[0].experiment}, reference run ${reports[0].reference.run} (${reports[0].reference.solver})`
  const showTitle = exp && !compact
  const legendTop = showTitle ? 30 : exp ? 6 : 4
  const rows = legendRows(legend, (settings.width ?? 800) - 20, font, iconPx)
  return {
    ...figureFrame({
      forExport: exp,
      fontFamily: settings.fontFamily,
      font,
      title,
      showTitle,
      legend: legend,
      legendTop,
      width: settings.width ?? 800,
      iconPx,
    }),
    tooltip: exp
      ? undefined
      : {
          trigger: 'item',
          formatter: (p: { seriesName?: string; value?: unknown }) =>
            `${p.seriesName ?? ''}<br/>t = ${formatNumber((p.value as number[])[0], 4)}, ${formatNumber((p.value as number[])[1], 4)}`,
        },
    grid: { left: compact ? 52 : 70, right: compact ? 14 : 30, top: exp ? legendTop + rows * (font + 9) + 14 : 30 + rows * 18, bottom: compact ? 40 : 50 },
    xAxis: {
      type: 'value',
      name: 't',
      nameLocation: 'middle',
      nameGap: compact ? 24 : 28,
      axisLabel: { fontSize: compact ? font : undefined, formatter: (v: number) => formatNumber(v, 3) },
      splitLine: gridLine,
    },
    yAxis: {
      type: 'log',
      name: CHAOS_METRIC_LABELS[metric],
      nameLocation: 'middle',
      nameGap: compact ? 38 : 52,
      min: pos.length ? nice(Math.min(...pos) / 1.1, 'down') : undefined,
      max: pos.length ? nice(Math.max(...pos) * 1.1, 'up') : undefined,
      axisLabel: { fontSize: compact ? font : undefined, formatter: (v: number) => formatNumber(v, 3) },
      splitLine: gridLine,
      minorTick: { show: true },
      minorSplitLine: minorGridLine,
    },
    series,
  }
}

/** Long-format CSV of the points along t: run, system, N, t, value, interval, floor; metadata first. */
export function chaosTimeCsv(reports: readonly ChaosReport[], meta: Record<string, unknown>): string {
  const lines = csvMetadataLines(meta)
  lines.push(`run,solver,N,t,${reports[0]?.metric ?? 'value'},lo95,hi95,lo_clipped,floor`)
  for (const [, ps] of timePoints(reports)) {
    for (const p of ps)
      lines.push([p.run, p.solver, p.N, p.t, p.y, known(p.lo) ? p.lo : '', known(p.hi) ? p.hi : '', p.clipped ? 1 : 0, p.floor ?? ''].join(','))
  }
  return lines.join('\n') + '\n'
}

/** What an exported figure along t says about itself: the times, and each time's report metadata. */
export function chaosTimeMetadata(reports: readonly ChaosReport[]): Record<string, unknown> {
  const r = reports[0]
  return {
    kind: 'landau-workbench chaos vs t',
    experiment: r?.experiment,
    experimentName: r?.spec.name,
    runs: r ? r.runs.map((d) => d.run) : [],
    reference: r?.reference.run,
    metric: r?.metric,
    phi: r?.phi,
    times: reports.map((x) => x.time),
    spec: r?.spec,
  }
}
