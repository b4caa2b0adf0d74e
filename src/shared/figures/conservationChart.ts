// The conservation view: how well each particle system of an experiment keeps what the Landau
// equation conserves, side by side on shared axes. Kac's rotation step and the pairing system conserve
// momentum and energy to round-off per pair; the Euler–Maruyama steps (fgm, fournier, and kac or pairing
// with integrator "euler") only in expectation, so their energy drifts with Δt. One column per system, the relative energy error
// |E(t) − E(0)|/E(0) above and the change of the momentum norm ||P|(t) − |P|(0)| below, a line per N; log y
// axes shared across columns, so a glance says which system drifts and by how much. Both are changes since
// t = 0: a sample of N velocities has a momentum of order 1/√N even when the datum's is 0, and a system that
// conserves momentum keeps that value, so |P| itself says nothing about conservation. Values are the replica
// means the history stores (E: the mean of the replicas' energies; |P|: the mean of their momentum norms; the
// vector P is not stored, so the change of the mean norm stands for it: 0 to round-off when every replica
// keeps its P, as kac and pairing do). Pure: no DOM, no Node.
import type { EChartsCoreOption } from 'echarts/core'
import type { History, RunRecord } from '../api'
import { csvMetadataLines } from '../figureExport'
import { formatNumber } from '../formatNumber'
import {
  backgroundOf,
  COMPACT_WIDTH_PX,
  cycle,
  DASHES,
  DEFAULT_FONT_FAMILY,
  gridLine,
  legendIconPx,
  SCREEN_FONT_PX,
  SERIES_COLORS,
  SYMBOLS,
  TITLE_TEXT_STYLE,
} from './style'

/**
 * What a log axis shows for an error that is exactly 0 (or below it): 1e-17, under the round-off of a sum
 * of O(1) doubles (2^-53 ≈ 1.1e-16), so "on the floor" reads as exact conservation.
 */
export const CONSERVATION_FLOOR = 1e-17

export interface ConservationSeries {
  run: number
  solver: string
  N: number
  replicas: number
  dt: number
  t: number[]
  /** |E(t) − E(0)| / E(0) of the replica-mean energy. */
  energyError: number[]
  /** The replica-mean momentum norm |P(t)| (P = a replica's mean particle velocity, O(1/√N) for a sample). */
  momentum: number[]
  /** Its change since t = 0, ||P|(t) − |P|(0)|: what the view plots and the table's worst value. */
  momentumChange: number[]
}

/** The conservation series of a particle run's history, or null when it lacks energy or momentum. */
export function conservationSeries(run: RunRecord, history: History): ConservationSeries | null {
  const E = history.values.energy
  const P = history.values.momentum
  if (!E || !P || !history.t.length || !('N' in run.params)) return null
  const e0 = E[0]
  return {
    run: run.id,
    // kac and pairing have two integrators; the exact-conservation one is the default.
    solver: run.params.integrator === 'euler' && (run.solver === 'kac' || run.solver === 'pairing') ? `${run.solver} (euler)` : run.solver,
    N: run.params.N,
    replicas: run.params.replicas,
    dt: run.spec.time.dt,
    t: history.t,
    energyError: E.map((e) => Math.abs(e - e0) / Math.abs(e0)),
    momentum: P.slice(),
    momentumChange: P.map((p) => Math.abs(p - P[0])),
  }
}

export interface ConservationOptionSettings {
  forExport?: boolean
  fontFamily?: string
  /** Points marked per line (symbols every this many rows, for black and white); default 8 marks a line. */
  marks?: number
  /** Export width in CSS px: narrow figures get smaller type and no title. */
  width?: number
}

/** Round 1-2-5 limits of a log axis enclosing the values (at least one decade). */
function logRange(values: number[]): { min: number; max: number } {
  const pos = values.filter((v) => v > 0 && Number.isFinite(v))
  if (!pos.length) return { min: CONSERVATION_FLOOR, max: 1 }
  let lo = 10 ** Math.floor(Math.log10(Math.min(...pos)))
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...pos)))
  if (hi / lo < 10) lo = hi / 10
  return { min: lo, max: hi }
}

/**
 * Two rows of grids (energy error, momentum) and one column per solver; a line per run (N), told apart by
 * colour, dash and marker. Zeros are drawn on CONSERVATION_FLOOR.
 */
export function buildConservationOption(series: ConservationSeries[], settings: ConservationOptionSettings = {}): EChartsCoreOption {
  const exp = !!settings.forExport
  const compact = exp && (settings.width ?? 800) < COMPACT_WIDTH_PX
  const solvers = [...new Set(series.map((s) => s.solver))]
  const Ns = [...new Set(series.map((s) => s.N))].sort((a, b) => a - b)
  const cols = Math.max(1, solvers.length)
  // A point smaller than the other figures' (fontPx): a grid of small panels.
  const font = exp ? (compact ? 9 : 12) : SCREEN_FONT_PX
  const left = compact ? 17 : 8 // % of the width: room for the y axis names
  const right = 4
  const gap = 4
  const colW = (100 - left - right - gap * (cols - 1)) / cols
  const tops = exp && !compact ? ['13%', '57%'] : ['9%', '55%']
  const height = exp ? '31%' : '34%'
  const clip = (v: number) => (v > CONSERVATION_FLOOR ? v : CONSERVATION_FLOOR)
  const eRange = logRange(series.flatMap((s) => s.energyError.map(clip)))
  const pRange = logRange(series.flatMap((s) => s.momentumChange.map(clip)))
  const tMax = Math.max(0, ...series.map((s) => s.t.at(-1) ?? 0))

  const grid: object[] = []
  const xAxis: object[] = []
  const yAxis: object[] = []
  const title: object[] = []
  const out: object[] = []
  solvers.forEach((solver, c) => {
    for (let row = 0; row < 2; row++) {
      const g = 2 * c + row
      grid.push({ left: `${left + c * (colW + gap)}%`, width: `${colW}%`, top: tops[row], height, containLabel: false })
      xAxis.push({
        type: 'value',
        gridIndex: g,
        min: 0,
        max: tMax || undefined,
        // At the axis' end, not under it: the legend sits under the plots.
        name: row === 1 ? 't' : '',
        nameLocation: 'end',
        nameGap: 4,
        axisLabel: { show: row === 1, fontSize: font, formatter: (v: number) => formatNumber(v, 3) },
        splitLine: gridLine,
      })
      const r = row === 0 ? eRange : pRange
      yAxis.push({
        type: 'log',
        gridIndex: g,
        min: r.min,
        max: r.max,
        name: c === 0 ? (row === 0 ? '|E(t) − E(0)| / E(0)' : '||P|(t) − |P|(0)|') : '',
        nameLocation: 'middle',
        nameGap: compact ? 34 : 46,
        axisLabel: { show: c === 0, fontSize: font, formatter: (v: number) => formatNumber(v, 2) },
        splitLine: gridLine,
      })
    }
    title.push({
      text: solver,
      left: `${left + c * (colW + gap) + colW / 2}%`,
      top: exp && !compact ? '7%' : '2%',
      textAlign: 'center',
      textStyle: { fontSize: font + 1, fontWeight: 600 },
    })
  })
  for (const s of series) {
    const c = solvers.indexOf(s.solver)
    const k = Ns.indexOf(s.N)
    const every = Math.max(1, Math.floor(s.t.length / (settings.marks ?? 8)))
    const name = `N = ${s.N}`
    for (let row = 0; row < 2; row++) {
      const ys = row === 0 ? s.energyError : s.momentumChange
      out.push({
        type: 'line',
        id: `${row === 0 ? 'energy' : 'momentum'}:${s.run}`,
        name,
        xAxisIndex: 2 * c + row,
        yAxisIndex: 2 * c + row,
        // The series' symbol is what the legend shows; rows between the marked ones say 'none'.
        data: s.t.map((t, i) => (i % every === 0 ? { value: [t, clip(ys[i])] } : { value: [t, clip(ys[i])], symbol: 'none' })),
        showSymbol: true,
        // Markers on a few rows only: they tell the lines apart in black and white without hiding them.
        showAllSymbol: true,
        symbol: cycle(SYMBOLS, k),
        symbolSize: 5,
        lineStyle: { width: 1.4, type: cycle(DASHES, k), color: cycle(SERIES_COLORS, k) },
        itemStyle: { color: cycle(SERIES_COLORS, k) },
        emphasis: { disabled: true },
        animation: false,
      })
    }
  }
  return {
    animation: !exp,
    backgroundColor: backgroundOf(exp),
    textStyle: { fontFamily: settings.fontFamily ?? DEFAULT_FONT_FAMILY, fontSize: font },
    title:
      exp && !compact
        ? [{ text: 'Conservation of energy and momentum (replica means)', left: 'center', top: 4, textStyle: TITLE_TEXT_STYLE }, ...title]
        : title,
    legend: { data: Ns.map((N) => `N = ${N}`), bottom: 0, left: 'center', itemWidth: legendIconPx(false), textStyle: { fontSize: font } },
    tooltip: exp ? undefined : { trigger: 'axis', valueFormatter: (v: number) => formatNumber(v, 3) },
    grid,
    xAxis,
    yAxis,
    series: out,
  }
}

/** What an exported conservation figure or table says about itself. */
export function conservationMetadata(experiment: { id: number; name: string }, series: ConservationSeries[], runs: RunRecord[]): Record<string, unknown> {
  return {
    kind: 'landau-workbench conservation',
    experiment: experiment.id,
    experimentName: experiment.name,
    runs: series.map((s) => s.run),
    specs: runs.filter((r) => series.some((s) => s.run === r.id)).map((r) => ({ run: r.id, spec: r.spec, codeVersion: r.codeVersion })),
  }
}

/** Long-format CSV: one row per run and time, the metadata first as "# key: value" lines. */
export function conservationCsv(series: ConservationSeries[], meta: Record<string, unknown>): string {
  const lines = csvMetadataLines(meta)
  lines.push('run,solver,N,replicas,dt,t,energy_rel_error,momentum,momentum_change')
  for (const s of series) {
    for (let i = 0; i < s.t.length; i++)
      lines.push([s.run, s.solver, s.N, s.replicas, s.dt, s.t[i], s.energyError[i], s.momentum[i], s.momentumChange[i]].join(','))
  }
  return lines.join('\n') + '\n'
}

/** The largest change of the momentum norm since t = 0 (the panel's table). */
export function worstMomentumChange(s: ConservationSeries): number {
  return s.momentumChange.reduce((m, v) => (v > m ? v : m), 0)
}

/** The largest relative energy error of each run (the panel's table). */
export function worstEnergyError(s: ConservationSeries): number {
  return s.energyError.reduce((m, v) => (v > m ? v : m), 0)
}
