// The History tab's small multiples and legends (src/shared/figures/historyPlot.ts, metricGroups.ts,
// runLabels.ts) and the density overlay's difference (densityOverlay.ts): exact structure and exact values.
import { describe, expect, it } from 'vitest'
import { buildHistoryPlot } from '../../../src/shared/figures/historyPlot'
import { groupMetrics } from '../../../src/shared/figures/metricGroups'
import { runLegendLabels } from '../../../src/shared/figures/runLabels'
import { densityOverlayOption } from '../../../src/shared/figures/densityOverlay'
import type { LiveHistory } from '../../../src/shared/figures/historyColumns'
import type { RunRecord } from '../../../src/shared/api'

const hist = (runId: number, values: Record<string, number[]>): LiveHistory => ({ runId, t: [0, 0.5, 1], values, loading: false, error: null })

describe('history small multiples', () => {
  it('puts each metric group on its own panel, sharing t', () => {
    expect(groupMetrics(['entropy', 'Txx', 'fisher', 'Tyy', 'energy', 'foo']).map((g) => [g.id, g.metrics])).toEqual([
      ['entropy', ['entropy']],
      ['temperatures', ['Txx', 'Tyy', 'energy']],
      ['fisher', ['fisher']],
      ['metric:foo', ['foo']],
    ])
    const h = hist(1, { entropy: [-4, -4.1, -4.2], Txx: [1, 1, 1], fisher: [3, 2, 1] })
    const plot = buildHistoryPlot({ runs: [{ id: 1, label: 'a' }], metrics: ['entropy', 'Txx', 'fisher'], histories: new Map([[1, h]]), showBands: false })
    expect(plot.panels).toEqual(['entropy', 'temperatures', 'fisher'])
    const series = plot.option.series as { id: string; xAxisIndex: number; yAxisIndex: number }[]
    expect(series.map((s) => [s.id, s.yAxisIndex])).toEqual([
      ['line:1:entropy', 0],
      ['line:1:Txx', 1],
      ['line:1:fisher', 2],
    ])
    expect((plot.option.xAxis as unknown[]).length).toBe(3)
  })

  it('lists runs, not run × metric, in the legend of several runs, and draws each run its own metrics', () => {
    const a = hist(1, { Txx: [1, 1, 1], Tyy: [1, 1, 1] })
    const b = hist(2, { entropy: [-4, -4, -4], Txx: [1, 1, 1] })
    const plot = buildHistoryPlot({
      runs: [
        { id: 1, label: 'kac · N = 50' },
        { id: 2, label: 'bkw-exact' },
      ],
      metrics: ['Txx', 'Tyy', 'entropy'],
      metricsOf: (id) => (id === 1 ? ['Txx', 'Tyy'] : ['entropy']),
      histories: new Map([
        [1, a],
        [2, b],
      ]),
      showBands: false,
    })
    expect((plot.option.legend as { data: { name: string }[] }).data.map((d) => d.name)).toEqual(['kac · N = 50', 'bkw-exact'])
    expect((plot.option.series as { id: string }[]).map((s) => s.id)).toEqual(['line:1:Txx', 'line:1:Tyy', 'line:2:entropy'])
  })

  it('on a log y axis negates an all-negative panel and drops values ≤ 0 elsewhere, saying both', () => {
    const h = hist(1, { entropy: [-4, -4.1, -4.2], momentum: [0, 1e-3, 2e-3] })
    const plot = buildHistoryPlot({
      runs: [{ id: 1, label: 'a' }],
      metrics: ['entropy', 'momentum'],
      histories: new Map([[1, h]]),
      showBands: false,
      logY: true,
      logX: true,
    })
    expect((plot.option.yAxis as { type: string }[]).map((y) => y.type)).toEqual(['log', 'log'])
    expect((plot.option.xAxis as { type: string }[]).map((x) => x.type)).toEqual(['log', 'log'])
    const src = (plot.option.dataset as { source: Record<string, number[]> }[])[0].source
    // log t drops the t = 0 row; −entropy is drawn; momentum's remaining values are all > 0.
    expect(src.t).toEqual([0.5, 1])
    expect(src.entropy).toEqual([4.1, 4.2])
    expect(src.momentum).toEqual([1e-3, 2e-3])
    expect(plot.notes).toEqual(['log y: entropy < 0 everywhere, drawn as −(entropy)', 'log t: 1 row at t = 0 not drawn'])
    const lin = buildHistoryPlot({ runs: [{ id: 1, label: 'a' }], metrics: ['momentum'], histories: new Map([[1, h]]), showBands: false, logY: true })
    expect((lin.option.dataset as { source: Record<string, number[]> }[])[0].source.momentum).toEqual([NaN, 1e-3, 2e-3])
    expect(lin.notes).toEqual(['log y: 1 value ≤ 0 of momentum not drawn'])
  })
})

describe('run legend labels', () => {
  const rec = (id: number, solver: string, params: object, label: string | null): RunRecord =>
    ({ id, solver, params, spec: { kernel: { gamma: 0 } }, label, experimentName: 'Propagation of chaos on BKW' }) as unknown as RunRecord
  it('say solver · N · γ · name, the shared parts once', () => {
    expect(runLegendLabels([rec(4, 'kac', { N: 125 }, null)]).labels.get(4)).toBe('kac · N = 125 · γ = 0 · Propagation of chaos on BKW')
    const { labels, common } = runLegendLabels([rec(1, 'kac', { N: 125 }, null), rec(5, 'fournier', { N: 125 }, null), rec(9, 'bkw-exact', {}, 'exact')])
    expect(common).toBe('γ = 0')
    expect([...labels.values()]).toEqual([
      'kac · N = 125 · Propagation of chaos on BKW',
      'fournier · N = 125 · Propagation of chaos on BKW',
      'bkw-exact · exact',
    ])
    // Two runs that read the same get their ids.
    expect([...runLegendLabels([rec(1, 'kac', { N: 5 }, null), rec(2, 'kac', { N: 5 }, null)]).labels.values()]).toEqual(['kac (#1)', 'kac (#2)'])
  })
})

describe('density overlay', () => {
  it('differences each run against the reference point by point', () => {
    const m = (s: number) => ({ v: [-1, 0, 1], fx: [s, 2 * s, s], fy: [0, 0, 0], fz: [0, 0, 0] })
    const runs = [
      { runId: 1, label: 'exact', t: 1, marginals: m(1) },
      { runId: 2, label: 'b', t: 1, marginals: m(1.5) },
    ]
    expect(densityOverlayOption(runs, 'fx', null).lines).toBe(2)
    const d = densityOverlayOption(runs, 'fx', 1)
    expect(d.lines).toBe(1)
    expect((d.option.series as { data: number[][] }[])[0].data).toEqual([
      [-1, 0.5],
      [0, 1],
      [1, 0.5],
    ])
    expect(d.maxAbsDiff).toBe(1)
  })
})
