// The history chart's default metrics: a particle run's temperatures and energy, a deterministic run's
// entropy, Fisher information and energy (src/shared/figures/historyColumns.ts), and what the chart reports
// as drawn (src/shared/figures/historyPlot.ts).
import { describe, expect, it } from 'vitest'
import { DEFAULT_METRICS, DETERMINISTIC_DEFAULT_METRICS, defaultMetricsOf } from '../../../src/shared/figures/historyColumns'
import { buildHistoryPlot } from '../../../src/shared/figures/historyPlot'
import type { LiveHistory } from '../../../src/shared/figures/historyColumns'
import { DETERMINISTIC_METRICS } from '../../../src/solvers/deterministic/types'

describe('default history metrics', () => {
  it('are the temperatures and energy for a particle run', () => {
    expect(defaultMetricsOf({ kind: 'kac', N: 100, replicas: 2, integrator: 'rotation' }, [])).toEqual(['Txx', 'Tyy', 'Tzz', 'energy'])
    expect(defaultMetricsOf(undefined, ['t', 'energy', 'Txx', 'energy_se'])).toBe(DEFAULT_METRICS)
  })

  it('are the entropy, the Fisher information and the energy for a deterministic run', () => {
    for (const params of [
      { kind: 'bkw-exact', points: 400, rMax: 10 },
      { kind: 'spectral', n: 32, L: 8 },
    ]) {
      expect(defaultMetricsOf(params, [])).toEqual(['entropy', 'fisher', 'energy'])
    }
    // A run not listed yet is known by its columns.
    expect(defaultMetricsOf(undefined, ['t', ...DETERMINISTIC_METRICS])).toBe(DETERMINISTIC_DEFAULT_METRICS)
    // Every default is a column such a run records.
    for (const m of DETERMINISTIC_DEFAULT_METRICS) expect(DETERMINISTIC_METRICS).toContain(m)
  })

  it('reports the metrics drawn', () => {
    const h: LiveHistory = { runId: 1, t: [0, 1], values: { entropy: [-4, -4.1], fisher: [3, 2.9], energy: [3, 3] }, loading: false, error: null }
    const plot = buildHistoryPlot({ runs: [{ id: 1, label: '#1' }], metrics: ['entropy', 'Txx', 'fisher'], histories: new Map([[1, h]]), showBands: false })
    expect(plot.drawn).toEqual(['entropy', 'fisher'])
    expect(plot.points).toBe(4)
  })
})
