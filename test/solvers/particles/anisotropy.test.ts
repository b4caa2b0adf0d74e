// Oracle: E[Txx − Tzz] for Maxwell molecules (γ = 0) and bi-Maxwellian i.i.d. data, for EVERY particle
// system and integrator, at N = 200 — derived per system, because the raw second moments feel the momentum
// P = Σ V^i, which only Kac's system and the pairing system conserve pathwise.
//
// Notation: S = Σ_i V^i⊗V^i, P = Σ_i V^i, D = (S_xx − S_zz)/N (the row metrics Txx − Tzz), dP = p_x² − p_z²
// with p = P/N. For γ = 0, b(z) = −2z and a(z) = |z|²I − z⊗z, and Σ_{i<j} z⊗z = NS − P⊗P,
// Σ_{i<j}|z|² = N tr S − |P|².
//
// Kac (1.6), continuous time (test/solvers/particles/isotropisation.test.ts): Itô on V⊗V gives, in expectation,
//   dS/dt = −12 S + 4 tr S I + (12/N) P⊗P − (4/N)|P|² I,  P constant,
// so E[D(t) | V(0)] = D₀ e^{−12t} + dP (1 − e^{−12t}).
// FGM (1.7) and Fournier (1.8): the drift is the same, and particle i's noise has the same covariance
// (2/N)Σ_j a(z_ij) dt, independent across particles — so dS/dt is as above, but P now diffuses:
//   d E[P⊗P]/dt = Σ_i (2/N)Σ_j a(z_ij) = (4/N)[(N tr S − |P|²) I − N S + P⊗P].
// With x = N·D and y = N·dP (the xx − zz parts): x' = −12(x − y), y' = −(4/N)(x − y). So w = x − y decays
// at μ = 12 − 4/N and c = x − 3N y is conserved; x(t) = [3N w(t) − c]/(3N − 1), and for i.i.d. data
// E[Txx − Tzz](t) = (Tx − Tz)[2/(3N−1) + (3N−3)/(3N−1) e^{−(12 − 4/N)t}]  (Kac: 1/N + (1 − 1/N)e^{−12t}).
// Random pairing (weight ω, pairing.ts): a matched pair keeps its centre of mass and the step adds
// ½(z'z'ᵀ − zzᵀ) to V^iV^iᵀ + V^jV^jᵀ; a given pair is matched with probability 1/ω, independently of the
// state, so E[ΔS | V] = (1/ω) Σ_{i<j} E[½(z'z'ᵀ − zzᵀ) | z], P conserved. Both pair steps have
// E[½(z'z'ᵀ − zzᵀ) | z] = c(|z|²I − k z⊗z): rotation c = q/4, k = 3 (q = E[κ²X/(1+κ²X)], X ~ χ²₂,
// κ² = 8ωΔt/N; docs/NUMERICS.md §4.10); Euler z' = (1−β)z + √β|z|g, β = 8ωΔt/N, c = β/2, k = 3 − β. Hence
// the EXACT discrete-time law of D: D_{n+1} = (1−λ) D_n + λ dP in expectation, λ = kcN/ω.
// Euler–Maruyama, exact in discrete time too (u_i = V^i − 4Δt(V^i − p) + noise):
//   E[S' | V] = (1−4Δt)² S + (8Δt − 16Δt²) P⊗P/N + (4Δt/N)[(N tr S − |P|²) I − N S + P⊗P],
// so x' = x − (12Δt − 16Δt²)(x − y); Kac–Euler keeps y, FGM/Fournier have y' = y − (4Δt/N)(x − y).
// Kac with the rotation step has no closed discrete form (round-robin order); its bias is computed exactly
// below by propagating E[V Vᵀ] through every pair step (as in isotropisation.test.ts, per component).
//
// What is tested, per system, at t = 0.01 and 0.02: the conditional residual R = D(t) − E[D(t) | V(0)]
// (which removes the initial-data variance, leaving only the dynamics' noise) has mean 0 within 4 SE — against
// the exact discrete-time expectation where one exists, and against the continuous-time one plus the exactly
// known bias; the time-step bias itself is ≤ 0.5 SE, an eighth of the band (the Δt below are chosen for
// that — measured 0.02 SE for kac/rotation, 0.1 for pairing, 0.2–0.27 for the all-pairs Euler schemes:
// Euler's rate is 12 + 56Δt + O(Δt²), the pairing rotation's 12 − 312Δt, hence its tiny Δt); the unconditional replica mean
// of D matches the closed form for E[Txx − Tzz] within 4 SE. T = (2.8, 0.1, 0.1) makes Tx − Tz = 2.7 large
// against the noise. Power: the residual under the rate 10 (the Itô term halved, i.e. σ off by √2) is > 4 SE
// from 0 at t = 0.02 (≥ 7 SE expected with 40 replicas: its offset is ≈ 0.09, the SE ≈ 0.012).
// 6 systems × 2 times × 3 statistics at 4 SE: family-wise false-alarm probability < 36 · 6.3e-5 ≈ 2e-3.
import { beforeAll, describe, expect, it } from 'vitest'
import { kickScale } from '../../../src/solvers/particles/rotationStep'
import { pairingWeight } from '../../../src/solvers/particles/pairing'
import { roundCount, roundPairs } from '../../../src/solvers/particles/roundRobin'
import { meanSe, replicaStats, runReplicas, type MeanSe, type System } from './systemRunner'
import { rotationMoments as pq } from './rotationMoments'

const N = 200
const R = 40
const T: [number, number, number] = [2.8, 0.1, 0.1]
const TIMES = [0.01, 0.02]

/** Time step per system: each keeps its exactly known bias ≤ 0.5 SE (asserted). */
const DT: Record<System, number> = {
  'kac/rotation': 0.005, // bias ∝ Δt/N: ≈ 1e-4 here (computed below)
  'kac/sbm': 0.005, // Lie splitting over rounds: bias ∝ Δt/N as for rotation (computed below, same G recursion)
  'kac/euler': 0.001,
  'fgm/euler': 0.001,
  'fournier/euler': 0.001,
  'pairing/rotation': 0.0001,
  'pairing/sbm': 0.0005, // exact discrete law; its distance to the continuous one is ≈ 0.2 SE here
  'pairing/euler': 0.0005,
}
const SYSTEMS = Object.keys(DT) as System[]

/**
 * The pair moments p, q of E[z'|z] = p z, E[z'⊗z'|z] = (1 − q) z⊗z + (q/2)(|z|²I − z⊗z) at γ = 0 (κ² = 8ωΔt/N):
 * rotation from the χ²₂ integral; sbm from spherical Brownian motion for τ = κ² (E[u'] = e^{−τ}u,
 * E[u'⊗u'] = I/3 + e^{−3τ}(u⊗u − I/3)), i.e. p = e^{−τ}, q = (2/3)(1 − e^{−3τ}).
 */
function pairMoments(integrator: 'rotation' | 'sbm', kappa2: number): [number, number] {
  return integrator === 'sbm' ? [Math.exp(-kappa2), (2 / 3) * (1 - Math.exp(-3 * kappa2))] : pq(kappa2)
}

/** Kac's exact-conservation schemes (the ones propagated through G, without a closed discrete form). */
const kacPairScheme = (system: System): system is 'kac/rotation' | 'kac/sbm' => system === 'kac/rotation' || system === 'kac/sbm'

/** E[D after n steps | D₀, dP₀] for the schemes with a closed discrete form (all but Kac's pair schemes). */
function discreteConditional(system: System, dt: number, n: number, D0: number, dP0: number): number {
  if (system === 'fgm/euler' || system === 'fournier/euler') {
    let x = N * D0
    let y = N * dP0
    const c1 = 12 * dt - 16 * dt * dt
    for (let s = 0; s < n; s++) {
      const w = x - y
      x -= c1 * w
      y -= ((4 * dt) / N) * w
    }
    return x / N
  }
  let lambda: number
  if (system === 'kac/euler') lambda = 12 * dt - 16 * dt * dt
  else {
    const omega = pairingWeight(N)
    if (system === 'pairing/rotation' || system === 'pairing/sbm')
      lambda = (3 * pairMoments(system === 'pairing/sbm' ? 'sbm' : 'rotation', (8 * omega * dt) / N)[1] * N) / (4 * omega) // c = q/4, k = 3
    else {
      const beta = (8 * omega * dt) / N
      lambda = (N * (beta / 2) * (3 - beta)) / omega // c = β/2, k = 3 − β
    }
  }
  const f = (1 - lambda) ** n
  return f * D0 + (1 - f) * dP0
}

/** E[D(t) | D₀, dP₀] of the continuous-time system. */
function continuousConditional(system: System, t: number, D0: number, dP0: number, rate = 12): number {
  if ((system === 'fgm/euler' || system === 'fournier/euler') && rate === 12) {
    const x0 = N * D0
    const y0 = N * dP0
    const c = x0 - 3 * N * y0
    const w = (x0 - y0) * Math.exp(-(12 - 4 / N) * t)
    return (3 * N * w - c) / (3 * N - 1) / N
  }
  const f = Math.exp(-rate * t)
  return f * D0 + (1 - f) * dP0
}

/** The closed form of E[Txx − Tzz](t) for i.i.d. data. */
function unconditional(system: System, t: number): number {
  const d = T[0] - T[2]
  if (system === 'fgm/euler' || system === 'fournier/euler') return d * (2 / (3 * N - 1) + ((3 * N - 3) / (3 * N - 1)) * Math.exp(-(12 - 4 / N) * t))
  return d * (Math.exp(-12 * t) + (1 - Math.exp(-12 * t)) / N)
}

/**
 * E[D] of the Kac rotation scheme after each of `steps`, exactly: G_a = E[V_a V_aᵀ] (N×N per component a,
 * which stay uncoupled except through tr Z for diagonal T) pushed through every pair step of every round:
 * G ← G + h(AAᵀG + GAAᵀ) + ¼A[(2 − 2p − 3q/2) Z + (q/2) tr Z I]Aᵀ, A = e_i − e_j, h = (p − 1)/2.
 */
function kacRotationExpectation(dt: number, steps: number[], integrator: 'rotation' | 'sbm' = 'rotation'): number[] {
  const G = T.map((Ta) => {
    const g = new Float64Array(N * N)
    for (let i = 0; i < N; i++) g[i * N + i] = Ta
    return g
  })
  const [p, q] = pairMoments(integrator, kickScale(N, dt) ** 2)
  const h = (p - 1) / 2
  const zz = 0.25 * (2 - 2 * p - 1.5 * q)
  const id = 0.25 * (q / 2)
  const diff = new Float64Array(N)
  const pairs = new Uint32Array(N)
  const out: number[] = []
  const last = steps[steps.length - 1]
  const Z = [0, 0, 0]
  for (let s = 0; s < last; s++) {
    for (let r = 0; r < roundCount(N); r++) {
      const count = roundPairs(N, r, pairs)
      for (let c = 0; c < count; c++) {
        const i = pairs[2 * c]
        const j = pairs[2 * c + 1]
        for (let a = 0; a < 3; a++) {
          const g = G[a]
          Z[a] = g[i * N + i] - 2 * g[i * N + j] + g[j * N + j]
        }
        const trZ = Z[0] + Z[1] + Z[2]
        for (let a = 0; a < 3; a++) {
          const g = G[a]
          for (let m = 0; m < N; m++) diff[m] = h * (g[i * N + m] - g[j * N + m])
          for (let m = 0; m < N; m++) {
            g[i * N + m] += diff[m]
            g[j * N + m] -= diff[m]
            g[m * N + i] += diff[m]
            g[m * N + j] -= diff[m]
          }
          // The (i, j) block got the h-term twice above, once per side: that is A AᵀG + G A Aᵀ, as wanted.
          const w = zz * Z[a] + id * trZ
          g[i * N + i] += w
          g[i * N + j] -= w
          g[j * N + i] -= w
          g[j * N + j] += w
        }
      }
    }
    if (steps.includes(s + 1)) {
      let d = 0
      for (let i = 0; i < N; i++) d += (G[0][i * N + i] - G[2][i * N + i]) / N
      out.push(d)
    }
  }
  return out
}

interface Result {
  dt: number
  steps: number[]
  residual: MeanSe[] // against the exact discrete expectation (kac/rotation: the continuous one)
  residualCont: MeanSe[] // against the continuous-time expectation
  residual10: MeanSe[] // against the continuous-time expectation at the wrong rate 10
  raw: MeanSe[] // D itself
  bias: number[] // E_disc − E_cont, exact (replica mean of the conditional difference; kac/rotation: from G)
}

const results = {} as Record<System, Result>

describe('γ = 0, bi-Maxwellian, N = 200: E[Txx − Tzz] for every system', () => {
  beforeAll(() => {
    for (const system of SYSTEMS) {
      const dt = DT[system]
      const steps = TIMES.map((t) => Math.round(t / dt))
      const k = steps.length
      const res = Array.from({ length: k }, () => new Float64Array(R))
      const resC = Array.from({ length: k }, () => new Float64Array(R))
      const res10 = Array.from({ length: k }, () => new Float64Array(R))
      const raw = Array.from({ length: k }, () => new Float64Array(R))
      const bias = new Array(k).fill(0)
      let D0 = 0
      let dP0 = 0
      runReplicas({ system, N, replicas: R, dt, gamma: 0, initial: { family: 'bimaxwellian', T }, seed: 2025 }, steps, (m, step, v) => {
        const st = replicaStats(v, N)
        if (step === 0) {
          D0 = st.D
          dP0 = st.px ** 2 - st.pz ** 2
          return
        }
        const c = steps.indexOf(step)
        const t = step * dt
        const cont = continuousConditional(system, t, D0, dP0)
        const disc = kacPairScheme(system) ? cont : discreteConditional(system, dt, step, D0, dP0)
        raw[c][m] = st.D
        res[c][m] = st.D - disc
        resC[c][m] = st.D - cont
        res10[c][m] = st.D - continuousConditional(system, t, D0, dP0, 10)
        bias[c] += (disc - cont) / R
      })
      if (kacPairScheme(system)) {
        const exact = kacRotationExpectation(dt, steps, system === 'kac/sbm' ? 'sbm' : 'rotation')
        steps.forEach((s, c) => (bias[c] = exact[c] - unconditional(system, s * dt)))
      }
      results[system] = { dt, steps, residual: res.map(meanSe), residualCont: resC.map(meanSe), residual10: res10.map(meanSe), raw: raw.map(meanSe), bias }
      if (process.env.LANDAU_VERBOSE) {
        steps.forEach((s, c) =>
          console.log(
            system,
            't',
            s * dt,
            'resid z',
            results[system].residual[c].mean / results[system].residual[c].se,
            'se',
            results[system].residual[c].se,
            'bias/se',
            bias[c] / results[system].residual[c].se,
            'raw z',
            (results[system].raw[c].mean - unconditional(system, s * dt)) / results[system].raw[c].se,
            'rate10 z',
            results[system].residual10[c].mean / results[system].residual[c].se,
          ),
        )
      }
    }
  })

  it.each(SYSTEMS)('%s: conditional residual mean 0 within 4 SE (exact discrete and continuous-time oracles)', (system) => {
    const r = results[system]
    r.steps.forEach((_, c) => {
      const { mean, se } = r.residual[c]
      const slack = kacPairScheme(system) ? Math.abs(r.bias[c]) : 0
      expect(Math.abs(mean), `t = ${TIMES[c]}: residual ${mean} ± ${se}`).toBeLessThan(4 * se + slack)
      const rc = r.residualCont[c]
      expect(Math.abs(rc.mean), `t = ${TIMES[c]}: continuous residual ${rc.mean} ± ${rc.se}`).toBeLessThan(4 * rc.se + Math.abs(r.bias[c]))
    })
  })

  it.each(SYSTEMS)('%s: the time-step bias (exactly known) is ≤ 0.5 SE', (system) => {
    const r = results[system]
    r.steps.forEach((_, c) => expect(Math.abs(r.bias[c]), `t = ${TIMES[c]}`).toBeLessThan(0.5 * r.residual[c].se))
  })

  it.each(SYSTEMS)('%s: replica mean of Txx − Tzz matches the closed form within 4 SE', (system) => {
    const r = results[system]
    r.steps.forEach((s, c) => {
      const { mean, se } = r.raw[c]
      expect(Math.abs(mean - unconditional(system, s * r.dt)), `t = ${TIMES[c]}`).toBeLessThan(4 * se + Math.abs(r.bias[c]))
    })
  })

  it.each(SYSTEMS)('%s: power — the rate 10 is rejected at t = 0.02', (system) => {
    const r = results[system]
    expect(Math.abs(r.residual10[1].mean)).toBeGreaterThan(4 * r.residual[1].se)
  })
})
