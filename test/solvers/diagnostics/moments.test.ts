// Oracle: the metric definitions of docs/NUMERICS.md §5.1 on hand-computable data: raw (uncentred)
// second moments, momentum = |mean velocity|, energy = Txx + Tyy + Tzz, mass exactly 1; replica mean
// and SE = sample standard deviation / √M (NaN for M = 1). Values below are exact in binary, so the
// comparisons are exact or to 1e-15 where a square root or division rounds. A history row is the moment part
// then entropy_knn, entropy_knn_se (the estimator itself: test/solvers/diagnostics/klEntropy.test.ts).
import { describe, expect, it } from 'vitest'
import { klEntropy } from '../../../src/solvers/diagnostics/klEntropy'
import {
  ENTROPY_KNN_CAP,
  ENTROPY_SE_CAP,
  entropyShare,
  historyRow,
  MOMENT_ROW_METRICS,
  particleMoments,
  pooledEntropy,
  replicaMeanAndSe,
  ROW_METRICS,
} from '../../../src/solvers/diagnostics/moments'

describe('moments', () => {
  it('names the six metrics then their standard errors', () => {
    expect(MOMENT_ROW_METRICS).toEqual(['mass', 'momentum', 'energy', 'Txx', 'Tyy', 'Tzz', 'mass_se', 'momentum_se', 'energy_se', 'Txx_se', 'Tyy_se', 'Tzz_se'])
  })

  it('computes raw moments of one replica', () => {
    // Two particles (1, 2, 0) and (3, 0, −2): mean (2, 1, −1), raw ⟨v_x²⟩ = 5, ⟨v_y²⟩ = 2, ⟨v_z²⟩ = 2.
    const v = new Float64Array([1, 2, 0, 3, 0, -2])
    const out = new Float64Array(8)
    particleMoments(v, 2, out, 1)
    expect(out[0]).toBe(0) // untouched before the offset
    expect(out[1]).toBe(1)
    expect(out[2]).toBeCloseTo(Math.sqrt(6), 15)
    expect(Array.from(out.subarray(3, 7))).toEqual([9, 5, 2, 2])
  })

  it('keeps mass exactly 1 where summing 1/N would not', () => {
    // 49 · (1/49) = 1 − 2^-53 in floating point; mass must still be 1.
    const out = new Float64Array(6)
    particleMoments(new Float64Array(3 * 49), 49, out, 0)
    expect(out[0]).toBe(1)
  })

  it('aggregates replicas: mean and SD/√M, NaN for M = 1', () => {
    // Metric values 1, 2, 3, 6 over four replicas: mean 3, sample variance 14/3, SE √(14/3/4).
    const per = new Float64Array([1, 10, 2, 10, 3, 10, 6, 10])
    const out: number[] = new Array(4)
    replicaMeanAndSe(per, 4, 2, out)
    expect(out[0]).toBe(3)
    expect(out[1]).toBe(10)
    expect(out[2]).toBeCloseTo(Math.sqrt(14 / 3 / 4), 15)
    expect(out[3]).toBe(0)
    replicaMeanAndSe(new Float64Array([5, 7]), 1, 2, out)
    expect(out.slice(0, 2)).toEqual([5, 7])
    expect(Number.isNaN(out[2]) && Number.isNaN(out[3])).toBe(true)
  })

  it('appends the kNN entropy and its SE to the moment part of a row', () => {
    expect(ROW_METRICS).toEqual([...MOMENT_ROW_METRICS, 'entropy_knn', 'entropy_knn_se'])
    const v = [new Float64Array([1, 2, 0, 3, 0, -2, 0.5, 0.25, 1]), new Float64Array([0, 1, 1, -1, 0, 2, 2, 2, 0.5])]
    const row = historyRow(v, 3, new Float64Array(12))
    expect(row).toHaveLength(14)
    const moments: number[] = new Array(12)
    const per = new Float64Array(12)
    particleMoments(v[0], 3, per, 0)
    particleMoments(v[1], 3, per, 6)
    replicaMeanAndSe(per, 2, 6, moments)
    const entropy: number[] = [0, 0]
    pooledEntropy(v, 3, entropy, 0)
    expect(row).toEqual([...moments, ...entropy])
  })

  it('entropy_knn_se above ENTROPY_SE_CAP: groups of the first q particles of each replica, SE rescaled by n_g/n', () => {
    // M = 3 replicas of N = 8192 (pool 24 576 > the cap): q = ⌊8192/3⌋ = 2730 per replica, one per group.
    const M = 3
    const N = 8192
    const v: Float64Array[] = []
    let x = 0x9e3779b9
    for (let m = 0; m < M; m++) {
      const r = new Float64Array(3 * N)
      for (let i = 0; i < 3 * N; i++) r[i] = ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1
      v.push(r)
    }
    const q = entropyShare(ENTROPY_SE_CAP, M, N)
    expect(q).toBe(Math.floor(ENTROPY_SE_CAP / M))
    const h = v.map((r) => klEntropy(r.subarray(0, 3 * q), q))
    const mean = h.reduce((a, b) => a + b / M, 0)
    const dev2 = h.reduce((a, b) => a + (b - mean) ** 2, 0)
    const out: number[] = [0, 0]
    pooledEntropy(v, N, out, 0)
    const pooled = new Float64Array(3 * M * N)
    v.forEach((r, m) => pooled.set(r, 3 * N * m))
    expect(out[0]).toBe(klEntropy(pooled, M * N)) // the pooled estimate reads every particle, as before
    expect(out[1]).toBe(Math.sqrt((dev2 / (M - 1)) * (q / (M * N)))) // G = M, s = 1: sd(Ĥ_g)·√(s·q/(M·per))
  })

  it('entropy_knn above ENTROPY_KNN_CAP: the first ⌊cap/M⌋ of each replica, and the SE scaled to that size', () => {
    // M = 2 replicas of N = 20 000: the pool keeps all 20 000 of each (⌊65 536/2⌋ > N), the estimate reads
    // p = 16 384 of each, the SE's groups q = 4096 of those.
    const M = 2
    const N = 20000
    let x = 12345
    const v = [0, 1].map(() => {
      const r = new Float64Array(3 * N)
      for (let i = 0; i < 3 * N; i++) r[i] = ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1
      return r
    })
    const p = entropyShare(ENTROPY_KNN_CAP, M, N)
    const q = entropyShare(ENTROPY_SE_CAP, M, p)
    expect([p, q]).toEqual([16384, 4096])
    const both = new Float64Array(3 * M * p)
    v.forEach((r, m) => both.set(r.subarray(0, 3 * p), 3 * p * m))
    const h = v.map((r) => klEntropy(r.subarray(0, 3 * q), q))
    const mean = h[0] / 2 + h[1] / 2
    const out: number[] = [0, 0]
    pooledEntropy(v, N, out, 0)
    expect(out[0]).toBe(klEntropy(both, M * p))
    expect(out[1]).toBe(Math.sqrt(((h[0] - mean) ** 2 + (h[1] - mean) ** 2) * (q / (M * p))))
  })
})
