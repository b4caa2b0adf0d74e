// Oracle: the one-step law of every Euler–Maruyama integrator at a fixed configuration V (any γ; γ = −1 here,
// so that |z|^γ is exercised off the special cases −3 and 0), from the definitions of docs/MATH.md §2:
//   kac/euler, fgm/euler, fournier/euler: E[ΔV^i] = (2/N)Σ_j b(z_ij)Δt, Cov(ΔV^i) = (2Δt/N)Σ_j a(z_ij) —
//     the three share the law of each particle's increment; they differ in the cross-covariance:
//     Cov(ΔV^i, ΔV^k) = −(2Δt/N) a(z_ik) for Kac (ξ_ki = −ξ_ik), 0 for FGM (ξ_ik, ξ_ki independent) and for
//     Fournier (one ξ_i per particle) — so FGM's and Fournier's Euler steps have exactly the same law;
//   pairing/euler: ΔV^i = Σ_j 1[i~j] d_ij, d_ij = μ_ij + √(2ωΔt/N)σ(z_ij)ξ, μ_ij = (2ω/N) b(z_ij)Δt, and
//     P(i~j) = 1/ω (pairing.ts), so E[ΔV^i] = (2/N)Σ_j b(z_ij)Δt EXACTLY — the check that ω is the right
//     weight, for even and odd N —, E[ΔV^iΔV^iᵀ] = (1/ω)Σ_j[μ_ij μ_ijᵀ + (2ωΔt/N) a(z_ij)],
//     E[ΔV^iΔV^kᵀ] = −(1/ω)[μ_ik μ_ikᵀ + (2ωΔt/N) a(z_ik)] + Σ_{j,l} P(i~j, k~l) μ_ij μ_klᵀ over distinct
//     i, j, k, l, with P(i~j, k~l) = 1/(ω ω(N−2)) (the rest is again a uniform matching of N − 2 particles).
// 100 000 independent steps (step counters 0 … 1e5−1) from the same V; every mean and (co)variance entry
// within 4.5 standard errors (SE of a covariance: of its summand (x − x̄)(y − ȳ)); with ~10³ entries checked,
// a chance failure has probability < 10³ · 6.8e-6 < 1e-2, and the seeds are fixed. Power: an error of 10 %
// in a noise amplitude shifts a variance by 21 %, ≥ 20 SE at this sample size; a weight ω off by one at N = 5
// shifts the pairing mean drift by 20 %, ≥ 8 SE.
// Also: the pivoted Cholesky of psdFactor.ts reproduces A (full rank, rank 2 as for N = 2, rank 1, 0).
import { describe, expect, it } from 'vitest'
import { kernelA, kernelB } from '../../../src/solvers/particles/kernel'
import { pairingWeight } from '../../../src/solvers/particles/pairing'
import { psdFactorTimes } from '../../../src/solvers/particles/psdFactor'
import { runSpecOf, type System } from './systemRunner'
import { createStepper } from '../../../src/solvers/particles/steppers'
import type { Ensemble } from '../../../src/solvers/particles/ensemble'

const GAMMA = -1
const DT = 0.02
const DRAWS = 100_000
const K = 4.5

function configuration(N: number): Float64Array {
  const v = new Float64Array(3 * N)
  for (let k = 0; k < 3 * N; k++) v[k] = Math.sin(1.7 * k + 0.3) * (1 + (k % 3) * 0.4) // fixed, generic
  return v
}

/** Exact mean of ΔV^i and covariance blocks Cov(ΔV^i, ΔV^k) (row-major 3×3) for the system. */
function exactLaw(system: System, v: Float64Array, N: number): { mean: number[][]; cov: (i: number, k: number) => number[] } {
  const a = new Float64Array(9)
  const b = new Float64Array(3)
  const pairA = (i: number, j: number) => {
    kernelA(v[3 * i] - v[3 * j], v[3 * i + 1] - v[3 * j + 1], v[3 * i + 2] - v[3 * j + 2], GAMMA, a)
    return Array.from(a)
  }
  const pairB = (i: number, j: number) => {
    kernelB(v[3 * i] - v[3 * j], v[3 * i + 1] - v[3 * j + 1], v[3 * i + 2] - v[3 * j + 2], GAMMA, b)
    return Array.from(b)
  }
  const mean = Array.from({ length: N }, (_, i) => {
    const m = [0, 0, 0]
    for (let j = 0; j < N; j++) if (j !== i) pairB(i, j).forEach((x, c) => (m[c] += ((2 * DT) / N) * x))
    return m
  })
  const pairing = system === 'pairing/euler'
  const omega = pairingWeight(N)
  const second = (i: number, j: number) => {
    // E[d_ij d_ijᵀ] for pairing (conditional on the match), or the noise covariance of the pair otherwise.
    const A = pairA(i, j)
    if (!pairing) return A.map((x) => ((2 * DT) / N) * x)
    const mu = pairB(i, j).map((x) => ((2 * omega) / N) * x * DT)
    return A.map((x, e) => ((2 * omega * DT) / N) * x + mu[Math.floor(e / 3)] * mu[e % 3])
  }
  const cov = (i: number, k: number) => {
    const out = new Array(9).fill(0)
    if (i === k) {
      for (let j = 0; j < N; j++) if (j !== i) second(i, j).forEach((x, e) => (out[e] += pairing ? x / omega : x))
    } else if (system === 'kac/euler' || pairing) {
      second(i, k).forEach((x, e) => (out[e] -= pairing ? x / omega : x))
    }
    if (pairing && i !== k) {
      const p2 = 1 / (omega * pairingWeight(N - 2))
      for (let j = 0; j < N; j++) {
        if (j === i || j === k) continue
        const mij = pairB(i, j).map((x) => ((2 * omega) / N) * x * DT)
        for (let l = 0; l < N; l++) {
          if (l === i || l === j || l === k) continue
          const mkl = pairB(k, l).map((x) => ((2 * omega) / N) * x * DT)
          for (let e = 0; e < 9; e++) out[e] += p2 * mij[Math.floor(e / 3)] * mkl[e % 3]
        }
      }
    }
    if (pairing) for (let e = 0; e < 9; e++) out[e] -= mean[i][Math.floor(e / 3)] * mean[k][e % 3]
    return out
  }
  return { mean, cov }
}

function checkOneStepLaw(system: System, N: number): void {
  const v0 = configuration(N)
  const spec = runSpecOf({ system, N, replicas: 1, dt: DT, gamma: GAMMA, initial: { family: 'maxwellian' } })
  const ens: Ensemble = { N, replicas: 1, v: [new Float64Array(3 * N)], keys: new Uint32Array([0x5eed, 0xc0de]) }
  const stepper = createStepper(spec, ens)
  const d = Array.from({ length: 3 * N }, () => new Float64Array(DRAWS))
  for (let s = 0; s < DRAWS; s++) {
    ens.v[0].set(v0)
    for (let p = 0; p < stepper.parts; p++) stepper.run(0, s, p)
    for (let k = 0; k < 3 * N; k++) d[k][s] = ens.v[0][k] - v0[k]
  }
  const m = d.map((x) => x.reduce((s, y) => s + y, 0) / DRAWS)
  const { mean, cov } = exactLaw(system, v0, N)
  const fails: string[] = []
  for (let i = 0; i < N; i++) {
    for (let c = 0; c < 3; c++) {
      const k = 3 * i + c
      const sd = Math.sqrt(d[k].reduce((s, y) => s + (y - m[k]) ** 2, 0) / (DRAWS - 1))
      if (Math.abs(m[k] - mean[i][c]) > (K * sd) / Math.sqrt(DRAWS)) fails.push(`mean ${i}.${c}: ${m[k]} vs ${mean[i][c]}`)
    }
    for (const k of [i, (i + 1) % N]) {
      const want = cov(i, k)
      for (let a = 0; a < 3; a++) {
        for (let b = 0; b < 3; b++) {
          const x = d[3 * i + a]
          const y = d[3 * k + b]
          let s1 = 0
          let s2 = 0
          for (let s = 0; s < DRAWS; s++) {
            const p = (x[s] - m[3 * i + a]) * (y[s] - m[3 * k + b])
            s1 += p
            s2 += p * p
          }
          const got = s1 / (DRAWS - 1)
          const se = Math.sqrt((s2 / DRAWS - (s1 / DRAWS) ** 2) / DRAWS)
          if (Math.abs(got - want[3 * a + b]) > K * se + 1e-15) fails.push(`cov(${i},${k})[${a}${b}]: ${got} vs ${want[3 * a + b]} ± ${se}`)
        }
      }
    }
  }
  expect(fails).toEqual([])
}

describe('Euler–Maruyama integrators: the one-step law at a fixed configuration', () => {
  it.each([
    ['kac/euler', 5],
    ['fgm/euler', 5],
    ['fournier/euler', 5],
    ['fournier/euler', 2], // A = (2/N) a(z) has rank 2: the PSD-singular branch of the factorisation
    ['pairing/euler', 5], // odd: ω = N, a particle idles with probability 1/N
    ['pairing/euler', 6], // even: ω = N − 1
  ] as [System, number][])('%s, N = %i', (system, N) => checkOneStepLaw(system, N))
})

describe('PSD factor (pivoted Cholesky)', () => {
  it('B Bᵀ = A for full-rank, rank-2, rank-1 and zero A', () => {
    const a = new Float64Array(9)
    const full = [0, 0, 0, 0, 0, 0]
    for (const z of [
      [0.3, -1.2, 0.5],
      [2, 0.1, -0.4],
      [-0.7, 0.8, 1.1],
    ]) {
      kernelA(z[0], z[1], z[2], -3, a)
      ;[a[0], a[1], a[2], a[4], a[5], a[8]].forEach((x, e) => (full[e] += x))
    }
    kernelA(1e-9, 1, -2e-9, 0, a) // rank 2, z almost along e_y: tiny pivots must not blow up
    const rank2 = [a[0], a[1], a[2], a[4], a[5], a[8]]
    const rank1 = [4, 2, -6, 1, -3, 9] // (2, 1, −3)(2, 1, −3)ᵀ
    for (const A6 of [full, rank2, rank1, [0, 0, 0, 0, 0, 0]]) {
      const B: number[][] = []
      const out = new Float64Array(3)
      const s = new Float64Array(9)
      for (let c = 0; c < 3; c++) {
        psdFactorTimes(Float64Array.from(A6), 0, c === 0 ? 1 : 0, c === 1 ? 1 : 0, c === 2 ? 1 : 0, s, out)
        B.push(Array.from(out)) // column c of B
      }
      const A = [
        [A6[0], A6[1], A6[2]],
        [A6[1], A6[3], A6[4]],
        [A6[2], A6[4], A6[5]],
      ]
      const tr = A6[0] + A6[3] + A6[5]
      for (let p = 0; p < 3; p++) {
        for (let q = 0; q < 3; q++) {
          const bbT = B[0][p] * B[0][q] + B[1][p] * B[1][q] + B[2][p] * B[2][q]
          // Round-off of a 3×3 factorisation, plus the documented 2·1e-13·tr for a dropped pivot.
          expect(Math.abs(bbT - A[p][q])).toBeLessThanOrEqual(1e-12 * tr)
        }
      }
    }
  })
})
