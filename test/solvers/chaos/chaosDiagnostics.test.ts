// chaosDiagnostics end to end on "particle" replicas whose law is known exactly:
//  - i.i.d. samples of the reference record (a perfectly chaotic system): every diagnostic sits at its null
//    value — W2 at its floor (k = 1 in R³, k = 2 in R⁶), weak functionals at 0, entropy at H(f);
//  - the same samples scaled by 1.2 (wrong 1-marginal): W2 many SE above the floor in both, weak functionals
//    many SE from 0, and the entropy gap at its closed form H(λV) − H(V) = −3 log λ = −0.547 (∫f log f sign);
//  - antipodal pairs (g, −g) of i.i.d. samples (right 1-marginal, wrong 2-marginal): w2One at the floor,
//    w2Two many SE above it — the R⁶ diagnostic sees what the 1-marginal cannot.
// Statistics: M = 8 replicas of N = 600 (W2 on 600 points, resp. 300 pairs), floors of 8 pairs. Keys are
// fixed, so every check is deterministic; the bands say where a correct implementation falls: |z| < 4 for a
// null (a normal z exceeds 4 with probability 6e-5; the SEs come from 8 values, ±25 %, hence 4 not 3), and
// z > 8 for the alternatives (measured 9.8 and 11.7 for the scaling, 28 for the antipodal pairs; a
// diagnostic that ignored its input, or compared the wrong marginal, would sit at z ≈ 0). The entropy null
// also carries the KL bias (≈ 0.01 at these 4800 pooled points, NUMERICS.md §5.2), ≈ 0.4 SE.
// Measured (i.i.d.): z = −0.80 (w2One), 0.60 (w2Two), 0.10 / 0.11 (weak), 1.46 (entropy).
import { beforeAll, describe, expect, it } from 'vitest'
import { createDensitySampler } from '../../../src/solvers/deterministic/densitySampler'
import { chaosDiagnostics, type ChaosDiagnostics } from '../../../src/solvers/chaos/chaosDiagnostics'
import { CHAOS_PURPOSE, Role, roleKey } from '../../../src/solvers/chaos/referenceStreams'
import { SLICE_PURPOSE } from '../../../src/solvers/w2/slicedW2'
import { DENSITY_SAMPLE_PURPOSE } from '../../../src/solvers/deterministic/densitySampler'
import { Purpose } from '../../../src/solvers/random/streams'
import { SystemPurpose } from '../../../src/solvers/random/systemStreams'
import { iidReplicas, MAXWELL_ENTROPY, radialMaxwell, zScore } from './fixtures'

const d = radialMaxwell()
const KEY = { k0: 7, k1: 8 }
const M = 8
const N = 600

const zOne = (r: ChaosDiagnostics) => zScore(r.w2One, r.w2OneSe, r.w2OneFloor, r.w2OneFloorSe)
const zTwo = (r: ChaosDiagnostics) => zScore(r.w2Two, r.w2TwoSe, r.w2TwoFloor, r.w2TwoFloorSe)

describe('chaosDiagnostics: a chaotic system (i.i.d. samples of f)', () => {
  let r: ChaosDiagnostics
  beforeAll(() => {
    r = chaosDiagnostics(iidReplicas(d, M, N, 10), d, MAXWELL_ENTROPY, KEY)
  })
  it('W2 equals its floor within SE, in R³ and in R⁶', () => {
    expect(r.w2OneN).toBe(600)
    expect(r.w2TwoN).toBe(300)
    expect(Math.abs(zOne(r))).toBeLessThan(4)
    expect(Math.abs(zTwo(r))).toBeLessThan(4)
    // The floor itself is the documented one (docs/MATH.md §5: 0.38 at n = 1000, n^{-1/3} decay → ≈ 0.45 at 600).
    expect(r.w2OneFloor).toBeGreaterThan(0.4)
    expect(r.w2OneFloor).toBeLessThan(0.52)
    // In squares too: E[W2²] − floor's E[W2²] is 0 within 4 SE for a chaotic sample.
    expect(Math.abs(r.w2OneSqExcess / r.w2OneSqExcessSe)).toBeLessThan(4)
  })
  it('weak functionals are 0 and the entropy gap is 0 within SE', () => {
    expect(Math.abs(r.weak1 / r.weak1Se)).toBeLessThan(4)
    expect(Math.abs(r.weak2 / r.weak2Se)).toBeLessThan(4)
    expect(Math.abs(r.entropyGap / r.entropyGapSe)).toBeLessThan(4)
    expect(r.entropyGap).toBe(r.entropyKnn - MAXWELL_ENTROPY)
  })
})

describe('chaosDiagnostics: wrong marginals are detected', () => {
  it('scaled by 1.2: W2 far above the floor, weak ≠ 0, entropy gap = −3 log 1.2', () => {
    const r = chaosDiagnostics(iidReplicas(d, M, N, 10, 1.2), d, MAXWELL_ENTROPY, KEY)
    expect(zOne(r)).toBeGreaterThan(8)
    expect(zTwo(r)).toBeGreaterThan(8)
    // The squared excess is positive, many SE: for Gaussians W2²(N(0, 1.44 I), N(0, I)) = 3·0.2² = 0.12
    // in the limit; a sample's excess differs from it by the floor's own cross terms, so only the sign and
    // the size are asserted.
    expect(r.w2OneSqExcess / r.w2OneSqExcessSe).toBeGreaterThan(8)
    expect(r.w2OneSqExcess).toBeGreaterThan(0.05)
    expect(Math.abs(r.weak1 / r.weak1Se)).toBeGreaterThan(10)
    expect(Math.abs(r.weak2 / r.weak2Se)).toBeGreaterThan(10)
    expect(Math.abs(zScore(r.entropyGap, r.entropyGapSe, -3 * Math.log(1.2), 0))).toBeLessThan(4)
  })

  it('antipodal pairs: 1-marginal right (w2One at the floor), 2-marginal wrong (w2Two far above)', () => {
    const reps = iidReplicas(d, M, N / 2, 11).map((g) => {
      const v = new Float64Array(3 * N)
      for (let i = 0; i < N / 2; i++)
        for (let a = 0; a < 3; a++) {
          v[6 * i + a] = g[3 * i + a]
          v[6 * i + 3 + a] = -g[3 * i + a]
        }
      return v
    })
    const r = chaosDiagnostics(reps, d, MAXWELL_ENTROPY, KEY)
    expect(Math.abs(zOne(r))).toBeLessThan(4)
    expect(zTwo(r)).toBeGreaterThan(8)
  })
})

describe('chaosDiagnostics: reference samples, reproducibility, edge cases', () => {
  it('replica m is compared with samples [m·n, (m+1)·n) of its role key (particles equal to them give W2 = 0)', () => {
    const s = createDensitySampler(d)
    const n = 200
    const one = Array.from({ length: 3 }, (_, m) => s.sampleRange(m * n, n, roleKey(KEY, Role.W2_ONE)))
    const r1 = chaosDiagnostics(one, d, MAXWELL_ENTROPY, KEY)
    expect(r1.w2One).toBe(0)
    expect(r1.w2OneFloor).toBeGreaterThan(0.4) // the floor's samples are other, independent ones
    expect(r1.w2Two).toBeGreaterThan(0.5)
    const two = Array.from({ length: 3 }, (_, m) => s.sampleRange(2 * m * (n / 2), n, roleKey(KEY, Role.W2_TWO)))
    const r2 = chaosDiagnostics(two, d, MAXWELL_ENTROPY, KEY)
    expect(r2.w2Two).toBe(0)
    expect(r2.w2One).toBeGreaterThan(0.4)
  })

  it('CHAO is a purpose word of its own, and the four role keys differ', () => {
    const others = [...Object.values(Purpose), ...Object.values(SystemPurpose), SLICE_PURPOSE, DENSITY_SAMPLE_PURPOSE]
    // Every purpose word is distinct (a new stream's word must not repeat one) and none is CHAO.
    expect(new Set(others).size).toBe(others.length)
    expect(others.length).toBeGreaterThanOrEqual(9)
    expect(others).not.toContain(CHAOS_PURPOSE)
    const keys = Object.values(Role).map((role) => roleKey(KEY, role))
    expect(new Set(keys.map((k) => `${k.k0},${k.k1}`)).size).toBe(4)
  })

  it('same inputs and key: bit-identical output; another key: other reference samples', () => {
    const reps = iidReplicas(d, 3, 300, 12)
    const a = chaosDiagnostics(reps, d, MAXWELL_ENTROPY, KEY)
    const b = chaosDiagnostics(reps, d, MAXWELL_ENTROPY, { ...KEY })
    for (const k of Object.keys(a) as (keyof ChaosDiagnostics)[]) expect(Object.is(a[k], b[k])).toBe(true)
    const c = chaosDiagnostics(reps, d, MAXWELL_ENTROPY, { k0: 7, k1: 9 })
    expect(c.w2One).not.toBe(a.w2One)
    expect(c.weak1).toBe(a.weak1) // the weak functional and the entropy use no reference samples
    expect(c.entropyKnn).toBe(a.entropyKnn)
  })

  it('caps at nMax, pairs ⌊N/2⌋, one replica gives NaN SEs', () => {
    const r = chaosDiagnostics(iidReplicas(d, 2, 601, 13), d, NaN, KEY, { nMax: 100, floorPairs: 3 })
    expect([r.N, r.M, r.w2OneN, r.w2TwoN]).toEqual([601, 2, 100, 100])
    expect(r.entropyGap).toBeNaN()
    const s = chaosDiagnostics(iidReplicas(d, 1, 7, 14), d, MAXWELL_ENTROPY, KEY, { phi: { kind: 'cosine', k: [1, 0, 0] } })
    expect(s.w2TwoN).toBe(3)
    for (const k of ['w2OneSe', 'w2OneFloorSe', 'w2TwoSe', 'w2TwoFloorSe', 'weak1Se', 'weak2Se', 'entropyKnnSe', 'entropyGapSe'] as const)
      expect(s[k]).toBeNaN()
    for (const k of ['w2One', 'w2OneFloor', 'w2Two', 'w2TwoFloor', 'weak1', 'weak2', 'entropyKnn'] as const) expect(Number.isFinite(s[k])).toBe(true)
  })

  it('rejects malformed input', () => {
    const v = iidReplicas(d, 2, 10, 15)
    expect(() => chaosDiagnostics([], d, 0, KEY)).toThrow(RangeError)
    expect(() => chaosDiagnostics([v[0], v[1].subarray(0, 27)], d, 0, KEY)).toThrow(RangeError)
    expect(() => chaosDiagnostics([new Float64Array(4)], d, 0, KEY)).toThrow(RangeError)
    expect(() => chaosDiagnostics(v, d, 0, KEY, { nMax: 0 })).toThrow(RangeError)
    expect(() => chaosDiagnostics(v, d, 0, KEY, { floorPairs: 1.5 })).toThrow(RangeError)
    expect(() => chaosDiagnostics(v, d, 0, KEY, { phi: { kind: 'gaussian', center: [0, 0, 0], width: 0 } })).toThrow(RangeError)
    expect(() => chaosDiagnostics(v, d, 0, KEY, { phi: { kind: 'cosine', k: [0, NaN, 0] } })).toThrow(RangeError)
    expect(() => chaosDiagnostics(v, d, 0, KEY, { phi: { kind: 'code', src: 'x' } as never })).toThrow(RangeError)
  })
})
