// The convergence chart: a chosen error at one time vs N on log–log axes, per particle solver its
// points with 95 % replica intervals (error bars) and its fitted line e^a N^p, and the W2 floor when the
// metric is a W2. Solvers differ by marker and dash as well as colour, so the figure reads in black and
// white. The same option draws the screen (canvas), the SVG the UI exports and the SVG/PDF `landau chaos
// --svg/--pdf` writes (src/cli/chaosFigure.ts). Also the table and CSV of it. Pure: no DOM, no Node.
import type { EChartsCoreOption } from 'echarts/core'
import { CHAOS_METRIC_LABELS } from '../api'
import type { ChaosFit, ChaosReport, ChaosRunDiagnostics } from '../api'
import { formatNumber } from '../formatNumber'
import { csvMetadataLines } from '../figureExport'
import { tQuantile } from '../../solvers/special/tQuantile'
import { errorBarSeries, type ErrorBar } from './errorBars'
import {
  COMPACT_WIDTH_PX,
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

/** The floor is drawn this factor to the right of its point's N. */
const FLOOR_DODGE = 1.05

/** A 1-2-5 value at or below (down) / above (up) x > 0: round ends for a log axis. */
export function nice(x: number, dir: 'down' | 'up'): number {
  const e = Math.floor(Math.log10(x))
  const steps = [1, 2, 5, 10].map((m) => m * 10 ** e)
  if (dir === 'down') return [...steps].reverse().find((v) => v <= x * (1 + 1e-12)) ?? steps[0]
  return steps.find((v) => v >= x * (1 - 1e-12)) ?? steps[3]
}

/** JSON turns NaN into null: both mean "not known". */
export const known = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x)

const fmt = (x: number | null | undefined, d = 3) => (known(x) ? x.toFixed(d).replace('-', '−') : '—')

/** "p = −0.272 ± 0.046 (95 % −0.860 … 0.316)" */
export function slopeLabel(f: ChaosFit): string {
  return `p = ${fmt(f.slope)} ± ${fmt(f.slopeSe)} (95 % ${fmt(f.slopeLo)} … ${fmt(f.slopeHi)})`
}

/** The floor of the metric, when it is a W2 (value and SE), else null. */
export function floorOf(report: ChaosReport, d: ChaosRunDiagnostics): { y: number; se: number } | null {
  if (report.metric === 'w2') return { y: d.w2OneFloor, se: d.w2OneFloorSe }
  if (report.metric === 'w2-pair') return { y: d.w2TwoFloor, se: d.w2TwoFloorSe }
  return null
}

const T975 = new Map<number, number>()
/**
 * t_{0.975, M−1}, the floor interval's factor (the points come with theirs): the exact Student quantile the
 * backend's intervals use (src/solvers/special/tQuantile.ts), memoised by degrees of freedom. NaN below
 * one degree of freedom (a single replica has no interval).
 */
export function t975(df: number): number {
  if (!(df >= 1)) return NaN
  let t = T975.get(df)
  if (t === undefined) T975.set(df, (t = tQuantile(0.975, df)))
  return t
}

export interface TableRow {
  run: number
  solver: string
  N: number
  M: number
  y: number
  se: number
  lo: number
  hi: number
  clipped: boolean
  floor: number | null
  floorSe: number | null
  /** False for a run whose value is ≤ 0 (or unknown): listed, not drawn nor fitted. */
  plotted: boolean
}

/** One row per particle run, in run order: the plotted points, and those a log axis cannot draw (y ≤ 0). */
export function tableRows(report: ChaosReport): TableRow[] {
  const byRun = new Map(report.runs.map((d) => [d.run, d]))
  const floor = (run: number) => {
    const d = byRun.get(run)
    const fl = d ? floorOf(report, d) : null
    return { M: d?.M ?? NaN, floor: fl?.y ?? null, floorSe: fl?.se ?? null }
  }
  const rows: TableRow[] = [
    ...report.series.flatMap((s) =>
      s.points.map((p) => ({ run: p.run, solver: s.solver, N: p.N, y: p.y, se: p.se, lo: p.lo, hi: p.hi, clipped: p.clipped, ...floor(p.run), plotted: true })),
    ),
    ...(report.omitted ?? []).map((o) => ({
      run: o.run,
      solver: o.solver,
      N: o.N,
      y: o.y,
      se: o.se,
      lo: NaN,
      hi: NaN,
      clipped: false,
      ...floor(o.run),
      plotted: false,
    })),
  ]
  return rows.sort((a, b) => a.run - b.run)
}

export interface ConvergenceOptionSettings {
  /** Exported figures: no animation, no tooltip, a white background, larger type. */
  forExport?: boolean
  /** The text's font family (default: style's DEFAULT_FONT_FAMILY). No quotes: ECharts writes it into an SVG attribute unescaped. */
  fontFamily?: string
  /** Export width in CSS px (default 800): narrow figures get compact legends, smaller type and no title. */
  width?: number
}

export function buildConvergenceOption(report: ChaosReport, settings: ConvergenceOptionSettings = {}): EChartsCoreOption {
  const exp = !!settings.forExport
  const width = settings.width ?? 800
  const compact = exp && width < COMPACT_WIDTH_PX
  const metricName = CHAOS_METRIC_LABELS[report.metric]
  const byRun = new Map(report.runs.map((d) => [d.run, d]))
  const series: object[] = []
  const legend: string[] = []
  const allN: number[] = []
  /** Everything drawn on the y axis (points, interval ends, floors), for its range. */
  const allY: number[] = []
  const addY = (...ys: number[]) => allY.push(...ys.filter((y) => known(y) && y > 0))
  report.series.forEach((s, k) => {
    const color = cycle(SERIES_COLORS, k)
    const name = s.solver
    legend.push(name)
    const pts = s.points
    allN.push(...pts.map((p) => p.N))
    for (const p of pts) addY(p.y, p.hi, p.clipped ? NaN : p.lo) // a clipped bar runs off the bottom: open-ended
    series.push({
      type: 'scatter',
      id: `pts-${s.solver}`,
      name,
      symbol: cycle(SYMBOLS, k),
      symbolSize: 9,
      itemStyle: { color },
      z: 3,
      data: pts.map((p) => ({ value: [p.N, p.y], run: p.run })),
    })
    const bars = pts.filter((p) => known(p.lo) && known(p.hi)).map((p): ErrorBar => [p.N, p.lo, p.hi, p.clipped ? 1 : 0])
    if (bars.length) series.push(errorBarSeries(name, `bars-${s.solver}`, bars, color))

    const fit = report.fits.find((f) => f.solver === s.solver)
    if (fit && known(fit.intercept) && known(fit.slope) && pts.length) {
      const lo = Math.min(...pts.map((p) => p.N)) / 1.15
      const hi = Math.max(...pts.map((p) => p.N)) * 1.15
      const line = (N: number) => [N, Math.exp(fit.intercept) * N ** fit.slope]
      // A compact figure gives the slope and its standard error; the interval is in the metadata and CSV.
      const fitName = compact ? `${s.solver} fit: p = ${fmt(fit.slope)} ± ${fmt(fit.slopeSe)}` : `${s.solver} fit: ${slopeLabel(fit)}`
      legend.push(fitName)
      series.push({
        type: 'line',
        id: `fit-${s.solver}`,
        name: fitName,
        data: [line(lo), line(Math.sqrt(lo * hi)), line(hi)],
        // The line is drawn inside the points' range only (a little beyond): it does not set the axis.
        showSymbol: false,
        symbol: 'none',
        z: 2,
        lineStyle: { color, width: 1.6, type: cycle(DASHES, k) },
        itemStyle: { color },
      })
    }

    const floors = pts
      .map((p) => {
        const d = byRun.get(p.run)
        const fl = d ? floorOf(report, d) : null
        return fl && known(fl.y) && fl.y > 0 && d ? { N: p.N, y: fl.y, se: fl.se, M: d.M } : null
      })
      .filter((x): x is { N: number; y: number; se: number; M: number } => x !== null)
    if (floors.length) {
      const floorName = compact ? `${s.solver} floor` : `${s.solver} W2 floor`
      legend.push(floorName)
      series.push({
        type: 'scatter',
        id: `floor-${s.solver}`,
        name: floorName,
        symbol: cycle(EMPTY_SYMBOLS, k),
        symbolSize: 9,
        itemStyle: { color, borderColor: color },
        z: 3,
        // Beside the point at the same N (×1.05), so that the two intervals do not overlap.
        data: floors.map((f) => ({ value: [f.N * FLOOR_DODGE, f.y], N: f.N })),
      })
      const fbars = floors
        .filter((f) => known(f.se))
        .map((f): ErrorBar => {
          const t = t975(f.M - 1)
          const lo = f.y - t * f.se
          addY(f.y, lo, f.y + t * f.se) // lo ≤ 0 is not added (known(y) && y > 0)
          return [f.N * FLOOR_DODGE, lo > 0 ? lo : f.y * 1e-3, f.y + t * f.se, lo > 0 ? 0 : 1]
        })
      if (fbars.length) series.push(errorBarSeries(floorName, `floor-bars-${s.solver}`, fbars, color))
    }
  })

  const font = fontPx(exp, compact)
  const title = `${metricName} at t = ${formatNumber(report.time, 4)} vs N · experiment ${report.experiment}, reference run ${report.reference.run} (${report.reference.solver})`
  const showTitle = exp && !compact
  const iconPx = legendIconPx(compact)
  // On screen the legend is one or two rows above the plot; an export reserves the rows its legend needs.
  const legendTop = showTitle ? 30 : exp ? 6 : 4
  const rows = exp ? legendRows(legend, width - 20, font, iconPx) : 1
  const gridTop = exp ? legendTop + rows * (font + 9) + 14 : 56
  return {
    ...figureFrame({ forExport: exp, fontFamily: settings.fontFamily, font, title, showTitle, legend: legend, legendTop, width: width, iconPx }),
    tooltip: exp
      ? undefined
      : {
          trigger: 'item',
          formatter: (p: { seriesName?: string; value?: unknown; data?: { run?: number; N?: number } }) => {
            const v = (Array.isArray(p.value) ? p.value : []) as number[]
            const d = p.data && typeof p.data === 'object' && !Array.isArray(p.data) ? p.data : {}
            const run = d.run !== undefined ? ` · run #${d.run}` : ''
            return `${p.seriesName ?? ''}${run}<br/>N = ${d.N ?? v[0]}, ${formatNumber(v[1], 4)}`
          },
        },
    grid: { left: compact ? 52 : 70, right: compact ? 14 : 30, top: gridTop, bottom: compact ? 40 : 50, containLabel: false },
    xAxis: {
      // Base 2: sweeps over N usually double it, and then every point sits on a labelled tick.
      type: 'log',
      logBase: 2,
      name: 'N (particles)',
      nameLocation: 'middle',
      nameGap: compact ? 24 : 28,
      min: allN.length ? 2 ** Math.floor(Math.log2(Math.min(...allN) / 1.1)) : undefined,
      max: allN.length ? 2 ** Math.ceil(Math.log2(Math.max(...allN) * 1.1)) : undefined,
      // Ticks are powers of 2: whole numbers, printed in full (1024, not 1020).
      axisLabel: { fontSize: compact ? font : undefined, formatter: (v: number) => String(Math.round(v)) },
      splitLine: gridLine,
    },
    yAxis: {
      type: 'log',
      logBase: 10,
      name: metricName,
      nameLocation: 'middle',
      nameGap: compact ? 38 : 52,
      min: allY.length ? nice(Math.min(...allY) / 1.15, 'down') : undefined, // a margin: no point on the frame
      max: allY.length ? nice(Math.max(...allY) * 1.15, 'up') : undefined,
      axisLabel: { fontSize: compact ? font : undefined, formatter: (v: number) => formatNumber(v, 3) },
      splitLine: gridLine,
      minorTick: { show: true },
      minorSplitLine: minorGridLine,
    },
    series,
  }
}

/** What an exported figure or table says about itself. */
export function exportMetadata(report: ChaosReport): Record<string, unknown> {
  return {
    kind: 'landau-workbench convergence',
    experiment: report.experiment,
    experimentName: report.spec.name,
    runs: report.runs.map((d) => d.run),
    reference: report.reference,
    time: report.time,
    metric: report.metric,
    metricLabel: CHAOS_METRIC_LABELS[report.metric],
    phi: report.phi,
    fits: report.fits,
    spec: report.spec,
  }
}

/** The id of the <metadata> element of an exported convergence figure. */
export const CONVERGENCE_SVG_ID = 'landau-convergence'

const csvNum = (x: number | null | undefined) => (known(x) ? String(x) : '')

/** The table as CSV (every particle run; plotted = 0 for y ≤ 0), the metadata first as "# key: value" lines. */
export function convergenceCsv(report: ChaosReport): string {
  const lines = csvMetadataLines(exportMetadata(report))
  const hasFloor = report.metric === 'w2' || report.metric === 'w2-pair'
  lines.push(['run', 'solver', 'N', 'M', report.metric, 'se', 'lo95', 'hi95', 'lo_clipped', 'plotted', ...(hasFloor ? ['floor', 'floor_se'] : [])].join(','))
  for (const r of tableRows(report)) {
    lines.push(
      [
        r.run,
        r.solver,
        r.N,
        r.M,
        csvNum(r.y),
        csvNum(r.se),
        csvNum(r.lo),
        csvNum(r.hi),
        r.clipped ? 1 : 0,
        r.plotted ? 1 : 0,
        ...(hasFloor ? [csvNum(r.floor), csvNum(r.floorSe)] : []),
      ].join(','),
    )
  }
  return lines.join('\n') + '\n'
}
