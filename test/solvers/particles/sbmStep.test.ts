// Oracles for the exact pair step (sbmStep.ts, docs/NUMERICS.md §4.15).
// (1) One Coulomb pair with τ = κ²|z|^γ ≥ 1: the pair's own dynamics move u = z/|z| by Brownian motion on S² for
//     the time τ, so E[u·u′] = e^{−τ} and E[P₂(u·u′)] = e^{−3τ}. The sbm step meets both; the rotation step's law
//     (z′ ∝ z + k|z|e, a circle of directions) does not: at τ = 1 its E[u·u′] = E(1 + τX)^{−1/2} (X ~ χ²₂) ≈ 0.46
//     against e^{−1} ≈ 0.37.
// (2) pairing + sbm at γ = 0, any Δt: every matched pair's step has E[z′|z] = e^{−τ}z and
//     E[z′⊗z′|z] = e^{−3τ}z⊗z + (1 − e^{−3τ})|z|²I/3, τ = κ² = 8ωΔt/N. A given pair is matched with probability
//     1/ω, so with D = Mxx − Mzz (raw second moments), dP = px² − pz² (conserved),
//       E[D_{n+1} | V_n] = D_n − λ(D_n − dP),   λ = N(1 − e^{−3τ})/(2ω),
//     the exact discrete-time law of the system: the Δt → 0 limit λ/Δt → 12 is the continuous rate, and at every
//     Δt it is "match, then run each pair's dynamics for Δt" exactly. The rotation integrator's λ is
//     3qN/(4ω), q = E[τX/(1 + τX)], which is measurably different at Δt = 0.1 (asserted).
import { describe, expect, it } from 'vitest'
import { kickBlock } from '../../../src/solvers/random/streams'
import { AncestralScratch, sbmStep } from '../../../src/solvers/particles/sbmStep'
import { rotationStep } from '../../../src/solvers/particles/rotationStep'
import { pairingWeight } from '../../../src/solvers/particles/pairing'
import { meanSe, replicaStats, runReplicas, type System } from './systemRunner'

describe('one Coulomb pair with τ ≥ 1: sbm has the law of the pair dynamics, rotation does not', () => {
  const n = 100_000
  const z0 = [0.3, -0.2, 0.25]
  const r = Math.hypot(z0[0], z0[1], z0[2])
  it.each([1, 3])('τ = %s', (tau) => {
    const kappa2 = tau * r ** 3 // τ = κ² r^{−3}
    const w = new Uint32Array(4)
    const scratch = new AncestralScratch()
    const v = new Float64Array(6)
    const s1 = { sbm: new Float64Array(n), rot: new Float64Array(n) }
    const s2 = { sbm: new Float64Array(n), rot: new Float64Array(n) }
    let drift = 0
    for (const kind of ['sbm', 'rot'] as const) {
      for (let k = 0; k < n; k++) {
        v.set([0.1 + z0[0], 0.2 + z0[1], -0.3 + z0[2], 0.1, 0.2, -0.3])
        kickBlock(5, 6, k, 0, 1, w, 0)
        if (kind === 'sbm') sbmStep(v, 0, 1, kappa2, -3, w, 0, scratch)
        else rotationStep(v, 0, 1, Math.sqrt(kappa2), -3, w, 0)
        const z = [v[0] - v[3], v[1] - v[4], v[2] - v[5]]
        const c = (z[0] * z0[0] + z[1] * z0[1] + z[2] * z0[2]) / (r * r)
        s1[kind][k] = c
        s2[kind][k] = 1.5 * c * c - 0.5
        // |z| and the centre of mass are kept to round-off
        drift = Math.max(drift, Math.abs(Math.hypot(z[0], z[1], z[2]) - r), Math.abs(v[0] + v[3] - 0.2 - z0[0]))
      }
    }
    expect(drift).toBeLessThan(1e-14)
    const m1 = meanSe(s1.sbm)
    const m2 = meanSe(s2.sbm)
    // 5 SE at a fixed seed: a correct sampler fails with probability < 1e-6 per check.
    expect(Math.abs(m1.mean - Math.exp(-tau)), `sbm E[u·u′] ${m1.mean} ± ${m1.se}`).toBeLessThan(5 * m1.se)
    expect(Math.abs(m2.mean - Math.exp(-3 * tau)), `sbm E[P₂] ${m2.mean} ± ${m2.se}`).toBeLessThan(5 * m2.se)
    const r1 = meanSe(s1.rot)
    expect(Math.abs(r1.mean - Math.exp(-tau)), `rotation E[u·u′] ${r1.mean} ± ${r1.se}`).toBeGreaterThan(20 * r1.se)
  })
})

describe('pairing at γ = 0: the exact discrete-time law of the second moments, for any Δt', () => {
  const N = 20
  const R = 3000
  const T: [number, number, number] = [2.8, 0.1, 0.1]
  const omega = pairingWeight(N)
  const lambdaSbm = (dt: number) => (N * (1 - Math.exp((-3 * 8 * omega * dt) / N))) / (2 * omega)

  /** Replica residuals D_n − E_sbm[D_n | V₀] after `steps` steps. */
  function residuals(system: System, dt: number, steps: number): Float64Array {
    const out = new Float64Array(R)
    let D0 = 0
    let dP = 0
    const lam = lambdaSbm(dt)
    runReplicas({ system, N, replicas: R, dt, gamma: 0, initial: { family: 'bimaxwellian', T }, seed: 31 }, [steps], (m, s, v) => {
      const st = replicaStats(v, N)
      if (s === 0) {
        D0 = st.D
        dP = st.px ** 2 - st.pz ** 2
      } else out[m] = st.D - (dP + (1 - lam) ** steps * (D0 - dP))
    })
    return out
  }

  // The conditional residual carries only the dynamics' noise; 4.5 SE at a fixed seed (≈ 7e-6 per check).
  it.each([
    [0.1, 3],
    [0.01, 10],
    [0.001, 40],
  ])('Δt = %s, %i steps: pairing/sbm follows λ = N(1 − e^{−3τ})/(2ω) within 4.5 SE', (dt, steps) => {
    const res = meanSe(residuals('pairing/sbm', dt, steps))
    expect(Math.abs(res.mean), `${res.mean} ± ${res.se}`).toBeLessThan(4.5 * res.se)
  })

  it('Δt = 0.1: pairing/rotation misses that law by > 6 SE (its kick error), where sbm does not', () => {
    const res = meanSe(residuals('pairing/rotation', 0.1, 3))
    expect(Math.abs(res.mean), `${res.mean} ± ${res.se}`).toBeGreaterThan(6 * res.se)
  })
})
