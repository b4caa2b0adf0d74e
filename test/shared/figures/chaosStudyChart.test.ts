// The chaos study figure: two grids (|value| vs N on log–log axes with the fitted A·N^p, and N·value vs N),
// one series set per row told apart by the style's colour, marker and dash, an unresolved rate said in
// the legend, and its CSV with the metadata as comment lines.
import { describe, expect, it } from 'vitest'
import type { ChaosStudyReport, ChaosStudyRow } from '../../../src/shared/chaosStudyReport'
import { buildChaosStudyOption, chaosStudyFigureRows, rateLabel, ROW_DODGE } from '../../../src/shared/figures/chaosStudyChart'
import { chaosStudyCsv, chaosStudyMetadata } from '../../../src/shared/figures/chaosStudyExport'
import { DASHES, SERIES_COLORS, SYMBOLS } from '../../../src/shared/figures/style'

type Series = {
  id: string
  type: string
  name: string
  data: unknown[]
  xAxisIndex?: number
  yAxisIndex?: number
  symbol?: string
  itemStyle?: { color?: string }
  lineStyle?: { color?: string; type?: unknown }
}
type Option = {
  grid: unknown[]
  xAxis: Array<{ type: string; gridIndex: number }>
  yAxis: Array<{ type: string; gridIndex: number; name: string; min?: number; max?: number }>
  legend: { data: unknown[] }
  series: Series[]
  title?: { text: string }
}

const Ns = [100, 200, 400, 800]

/** A row of value ≈ sign·A·N^p with a 95 % half-width of 20 % (or the given lower ends). */
function row(system: string, observable: string, t: number, resolved: boolean, sign = -1, A = 2, p = -1): ChaosStudyRow {
  return {
    gamma: 0,
    system,
    observable,
    label: observable === 'energy-correlation' ? 'C(|v|², |v|²)' : 'bias of v_x² − v_z²',
    t,
    points: Ns.map((N, k) => {
      const value = sign * A * N ** p
      const h = k === 3 ? 1.5 * Math.abs(value) : 0.2 * Math.abs(value) // the last interval reaches past 0
      return { N, replicas: 400 * (k + 1), dt: 0.01, value, se: h / 1.96, lo: value - h, hi: value + h }
    }),
    fit: {
      verdict: resolved ? 'resolved' : 'unresolved',
      reasons: resolved ? [] : ['p’s 95 % interval is wider than the target'],
      p: resolved ? -0.99 : -0.7,
      pLo: resolved ? -1.05 : -1.6,
      pHi: resolved ? -0.94 : 0.2,
      halfWidth: resolved ? 0.055 : 0.9,
      amplitude: A,
      sign,
      chi2: 2,
      dof: 2,
      scale: 1,
    },
    plan: resolved ? null : { basis: 'pilot-fit', replicas: [800, 1600, 3200, 6400], workerSeconds: 5000, status: 'over-budget' },
  }
}

function report(): ChaosStudyReport {
  return {
    name: 'kac vs pairing',
    spec: { name: 'kac vs pairing', times: [1, 2], observables: ['energy-correlation', 'momentum-bias'] } as unknown as ChaosStudyReport['spec'],
    experiments: [1, 2, 3],
    workers: 2,
    elapsedSeconds: 100,
    rows: [
      row('kac', 'energy-correlation', 1, true),
      row('pairing', 'energy-correlation', 1, false, -1, 3),
      row('kac', 'energy-correlation', 2, true),
      row('kac', 'momentum-bias', 1, true, 1),
    ],
  }
}

describe('chaos study chart', () => {
  it('picks the rows of one observable at the first time', () => {
    const r = report()
    expect(chaosStudyFigureRows(r)).toEqual([0, 1])
    expect(chaosStudyFigureRows(r, 'momentum-bias')).toEqual([3])
    expect(chaosStudyFigureRows(r, 'pair-v4')).toEqual([])
  })

  it('draws |value| on log–log axes with the fitted line, N·value beside it, per row in its own style', () => {
    const r = report()
    const o = buildChaosStudyOption(r, [0, 1]) as unknown as Option
    expect(o.grid).toHaveLength(2)
    expect(o.xAxis.map((a) => [a.type, a.gridIndex])).toEqual([
      ['log', 0],
      ['log', 1],
    ])
    expect(o.yAxis.map((a) => [a.type, a.gridIndex])).toEqual([
      ['log', 0],
      ['value', 1],
    ])
    expect(o.yAxis[0].name).toBe('|C(|v|², |v|²)|')
    expect(o.yAxis[1].name).toBe('N · C(|v|², |v|²)')
    // Per row: N·value line and its bars, points and their bars; a fit line for the resolved row only.
    expect(o.series.map((s) => s.id).sort()).toEqual(
      ['nvalue-0', 'nvalue-bars-0', 'pts-0', 'bars-0', 'fit-0', 'nvalue-1', 'nvalue-bars-1', 'pts-1', 'bars-1'].sort(),
    )
    expect(o.series).toHaveLength(9)
    const byId = (id: string) => o.series.find((s) => s.id === id)!

    // Left: |value| (the values are negative: drawn times the fit's sign), on grid 0.
    const pts = byId('pts-0')
    expect(pts.xAxisIndex).toBe(0)
    // Two rows: drawn at N·1.05^∓½, apart (the tooltip keeps N).
    const dodge = ROW_DODGE ** -0.5
    for (const [k, d] of (pts.data as Array<{ value: number[]; N: number }>).entries()) {
      expect(d.N).toBe(Ns[k])
      expect(d.value[0]).toBeCloseTo(Ns[k] * dodge, 12)
      expect(d.value[1]).toBeCloseTo(2 / Ns[k], 15)
    }
    expect((byId('pts-1').data as Array<{ value: number[] }>)[0].value[0]).toBeCloseTo(Ns[0] / dodge, 12)
    expect((pts.data as Array<{ dt: number }>).every((d) => d.dt === 0.01)).toBe(true)
    // The last interval reaches past 0: its bar is clipped (open-ended).
    const bars = byId('bars-0').data as number[][]
    expect(bars.map((b) => b[3])).toEqual([0, 0, 0, 1])
    expect(bars[0][1]).toBeCloseTo(0.8 * 0.02, 15)
    expect(bars[0][2]).toBeCloseTo(1.2 * 0.02, 15)

    // The fitted line is A·N^p over the points' range (a little beyond), named with p and its interval.
    const fit = byId('fit-0')
    const line = fit.data as number[][]
    const [first, last] = [line[0], line[line.length - 1]]
    expect(first[0]).toBeCloseTo(100 / 1.15, 12)
    expect(last[0]).toBeCloseTo(800 * 1.15, 12)
    expect(first[1]).toBeCloseTo(2 * first[0] ** -0.99, 15)
    expect(last[1]).toBeCloseTo(2 * last[0] ** -0.99, 15)
    expect(fit.name).toBe('kac: p = −0.99 [−1.05, −0.94]')
    expect(rateLabel(r.rows[0].fit)).toBe('p = −0.99 [−1.05, −0.94]')

    // Right: N·value (signed) and N·lo … N·hi, on grid 1.
    const nv = byId('nvalue-0')
    expect(nv.xAxisIndex).toBe(1)
    expect(nv.yAxisIndex).toBe(1)
    for (const [k, d] of (nv.data as Array<{ value: number[] }>).entries()) {
      expect(d.value[0]).toBeCloseTo(Ns[k] * dodge, 12)
      expect(d.value[1]).toBeCloseTo(-2, 12)
    }
    const nbars = byId('nvalue-bars-0').data as number[][]
    expect(nbars[0][1]).toBeCloseTo(100 * r.rows[0].points[0].lo, 12)
    expect(nbars[0][2]).toBeCloseTo(100 * r.rows[0].points[0].hi, 12)
    expect(o.yAxis[1].min).toBeLessThanOrEqual(Math.min(...nbars.map((b) => b[1])))
    expect(o.yAxis[1].max).toBeGreaterThanOrEqual(Math.max(...nbars.map((b) => b[2])))

    // Rows differ by colour, marker and dash (black and white).
    for (const k of [0, 1]) {
      expect(byId(`pts-${k}`).itemStyle?.color).toBe(SERIES_COLORS[k])
      expect(byId(`pts-${k}`).symbol).toBe(SYMBOLS[k])
      expect(byId(`nvalue-${k}`).symbol).toBe(SYMBOLS[k])
      expect(byId(`nvalue-${k}`).lineStyle?.type).toEqual(DASHES[k])
    }
    expect(fit.lineStyle?.type).toEqual(DASHES[0])

    // The unresolved row keeps its points and says so in the legend.
    // (The fitted line's legend icon is its dashed line alone: the marker is made transparent.)
    expect(o.legend.data).toEqual(['kac', { name: 'kac: p = −0.99 [−1.05, −0.94]', itemStyle: { opacity: 0 } }, 'pairing (rate unresolved)'])
    expect(byId('pts-1').name).toBe('pairing (rate unresolved)')
    expect(byId('pts-1').data).toHaveLength(4)
  })

  it('names the observable and t in the exported title, with no tooltip', () => {
    const o = buildChaosStudyOption(report(), [0, 1], { forExport: true, width: 900 }) as unknown as Option & { tooltip?: unknown }
    expect(o.title?.text).toBe('C(|v|², |v|²) at t = 1 vs N · chaos study kac vs pairing')
    expect(o.tooltip).toBeUndefined()
    // Rows of different times are named by their time.
    const mixed = buildChaosStudyOption(report(), [0, 2]) as unknown as Option
    expect(mixed.legend.data[0]).toBe('kac, t = 1')
  })

  it('writes the metadata (rows with fits, plans and dt) and one CSV line per point', () => {
    const r = report()
    const meta = chaosStudyMetadata(r, [0, 1]) as {
      study: string
      spec: unknown
      estimator: string
      rows: Array<{ row: number; fit: { verdict: string }; plan: unknown; points: Array<{ dt: number }> }>
    }
    expect(meta.study).toBe('kac vs pairing')
    expect(meta.spec).toBe(r.spec)
    expect(meta.estimator).toMatch(/paired estimator/)
    expect(meta.rows.map((x) => [x.row, x.fit.verdict])).toEqual([
      [0, 'resolved'],
      [1, 'unresolved'],
    ])
    expect(meta.rows[1].plan).toMatchObject({ status: 'over-budget' })
    expect(meta.rows[0].points[0].dt).toBe(0.01)

    const lines = chaosStudyCsv(r, [0, 1]).trimEnd().split('\n')
    const comments = lines.filter((l) => l.startsWith('#'))
    const body = lines.filter((l) => !l.startsWith('#'))
    expect(comments.length).toBe(Object.keys(meta).length)
    expect(lines.slice(0, comments.length).every((l) => l.startsWith('# '))).toBe(true) // the metadata first
    expect(body[0]).toBe('gamma,system,observable,t,dt,N,replicas,value,se,lo,hi,N_value,p,p_lo,p_hi,verdict')
    expect(body).toHaveLength(1 + 2 * Ns.length)
    const cells = body[1].split(',')
    expect(cells).toHaveLength(16)
    expect(cells.slice(0, 7)).toEqual(['0', 'kac', 'energy-correlation', '1', '0.01', '100', '400'])
    expect(Number(cells[11])).toBeCloseTo(-2, 12)
    expect(cells.slice(12)).toEqual(['-0.99', '-1.05', '-0.94', 'resolved'])
    expect(body[body.length - 1].endsWith(',unresolved')).toBe(true)
  })
})
