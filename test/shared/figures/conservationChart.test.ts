// The conservation view's data and layout: relative energy error and momentum change from a stored
// history, one column of two grids per particle system, zeros drawn on the floor, and the CSV's rows.
import { describe, expect, it } from 'vitest'
import type { History, RunRecord } from '../../../src/shared/api'
import {
  buildConservationOption,
  CONSERVATION_FLOOR,
  conservationCsv,
  conservationSeries,
  worstEnergyError,
  worstMomentumChange,
} from '../../../src/shared/figures/conservationChart'

function run(id: number, solver: 'kac' | 'fournier', N: number, integrator: 'rotation' | 'euler'): RunRecord {
  const params = { kind: solver, N, replicas: 4, integrator } as RunRecord['params']
  return {
    id,
    experimentId: 1,
    experimentName: 'e',
    index: id - 1,
    solver,
    status: 'done',
    seed: 1,
    params,
    spec: {
      initial: { family: 'maxwellian' },
      kernel: { gamma: 0 },
      solver: params,
      time: { T: 1, dt: 0.01, every: 1 },
      snapshots: [],
      seed: 1,
      runIndex: id - 1,
    },
    codeVersion: 'test',
    host: 'h',
    createdAt: '',
    startedAt: null,
    finishedAt: null,
    wallMs: null,
    progress: 1,
    error: null,
    label: null,
    notes: '',
    tags: [],
    starred: false,
    archivedAt: null,
    deletedAt: null,
    metrics: ['energy', 'momentum'],
  } as RunRecord
}
const hist = (energy: number[], momentum: number[]): History => ({ runId: 0, t: energy.map((_, i) => i * 0.5), values: { energy, momentum } })

describe('conservation series', () => {
  it('takes |E(t) − E(0)|/E(0) and ||P|(t) − |P|(0)| from the history and names the integrator when it is not exact', () => {
    const s = conservationSeries(run(1, 'kac', 100, 'euler'), hist([3, 3.03, 2.94], [0, 1e-3, 2e-3]))!
    // A sample's own momentum (0.13 for a few particles) kept to round-off is no error: its change is 0.
    const kept = conservationSeries(run(4, 'kac', 10, 'rotation'), hist([3, 3], [0.13, 0.13 + 2 ** -55]))!
    expect(kept.momentumChange).toEqual([0, 2 ** -55])
    expect(worstMomentumChange(kept)).toBe(2 ** -55)
    expect(worstMomentumChange(s)).toBe(2e-3)
    expect(s.solver).toBe('kac (euler)')
    expect(s.energyError[0]).toBe(0)
    expect(s.energyError[1]).toBeCloseTo(0.01, 14)
    expect(s.energyError[2]).toBeCloseTo(0.02, 14)
    expect(worstEnergyError(s)).toBeCloseTo(0.02, 14)
    expect(conservationSeries(run(2, 'kac', 100, 'rotation'), hist([3, 3], [0, 0]))!.solver).toBe('kac')
    expect(conservationSeries(run(3, 'kac', 100, 'rotation'), { runId: 3, t: [0], values: { Txx: [1] } })).toBeNull()
  })

  it('lays out a column of two log grids per system, zeros on the floor, and writes one CSV row per time', () => {
    const a = conservationSeries(run(1, 'kac', 100, 'rotation'), hist([3, 3, 3], [0, 1e-17, 0]))!
    const b = conservationSeries(run(2, 'fournier', 100, 'euler'), hist([3, 3.1, 3.2], [0, 1e-3, 2e-3]))!
    const c = conservationSeries(run(3, 'fournier', 200, 'euler'), hist([3, 3.05, 3.1], [0, 5e-4, 1e-3]))!
    const o = buildConservationOption([a, b, c]) as {
      grid: unknown[]
      yAxis: { type: string }[]
      series: { data: { value: [number, number] }[]; xAxisIndex: number }[]
    }
    expect(o.grid).toHaveLength(4)
    expect(o.yAxis.every((y) => y.type === 'log')).toBe(true)
    expect(o.series).toHaveLength(6)
    // kac's exact zeros sit on the floor (a log axis cannot draw 0); fournier goes to column 2 (grids 2, 3).
    expect(o.series[0].data.map((p) => p.value[1])).toEqual([CONSERVATION_FLOOR, CONSERVATION_FLOOR, CONSERVATION_FLOOR])
    expect(o.series.slice(2).map((s) => s.xAxisIndex)).toEqual([2, 3, 2, 3])
    const csv = conservationCsv([a, b], { experiment: 1 }).trim().split('\n')
    expect(csv[0]).toBe('# experiment: 1')
    expect(csv[1]).toBe('run,solver,N,replicas,dt,t,energy_rel_error,momentum,momentum_change')
    expect(csv).toHaveLength(2 + 6)
    expect(csv.at(-1)!.split(',').slice(0, 6)).toEqual(['2', 'fournier', '100', '4', '0.01', '1'])
  })
})
