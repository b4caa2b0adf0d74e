// Oracles for the pair-correlation estimators (src/solvers/chaos/pairCorrelation.ts).
// 1. Null calibration: on i.i.d. samples C_φ = 0 exactly, so the raw estimator's 95 % intervals must cover 0
//    at their nominal rate. 600 independent seeds of R = 200 replicas (the size a study's pilot has; with
//    R = 40 the skew of a variance-like statistic drops the coverage to ≈ 0.92): the coverage's binomial SD
//    is √(0.95·0.05/600) ≈ 0.009; the band [0.925, 0.975] is ±2.8 SD (false alarm ≈ 0.5 %), and a wrong SE
//    (say √2 too small: coverage ≈ 0.83) falls far outside it. Unbiasedness: the mean over seeds is 0
//    within 4 of its standard errors; the V-statistic's shift Var φ/N is ≈ 1 SE per seed, 25 SE over 600.
// 2. Energy identity: a dynamics that conserves energy exactly (Kac's rotation step, the pairing system)
//    has Cov_t(|V¹|², |V²|²) = (Var_0 − Var_t)/(N − 1) for any γ (exchangeability and Σ|V_i|² fixed). The
//    raw estimator at t reproduces it within its own interval (a 95 % interval: 8 checks, each failing
//    with probability ≈ 0.05 by chance; the seeds are fixed, so this is a fixed pass/fail, and the check
//    was seen to fail with the V-statistic in place of the U-statistic). The paired estimator equals it to
//    round-off (an algebraic identity when every replica keeps its energy), and resolves it: its interval
//    excludes 0 where the raw one does not.
import { describe, expect, it } from 'vitest'
import { marginalVariance, pairCorrelation, pairedPairCorrelation } from '../../../src/solvers/chaos/pairCorrelation'
import { replicaMoments, type ChaosPhi } from '../../../src/solvers/chaos/chaosObservables'
import { meanAndSe } from '../../../src/solvers/chaos/replicaStats'
import { sampleInitial } from '../../../src/solvers/initial/initialData'
import { runReplicas, type System } from '../particles/systemRunner'
import type { InitialSpec } from '../../../src/solvers/driver/runSpec'

const BIMAX: InitialSpec = { family: 'bimaxwellian', T: [1.4, 1, 0.6] }

function iidReplicas(N: number, R: number, seed: number): Float64Array[] {
  return Array.from({ length: R }, (_, r) => {
    const v = new Float64Array(3 * N)
    sampleInitial(BIMAX, N, seed, r, v)
    return v
  })
}

describe('null calibration (i.i.d. samples: C = 0)', () => {
  it.each<ChaosPhi>(['v2', 'bump'])('the raw estimator covers 0 at its nominal rate (φ = %s)', (phi) => {
    const seeds = 600
    let covered = 0
    const values = new Float64Array(seeds)
    for (let s = 0; s < seeds; s++) {
      const e = pairCorrelation(replicaMoments(phi, iidReplicas(20, 200, 1000 + s), 20))
      if (e.lo <= 0 && 0 <= e.hi) covered++
      values[s] = e.value
    }
    const coverage = covered / seeds
    expect(coverage).toBeGreaterThan(0.925)
    expect(coverage).toBeLessThan(0.975)
    const { mean, se } = meanAndSe(values)
    expect(Math.abs(mean)).toBeLessThan(4 * se)
  })
})

describe.each<[System, number]>([
  ['kac/rotation', 0],
  ['kac/rotation', -3],
  ['pairing/rotation', 0],
  ['pairing/rotation', -3],
])('energy identity, %s, γ = %d', (system, gamma) => {
  it.each([50, 200])('N = %d', (N) => {
    const R = N === 50 ? 200 : 100
    const steps = 25 // t = 0.5
    const snaps: Float64Array[][] = [[], []]
    runReplicas({ system, N, replicas: R, dt: 0.02, gamma, initial: BIMAX, seed: 5 }, [steps], (m, step, v) => {
      snaps[step === 0 ? 0 : 1][m] = Float64Array.from(v)
    })
    const at0 = replicaMoments('v2', snaps[0], N)
    const att = replicaMoments('v2', snaps[1], N)
    const var0 = marginalVariance(at0)
    const vart = marginalVariance(att)
    const identity = (var0.value - vart.value) / (N - 1)
    const raw = pairCorrelation(att)
    expect(identity).toBeGreaterThanOrEqual(raw.lo)
    expect(identity).toBeLessThanOrEqual(raw.hi)
    const paired = pairedPairCorrelation(att, at0)
    // Round-off: sums of R·N terms of size ~10 in double precision: relative 1e-9 is generous.
    expect(Math.abs(paired.value - identity)).toBeLessThan(1e-9 * Math.max(Math.abs(identity), 1e-3))
    // The paired estimator's noise is that of V̂ar_0 − V̂ar_t, far below the frozen-in spread of the
    // replica means that the raw one carries.
    expect(paired.se).toBeLessThan(raw.se / 3)
    // At γ = 0 the relaxation toward the Maxwellian lowers Var|v|² (6.64 → 6 at t = ∞) fast: by t = 0.5 a
    // resolved positive correlation.
    if (gamma === 0) expect(paired.lo).toBeGreaterThan(0)
  })
})
