// Oracles: (1) pathwise conservation of momentum and energy by Kac's system with the rotation step
// (docs/MATH.md §2: each pair step keeps the pair's centre of mass and |z|); (2) the design requirement of
// docs/NUMERICS.md §1 — every random number is a pure function of what it is for, so results are
// bit-identical under any order of the pairs inside a round and whatever the number of replicas run.
import { describe, expect, it } from 'vitest'
import { createKacEnsemble, kacRound, kacStep } from '../../../src/solvers/particles/kac'
import { roundCount, roundPairs } from '../../../src/solvers/particles/roundRobin'
import { kickScale } from '../../../src/solvers/particles/rotationStep'
import { energyAndMomentum } from './particleSums'

describe('Kac system, rotation step: conservation', () => {
  it.each([-3, 0])('γ = %d: momentum and energy conserved to ≤ 1e-12 relative over 1000 steps', (gamma) => {
    const N = 32
    const dt = 0.01 // large kicks on purpose: conservation must not depend on Δt being small
    const ens = createKacEnsemble({ family: 'bimaxwellian', T: [1.5, 1, 0.5] }, N, 1, 7, 0)
    const v = ens.v[0]
    const before = energyAndMomentum(v, N)
    const kappa = kickScale(N, dt)
    for (let s = 0; s < 1000; s++) kacStep(v, N, kappa, gamma, ens.keys[0], ens.keys[1], s)
    const after = energyAndMomentum(v, N)
    // Each pair update rounds V^i ± (z'−z)/2 to 1 ulp of |V|; 5e5 updates of unbiased round-off
    // accumulate to ~√(5e5)·1e-16 ≈ 1e-13 relative, so 1e-12 leaves an order of magnitude.
    expect(Math.abs(after.e - before.e) / before.e).toBeLessThan(1e-12)
    // Momentum is ~1/√N of the velocities and could be 0, so it is measured against the r.m.s.
    // speed √energy: that is the scale of the round-off in V^i ± (z'−z)/2, and a relative error on
    // momentum itself would be meaningless for P ≈ 0.
    const dp = Math.hypot(after.p[0] - before.p[0], after.p[1] - before.p[1], after.p[2] - before.p[2])
    expect(dp / Math.sqrt(before.e)).toBeLessThan(1e-12)
    // The dynamics did move the particles (a no-op step would pass the checks above trivially):
    // for γ = 0 the anisotropy Txx − Tzz ≈ 1 has relaxed to O(1/√N) after t = 10.
    let txx = 0
    let tzz = 0
    for (let i = 0; i < N; i++) {
      txx += v[3 * i] ** 2 / N
      tzz += v[3 * i + 2] ** 2 / N
    }
    if (gamma === 0) expect(Math.abs(txx - tzz)).toBeLessThan(0.8)
    expect(v.every(Number.isFinite)).toBe(true)
  })
})

function bits(x: Float64Array): bigint[] {
  return Array.from(new BigUint64Array(x.buffer, x.byteOffset, x.length))
}

describe('Kac system: reproducibility by construction', () => {
  it('gives bit-identical results under any order of the pairs within a round', () => {
    const N = 25 // odd: the ghost particle's idle slot is exercised too
    const ens1 = createKacEnsemble({ family: 'maxwellian' }, N, 1, 11, 3)
    const ens2 = createKacEnsemble({ family: 'maxwellian' }, N, 1, 11, 3)
    const [k0, k1] = [ens1.keys[0], ens1.keys[1]]
    const kappa = kickScale(N, 0.01)
    const pairs = new Uint32Array(N)
    const shuffled = new Uint32Array(N)
    for (let s = 0; s < 20; s++) {
      kacStep(ens1.v[0], N, kappa, -3, k0, k1, s)
      for (let r = 0; r < roundCount(N); r++) {
        const count = roundPairs(N, r, pairs)
        // A "thread layout": reversed order, as if the round were split over workers from the end.
        for (let k = 0; k < count; k++) {
          shuffled[2 * k] = pairs[2 * (count - 1 - k)]
          shuffled[2 * k + 1] = pairs[2 * (count - 1 - k) + 1]
        }
        kacRound(ens2.v[0], shuffled, count, kappa, -3, k0, k1, s)
      }
    }
    expect(bits(ens2.v[0])).toEqual(bits(ens1.v[0]))
  })

  it('gives replica k the same trajectory whether 2 or 4 replicas run', () => {
    const N = 12
    const four = createKacEnsemble({ family: 'bimaxwellian', T: [2, 1, 1] }, N, 4, 99, 1)
    const two = createKacEnsemble({ family: 'bimaxwellian', T: [2, 1, 1] }, N, 2, 99, 1)
    const kappa = kickScale(N, 0.02)
    for (let s = 0; s < 50; s++) {
      for (const ens of [four, two]) {
        for (let m = 0; m < ens.replicas; m++) kacStep(ens.v[m], N, kappa, -3, ens.keys[2 * m], ens.keys[2 * m + 1], s)
      }
    }
    expect(bits(two.v[0])).toEqual(bits(four.v[0]))
    expect(bits(two.v[1])).toEqual(bits(four.v[1]))
    expect(bits(four.v[2])).not.toEqual(bits(four.v[0]))
  })
})
