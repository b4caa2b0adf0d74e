// The time-step check (chaosStudyCompare.ts) on synthetic reports: a refinement is recognised only when
// everything but dt (halved), the name and the seed is equal, and the changes are the differences of the
// values with their SEs in quadrature.
import { describe, expect, it } from 'vitest'
import { dtChanges, isDtRefinement } from '../../src/shared/chaosStudyCompare'
import type { ChaosStudyReport } from '../../src/shared/chaosStudyReport'
import { ChaosStudySpec } from '../../src/shared/chaosStudySpec'

const spec = ChaosStudySpec.parse({
  kind: 'chaos-study',
  name: 's',
  initial: { family: 'maxwellian' },
  gammas: [0],
  systems: [{ kind: 'kac' }],
  N: [10, 20, 40],
  times: [0.2],
  dt: 0.02,
  observables: ['energy-correlation'],
  target: { halfWidth: 0.25 },
  pilotReplicas: 30,
  maxReplicas: 100,
  budgetSeconds: 10,
})

function report(dt: number, values: number[], name = 's'): ChaosStudyReport {
  const fit = {
    verdict: 'unresolved' as const,
    reasons: [],
    p: NaN,
    pLo: NaN,
    pHi: NaN,
    halfWidth: NaN,
    amplitude: NaN,
    sign: 1,
    chi2: NaN,
    dof: 1,
    scale: NaN,
  }
  return {
    name,
    spec: { ...spec, dt, name },
    experiments: [1],
    workers: 2,
    elapsedSeconds: 1,
    rows: [
      {
        gamma: 0,
        system: 'kac',
        observable: 'energy-correlation',
        label: 'C',
        t: 0.2,
        points: values.map((value, i) => ({ N: spec.N[i], replicas: 30, dt, value, se: 0.3, lo: value - 1, hi: value + 1 })),
        fit,
        plan: null,
      },
    ],
  }
}

describe('the time-step check', () => {
  it('recognises dt/2 and nothing else', () => {
    expect(isDtRefinement(report(0.02, [1, 2, 3]), report(0.01, [1, 2, 3], 's · dt/2'))).toBe(true)
    expect(isDtRefinement(report(0.02, [1, 2, 3]), report(0.005, [1, 2, 3]))).toBe(false)
    const other = report(0.01, [1, 2, 3])
    other.spec = { ...other.spec, N: [10, 20, 80] }
    expect(isDtRefinement(report(0.02, [1, 2, 3]), other)).toBe(false)
  })

  it('gives each change with its SE in quadrature', () => {
    const c = dtChanges(report(0.02, [1, 2, 3]), report(0.01, [1.4, 2, 1.8]))
    expect(c.map((x) => x.N)).toEqual([10, 20, 40])
    expect(c[0].change).toBeCloseTo(0.4, 12)
    expect(c[0].se).toBeCloseTo(0.3 * Math.SQRT2, 12)
    expect(c[2].z).toBeCloseTo(-1.2 / (0.3 * Math.SQRT2), 12)
  })
})
