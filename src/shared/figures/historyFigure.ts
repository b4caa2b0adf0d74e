// The History tab's plot as a paper figure: the plotted metrics of the selected runs against t,
// drawn statically for export. Colour says the metric (the caller's palette, as on screen); dash pattern
// and marker say the run, so that the figure reads in black and white. Its metadata names every run with
// its spec and code version. Pure: no DOM, no Node.
import type { EChartsCoreOption } from 'echarts/core'
import type { RunRecord } from '../api'
import { csvMetadataLines } from '../figureExport'
import { formatNumber } from '../formatNumber'
import { COMPACT_WIDTH_PX, cycle, DASHES, DEFAULT_FONT_FAMILY, EXPORT_BACKGROUND, gridLine, legendIconPx, legendRows, SYMBOLS, TITLE_TEXT_STYLE } from './style'

export interface FigureRun {
  id: number
  label: string
  t: readonly number[]
  values: Readonly<Record<string, readonly number[]>>
}

/** Markers per line: enough to tell the runs apart in grey, few enough not to hide the line. */
const MARKS = 8

/** Lines of (run, metric) that have data, in run then metric order. */
function lines(runs: readonly FigureRun[], metrics: readonly string[]): { run: FigureRun; r: number; metric: string }[] {
  return runs.flatMap((run, r) => metrics.filter((m) => run.values[m]?.length).map((metric) => ({ run, r, metric })))
}

export function buildHistoryFigureOption(
  runs: readonly FigureRun[],
  metrics: readonly string[],
  color: (metric: string) => string,
  settings: { fontFamily?: string; title?: string; width?: number } = {},
): EChartsCoreOption | null {
  const ls = lines(runs, metrics)
  if (!ls.length) return null
  const many = runs.length > 1
  const width = settings.width ?? 800
  const font = width < COMPACT_WIDTH_PX ? 10 : 12
  const iconPx = legendIconPx(width < COMPACT_WIDTH_PX)
  const series = ls.map(({ run, r, metric }) => {
    const ys = run.values[metric]
    const n = Math.min(run.t.length, ys.length)
    const every = Math.max(1, Math.floor(n / MARKS))
    // Markers on every `every`-th row only: the series' symbol (what the legend shows) is the run's, and the
    // rows between say 'none'.
    const data: { value: [number, number]; symbol?: string }[] = new Array(n)
    for (let i = 0; i < n; i++) data[i] = i % every === 0 ? { value: [run.t[i], ys[i]] } : { value: [run.t[i], ys[i]], symbol: 'none' }
    return {
      type: 'line',
      name: many ? `${metric} · ${run.label}` : metric,
      data,
      showSymbol: many,
      showAllSymbol: true,
      symbol: cycle(SYMBOLS, r),
      symbolSize: 5,
      lineStyle: { width: 1.4, color: color(metric), type: cycle(DASHES, r) },
      itemStyle: { color: color(metric) },
      animation: false,
    }
  })
  const legendTop = settings.title ? 28 : 6
  const rows = legendRows(
    series.map((s) => s.name),
    width - 20,
    font,
    iconPx,
  )
  return {
    animation: false,
    backgroundColor: EXPORT_BACKGROUND,
    textStyle: { fontFamily: settings.fontFamily ?? DEFAULT_FONT_FAMILY, fontSize: font },
    title: settings.title ? { text: settings.title, left: 'center', top: 4, textStyle: TITLE_TEXT_STYLE } : undefined,
    legend: { top: legendTop, left: 'center', width: width - 20, itemWidth: iconPx, itemGap: 10, textStyle: { fontSize: font } },
    grid: { left: 64, right: 24, top: legendTop + rows * (font + 9) + 14, bottom: 44 },
    xAxis: { type: 'value', name: 't', nameLocation: 'middle', nameGap: 26, axisLabel: { formatter: (v: number) => formatNumber(v, 4) }, splitLine: gridLine },
    yAxis: { type: 'value', scale: true, axisLabel: { formatter: (v: number) => formatNumber(v, 4) }, splitLine: gridLine },
    series,
  }
}

/** What an exported history figure says about itself: the runs with their specs, the metrics, rows drawn. */
export function historyFigureMetadata(
  runs: readonly FigureRun[],
  records: readonly (RunRecord | undefined)[],
  metrics: readonly string[],
): Record<string, unknown> {
  return {
    kind: 'landau-workbench history',
    runs: runs.map((r) => r.id),
    metrics,
    rows: runs.map((r) => r.t.length),
    specs: records
      .filter((r): r is RunRecord => !!r)
      .map((r) => ({ run: r.id, experiment: r.experimentId, solver: r.solver, spec: r.spec, codeVersion: r.codeVersion })),
  }
}

/** The drawn data as long-format CSV (run, t, metric, value), the metadata first as comments. */
export function historyFigureCsv(runs: readonly FigureRun[], metrics: readonly string[], meta: Record<string, unknown>): string {
  const out = csvMetadataLines(meta)
  out.push('run,t,metric,value')
  for (const { run, metric } of lines(runs, metrics)) {
    const ys = run.values[metric]
    for (let i = 0; i < Math.min(run.t.length, ys.length); i++) out.push(`${run.id},${run.t[i]},${metric},${ys[i]}`)
  }
  return out.join('\n') + '\n'
}
