// The convergence chart: the W2 floor's 95 % interval uses the exact Student quantile
// t_{0.975, M−1} (src/solvers/special/tQuantile.ts), as the backend's intervals do, not a rounded table,
// and its series take the one style (src/shared/figures/style.ts).
import { describe, expect, it } from 'vitest'
import type { ChaosReport } from '../../../src/shared/api'
import { buildConvergenceOption, t975 } from '../../../src/shared/figures/convergenceChart'
import { DASHES, EMPTY_SYMBOLS, SERIES_COLORS, SYMBOLS } from '../../../src/shared/figures/style'
import { tQuantile } from '../../../src/solvers/special/tQuantile'

type Series = { id: string; type: string; data: unknown[]; symbol?: string; itemStyle?: { color?: string }; lineStyle?: { color?: string; type?: unknown } }

/** A W2 report: per solver, runs at N = 100, 200, 400 with M replicas and a floor of 0.01 ± 0.002. */
function report(solvers: string[], M: number): ChaosReport {
  let run = 0
  const runs: ChaosReport['runs'] = []
  const series: ChaosReport['series'] = solvers.map((solver) => ({
    solver,
    points: [100, 200, 400].map((N) => {
      run++
      runs.push({ run, solver, t: 1, N, M, w2OneFloor: 0.01, w2OneFloorSe: 0.002 } as unknown as ChaosReport['runs'][number])
      const y = 1 / Math.sqrt(N)
      return { run, N, y, se: 0.005, lo: y - 0.01, hi: y + 0.01, clipped: false }
    }),
  }))
  return {
    experiment: 1,
    time: 1,
    metric: 'w2',
    reference: { run: 99, solver: 'bkw-exact', t: 1 },
    runs,
    series,
    omitted: [],
    fits: solvers.map(
      (solver) =>
        ({
          solver,
          intercept: 0,
          slope: -0.5,
          slopeSe: 0.01,
          slopeLo: -0.52,
          slopeHi: -0.48,
          points: 3,
          chi2Reduced: 1,
        }) as unknown as ChaosReport['fits'][number],
    ),
    pending: [],
    phi: { kind: 'gaussian', center: [0, 0, 0], width: 1 },
    spec: { name: 'x' } as ChaosReport['spec'],
  }
}

describe('convergence chart', () => {
  it('gives the floor interval the exact t quantile with M − 1 degrees of freedom', () => {
    // The old table said 3.182 for 3 d.o.f.; the exact quantile is 3.18244630528371 (scipy.stats.t.ppf).
    expect(t975(3)).toBeCloseTo(3.18244630528371, 12)
    expect(t975(3)).toBe(tQuantile(0.975, 3))
    // Where the table was coarse: 25 d.o.f. (table 2.06, exact 2.0595), 100 (table 1.96, exact 1.9840).
    expect(t975(25)).toBeCloseTo(2.059538552753294, 10)
    expect(t975(100)).toBeCloseTo(1.983971518523552, 10)
    // One replica has no interval.
    expect(t975(0)).toBeNaN()
    const o = buildConvergenceOption(report(['kac'], 4)) as { series: Series[] }
    const bars = o.series.find((s) => s.id === 'floor-bars-kac')!
    const t = tQuantile(0.975, 3)
    for (const [, lo, hi, clipped] of bars.data as number[][]) {
      expect(hi).toBeCloseTo(0.01 + t * 0.002, 15)
      expect(lo).toBeCloseTo(0.01 - t * 0.002, 15)
      expect(clipped).toBe(0)
    }
  })

  it('tells solvers apart by the style’s colour, marker and dash (six before repeating)', () => {
    const solvers = ['a', 'b', 'c', 'd', 'e', 'f', 'g']
    const o = buildConvergenceOption(report(solvers, 4)) as { series: Series[] }
    solvers.forEach((s, k) => {
      const pts = o.series.find((x) => x.id === `pts-${s}`)!
      const fit = o.series.find((x) => x.id === `fit-${s}`)!
      const floor = o.series.find((x) => x.id === `floor-${s}`)!
      expect(pts.itemStyle?.color).toBe(SERIES_COLORS[k % 6])
      expect(pts.symbol).toBe(SYMBOLS[k % 6])
      expect(floor.symbol).toBe(EMPTY_SYMBOLS[k % 6])
      expect(fit.lineStyle?.type).toEqual(DASHES[k % 6])
    })
    // The first four are the colours the chart always had.
    expect(SERIES_COLORS.slice(0, 4)).toEqual(['#1f4e9c', '#b0451b', '#2e7d32', '#6a3d9a'])
  })
})
