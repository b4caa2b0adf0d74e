// The chaos study figure: the propagation-of-chaos error of chosen rows of a chaos study report
// (src/shared/chaosStudyReport.ts) over N, in two panels side by side. Left, |value| vs N on log–log axes
// with the 95 % intervals as error bars (a bar whose lower end is ≤ 0 runs off the bottom, dashed and
// without its lower cap) and, for a resolved rate, the fitted line A·N^p named "p = −0.99 [−1.05, −0.94]";
// right, N·value vs N (log x, linear y) with N·lo … N·hi as bars, which settles to a constant when the
// error is O(1/N). Rows differ by colour, marker and dash, so the figure reads in black and white; a row
// whose rate is unresolved keeps its points and says so in the legend. The same option draws the screen
// and the SVG/PDF `landau chaos-study --svg/--pdf` writes (src/cli/chaosStudyFigure.ts). Also its metadata
// (its metadata and CSV: chaosStudyExport.ts). Pure: no DOM, no Node.
import type { EChartsCoreOption } from 'echarts/core'
import type { ChaosStudyPoint, ChaosStudyReport, ChaosStudyRow } from '../chaosStudyReport'
import { formatNumber } from '../formatNumber'
import { known, nice } from './convergenceChart'
import { errorBarSeries, type ErrorBar } from './errorBars'
import { COMPACT_WIDTH_PX, cycle, DASHES, figureFrame, fontPx, gridLine, legendIconPx, legendRows, minorGridLine, SERIES_COLORS, SYMBOLS } from './style'

/** How a study's values are estimated (as `landau chaos-study` prints it). */
export const CHAOS_STUDY_ESTIMATOR =
  'pair correlations C(t) − C(0) on the same replicas (paired estimator); biases against the exact γ = 0 moment law with each replica’s initial moments as control'

/** The id of the <metadata> element of an exported chaos study figure. */
export const CHAOS_STUDY_SVG_ID = 'landau-chaos-study'

export interface ChaosStudyOptionSettings {
  /** Exported figures: no animation, no tooltip, a white background, larger type. */
  forExport?: boolean
  /** The text's font family (default: style's DEFAULT_FONT_FAMILY). No quotes: ECharts writes it into an SVG attribute unescaped. */
  fontFamily?: string
  /** Export width in CSS px (default 900): narrow figures get compact legends, smaller type and no title. */
  width?: number
}

/** "−0.99": two decimals, a true minus sign. */
const fmt2 = (x: number) => (known(x) ? x.toFixed(2).replace('-', '−') : '—')

/** "p = −0.99 [−1.05, −0.94]": a fitted rate and its 95 % interval. */
export function rateLabel(fit: ChaosStudyRow['fit']): string {
  return `p = ${fmt2(fit.p)} [${fmt2(fit.pLo)}, ${fmt2(fit.pHi)}]`
}

/**
 * The rows a figure of one observable draws: every row (each γ and system) of that observable at the
 * study's first time (the first time it has rows at), in report order. Default: the study's first observable.
 */
export function chaosStudyFigureRows(report: ChaosStudyReport, observable?: string): number[] {
  const obs = observable ?? report.spec.observables[0] ?? report.rows[0]?.observable
  const idx = report.rows.map((r, i) => (r.observable === obs ? i : -1)).filter((i) => i >= 0)
  if (!idx.length) return []
  const times = new Set(idx.map((i) => report.rows[i].t))
  const t = report.spec.times.find((x) => times.has(x)) ?? Math.min(...times)
  return idx.filter((i) => report.rows[i].t === t)
}

/** The rows asked for, in the order given (an index outside the report is an error). */
export function pick(report: ChaosStudyReport, rows: readonly number[]): ChaosStudyRow[] {
  return rows.map((i) => {
    const r = report.rows[i]
    if (!r) throw new RangeError(`the study has no row ${i} (it has ${report.rows.length})`)
    return r
  })
}

/** The same across all rows shown, or null. */
function common<T>(rows: readonly ChaosStudyRow[], f: (r: ChaosStudyRow) => T): T | null {
  return rows.length && rows.every((r) => f(r) === f(rows[0])) ? f(rows[0]) : null
}

/** A row's name in the legend: its system, and what else tells it from the other rows shown. */
function rowNames(rows: readonly ChaosStudyRow[]): string[] {
  const gammas = common(rows, (r) => r.gamma) === null
  const labels = common(rows, (r) => r.label) === null
  const times = common(rows, (r) => r.t) === null
  const names = rows.map((r) =>
    [r.system, gammas ? `γ = ${r.gamma}` : '', labels ? r.label : '', times ? `t = ${formatNumber(r.t, 4)}` : ''].filter(Boolean).join(', '),
  )
  // Two rows alike in all of that (the caller asked for one twice): numbered, so that legend entries stay apart.
  return names.map((n, k) => (names.indexOf(n) !== k ? `${n} (${k + 1})` : n))
}

/** The orientation of a row: the fit's sign when it has one, else that of the values' sum (so that |value| is drawn). */
function orientation(r: ChaosStudyRow): number {
  if (r.fit.sign === 1 || r.fit.sign === -1) return r.fit.sign
  return r.points.reduce((s, p) => s + (known(p.value) ? p.value : 0), 0) < 0 ? -1 : 1
}

/** What a point carries to the tooltip (and nothing else reads). */
interface PointInfo {
  value: [number, number]
  N: number
  dt: number
  replicas: number
  v: number
  lo: number
  hi: number
}

/** The point drawn at x (its N, dodged) and y; the tooltip reads its own N. */
const info = (p: ChaosStudyPoint, x: number, y: number): PointInfo => ({
  value: [x, y],
  N: p.N,
  dt: p.dt,
  replicas: p.replicas,
  v: p.value,
  lo: p.lo,
  hi: p.hi,
})

/**
 * Rows share their N: the k-th of n rows is drawn at N·ROW_DODGE^(k − (n − 1)/2), so that their intervals do
 * not lie on top of each other (a few px on the log N axis; the fitted lines are not moved).
 */
export const ROW_DODGE = 1.05

/** A linear axis' ends: round numbers a little outside the values (a margin: no point on the frame). */
function linearRange(ys: number[]): { min?: number; max?: number } {
  const v = ys.filter(known)
  if (!v.length) return {}
  let lo = Math.min(...v)
  let hi = Math.max(...v)
  const pad = hi > lo ? 0.06 * (hi - lo) : Math.abs(hi) * 0.1 || 1
  lo -= pad
  hi += pad
  const raw = (hi - lo) / 5
  const e = 10 ** Math.floor(Math.log10(raw))
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * e >= raw * (1 - 1e-12)) ?? 10) * e
  // Rounded to the step's decimals: ECharts asserts its nice ticks lie within the ends, and −2.3000000000000003 is not −2.3.
  const round = (x: number) => Number(x.toFixed(Math.max(0, Math.min(20, -Math.floor(Math.log10(step)) + 1))))
  return { min: round(Math.floor(lo / step) * step), max: round(Math.ceil(hi / step) * step) }
}

/**
 * The figure of `rows` (indices into report.rows): two grids side by side, |value| vs N on log–log axes
 * (grid 0) and N·value vs N (grid 1), a legend over both.
 */
export function buildChaosStudyOption(report: ChaosStudyReport, rows: number[], settings: ChaosStudyOptionSettings = {}): EChartsCoreOption {
  const exp = !!settings.forExport
  const width = settings.width ?? 900
  const compact = exp && width < COMPACT_WIDTH_PX
  const shown = pick(report, rows)
  const names = rowNames(shown)
  const series: object[] = []
  const legend: string[] = []
  /** Legend entries of fitted lines: a line in the row's dash, without the marker a line series' icon would add. */
  const lineOnly = new Set<string>()
  const allN: number[] = []
  /** Everything drawn on the left y axis (points, interval ends), for its range. */
  const logY: number[] = []
  const addLogY = (...ys: number[]) => logY.push(...ys.filter((y) => known(y) && y > 0))
  /** Everything drawn on the right y axis. */
  const linY: number[] = []

  shown.forEach((r, k) => {
    const color = cycle(SERIES_COLORS, k)
    const symbol = cycle(SYMBOLS, k)
    const dash = cycle(DASHES, k)
    const name = r.fit.verdict === 'resolved' ? names[k] : `${names[k]} (rate unresolved)`
    legend.push(name)
    const pts = r.points.filter((p) => known(p.N) && p.N > 0)
    const s = orientation(r)
    const dodge = ROW_DODGE ** (k - (shown.length - 1) / 2)
    const x = (p: ChaosStudyPoint) => p.N * dodge
    allN.push(...pts.map(x))

    // Right: N·value, a line in the row's dash through its points (the legend's icon: marker and dash).
    series.push({
      type: 'line',
      id: `nvalue-${k}`,
      name,
      xAxisIndex: 1,
      yAxisIndex: 1,
      symbol,
      symbolSize: 8,
      showSymbol: true,
      z: 3,
      lineStyle: { color, width: 1.4, type: dash },
      itemStyle: { color },
      data: pts.filter((p) => known(p.value)).map((p) => info(p, x(p), p.N * p.value)),
    })
    const nbars = pts.filter((p) => known(p.lo) && known(p.hi)).map((p): ErrorBar => [x(p), p.N * p.lo, p.N * p.hi, 0])
    for (const p of pts) linY.push(p.N * p.value, p.N * p.lo, p.N * p.hi)
    if (nbars.length) series.push(errorBarSeries(name, `nvalue-bars-${k}`, nbars, color, 1))

    // Left: |value| (the value times the row's sign) on log–log axes; a value ≤ 0 cannot be drawn there.
    const drawn = pts.filter((p) => known(p.value) && s * p.value > 0)
    for (const p of drawn) {
      const lo = Math.min(s * p.lo, s * p.hi)
      addLogY(s * p.value, Math.max(s * p.lo, s * p.hi), lo) // a lower end ≤ 0 is not added: the bar runs off the bottom
    }
    series.push({
      type: 'scatter',
      id: `pts-${k}`,
      name,
      xAxisIndex: 0,
      yAxisIndex: 0,
      symbol,
      symbolSize: 9,
      itemStyle: { color },
      z: 3,
      data: drawn.map((p) => info(p, x(p), s * p.value)),
    })
    const bars = drawn
      .filter((p) => known(p.lo) && known(p.hi))
      .map((p): ErrorBar => {
        const lo = Math.min(s * p.lo, s * p.hi)
        const hi = Math.max(s * p.lo, s * p.hi)
        // Clipped: drawn down to far below the axis' end, dashed, without its lower cap (as convergenceChart).
        return lo > 0 ? [x(p), lo, hi, 0] : [x(p), s * p.value * 1e-3, hi, 1]
      })
    if (bars.length) series.push(errorBarSeries(name, `bars-${k}`, bars, color, 0))

    const f = r.fit
    if (f.verdict === 'resolved' && known(f.amplitude) && f.amplitude > 0 && known(f.p) && drawn.length) {
      const lo = Math.min(...drawn.map((p) => p.N)) / 1.15
      const hi = Math.max(...drawn.map((p) => p.N)) * 1.15
      const line = (N: number) => [N, f.amplitude * N ** f.p]
      const fitName = `${names[k]}: ${rateLabel(f)}`
      legend.push(fitName)
      lineOnly.add(fitName)
      series.push({
        type: 'line',
        id: `fit-${k}`,
        name: fitName,
        xAxisIndex: 0,
        yAxisIndex: 0,
        data: [line(lo), line(Math.sqrt(lo * hi)), line(hi)],
        // The line is drawn inside the points' range only (a little beyond): it does not set the axis.
        showSymbol: false,
        symbol: 'none',
        z: 2,
        lineStyle: { color, width: 1.6, type: dash },
        itemStyle: { color },
      })
    }
  })

  const label = common(shown, (r) => r.label)
  const t = common(shown, (r) => r.t)
  const what = label ?? 'value'
  const at = t !== null ? ` at t = ${formatNumber(t, 4)}` : ''
  const font = fontPx(exp, compact)
  const title = `${what}${at} vs N · chaos study ${report.name}`
  const showTitle = exp && !compact
  const iconPx = legendIconPx(compact)
  const legendTop = showTitle ? 30 : exp ? 6 : 4
  const legendRowCount = exp ? legendRows(legend, width - 20, font, iconPx) : 1
  const gridTop = exp ? legendTop + legendRowCount * (font + 9) + 14 : 56
  const bottom = compact ? 40 : 50
  const xMin = allN.length ? 2 ** Math.floor(Math.log2(Math.min(...allN) / 1.1)) : undefined
  const xMax = allN.length ? 2 ** Math.ceil(Math.log2(Math.max(...allN) * 1.1)) : undefined
  const xAxis = (gridIndex: number) => ({
    // Base 2: the study's N usually double, and then every point sits on a labelled tick.
    type: 'log',
    logBase: 2,
    gridIndex,
    name: 'N (particles)',
    nameLocation: 'middle',
    nameGap: compact ? 24 : 28,
    min: xMin,
    max: xMax,
    axisLabel: { fontSize: compact ? font : undefined, formatter: (v: number) => String(Math.round(v)) },
    // On the right the y axis is linear and crosses 0: the N axis stays at the bottom, not on the zero line.
    axisLine: { onZero: false },
    splitLine: gridLine,
  })
  const nameGap = compact ? 38 : 52
  return {
    ...figureFrame({
      forExport: exp,
      fontFamily: settings.fontFamily,
      font,
      title,
      showTitle,
      legend: legend.map((name) => (lineOnly.has(name) ? { name, itemStyle: { opacity: 0 } } : name)),
      legendTop,
      width: width,
      iconPx,
    }),
    tooltip: exp
      ? undefined
      : {
          trigger: 'item',
          formatter: (p: { seriesName?: string; data?: unknown }) => {
            const d = (p.data && typeof p.data === 'object' && !Array.isArray(p.data) ? p.data : {}) as Partial<PointInfo>
            if (d.N === undefined) return p.seriesName ?? ''
            return (
              `${p.seriesName ?? ''}<br/>N = ${d.N}, ${d.replicas} replicas, dt = ${formatNumber(d.dt, 4)}` +
              `<br/>${what} = ${formatNumber(d.v, 4)} (95 % ${formatNumber(d.lo, 3)} … ${formatNumber(d.hi, 3)})` +
              `<br/>N·${what} = ${formatNumber((d.N ?? NaN) * (d.v ?? NaN), 4)}`
            )
          },
        },
    grid: [
      { left: compact ? 52 : 70, right: '53%', top: gridTop, bottom, containLabel: false },
      { left: compact ? '59%' : '58%', right: compact ? 14 : 30, top: gridTop, bottom, containLabel: false },
    ],
    xAxis: [xAxis(0), xAxis(1)],
    yAxis: [
      {
        type: 'log',
        logBase: 10,
        gridIndex: 0,
        name: `|${what}|`,
        nameLocation: 'middle',
        nameGap,
        min: logY.length ? nice(Math.min(...logY) / 1.15, 'down') : undefined,
        max: logY.length ? nice(Math.max(...logY) * 1.15, 'up') : undefined,
        axisLabel: { fontSize: compact ? font : undefined, formatter: (v: number) => formatNumber(v, 3) },
        splitLine: gridLine,
        minorTick: { show: true },
        minorSplitLine: minorGridLine,
      },
      {
        type: 'value',
        gridIndex: 1,
        name: `N · ${what}`,
        nameLocation: 'middle',
        nameGap,
        ...linearRange(linY),
        axisLabel: { fontSize: compact ? font : undefined, formatter: (v: number) => formatNumber(v, 3) },
        splitLine: gridLine,
      },
    ],
    series,
  }
}
