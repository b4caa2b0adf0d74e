// The History tab's plot as a paper figure: the same panels as the screen (historyPlot.ts builds both: a
// panel per metric group on a shared t, each run its own metrics, the same log axes and what they did to
// values ≤ 0), drawn statically for export. As on screen, colour says the run (several runs) or the metric
// (one run), and the dash says the metric within a panel (named on the panel's axis); on paper a marker
// also says the run, so that the figure reads in black and white. The notes the screen writes under the
// chart (log axes, decimation) are written into the figure. Its metadata names every run with its spec,
// code version, label and tags. Pure: no DOM, no Node.
import type { EChartsCoreOption } from 'echarts/core'
import type { RunRecord } from '../api'
import { csvMetadataLines } from '../figureExport'
import { buildHistoryPlot } from './historyPlot'
import type { HistoryPlotInput, PlotHistorySource, PlottedRun } from './historyPlot'
import {
  AXIS_NAME_TEXT,
  COMPACT_WIDTH_PX,
  cycle,
  DEFAULT_FONT_FAMILY,
  EXPORT_BACKGROUND,
  gridLine,
  legendIconPx,
  legendRows,
  SYMBOLS,
  TITLE_TEXT_STYLE,
} from './style'

export interface FigureRun {
  id: number
  label: string
  t: readonly number[]
  values: Readonly<Record<string, readonly number[]>>
}

/** What the History tab plots: its runs (legend labels), their histories as held, and its choices. */
export type HistoryFigureInput = Omit<HistoryPlotInput, 'showBands' | 'width' | 'height' | 'legendFontPx' | 'legendIconPx' | 'histories'> & {
  runs: PlottedRun[]
  histories: ReadonlyMap<number, PlotHistorySource>
}

/** Markers per line: enough to tell the runs apart in grey, few enough not to hide the line. */
const MARKS = 8
/** Vertical room, px: between panels (the next panel's axis name), under the last one (t labels and name). */
const PANEL_GAP = 26
const BOTTOM = 44

interface PlotLine {
  id: string
  name: string
  datasetId: string
  encode: { y: string }
  xAxisIndex: number
  yAxisIndex: number
  color: string
  lineStyle: Record<string, unknown>
}

/**
 * The figure of the History tab at `width` × `height` CSS px (null when nothing would be drawn): the screen's
 * plot (buildHistoryPlot) without its bands, zoom and tooltip, its grids laid out again for the figure's
 * type size, its lines carrying their points (a marker every n/MARKS rows, the run's).
 */
export function buildHistoryFigureOption(
  input: HistoryFigureInput,
  settings: { fontFamily?: string; title?: string; width?: number; height?: number } = {},
): EChartsCoreOption | null {
  const width = settings.width ?? 800
  const height = settings.height ?? 500
  const compact = width < COMPACT_WIDTH_PX
  const font = compact ? 10 : 12
  const iconPx = legendIconPx(compact)
  const plot = buildHistoryPlot({
    ...input,
    histories: input.histories as Map<number, PlotHistorySource>,
    showBands: false,
    width,
    height,
    legendFontPx: font,
    legendIconPx: iconPx,
  })
  if (!plot.drawn.length) return null
  const multiple = input.runs.length > 1
  const runIndex = new Map(input.runs.map((r, i) => [r.id, i]))
  const sources = new Map((plot.option.dataset as { id: string; source: Record<string, readonly (number | null)[]> }[]).map((d) => [d.id, d.source]))
  const series = (plot.option.series as PlotLine[]).map((s) => {
    const source = sources.get(s.datasetId)!
    const t = source.t as readonly number[]
    const ys = source[s.encode.y]
    const n = Math.min(t.length, ys.length)
    const every = Math.max(1, Math.floor(n / MARKS))
    // The series' symbol (what the legend shows) is the run's; the rows between markers say 'none'.
    const data: { value: [number, number | null]; symbol?: string }[] = new Array(n)
    for (let i = 0; i < n; i++) data[i] = i % every === 0 ? { value: [t[i], ys[i]] } : { value: [t[i], ys[i]], symbol: 'none' }
    return {
      type: 'line',
      id: s.id,
      name: s.name,
      xAxisIndex: s.xAxisIndex,
      yAxisIndex: s.yAxisIndex,
      data,
      showSymbol: multiple,
      showAllSymbol: true,
      symbol: cycle(SYMBOLS, runIndex.get(Number(s.id.split(':')[1])) ?? 0),
      symbolSize: 5,
      color: s.color,
      lineStyle: { ...s.lineStyle, width: 1.4 },
      itemStyle: { color: s.color },
      connectNulls: false,
      animation: false,
    }
  })

  // The screen's notes, and what the figure drew when the display holds a decimation of the rows.
  const notes = [...plot.notes]
  if (plot.decimated) notes.push(`drawn from ${plot.shownRows} of ${plot.totalRows} rows (a display decimation; the CSV has every row)`)
  const noteLine = font + 4

  // Layout: the title, the legend's rows (wrapped, never paged), the panels in equal heights, the notes.
  const titleRoom = settings.title && !compact ? 28 : 0
  const legend = plot.option.legend as { data: { name: string }[] }
  const rows = Math.max(
    1,
    legendRows(
      legend.data.map((d) => d.name),
      width - 20,
      font,
      iconPx,
    ),
  )
  const rowPx = Math.ceil(font * 1.25) + 10 // ECharts: a row's text height, then the item gap
  const top = titleRoom + 4 + rows * rowPx + font + 10 // the first panel's axis name sits above its grid
  const bottom = BOTTOM + notes.length * noteLine
  const grids = plot.option.grid as { left: number; right: number }[]
  const k = grids.length
  const panelH = Math.max(30, (height - top - bottom - (k - 1) * PANEL_GAP) / k)
  const restyle = (axes: Record<string, unknown>[]) =>
    axes.map((a) => ({ ...a, splitLine: gridLine, nameTextStyle: { ...(a.nameTextStyle as object), fontSize: font, color: AXIS_NAME_TEXT } }))
  return {
    animation: false,
    backgroundColor: EXPORT_BACKGROUND,
    textStyle: { fontFamily: settings.fontFamily ?? DEFAULT_FONT_FAMILY, fontSize: font },
    title: titleRoom ? { text: settings.title, left: 'center', top: 4, textStyle: TITLE_TEXT_STYLE } : undefined,
    legend: {
      data: legend.data,
      type: 'plain',
      top: titleRoom + 4,
      left: 10,
      right: 10,
      itemWidth: iconPx,
      itemHeight: 10,
      itemGap: 10,
      textStyle: { fontSize: font },
    },
    grid: grids.map((g, i) => ({ ...g, top: top + i * (panelH + PANEL_GAP), height: panelH })),
    xAxis: restyle(plot.option.xAxis as Record<string, unknown>[]),
    yAxis: restyle(plot.option.yAxis as Record<string, unknown>[]),
    series,
    graphic: notes.map((text, i) => ({
      type: 'text',
      right: 12,
      bottom: 4 + (notes.length - 1 - i) * noteLine,
      style: { text, fontSize: font - 1, fill: AXIS_NAME_TEXT, fontFamily: settings.fontFamily ?? DEFAULT_FONT_FAMILY },
    })),
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
    legend: runs.map((r) => r.label),
    metrics,
    rows: runs.map((r) => r.t.length),
    specs: records
      .filter((r): r is RunRecord => !!r)
      .map((r) => ({ run: r.id, experiment: r.experimentId, solver: r.solver, label: r.label, tags: r.tags, spec: r.spec, codeVersion: r.codeVersion })),
  }
}

/** The drawn data as long-format CSV (run, t, metric, value), the metadata first as comments; each run's
 * metrics those the figure draws for it (`metricsOf`, as the screen: default every one of `metrics`). */
export function historyFigureCsv(
  runs: readonly FigureRun[],
  metrics: readonly string[],
  meta: Record<string, unknown>,
  metricsOf: (runId: number) => readonly string[] = () => metrics,
): string {
  const out = csvMetadataLines(meta)
  out.push('run,t,metric,value')
  const lines = runs.flatMap((run) => metrics.filter((m) => metricsOf(run.id).includes(m) && run.values[m]?.length).map((metric) => ({ run, metric })))
  for (const { run, metric } of lines) {
    const ys = run.values[metric]
    for (let i = 0; i < Math.min(run.t.length, ys.length); i++) out.push(`${run.id},${run.t[i]},${metric},${ys[i]}`)
  }
  return out.join('\n') + '\n'
}
