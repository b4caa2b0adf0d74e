// Oracle: relaxation of the anisotropy for Maxwell molecules (γ = 0), docs/MATH.md §3, for the RAW
// (uncentred) empirical second moments M = (1/N) Σ_i V^i⊗V^i of Kac's system with i.i.d. data.
//
// Derivation. For the pair (i, j), z = V^i − V^j, (1.6) moves V^i by (2/N) b(z)dt + √(2/N) σ(z)dB and
// V^j by the opposite, so by Itô, with a = σσᵀ,
//   d(V^i⊗V^i + V^j⊗V^j) = [(2/N)(b⊗z + z⊗b) + (4/N) a(z)] dt + martingale.
// For γ = 0, b = −2z and a = |z|²I − z⊗z, so the drift is (4/N)(|z|²I − 3 z⊗z). With S = Σ V^i⊗V^i and
// P = Σ V^i: Σ_{i<j} z⊗z = N S − P⊗P and Σ_{i<j} |z|² = N tr S − |P|², hence, for M = S/N,
//   dM/dt = 4 tr(M) I − 12 M + (4/N²)(3 P⊗P − |P|² I)   (in expectation; P is conserved pathwise).
// So D = M_xx − M_zz solves dD/dt = −12 D + (12/N²)(P_x² − P_z²), D(t) = D₀e^{−12t} + (P_x² − P_z²)/N² ·
// (1 − e^{−12t}) in expectation given the data. For i.i.d. data with temperatures T, E D₀ = Tx − Tz and
// E P_x² = N Tx, so
//   E[Txx − Tzz](t) = (Tx − Tz) [e^{−12t} + (1 − e^{−12t})/N].
// The centred covariance C = M − p⊗p (p = P/N) satisfies dC/dt = 4 tr(C) I − 12 C exactly, and
// E C₀ = (1 − 1/N) T, so E[Cxx − Czz](t) = (Tx − Tz)(1 − 1/N) e^{−12t}.
//
// Discretisation. The scheme (rotation step, Lie splitting over round-robin rounds) has an O(Δt) bias.
// For γ = 0 it is computed exactly, not estimated: every pair step maps the second-moment matrix
// G = E[V Vᵀ] ∈ R^{3N×3N} linearly (E[z'|z] = p z, E[z'⊗z'|z] = (1−q) z⊗z + (q/2)(|z|²I − z⊗z), with
// p = E(1+κ²X)^{-1/2}, q = E κ²X/(1+κ²X), X ~ χ²₂), so discreteExpectation() below propagates G through
// the same rounds. Measured bias of E[Txx − Tzz] at t = 0.1 (N = 16): 4.1e-3 at Δt = 0.01, 2.1e-3 at
// 0.005, 1.05e-3 at 0.0025 — first order in Δt (and ∝ 1/N: halved at N = 32). At Δt = 0.0025 it is
// ≤ 0.2 standard errors at every checked time (asserted below), so the 4-SE band is statistical.
//
// Conditional form. Given the data, E[D(t) | V(0)] = D₀e^{−12t} + (p_x² − p_z²)(1 − e^{−12t}) with p = P/N,
// so the per-replica residual D(t) − that prediction has mean 0 (up to the same O(Δt) bias). It removes
// the initial-data part of the variance and so tests the rate itself more sharply.
//
// Tolerance: |replica mean − exact| ≤ 4 SE, SE = sample SD over R replicas / √R; four times, three
// statistics: chance failure < 12 · 6.3e-5 < 1e-3 (and the seed is fixed). Power: the same bands must
// exclude the wrong rate e^{−10t} and the formula without the 1/N term. R = 5000 puts each excluded
// alternative ≥ 8 SE away in expectation (measured on other seeds), so the exclusions are not luck.
import { beforeAll, describe, expect, it } from 'vitest'
import { createKacEnsemble, kacStep } from '../../../src/solvers/particles/kac'
import { roundCount, roundPairs } from '../../../src/solvers/particles/roundRobin'
import { kickScale } from '../../../src/solvers/particles/rotationStep'
import { rotationMoments as pq } from './rotationMoments'

const N = 16
const R = 5000
const DT = 0.0025
const T: [number, number, number] = [1.5, 1, 0.5] // already normalised: sum 3
const CHECK_STEPS = [20, 40, 80, 120] // t = 0.05, 0.1, 0.2, 0.3

const exactRaw = (t: number, rate = 12, withOneOverN = true) => (T[0] - T[2]) * (Math.exp(-rate * t) + (withOneOverN ? (1 - Math.exp(-rate * t)) / N : 0))
const exactCentred = (t: number) => (T[0] - T[2]) * (1 - 1 / N) * Math.exp(-12 * t)

/**
 * Exact expectation of the scheme's (raw, centred) anisotropy at the given steps, γ = 0: propagates
 * G = E[V Vᵀ] through every pair step. With A = e_i − e_j (3N×3 block), z = AᵀV, Z = AᵀGA, the update
 * V += A d/2, d = z' − z, gives G ← G + ((p−1)/2)(A AᵀG + G A Aᵀ) + ¼ A[(2 − 2p − 3q/2) Z + (q/2) tr Z I]Aᵀ.
 */
function discreteExpectation(steps: number[]): { raw: number; centred: number }[] {
  const n = 3 * N
  const G = new Float64Array(n * n)
  for (let i = 0; i < N; i++) for (let a = 0; a < 3; a++) G[(3 * i + a) * n + 3 * i + a] = T[a]
  const [p, q] = pq(kickScale(N, DT) ** 2)
  const h = (p - 1) / 2
  const zz = 0.25 * (2 - 2 * p - 1.5 * q)
  const id = 0.25 * (q / 2)
  const rowDiff = new Float64Array(3 * n)
  const pairs = new Uint32Array(N)
  const out: { raw: number; centred: number }[] = []
  const measure = () => {
    let raw = 0
    let mx = 0
    let mz = 0
    for (let i = 0; i < N; i++) {
      raw += (G[3 * i * n + 3 * i] - G[(3 * i + 2) * n + 3 * i + 2]) / N
      for (let j = 0; j < N; j++) {
        mx += G[3 * i * n + 3 * j] / (N * N)
        mz += G[(3 * i + 2) * n + 3 * j + 2] / (N * N)
      }
    }
    out.push({ raw, centred: raw - (mx - mz) })
  }
  const last = Math.max(...steps)
  for (let s = 0; s <= last; s++) {
    if (steps.includes(s)) measure()
    if (s === last) break
    for (let r = 0; r < roundCount(N); r++) {
      const count = roundPairs(N, r, pairs)
      for (let c = 0; c < count; c++) {
        const i = pairs[2 * c]
        const j = pairs[2 * c + 1]
        for (let a = 0; a < 3; a++) for (let m = 0; m < n; m++) rowDiff[a * n + m] = G[(3 * i + a) * n + m] - G[(3 * j + a) * n + m]
        const Z: number[] = []
        for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) Z.push(rowDiff[a * n + 3 * i + b] - rowDiff[a * n + 3 * j + b])
        const trZ = Z[0] + Z[4] + Z[8]
        for (let a = 0; a < 3; a++) {
          for (let m = 0; m < n; m++) {
            const x = h * rowDiff[a * n + m]
            G[(3 * i + a) * n + m] += x
            G[(3 * j + a) * n + m] -= x
            G[m * n + 3 * i + a] += x
            G[m * n + 3 * j + a] -= x
          }
        }
        for (let a = 0; a < 3; a++) {
          for (let b = 0; b < 3; b++) {
            const w = zz * Z[3 * a + b] + (a === b ? id * trZ : 0)
            G[(3 * i + a) * n + 3 * i + b] += w
            G[(3 * i + a) * n + 3 * j + b] -= w
            G[(3 * j + a) * n + 3 * i + b] -= w
            G[(3 * j + a) * n + 3 * j + b] += w
          }
        }
      }
    }
  }
  return out
}

describe('γ = 0, bi-Maxwellian: E[Txx − Tzz] = (Tx − Tz)[e^{−12t} + (1 − e^{−12t})/N]', () => {
  type Stats = { mean: number; se: number }
  let rawStats: Stats[] = []
  let centredStats: Stats[] = []
  let residualStats: Stats[] = [] // D(t) − E[D(t) | V(0)] at rate 12
  let residual10Stats: Stats[] = [] // the same with the wrong rate 10
  let discrete: { raw: number; centred: number }[] = []

  beforeAll(() => {
    // Monte Carlo: R independent replicas, per-replica raw and centred anisotropy at the checked steps.
    const ens = createKacEnsemble({ family: 'bimaxwellian', T }, N, R, 2025, 0)
    const kappa = kickScale(N, DT)
    const raw = CHECK_STEPS.map(() => new Float64Array(R))
    const centred = CHECK_STEPS.map(() => new Float64Array(R))
    const residual = CHECK_STEPS.map(() => new Float64Array(R))
    const residual10 = CHECK_STEPS.map(() => new Float64Array(R))
    const prediction = (d0: number, dp: number, t: number, rate: number) => d0 * Math.exp(-rate * t) + dp * (1 - Math.exp(-rate * t))
    for (let m = 0; m < R; m++) {
      const v = ens.v[m]
      let d0 = 0
      let px0 = 0
      let pz0 = 0
      for (let i = 0; i < N; i++) {
        d0 += (v[3 * i] ** 2 - v[3 * i + 2] ** 2) / N
        px0 += v[3 * i] / N
        pz0 += v[3 * i + 2] / N
      }
      const dp = px0 * px0 - pz0 * pz0
      for (let s = 0, c = 0; c < CHECK_STEPS.length; s++) {
        kacStep(v, N, kappa, 0, ens.keys[2 * m], ens.keys[2 * m + 1], s)
        if (s + 1 !== CHECK_STEPS[c]) continue
        let xx = 0
        let zz = 0
        let px = 0
        let pz = 0
        for (let i = 0; i < N; i++) {
          xx += v[3 * i] ** 2 / N
          zz += v[3 * i + 2] ** 2 / N
          px += v[3 * i] / N
          pz += v[3 * i + 2] / N
        }
        raw[c][m] = xx - zz
        centred[c][m] = xx - px * px - (zz - pz * pz)
        residual[c][m] = xx - zz - prediction(d0, dp, (s + 1) * DT, 12)
        residual10[c][m] = xx - zz - prediction(d0, dp, (s + 1) * DT, 10)
        c++
      }
    }
    const stats = (x: Float64Array): Stats => {
      const mean = x.reduce((a, b) => a + b, 0) / R
      const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (R - 1))
      return { mean, se: sd / Math.sqrt(R) }
    }
    rawStats = raw.map(stats)
    centredStats = centred.map(stats)
    residualStats = residual.map(stats)
    residual10Stats = residual10.map(stats)
    discrete = discreteExpectation(CHECK_STEPS)
    if (process.env.LANDAU_VERBOSE) {
      CHECK_STEPS.forEach((st, c) => {
        const t = st * DT
        console.log(
          t,
          rawStats[c],
          exactRaw(t),
          (rawStats[c].mean - exactRaw(t)) / rawStats[c].se,
          'bias/se',
          (discrete[c].raw - exactRaw(t)) / rawStats[c].se,
          'rate10 z',
          (rawStats[c].mean - exactRaw(t, 10)) / rawStats[c].se,
          'no1/N z',
          (rawStats[c].mean - exactRaw(t, 12, false)) / rawStats[c].se,
          'centred z',
          (centredStats[c].mean - exactCentred(t)) / centredStats[c].se,
          'cbias/se',
          (discrete[c].centred - exactCentred(t)) / centredStats[c].se,
          'resid z',
          residualStats[c].mean / residualStats[c].se,
          'resid10 z',
          residual10Stats[c].mean / residualStats[c].se,
        )
      })
    }
  })

  it.each(CHECK_STEPS.map((s, c) => [s * DT, c]))('t = %f: replica mean within 4 SE of the exact value', (t, c) => {
    const { mean, se } = rawStats[c]
    expect(Math.abs(mean - exactRaw(t)), `mean ${mean} exact ${exactRaw(t)} se ${se}`).toBeLessThan(4 * se)
    const cs = centredStats[c]
    expect(Math.abs(cs.mean - exactCentred(t)), `centred ${cs.mean} exact ${exactCentred(t)}`).toBeLessThan(4 * cs.se)
    const rs = residualStats[c]
    expect(Math.abs(rs.mean), `conditional residual ${rs.mean} se ${rs.se}`).toBeLessThan(4 * rs.se)
  })

  it('has a time-step bias (computed exactly) below 0.25 SE at Δt = 0.0025', () => {
    CHECK_STEPS.forEach((s, c) => {
      const t = s * DT
      expect(Math.abs(discrete[c].raw - exactRaw(t))).toBeLessThan(0.25 * rawStats[c].se)
      expect(Math.abs(discrete[c].centred - exactCentred(t))).toBeLessThan(0.25 * centredStats[c].se)
      // The discrete expectation is itself an oracle for the Monte Carlo mean (no bias at all).
      expect(Math.abs(rawStats[c].mean - discrete[c].raw)).toBeLessThan(4 * rawStats[c].se)
    })
  })

  it('has power: rejects the rate 10 and the formula without the 1/N term', () => {
    const t = (c: number) => CHECK_STEPS[c] * DT
    // e^{−10t}, unconditional band at t = 0.1 (near where e^{−10t} − e^{−12t} peaks, t = ln(6/5)/2).
    expect(Math.abs(rawStats[1].mean - exactRaw(t(1), 10))).toBeGreaterThan(4 * rawStats[1].se)
    // e^{−10t}, conditional band at t = 0.05 and 0.1 (the residual at the wrong rate is off 0).
    for (const c of [0, 1]) expect(Math.abs(residual10Stats[c].mean)).toBeGreaterThan(4 * residualStats[c].se)
    // Without (1 − e^{−12t})/N: rejected at t = 0.2 and 0.3, where that term dominates.
    for (const c of [2, 3]) {
      expect(Math.abs(rawStats[c].mean - exactRaw(t(c), 12, false))).toBeGreaterThan(4 * rawStats[c].se)
    }
  })
})
