// Builds the ECharts option of the history plot from the plotted runs' columnar histories.
// Small multiples: one grid per metric group (./metricGroups.ts: temperatures, entropy, Fisher, …), stacked
// on a shared t axis, so that an entropy ≈ −4 and temperatures ≈ 1 never share one axis. One dataset per
// run (its columns as they are: no copy into [t, v] pairs, except on log axes, which need the values ≤ 0
// handled), one line series per (run, metric), and optionally a ±2·se band per series drawn as a stacked
// pair (lower edge, width). One run: colour says the metric, the legend lists metrics. Several runs:
// colour says the run and the legend lists runs by what they are (their labels: solver · N · γ · name), the
// dash pattern says the metric within a panel (named on the panel's axis), so a sweep of 9 runs × 6 metrics
// has a legend of 9 entries, not 54. Pure (no DOM): the renderer's HistoryChart sets it on its chart.
import type { LiveHistory } from './historyColumns'
import { SE_SUFFIX } from './historyColumns'
import { AXIS_NAME_TEXT, cycle, DASHES, legendIconPx, legendRows, metricColor, SCREEN_FONT_PX, screenGridLine, SERIES_COLORS, withAlpha } from './style'
import { groupMetrics } from './metricGroups'
import { formatNumber } from '../formatNumber'

export interface PlottedRun {
  id: number
  label: string
}

/** A history as the runs store holds it for the plot: the rows held, and when they are a display
 * decimation, how many rows they stand for and (zoomed) finer rows of the visible t range. */
export interface PlotHistorySource extends LiveHistory {
  totalRows?: number
  decimated?: boolean
  detail?: { tMin: number; tMax: number; t: number[]; values: Record<string, number[]>; totalRows: number; decimated: boolean } | null
}

export interface HistoryPlotInput {
  runs: PlottedRun[]
  metrics: string[]
  histories: Map<number, PlotHistorySource>
  showBands: boolean
  /** Metrics in the order that fixes their colours (all the picker offers), so a colour does not change
   * when another metric is ticked. Defaults to `metrics`. */
  colorOrder?: string[]
  /** The metrics drawn for one run when they differ by run (a choice made for particle runs does not
   * leave a deterministic run blank: plotMetrics.ts). Defaults to `metrics` for every run. */
  metricsOf?: (runId: number) => readonly string[]
  /** Logarithmic axes: y (per panel; values ≤ 0 handled and said in `notes`) and t (rows at t ≤ 0 dropped). */
  logY?: boolean
  logX?: boolean
  /** The chart's size in px, for the panels' layout (default 900 × 500). */
  width?: number
  height?: number
  /** The legend's type size and icon width, which set how many rows it wraps to (default: the screen's). */
  legendFontPx?: number
  legendIconPx?: number
}

export interface HistoryPlot {
  /** Merged into the chart with replaceMerge on dataset and series. */
  option: Record<string, unknown>
  /** Number of (t, value) points over all metric series (bands not counted). */
  points: number
  /** Rows of the longest history, to pick the update rate. */
  maxRows: number
  /** The metrics drawn (a line for at least one run), in the order asked. */
  drawn: string[]
  /** Rows drawn, summed over the runs drawn, and the rows those runs hold in all. */
  shownRows: number
  totalRows: number
  /** Whether some run is drawn from a decimation (then shownRows < totalRows). */
  decimated: boolean
  /** When zoomed into decimated runs: rows fetched for the visible range, and rows the runs hold there. */
  detail: { tMin: number; tMax: number; shownRows: number; totalRows: number; decimated: boolean } | null
  /** Smallest and largest value drawn over the metric lines (NaN when none). */
  yMin: number
  yMax: number
  /** The panels drawn: their group ids, in order. */
  panels: string[]
  /** What the log axes did to values they cannot draw (empty on linear axes). */
  notes: string[]
}

/** The ±2·se envelope of one series, decimated incrementally: rows go into buckets of `stride` rows
 * (min of v − 2se, max of v + 2se over the bucket); when there are more than MAX_BAND_BUCKETS buckets,
 * neighbours merge and the stride doubles. Stacked areas are costly in ECharts, so a band never has
 * more than ~2·MAX_BAND_BUCKETS points however long the history; it is exact while rows ≤ the cap. */
const MAX_BAND_BUCKETS = 1024

interface BandCache {
  t: number[]
  v: number[]
  se: number[]
  /** Rows consumed. */
  n: number
  stride: number
  t0: number[]
  t1: number[]
  lo: number[]
  hi: number[]
  /** Rows in the last bucket. */
  fill: number
}
const bandCache = new Map<string, BandCache>()

function addToBands(c: BandCache, tk: number, lo: number, hi: number): void {
  const last = c.lo.length - 1
  if (last >= 0 && c.fill < c.stride) {
    c.t1[last] = tk
    if (lo < c.lo[last] || Number.isNaN(c.lo[last])) c.lo[last] = lo
    if (hi > c.hi[last] || Number.isNaN(c.hi[last])) c.hi[last] = hi
    c.fill++
    return
  }
  c.t0.push(tk)
  c.t1.push(tk)
  c.lo.push(lo)
  c.hi.push(hi)
  c.fill = 1
  if (c.lo.length > MAX_BAND_BUCKETS) {
    // Merge neighbours; the last bucket may end up partial.
    const m = Math.ceil(c.lo.length / 2)
    for (let i = 0; i < m; i++) {
      const a = 2 * i
      const b = Math.min(a + 1, c.lo.length - 1)
      c.t0[i] = c.t0[a]
      c.t1[i] = c.t1[b]
      c.lo[i] = Math.min(c.lo[a], c.lo[b])
      c.hi[i] = Math.max(c.hi[a], c.hi[b])
    }
    const lastHasTwo = c.lo.length % 2 === 0
    c.t0.length = c.t1.length = c.lo.length = c.hi.length = m
    const oldStride = c.stride
    c.stride *= 2
    c.fill = lastHasTwo ? oldStride + c.fill : c.fill
  }
}

function bandPoints(runId: number, metric: string, t: number[], v: number[], se: number[]): { t: number[]; lo: number[]; w: number[] } {
  const key = `${runId}\u0000${metric}`
  let c = bandCache.get(key)
  if (!c || c.t !== t || c.v !== v || c.se !== se || c.n > t.length) {
    c = { t, v, se, n: 0, stride: 1, t0: [], t1: [], lo: [], hi: [], fill: 0 }
    bandCache.set(key, c)
  }
  const n = Math.min(t.length, v.length, se.length)
  for (let k = c.n; k < n; k++) {
    const ok = Number.isFinite(se[k]) && Number.isFinite(v[k])
    addToBands(c, t[k], ok ? v[k] - 2 * se[k] : NaN, ok ? v[k] + 2 * se[k] : NaN)
  }
  c.n = Math.max(c.n, n)
  // Exact bands draw one point per row; decimated ones a step per bucket (its first and last t).
  const out = { t: [] as number[], lo: [] as number[], w: [] as number[] }
  for (let i = 0; i < c.lo.length; i++) {
    const w = c.hi[i] - c.lo[i]
    out.t.push(c.t0[i])
    out.lo.push(c.lo[i])
    out.w.push(w)
    if (c.t1[i] !== c.t0[i]) {
      out.t.push(c.t1[i])
      out.lo.push(c.lo[i])
      out.w.push(w)
    }
  }
  return out
}

/** Forgets band columns of runs no longer plotted. */
export function pruneBandCache(keepRunIds: Set<number>): void {
  for (const key of bandCache.keys()) {
    if (!keepRunIds.has(Number(key.split('\u0000')[0]))) bandCache.delete(key)
  }
}

/** The rows to draw for one run: the overview, with the zoomed range's finer rows in place of its own
 * rows there (the overview's rows after the detail's last t stay: live rows of a zoom at the end). */
const mergedCache = new WeakMap<object, { t: number[]; len: number; detail: unknown; out: { t: number[]; values: Record<string, number[]> } }>()
function drawnRows(h: PlotHistorySource): { t: number[]; values: Record<string, number[]> } {
  const d = h.detail
  if (!d || !d.t.length) return h
  const hit = mergedCache.get(h)
  if (hit && hit.t === h.t && hit.len === h.t.length && hit.detail === d) return hit.out
  const tEnd = d.t[d.t.length - 1]
  const before: number[] = []
  const after: number[] = []
  for (let k = 0; k < h.t.length; k++) {
    if (h.t[k] < d.tMin) before.push(k)
    else if (h.t[k] > tEnd) after.push(k)
  }
  const t = [...before.map((k) => h.t[k]), ...d.t, ...after.map((k) => h.t[k])]
  const values: Record<string, number[]> = {}
  for (const key of Object.keys(h.values)) {
    const col = h.values[key]
    const dc = d.values[key]
    values[key] = [...before.map((k) => col[k]), ...(dc ?? d.t.map(() => NaN)), ...after.map((k) => col[k])]
  }
  const out = { t, values }
  mergedCache.set(h, { t: h.t, len: h.t.length, detail: d, out })
  return out
}

export function seriesName(run: PlottedRun, metric: string, multipleRuns: boolean): string {
  return multipleRuns ? run.label : metric
}

/** The dash pattern of the i-th metric of a panel, and a glyph that names it on the panel's axis. */
const DASH_GLYPHS = ['──', '╌╌', '┈┈', '─·', '··', '━━']

/** Layout of the panels, in px: the legend above, then the panels with room for each axis name. */
const GRID_LEFT = 56
const GRID_RIGHT = 40
const PANEL_GAP = 26
const BOTTOM = 56
const NOTE_LINE = 14

/** One panel's y values as the axis draws them: on a log axis, all-negative groups are negated (and
 * said so), otherwise values ≤ 0 are dropped (and counted). */
interface PanelTransform {
  negate: boolean
  dropped: number
}

export function buildHistoryPlot(input: HistoryPlotInput): HistoryPlot {
  const { runs, metrics, histories, showBands } = input
  const colorOrder = input.colorOrder ?? metrics
  const metricsOf = input.metricsOf ?? (() => metrics)
  const logY = !!input.logY
  const logX = !!input.logX
  const width = input.width ?? 900
  const height = input.height ?? 500
  const multiple = runs.length > 1
  const notes: string[] = []
  let points = 0
  let maxRows = 0
  const drawn = new Set<string>()
  let shownRows = 0
  let totalRows = 0
  let decimated = false
  let detail: HistoryPlot['detail'] = null
  let yMin = Infinity
  let yMax = -Infinity

  // The rows each run draws, and which of the asked metrics it has.
  const held = runs.flatMap((run, runIndex) => {
    const src = histories.get(run.id)
    if (!src) return []
    const h = drawnRows(src)
    const mine = new Set(metricsOf(run.id))
    const plotted = metrics.filter((m) => mine.has(m) && h.values[m] !== undefined)
    maxRows = Math.max(maxRows, h.t.length)
    shownRows += h.t.length
    totalRows += src.totalRows ?? src.t.length
    if (src.decimated) decimated = true
    const d = src.detail
    if (d) {
      detail ??= { tMin: d.tMin, tMax: d.tMax, shownRows: 0, totalRows: 0, decimated: false }
      detail.shownRows += d.t.length
      detail.totalRows += d.totalRows
      detail.decimated ||= d.decimated
    }
    return [{ run, runIndex, h, plotted }]
  })
  const groups = groupMetrics(metrics.filter((m) => held.some((x) => x.plotted.includes(m))))
  const panelOf = new Map<string, number>()
  groups.forEach((g, i) => g.metrics.forEach((m) => panelOf.set(m, i)))

  // Log y: per panel, whether every value is < 0 (then −v is drawn) and how many values ≤ 0 are dropped.
  const transforms: PanelTransform[] = groups.map((g) => {
    if (!logY) return { negate: false, dropped: 0 }
    let pos = 0
    let neg = 0
    for (const { h, plotted } of held) {
      for (const m of plotted) {
        if (!g.metrics.includes(m)) continue
        for (const v of h.values[m]) {
          if (v === null || !Number.isFinite(v)) continue
          if (v > 0) pos++
          else neg++
        }
      }
    }
    return { negate: pos === 0 && neg > 0, dropped: 0 }
  })

  // Log t: rows at t ≤ 0 cannot be drawn.
  let droppedT = 0
  const datasets: Record<string, unknown>[] = []
  const series: Record<string, unknown>[] = []
  const bands: Record<string, unknown>[] = []
  const legendData: Record<string, unknown>[] = []
  let tMin = Infinity
  let tMax = -Infinity
  for (const { run, runIndex, h, plotted } of held) {
    const keep = logX ? h.t.map((t) => t > 0) : null
    if (keep) droppedT += keep.filter((k) => !k).length
    const pick = (col: number[]) => (keep ? col.filter((_, i) => keep[i]) : col)
    const t = pick(h.t)
    for (const tk of t) {
      if (tk < tMin) tMin = tk
      if (tk > tMax) tMax = tk
    }
    const source: Record<string, number[]> = { t }
    for (const m of plotted) {
      const raw = h.values[m]
      let col = pick(raw)
      if (logY) {
        const tr = transforms[panelOf.get(m)!]
        col = col.map((v) => {
          if (v === null || !Number.isFinite(v)) return v
          const y = tr.negate ? -v : v
          if (y > 0) return y
          tr.dropped++
          return NaN
        })
      }
      source[m] = col
      const se = h.values[m + SE_SUFFIX]
      if (se) source[m + SE_SUFFIX] = pick(se)
    }
    const datasetId = `run-${run.id}`
    datasets.push({ id: datasetId, source })
    const runColor = cycle(SERIES_COLORS, runIndex)
    if (multiple) legendData.push({ name: run.label, itemStyle: { color: runColor }, lineStyle: { color: runColor, type: 'solid', width: 2 } })
    for (const m of plotted) {
      const panel = panelOf.get(m)!
      const inPanel = groups[panel].metrics.indexOf(m)
      // One run: colour by metric (style's metricColor); several: colour by run, dash by metric in its panel.
      const color = multiple ? runColor : metricColor(m, colorOrder.indexOf(m))
      const dash = multiple ? cycle(DASHES, inPanel) : 'solid'
      const name = seriesName(run, m, multiple)
      const se = h.values[m + SE_SUFFIX]
      const axes = { xAxisIndex: panel, yAxisIndex: panel }
      if (showBands && se && !logY && !logX) {
        // Band series carry their (decimated, ≤ 2·MAX_BAND_BUCKETS) points inline rather than through a
        // shared dataset: two stacked series on one dataset lose their data on incremental updates.
        const band = bandPoints(run.id, m, h.t, h.values[m], se)
        const loData = band.t.map((tk, i) => [tk, band.lo[i]])
        const wData = band.t.map((tk, i) => [tk, band.w[i]])
        const common = {
          type: 'line',
          ...axes,
          name, // same name as the line: the legend toggles both together
          stack: `band:${run.id}:${m}`,
          stackStrategy: 'all',
          symbol: 'none',
          silent: true,
          z: 1,
          tooltip: { show: false },
          emphasis: { disabled: true },
          lineStyle: { opacity: 0, width: 0 },
          color,
        }
        bands.push({ ...common, id: `band-lo:${run.id}:${m}`, data: loData })
        bands.push({ ...common, id: `band-w:${run.id}:${m}`, data: wData, areaStyle: { color: withAlpha(color, 0.16), origin: 'auto' } })
      }
      series.push({
        type: 'line',
        id: `line:${run.id}:${m}`,
        ...axes,
        name,
        datasetId,
        encode: { x: 't', y: m, tooltip: se ? [m, m + SE_SUFFIX] : [m] },
        showSymbol: false,
        symbol: 'circle',
        symbolSize: 4,
        // No ECharts sampling: the rows are a min/max decimation already (src/shared/decimate.ts, at most
        // ~2× the budget of 4 rows a pixel), and lttb would drop extremes it keeps.
        z: 3,
        color,
        lineStyle: { width: 1.5, type: dash, color },
        emphasis: { focus: 'series', lineStyle: { width: 2.5 } },
        // Big histories: no progressive chunking artefacts, no hover halo per point.
        progressive: 0,
        animation: false,
        connectNulls: false,
      })
      if (!multiple) legendData.push({ name, lineStyle: { type: dash, width: 1.5 } })
      points += h.t.length
      drawn.add(m)
      const col = h.values[m]
      for (let k = 0; k < col.length; k++) {
        const v = col[k] as number | null // NaN crosses JSON as null
        if (v === null) continue
        if (v < yMin) yMin = v
        if (v > yMax) yMax = v
      }
    }
  }

  if (logY) {
    groups.forEach((g, i) => {
      const tr = transforms[i]
      if (tr.negate) notes.push(`log y: ${g.metrics.join(', ')} < 0 everywhere, drawn as −(${g.metrics.join(', ')})`)
      if (tr.dropped) notes.push(`log y: ${tr.dropped} value${tr.dropped === 1 ? '' : 's'} ≤ 0 of ${g.metrics.join(', ')} not drawn`)
    })
  }
  if (logX && droppedT) notes.push(`log t: ${droppedT} row${droppedT === 1 ? '' : 's'} at t = 0 not drawn`)

  // Layout: the legend's rows (it wraps, never pages), then the panels, equal heights, a gap for each axis name.
  const legendLabels = legendData.map((l) => String(l.name))
  const legendLines = Math.max(1, legendRows(legendLabels, width - 20, input.legendFontPx ?? SCREEN_FONT_PX, input.legendIconPx ?? legendIconPx(false)))
  const top = 8 + legendLines * 18 + 22
  const k = Math.max(1, groups.length)
  // The notes sit under the t axis, above the zoom slider: each takes a line of the bottom margin.
  const bottom = BOTTOM + NOTE_LINE * (notes.length + (decimated || detail ? 1 : 0))
  const panelH = Math.max(40, (height - top - bottom - (k - 1) * PANEL_GAP) / k)
  const grids = groups.map((_, i) => ({ left: GRID_LEFT, right: GRID_RIGHT, top: top + i * (panelH + PANEL_GAP), height: panelH }))
  const tRange = tMin <= tMax ? { min: tMin, max: tMax } : { min: 'dataMin', max: 'dataMax' }
  const xAxes = groups.map((_, i) => {
    const last = i === groups.length - 1
    return {
      type: logX ? 'log' : 'value',
      gridIndex: i,
      ...tRange,
      name: last ? (logX ? 't (log)' : 't') : '',
      nameLocation: 'middle',
      nameGap: 24,
      nameTextStyle: { fontStyle: 'italic', fontSize: 13 },
      axisLabel: { show: last, formatter: (v: number) => formatNumber(v, 6), hideOverlap: true },
      axisTick: { show: last },
      splitLine: screenGridLine,
    }
  })
  const yAxes = groups.map((g, i) => {
    const tr = transforms[i]
    const named = multiple && g.metrics.length > 1 ? g.metrics.map((m, j) => `${m} ${cycle(DASH_GLYPHS, j)}`).join('  ') : g.metrics.join(', ')
    return {
      type: logY ? 'log' : 'value',
      gridIndex: i,
      scale: true,
      name: tr.negate ? `−(${g.metrics.join(', ')}) (all values < 0)` : named,
      nameLocation: 'end',
      nameGap: 8,
      nameTextStyle: { align: 'left', fontSize: 12, color: AXIS_NAME_TEXT },
      axisLabel: { formatter: (v: number) => formatNumber(v, 6), hideOverlap: true },
      splitLine: screenGridLine,
    }
  })
  return {
    option: {
      dataset: datasets,
      // Lines first: the legend's icon comes from the first series of each name, not the invisible band edge.
      series: [...series, ...bands],
      legend: { data: legendData },
      grid: grids,
      xAxis: xAxes,
      yAxis: yAxes,
    },
    points,
    maxRows,
    drawn: metrics.filter((m) => drawn.has(m)),
    shownRows,
    totalRows,
    decimated,
    detail,
    yMin: yMin <= yMax ? yMin : NaN,
    yMax: yMin <= yMax ? yMax : NaN,
    panels: groups.map((g) => g.id),
    notes,
  }
}
