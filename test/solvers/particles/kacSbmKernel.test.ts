// Oracles for Kac's sbm rounds in the WebAssembly kernel (kacSbmKernel.ts, kacKernel.wat $sbmPairs/$sbmApply,
// docs/NUMERICS.md §4.15) against their JavaScript reference (kacSbm.ts: sbmStep.ts on the same pairs and blocks):
//   (1) one round (every particle in at most one pair) agrees pair by pair up to round-off, at γ = −3, 0 and −2
//       and at time steps where the kernel leaves many pairs to the JavaScript sampler (τ ≥ 0.1) and where it
//       leaves none: the lineage counts are the same integers (a count off by one would move a pair by ≈ X/A,
//       10⁵ round-offs or more in these cases), X and the angle differ by the ulps of the kernel's log and sincos;
//   (2) a whole step stays within 1e-12 of the reference (no count differs along the N − 1 pairs of a particle);
//   (3) momentum and energy are kept to round-off, and a step cut into blocks of rounds gives the bits of the
//       whole step (steppers.ts runs it so);
//   (4) a random-pairing step (its matched pairs as one round, PAIR blocks) agrees with pairing.ts'
//       pairingSbmStep pair by pair as in (1).
import { describe, expect, it } from 'vitest'
import { createEnsemble } from '../../../src/solvers/particles/ensemble'
import { KacSbmScratch, kacSbmRounds } from '../../../src/solvers/particles/kacSbm'
import { kernelPairingSbmStep, kernelSbmRounds } from '../../../src/solvers/particles/kacSbmKernel'
import { pairingSbmStep, pairingWeight } from '../../../src/solvers/particles/pairing'
import { roundCount } from '../../../src/solvers/particles/roundRobin'
import { AncestralScratch } from '../../../src/solvers/particles/sbmStep'

/** The spacing of doubles at |x|. */
function ulp(x: number): number {
  const a = Math.abs(x)
  return a === 0 ? 2 ** -1074 : 2 ** (Math.max(Math.floor(Math.log2(a)), -1022) - 52)
}

const cases = [
  { N: 400, dt: 0.01, gamma: -3 }, // Kac's usual τ ≈ 1e-5: the kernel decides (almost) every pair
  { N: 400, dt: 5, gamma: -3 }, // τ ≈ 0.1 … 10: many pairs left to JavaScript
  { N: 401, dt: 0.02, gamma: 0 }, // one τ = 4e-4 for every pair, odd N
  { N: 64, dt: 0.3, gamma: -2 }, // |z|^γ by the kernel's exp(γ log r)
]

describe('Kac sbm rounds: kernel against the JavaScript reference', () => {
  it.each(cases)('one round pair by pair: N = $N, Δt = $dt, γ = $gamma', ({ N, dt, gamma }) => {
    const ens = createEnsemble({ family: 'maxwellian' }, N, 1, 11, 0)
    const v0 = ens.v[0]
    const kappa2 = (8 * dt) / N
    let listed = 0
    for (const round of [0, 1, Math.floor(roundCount(N) / 2)]) {
      const a = v0.slice()
      const b = v0.slice()
      kacSbmRounds(a, N, round, round + 1, kappa2, gamma, ens.keys[0], ens.keys[1], 5, new KacSbmScratch(N))
      listed += kernelSbmRounds(b, N, round, round + 1, kappa2, gamma, ens.keys[0], ens.keys[1], 5, new AncestralScratch())
      let vmax = 0
      for (const x of v0) vmax = Math.max(vmax, Math.abs(x))
      let moved = 0
      for (let p = 0; p < N; p++) {
        for (let c = 0; c < 3; c++) {
          const at = 3 * p + c
          if (a[at] !== v0[at]) moved++
          // the move's size is ≤ |z| ≤ 2 max|V|: ten round-offs of it and of V
          expect(Math.abs(a[at] - b[at]), `particle ${p}, component ${c}`).toBeLessThanOrEqual(10 * (2 ** -52 * 2 * vmax + ulp(vmax)))
        }
      }
      expect(moved).toBeGreaterThan(0.9 * 3 * 2 * Math.floor(N / 2))
    }
    // Δt = 5: the pairs with τ ≥ 0.1 (62 of 600 here) go through the JavaScript sampler, so that path is exercised
    if (dt === 5) expect(listed).toBeGreaterThan(30)
  })

  it.each(cases)('a whole step stays within 1e-12 and keeps momentum and energy: N = $N, Δt = $dt, γ = $gamma', ({ N, dt, gamma }) => {
    const ens = createEnsemble({ family: 'maxwellian' }, N, 1, 12, 0)
    const v0 = ens.v[0]
    const kappa2 = (8 * dt) / N
    const R = roundCount(N)
    const a = v0.slice()
    const b = v0.slice()
    kacSbmRounds(a, N, 0, R, kappa2, gamma, ens.keys[0], ens.keys[1], 2, new KacSbmScratch(N))
    kernelSbmRounds(b, N, 0, R, kappa2, gamma, ens.keys[0], ens.keys[1], 2, new AncestralScratch())
    let diff = 0
    for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i] - b[i]))
    expect(diff).toBeLessThan(1e-12)
    // momentum to round-off of N velocities of size ~3, energy (3N) likewise
    for (let c = 0; c < 3; c++) {
      let s = 0
      let s0 = 0
      for (let p = 0; p < N; p++) {
        s += b[3 * p + c]
        s0 += v0[3 * p + c]
      }
      expect(Math.abs(s - s0)).toBeLessThan(1e-11)
    }
    let e = 0
    let e0 = 0
    for (let i = 0; i < b.length; i++) {
      e += b[i] * b[i]
      e0 += v0[i] * v0[i]
    }
    expect(Math.abs(e - e0) / e0).toBeLessThan(1e-13)
    // the same step in two blocks of rounds: the same bits
    const c2 = v0.slice()
    const cut = Math.floor(R / 3)
    const scratch = new AncestralScratch()
    kernelSbmRounds(c2, N, 0, cut, kappa2, gamma, ens.keys[0], ens.keys[1], 2, scratch)
    kernelSbmRounds(c2, N, cut, R, kappa2, gamma, ens.keys[0], ens.keys[1], 2, scratch)
    expect(Buffer.from(c2.buffer).equals(Buffer.from(b.buffer))).toBe(true)
  })
})

describe('pairing sbm step: kernel against the JavaScript reference', () => {
  const pairingCases = [
    { N: 2000, dt: 0.01, gamma: -3 }, // τ ≈ 0.08/|z|³: ≈ 7 % of the pairs left to JavaScript
    { N: 1001, dt: 0.1, gamma: 0 }, // one τ = 0.8 for every pair (all listed), odd N
    { N: 2000, dt: 0.001, gamma: -2 },
  ]
  it.each(pairingCases)('one step pair by pair: N = $N, Δt = $dt, γ = $gamma', ({ N, dt, gamma }) => {
    const ens = createEnsemble({ family: 'maxwellian' }, N, 1, 13, 0)
    const v0 = ens.v[0]
    const kappa2 = (8 * pairingWeight(N) * dt) / N
    let vmax = 0
    for (const x of v0) vmax = Math.max(vmax, Math.abs(x))
    for (const step of [0, 7]) {
      const a = v0.slice()
      const b = v0.slice()
      const perm = new Uint32Array(N)
      pairingSbmStep(a, N, kappa2, gamma, ens.keys[0], ens.keys[1], step, perm, new Uint32Array(4), new AncestralScratch())
      const listed = kernelPairingSbmStep(b, N, kappa2, gamma, ens.keys[0], ens.keys[1], step, perm, new Uint32Array(4), new AncestralScratch())
      if (gamma === -3) expect(listed).toBeGreaterThan(20)
      let moved = 0
      for (let at = 0; at < 3 * N; at++) {
        if (a[at] !== v0[at]) moved++
        expect(Math.abs(a[at] - b[at]), `entry ${at}`).toBeLessThanOrEqual(10 * (2 ** -52 * 2 * vmax + ulp(vmax)))
      }
      expect(moved).toBeGreaterThan(0.9 * 3 * 2 * Math.floor(N / 2))
    }
  })
})
