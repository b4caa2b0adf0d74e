// Builds the ECharts option of the history plot from the plotted runs' columnar histories.
// One dataset per run (its columns as they are: no copy into [t, v] pairs), one line series per
// (run, metric), and optionally a ±2·se band per series drawn as a stacked pair (lower edge, width).
// Pure (no DOM): the renderer's HistoryChart sets it on its live chart. Colours, dashes: ./style.ts.
import type { LiveHistory } from './historyColumns'
import { SE_SUFFIX } from './historyColumns'
import { cycle, DASHES, metricColor, withAlpha } from './style'

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
  return multipleRuns ? `${run.label} ${metric}` : metric
}

export function buildHistoryPlot(input: HistoryPlotInput): HistoryPlot {
  const { runs, metrics, histories, showBands } = input
  const colorOrder = input.colorOrder ?? metrics
  const multiple = runs.length > 1
  const datasets: Record<string, unknown>[] = []
  const series: Record<string, unknown>[] = []
  const bands: Record<string, unknown>[] = []
  const legendData: Record<string, unknown>[] = []
  let points = 0
  let maxRows = 0
  const drawn = new Set<string>()
  let shownRows = 0
  let totalRows = 0
  let decimated = false
  let detail: HistoryPlot['detail'] = null
  let yMin = Infinity
  let yMax = -Infinity

  runs.forEach((run, runIndex) => {
    const held = histories.get(run.id)
    if (!held) return
    const h = drawnRows(held)
    maxRows = Math.max(maxRows, h.t.length)
    shownRows += h.t.length
    totalRows += held.totalRows ?? held.t.length
    if (held.decimated) decimated = true
    const d = held.detail
    if (d) {
      detail ??= { tMin: d.tMin, tMax: d.tMax, shownRows: 0, totalRows: 0, decimated: false }
      detail.shownRows += d.t.length
      detail.totalRows += d.totalRows
      detail.decimated ||= d.decimated
    }
    const source: Record<string, number[]> = { t: h.t }
    const plotted = metrics.filter((m) => h.values[m] !== undefined)
    for (const m of plotted) {
      source[m] = h.values[m]
      const se = h.values[m + SE_SUFFIX]
      if (se) source[m + SE_SUFFIX] = se
    }
    // Colour by metric (style's metricColor), dash pattern by run.
    const dash = cycle(DASHES, runIndex)
    // Series point at datasets by id: with replaceMerge, ECharts keeps a kept dataset's old index.
    const datasetId = `run-${run.id}`
    datasets.push({ id: datasetId, source })
    for (const m of plotted) {
      const color = metricColor(m, colorOrder.indexOf(m))
      const name = seriesName(run, m, multiple)
      const se = h.values[m + SE_SUFFIX]
      if (showBands && se) {
        // Band series carry their (decimated, ≤ 2·MAX_BAND_BUCKETS) points inline rather than through a
        // shared dataset: two stacked series on one dataset lose their data on incremental updates.
        const band = bandPoints(run.id, m, h.t, h.values[m], se)
        const loData = band.t.map((tk, i) => [tk, band.lo[i]])
        const wData = band.t.map((tk, i) => [tk, band.w[i]])
        const common = {
          type: 'line',
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
      })
      // The legend takes its icon from the first series of a name; give it the dash pattern explicitly.
      legendData.push({ name, lineStyle: { type: dash, width: 1.5 } })
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
  })

  const yName = metrics.length <= 4 ? metrics.join(', ') : `${metrics.slice(0, 3).join(', ')}, …`
  return {
    option: {
      dataset: datasets,
      // Lines first: the legend's icon comes from the first series of each name, not the invisible band edge.
      series: [...series, ...bands],
      legend: { data: legendData },
      yAxis: { name: yName },
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
  }
}
