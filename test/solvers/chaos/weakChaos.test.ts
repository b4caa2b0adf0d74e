// The weak chaos functional W_k = ∫(F_{N,k} − f^{⊗k})φ^{⊗k}, k = 1, 2. Oracles:
//  - the O(N) pair formula (S² − Σφ²)/(N(N−1)) equals the O(N²) double loop over i ≠ j (round-off: 1e-14);
//  - i.i.d. data from the reference: both estimators are unbiased (a mean and a U-statistic), so W_k = 0
//    within SE (|z| < 4);
//  - i.i.d. N(0, 1.44 I) "particles" against the reference N(0, I) (both exact: one blob each), bump φ:
//    E W_1 = G(1.44) − G(1) and E W_2 = G(1.44)² − G(1)² with G(σ²) = ∫N(0,σ²I)φ in closed form; the
//    estimates sit within 4 SE of these and many SE from 0 (so the first check is not vacuous);
//  - replicas of N/2 antipodal pairs (g, −g): F_{N,1} = N(0, I) exactly, but F_{N,2} is not a product. With
//    φ = cos(k·v) and |k| = 1, φ(g)φ(−g) = cos²(k·g) has mean (1 + e^{−2})/2, and only 1/(N − 1) of the
//    ordered distinct pairs are partners (the rest are independent), so
//    E W_2 = [(1 + e^{−2})/2 − e^{−1}]/(N − 1) exactly, while E W_1 = 0.
// Measured z: i.i.d. 0.18 / 0.23 (bump), 0.15 / 0.13 (cosine); N(0, 1.44I) −0.37 / −0.36 from the closed
// form and −33 / −39 from 0; antipodal W_1 0.28, W_2 0.25 from the closed form and 12.6 from 0.
import { describe, expect, it } from 'vitest'
import { sampleDensity } from '../../../src/solvers/deterministic/densitySampler'
import { referenceIntegral } from '../../../src/solvers/chaos/referenceIntegral'
import { evaluateTestFunction, type TestFunction } from '../../../src/solvers/chaos/testFunctions'
import { distinctPairAverage, weakChaos } from '../../../src/solvers/chaos/weakChaos'
import { gaussianRecord, iidReplicas, particleKey, radialMaxwell, zScore } from './fixtures'

const bump: TestFunction = { kind: 'gaussian', center: [0.7, -0.3, 0.2], width: 0.8 }
const wave: TestFunction = { kind: 'cosine', k: [0.6, 0, -0.8] } // |k| = 1
const G = (v: number) => (0.64 / (0.64 + v)) ** 1.5 * Math.exp(-(0.49 + 0.09 + 0.04) / (2 * (0.64 + v)))

describe('distinctPairAverage', () => {
  it('equals the brute-force average over ordered pairs i ≠ j', () => {
    const N = 50
    const v = sampleDensity(radialMaxwell(), N, particleKey(1, 0))
    for (const phi of [bump, wave]) {
      const f = evaluateTestFunction(phi, v, N, new Float64Array(N))
      let s = 0
      for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) if (i !== j) s += f[i] * f[j]
      const brute = s / (N * (N - 1))
      expect(Math.abs(distinctPairAverage(f, N) - brute)).toBeLessThan(1e-14 * Math.abs(brute) + 1e-16)
    }
    expect(distinctPairAverage([0.3], 1)).toBeNaN()
  })
})

describe('weakChaos', () => {
  it('is 0 within SE for i.i.d. samples of the reference (radial Maxwellian)', () => {
    const d = radialMaxwell()
    const reps = iidReplicas(d, 40, 500, 2)
    for (const phi of [bump, wave]) {
      const w = weakChaos(reps, 500, phi, referenceIntegral(d, phi).value)
      expect(Math.abs(w.weak1 / w.weak1Se)).toBeLessThan(4)
      expect(Math.abs(w.weak2 / w.weak2Se)).toBeLessThan(4)
    }
  })

  it('matches the closed form for N(0, 1.44 I) particles against N(0, I), Gaussian bump', () => {
    const N = 400
    const reps = iidReplicas(gaussianRecord(1.44), 40, N, 3)
    const ref = referenceIntegral(gaussianRecord(1), bump).value
    const w = weakChaos(reps, N, bump, ref)
    expect(Math.abs(w.weakRef - G(1))).toBeLessThan(1e-14)
    expect(Math.abs(zScore(w.weak1, w.weak1Se, G(1.44) - G(1), 0))).toBeLessThan(4)
    expect(Math.abs(zScore(w.weak2, w.weak2Se, G(1.44) ** 2 - G(1) ** 2, 0))).toBeLessThan(4)
    expect(Math.abs(w.weak1 / w.weak1Se)).toBeGreaterThan(10)
    expect(Math.abs(w.weak2 / w.weak2Se)).toBeGreaterThan(10)
  })

  it('sees antipodal pairs in W_2 only, with the exact 1/(N − 1) amplitude', () => {
    const N = 4
    const M = 4000
    const reps = Array.from({ length: M }, (_, m) => {
      const g = sampleDensity(gaussianRecord(1), N / 2, particleKey(4, m))
      const v = new Float64Array(3 * N)
      for (let i = 0; i < N / 2; i++)
        for (let a = 0; a < 3; a++) {
          v[6 * i + a] = g[3 * i + a]
          v[6 * i + 3 + a] = -g[3 * i + a]
        }
      return v
    })
    const w = weakChaos(reps, N, wave, Math.exp(-0.5))
    const exact2 = ((1 + Math.exp(-2)) / 2 - Math.exp(-1)) / (N - 1)
    expect(Math.abs(w.weak1 / w.weak1Se)).toBeLessThan(4)
    expect(Math.abs(zScore(w.weak2, w.weak2Se, exact2, 0))).toBeLessThan(4)
    expect(w.weak2 / w.weak2Se).toBeGreaterThan(10)
  })

  it('one replica: SE is NaN', () => {
    const w = weakChaos(iidReplicas(radialMaxwell(), 1, 100, 5), 100, bump, 0.1)
    expect(w.weak1Se).toBeNaN()
    expect(w.weak2Se).toBeNaN()
    expect(Number.isFinite(w.weak1)).toBe(true)
  })
})
