// The chaos error along t: reports at several times read as one line per run, in time order, each
// point with its interval and its run's W2 floor; the CSV has one row per run and time.
import { describe, expect, it } from 'vitest'
import type { ChaosReport } from '../../../src/shared/api'
import { buildChaosTimeOption, chaosTimeCsv, timePoints } from '../../../src/shared/figures/chaosTimeChart'

function report(time: number, ys: [number, number][]): ChaosReport {
  // ys: per run (1, 2) the W2 and its floor
  return {
    experiment: 1,
    time,
    metric: 'w2',
    reference: { run: 3, solver: 'bkw-exact', t: time },
    runs: ys.map(
      ([y, floor], i) =>
        ({
          run: i + 1,
          solver: 'kac',
          t: time,
          N: 100 * (i + 1),
          M: 4,
          w2One: y,
          w2OneSe: 0.01,
          w2OneFloor: floor,
          w2OneFloorSe: 0.01,
        }) as unknown as ChaosReport['runs'][number],
    ),
    series: [{ solver: 'kac', points: ys.map(([y], i) => ({ run: i + 1, N: 100 * (i + 1), y, se: 0.01, lo: y - 0.03, hi: y + 0.03, clipped: false })) }],
    omitted: [],
    fits: [],
    pending: [],
    phi: { kind: 'gaussian', center: [0, 0, 0], width: 1 },
    spec: { name: 'x' } as ChaosReport['spec'],
  }
}

describe('chaos error along t', () => {
  it('reads the reports as one line per run in time order, with floors', () => {
    const reports = [
      report(1, [
        [0.4, 0.39],
        [0.3, 0.29],
      ]),
      report(0, [
        [0.5, 0.38],
        [0.35, 0.27],
      ]),
    ]
    const pts = timePoints(reports)
    expect([...pts.keys()]).toEqual([1, 2])
    expect(pts.get(1)!.map((p) => [p.t, p.y, p.floor])).toEqual([
      [0, 0.5, 0.38],
      [1, 0.4, 0.39],
    ])
    expect(pts.get(2)!.map((p) => p.N)).toEqual([200, 200])
    const o = buildChaosTimeOption(reports) as { series: { id: string; data: unknown[] }[] }
    expect(o.series.map((s) => s.id)).toEqual(['run-1', 'bars-1', 'floor-1', 'run-2', 'bars-2', 'floor-2'])
    expect(o.series[2].data).toEqual([
      [0, 0.38],
      [1, 0.39],
    ])
    const csv = chaosTimeCsv(reports, { experiment: 1 }).trim().split('\n')
    expect(csv.slice(1)).toEqual([
      'run,solver,N,t,w2,lo95,hi95,lo_clipped,floor',
      '1,kac,100,0,0.5,0.47,0.53,0,0.38',
      '1,kac,100,1,0.4,0.37,0.43000000000000005,0,0.39',
      '2,kac,200,0,0.35,0.31999999999999995,0.38,0,0.27',
      '2,kac,200,1,0.3,0.27,0.32999999999999996,0,0.29',
    ])
    expect(buildChaosTimeOption([])).toBeNull()
  })
})
