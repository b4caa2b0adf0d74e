// Oracles: (1) pathwise conservation — the pairing system with the rotation step conserves momentum and
// energy to round-off (each matched pair keeps its centre of mass and |z|, docs/MATH.md §2), like Kac's rotation
// step (test/solvers/particles/kac.test.ts); the Euler integrators of Kac and of the pairing system move the two
// particles of a pair by ±d, so they conserve momentum to round-off (but not energy).
// (2) The Euler–Maruyama energy drift, γ = 0, exactly in expectation. For all-pairs Euler (kac, fgm,
// fournier) Σ_i [2V^i·drift_i + tr Cov_i] = 0 (the continuous generator conserves energy), so with
// e = (1/N)Σ|V^i|² and p the mean velocity, E[e' | V] = e + Δt²(1/N)Σ_i|drift_i|² = e + 16Δt²(e − |p|²) for
// γ = 0; the momentum diffuses for FGM/Fournier, E[|p'|²] = |p|² + (8Δt/N)(e − |p|²), and is fixed for Kac.
// For the pairing Euler step a matched pair has z' = (1−β)z + √β|z|g (β = 8ωΔt/N, g ⊥ z), so
// E|z'|² = (1 + β²)|z|² and E[e' | V] = e + (32ωΔt²/N)(e − |p|²). These recursions give E[e_n | V(0)].
// Two regimes, and the test tells them apart. FGM and Fournier: particle i's noise is not orthogonal to V^i,
// so the energy is a martingale to first order, moving by O(√Δt) per step; its O(Δt) systematic gain is a
// small part, so at a Δt where every replica moves by ~10 %, the replica mean of e(T) − e(0) is within 3 SE of 0
// ("averages to zero"), and the systematic part is ≤ 0.5 SE. Kac–Euler and pairing–Euler: the pair noise
// σ(z)ξ is orthogonal to z, so Σ_i 2V^i·ΔV^i has no noise term; the energy moves by O(Δt) per step and
// mostly by the systematic gain — it does NOT average out: the mean change is > 3 SE above 0, and equals its
// exact expectation within 3 SE. In all four, every replica visibly drifts (≫ the 1e-13 of round-off).
// Why γ = 0 and not Coulomb: for γ = −3 the expected gain Δt²E|(2/N)Σ_j b(z_ij)|² is INFINITE
// (|b|² ∝ |z|^{-4} is not integrable at z = 0 in R³), so a replica mean of the Euler energy drift has no
// expectation to converge to and "within 3 SE" would be meaningless (docs/NUMERICS.md says so).
import { describe, expect, it } from 'vitest'
import { meanSe, runReplicas, type System } from './systemRunner'
import { pairingWeight } from '../../../src/solvers/particles/pairing'
import { energyAndMomentum as energyMomentum } from './particleSums'

describe('pathwise conservation', () => {
  it.each([
    ['pairing/rotation', 32, -3, true],
    ['pairing/rotation', 33, -3, true], // odd: one particle idles each step
    ['pairing/rotation', 32, 0, true],
    ['pairing/sbm', 32, -3, true], // the exact pair law keeps |z| and the centre of mass as well
    ['pairing/sbm', 33, 0, true],
    ['kac/sbm', 16, -3, true],
    ['kac/euler', 32, 0, false],
    ['pairing/euler', 33, 0, false],
  ] as [System, number, number, boolean][])('%s, N = %i, γ = %i: momentum (and energy if exact) over 1000 steps', (system, N, gamma, energyExact) => {
    let before = { e: 0, p: [0, 0, 0] }
    let after = { e: 0, p: [0, 0, 0] }
    let moved = 0
    let v0 = new Float64Array(0)
    runReplicas({ system, N, replicas: 1, dt: 0.01, gamma, initial: { family: 'bimaxwellian', T: [1.5, 1, 0.5] }, seed: 7 }, [1000], (_, s, v) => {
      if (s === 0) {
        before = energyMomentum(v, N)
        v0 = Float64Array.from(v)
      } else {
        after = energyMomentum(v, N)
        for (let k = 0; k < 3 * N; k++) moved = Math.max(moved, Math.abs(v[k] - v0[k]))
      }
    })
    // As for Kac (kac.test.ts): ~5e5 (kac/euler: 5e5 pair increments summed) roundings of 1 ulp of |V|,
    // unbiased, accumulate to ~1e-13 relative; 1e-12 leaves an order of magnitude.
    const dp = Math.hypot(after.p[0] - before.p[0], after.p[1] - before.p[1], after.p[2] - before.p[2])
    expect(dp / Math.sqrt(before.e)).toBeLessThan(1e-12)
    if (energyExact) expect(Math.abs(after.e - before.e) / before.e).toBeLessThan(1e-12)
    else expect(Math.abs(after.e - before.e) / before.e).toBeGreaterThan(1e-6) // Euler: energy really moves
    expect(moved).toBeGreaterThan(0.5) // the dynamics did act: some particle's velocity changed by O(1)
  })
})

describe('Euler–Maruyama energy drift, γ = 0: visible per replica; zero on average (FGM, Fournier) or systematic (Kac, pairing)', () => {
  const N = 16
  const R = 150
  // Martingale regime: Δt small enough that the systematic gain is ≤ 0.5 SE. Tangent-noise regime: Δt·T·R
  // large enough that the systematic gain (≈ 16Δt·T·e) stands ≥ 3 SE above 0 (≈ 10 SE expected).
  const timing = (system: System) => (system === 'fgm/euler' || system === 'fournier/euler' ? { dt: 0.002, steps: 200 } : { dt: 0.01, steps: 100 })

  /** E[e_n | e₀, q₀] (q = |p|²) by the exact recursion of the header. */
  function expectedEnergy(system: System, e0: number, q0: number): number {
    const { dt, steps } = timing(system)
    let e = e0
    let q = q0
    for (let s = 0; s < steps; s++) {
      if (system === 'pairing/euler') {
        e += ((32 * pairingWeight(N) * dt * dt) / N) * (e - q)
        continue
      }
      const de = 16 * dt * dt * (e - q)
      if (system !== 'kac/euler') q += ((8 * dt) / N) * (e - q)
      e += de
    }
    return e
  }

  it.each(['kac/euler', 'fgm/euler', 'fournier/euler', 'pairing/euler'] as System[])('%s', (system) => {
    const { dt, steps } = timing(system)
    const change = new Float64Array(R)
    const residual = new Float64Array(R)
    const systematic = new Float64Array(R)
    let e0 = 0
    let q0 = 0
    runReplicas({ system, N, replicas: R, dt, gamma: 0, initial: { family: 'bimaxwellian', T: [1.5, 1, 0.5] }, seed: 31 }, [steps], (m, s, v) => {
      const { e, p } = energyMomentum(v, N)
      if (s === 0) {
        e0 = e
        q0 = p[0] ** 2 + p[1] ** 2 + p[2] ** 2
        return
      }
      change[m] = e - e0
      const expected = expectedEnergy(system, e0, q0)
      residual[m] = e - expected
      systematic[m] = expected - e0
    })
    const c = meanSe(change)
    const r = meanSe(residual)
    const sys = meanSe(systematic).mean
    if (process.env.LANDAU_VERBOSE) console.log(system, 'change', c, 'residual', r, 'systematic', sys, 'typical', meanSe(change.map(Math.abs)).mean / 3)
    // A single replica visibly drifts: round-off alone would move e by ~1e-13 relative.
    expect(Math.abs(change[0]) / 3).toBeGreaterThan(1e-3)
    expect(Math.abs(r.mean), `residual ${r.mean} ± ${r.se}`).toBeLessThan(3 * r.se)
    expect(sys).toBeGreaterThan(0) // a gain, as for every Euler scheme (E[ΔE] = Δt²Σ|drift|² ≥ 0)
    if (system === 'fgm/euler' || system === 'fournier/euler') {
      expect(meanSe(change.map(Math.abs)).mean / 3).toBeGreaterThan(0.05) // typical replica: ≳ 5 % (martingale)
      expect(Math.abs(c.mean), `mean change ${c.mean} ± ${c.se}`).toBeLessThan(3 * c.se)
      expect(sys).toBeLessThan(0.5 * c.se)
    } else {
      expect(c.mean, `mean change ${c.mean} ± ${c.se}`).toBeGreaterThan(3 * c.se) // systematic: no averaging out
    }
  })
})
