// A conservative, entropy-dissipating 1-D finite-volume scheme for the Landau equation with radially
// symmetric data f(|v|) (weak form and kernel: isotropicKernel.ts).
// Cells i = 0..n−1 of [0, rMax], h = rMax/n, centres r_i = (i+½)h, volumes m_i = (4π/3)(r_{i+½}³ − r_{i−½}³),
// e_i = r_i²/2. Interface k (between cells k and k+1, radius (k+1)h): Δe_k = e_{k+1} − e_k,
// δf_k = (f_{k+1} − f_k)/Δe_k, F_k = logarithmic mean of f_k, f_{k+1} (F_k δg_k = δf_k, g = log f),
// Φ_kl = Φ((k+1)h, (l+1)h). Outward flux and update:
//   J_k = h Σ_l Φ_kl (F_k δf_l − F_l δf_k),   m_i df_i/dt = (hJ/Δe)_{i−½} − (hJ/Δe)_{i+½},
// zero flux at 0 and rMax. Summing by parts, d/dt Σ m_i ψ_i f_i = −½ Σ_kl h² Φ_kl F_k F_l (δψ_k − δψ_l)(δg_k − δg_l):
// mass (ψ = 1) and energy Σ m_i r_i² f_i (δψ = 2) are conserved by the semi-discrete scheme and by every
// Runge–Kutta stage (linear invariants); the entropy Σ m f log f decreases at the rate D ≥ 0 (dissipation()).
// All sums are second-order quadratures of the continuous ones (trapezoid in s: Φ vanishes at 0, f at rMax).
// (The flux sign: J_k is the outward flux, −δf_k Σ_l hΦ_kl F_l for diffusion; with the opposite sign the
// entropy would grow.) Time: classical RK4, sub-stepped inside the user's Δt from a Gershgorin bound on the
// Jacobian (spectralBound). Steep under-resolved tails are genuinely stiff for the log mean (∂F/∂f of the
// smaller neighbour ~ ratio/log²ratio); the bound sees this and takes more sub-steps while they relax.
import type { RadialDensity } from '../types'
import { logMean, logMeanDx } from './isotropicKernel'
import { buildGrid, interfaceDissipation, radialDensity, sampleRadial, validateRadialOptions, type Grid } from './isotropicGrid'
import { checkStateLength } from '../../driver/checkpoint'

export interface IsotropicOptions {
  /** Kernel exponent, −3 ≤ γ ≤ 1. */
  gamma: number
  cells: number
  rMax: number
  /** The user's step; step() sub-steps inside it as stability requires. */
  dt: number
  /** Initial density as a function of |v| (used as given: f_i = f0(r_i), no rescaling). */
  f0: (r: number) => number
}

/** A T = 1 Coulomb run at these settings takes about 0.1–0.3 s (see the test's timing line). */
export const ISOTROPIC_DEFAULTS = { cells: 200, rMax: 10 } as const

export interface IsotropicSolver {
  step(): void
  readonly t: number
  /** Cell centres (shared, do not write). */
  readonly r: Float64Array
  /** Cell volumes m_i: ∫φ(|v|)f dv ≈ Σ m_i φ(r_i) f_i. */
  readonly volumes: Float64Array
  /** The live state f_i (do not write). */
  readonly f: Float64Array
  radialDensity(): RadialDensity
  /** Semi-discrete entropy dissipation D = −d/dt Σ m f log f ≥ 0. */
  dissipation(): number
  /** RK4 sub-steps taken by the last step(). */
  readonly substeps: number
  /** [steps, f (cells)]: each step's sub-steps come from the state alone (the bound is taken afresh). */
  checkpoint(): Float64Array
  restore(state: Float64Array): void
}

/** RK4's stability region holds the half-disc {|z| ≤ 2.6155, Re z ≤ 0}; we use 75 % of it. */
const RK4_HALF_DISC = 2.6155
const SAFETY = 0.75
/** Sub-steps between re-evaluations of the stability bound. */
const BLOCK = 16
/**
 * A step needing more than this (minutes of work) is a runaway or a hopeless grid: fail, do not hang. The
 * bound's forecast alone never fails a step: a steep shell's first bound asks for 4.9e18 sub-steps and its
 * tail relaxes within the first BLOCK, the step then taking 435. Only a forecast past the cap from a bound
 * that did not fall over the last block does (step()).
 */
const MAX_SUBSTEPS = 1_000_000

/** Interface values F_k, δf_k and the sums A_k = Σ_l Φ_kl F_l, B_k = Σ_l Φ_kl δf_l. */
interface Work {
  F: Float64Array
  df: Float64Array
  A: Float64Array
  B: Float64Array
}

function newWork(n: number): Work {
  return { F: new Float64Array(n - 1), df: new Float64Array(n - 1), A: new Float64Array(n - 1), B: new Float64Array(n - 1) }
}

function interfaceSums(g: Grid, f: Float64Array, w: Work): void {
  const K = g.n - 1
  for (let k = 0; k < K; k++) {
    w.F[k] = logMean(f[k], f[k + 1])
    w.df[k] = (f[k + 1] - f[k]) / g.de[k]
  }
  for (let k = 0; k < K; k++) {
    let A = 0,
      B = 0
    const row = k * K
    for (let l = 0; l < K; l++) {
      const p = g.phi[row + l]
      A += p * w.F[l]
      B += p * w.df[l]
    }
    w.A[k] = A
    w.B[k] = B
  }
}

/** out = df/dt. */
function rhs(g: Grid, f: Float64Array, w: Work, out: Float64Array): void {
  interfaceSums(g, f, w)
  const h = g.h
  let left = 0 // (hJ/Δe) at the left face of cell i
  for (let i = 0; i < g.n; i++) {
    const right = i < g.n - 1 ? (h * h * (w.F[i] * w.B[i] - w.df[i] * w.A[i])) / g.de[i] : 0
    out[i] = (left - right) / g.m[i]
    left = right
  }
}

/**
 * Gershgorin bound on the spectral radius of the Jacobian 𝒥 = ∂(df/dt)/∂f, from its exact entries (O(n²)).
 * Row i is (h/m_i)(∂_j J_{i−1}/Δe_{i−1} − ∂_j J_i/Δe_i), with
 *   ∂_j J_k = h[∂_jF_k B_k + F_k ∂_jB_k − ∂_jδf_k A_k − δf_k ∂_jA_k],
 *   ∂_jA_k = Φ_{k,j−1}∂_{f_j}F_{j−1} + Φ_{k,j}∂_{f_j}F_j,  ∂_jB_k = Φ_{k,j−1}/Δe_{j−1} − Φ_{k,j}/Δe_j.
 * The two faces are differenced before taking |·| (the non-local parts nearly cancel there). Every similar
 * matrix diag(d)⁻¹𝒥 diag(d) has the same eigenvalues, and Gershgorin holds by rows and by columns, so we
 * take the least of the row and column bounds for d = 1, f, √f: d = f is tight near equilibrium (the
 * linearisation is nearly symmetric in relative perturbations; plain rows overestimate 40× at γ = 0), d = 1
 * in steep non-equilibrium tails, where f spans hundreds of decades.
 */
function spectralBound(g: Grid, f: Float64Array, w: Work): number {
  interfaceSums(g, f, w)
  const n = g.n,
    K = n - 1,
    h = g.h
  // ∂F_l/∂f_l (P) and ∂F_l/∂f_{l+1} (Q).
  const P = new Float64Array(K),
    Q = new Float64Array(K)
  for (let l = 0; l < K; l++) {
    P[l] = logMeanDx(f[l], f[l + 1])
    Q[l] = logMeanDx(f[l + 1], f[l])
  }
  const scales = f.every((x) => x > 0) ? [null, f, f.map(Math.sqrt)] : [null]
  const rows = scales.map(() => 0)
  const cols = scales.map(() => new Float64Array(n))
  let prev = new Float64Array(n) // h ∂_j J_{i−1} / Δe_{i−1}
  let cur = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    if (i < K) faceRow(g, w, P, Q, i, cur)
    else cur.fill(0)
    const c = h / g.m[i]
    scales.forEach((d, s) => {
      const di = d ? d[i] : 1
      let sum = 0
      for (let j = 0; j < n; j++) {
        const a = (c * Math.abs(prev[j] - cur[j])) / di
        const dj = d ? d[j] : 1
        sum += a * dj
        cols[s][j] += a
      }
      rows[s] = Math.max(rows[s], sum)
    })
    const t = prev
    prev = cur
    cur = t
  }
  return Math.min(...scales.map((d, s) => Math.min(rows[s], columnMax(cols[s], d))))
}

function columnMax(col: Float64Array, d: Float64Array | null): number {
  let m = 0
  for (let j = 0; j < col.length; j++) m = Math.max(m, col[j] * (d ? d[j] : 1))
  return m
}

/** out_j = ∂J_k/∂f_j / Δe_k. */
function faceRow(g: Grid, w: Work, P: Float64Array, Q: Float64Array, k: number, out: Float64Array): void {
  const K = g.n - 1,
    h = g.h,
    row = k * K
  const c = h / g.de[k]
  const Fk = w.F[k],
    dfk = w.df[k]
  for (let j = 0; j < g.n; j++) {
    let dA = 0,
      dB = 0
    if (j > 0) {
      const p = g.phi[row + j - 1]
      dA += p * Q[j - 1]
      dB += p / g.de[j - 1]
    }
    if (j < K) {
      const p = g.phi[row + j]
      dA += p * P[j]
      dB -= p / g.de[j]
    }
    out[j] = c * (Fk * dB - dfk * dA)
  }
  const ide = 1 / g.de[k]
  out[k] += c * (P[k] * w.B[k] + ide * w.A[k])
  out[k + 1] += c * (Q[k] * w.B[k] - ide * w.A[k])
}

export function createIsotropicSolver(o: IsotropicOptions): IsotropicSolver {
  validateRadialOptions(o)
  const g = buildGrid(o.gamma, o.cells, o.rMax)
  const n = g.n
  const f = sampleRadial(g, o.f0)
  const w = newWork(n)
  const k1 = new Float64Array(n),
    k2 = new Float64Array(n),
    k3 = new Float64Array(n),
    k4 = new Float64Array(n)
  const tmp = new Float64Array(n)
  let steps = 0
  let lastSubsteps = 0

  const axpy = (a: number, x: Float64Array) => {
    for (let i = 0; i < n; i++) tmp[i] = f[i] + a * x[i]
  }
  const rk4 = (tau: number) => {
    rhs(g, f, w, k1)
    axpy(tau / 2, k1)
    rhs(g, tmp, w, k2)
    axpy(tau / 2, k2)
    rhs(g, tmp, w, k3)
    axpy(tau, k3)
    rhs(g, tmp, w, k4)
    for (let i = 0; i < n; i++) f[i] += (tau / 6) * (k1[i] + 2 * (k2[i] + k3[i]) + k4[i])
  }

  return {
    get t() {
      return steps * o.dt
    },
    r: g.r,
    volumes: g.m,
    f,
    get substeps() {
      return lastSubsteps
    },
    step() {
      let remaining = o.dt
      lastSubsteps = 0
      const t = steps * o.dt
      const limit = (count: number, tau: number, rho: number) =>
        new Error(
          `isotropic: the step from t = ${t} needs over ${MAX_SUBSTEPS} RK4 sub-steps (${lastSubsteps} taken, ${count.toPrecision(3)} more of ` +
            `${tau.toPrecision(3)} asked by the stiffness bound ${rho.toPrecision(3)}): a blow-up, or tails too steep for this grid; change cells or rMax, or take a smaller time.dt`,
        )
      let previous = Infinity // the bound at the last block
      while (remaining > 0) {
        const rho = spectralBound(g, f, w)
        if (!Number.isFinite(rho)) throw new Error(`isotropic: the state is no longer finite at t = ${t}`)
        const count = rho > 0 ? Math.ceil((remaining * rho) / (SAFETY * RK4_HALF_DISC)) : 1
        const tau = remaining / count
        // A bound that did not fall over the last block and still asks for more than the cap leaves will not
        // let the step finish within it: fail now, not after minutes (Δt = 1e9; rMax = 50 at γ = 0, whose
        // underflowing tails keep the bound at 5e8). A falling one goes on (MAX_SUBSTEPS says why).
        if (rho >= previous && lastSubsteps + count > MAX_SUBSTEPS) throw limit(count, tau, rho)
        previous = rho
        const take = Math.min(count, BLOCK)
        for (let s = 0; s < take; s++) rk4(tau)
        lastSubsteps += take
        if (lastSubsteps > MAX_SUBSTEPS) throw limit(count - take, tau, rho)
        remaining = take === count ? 0 : remaining - take * tau
      }
      steps++
    },
    radialDensity: () => radialDensity(g, f),
    dissipation: () => dissipation(g, f),
    checkpoint() {
      const s = new Float64Array(1 + n)
      s[0] = steps
      s.set(f, 1)
      return s
    },
    restore(s) {
      checkStateLength('isotropic', s, 1 + n)
      steps = s[0]
      f.set(s.subarray(1))
    },
  }
}

/** D of the Landau scheme: F the logarithmic means, d = δlog f (interfaces with f ≤ 0 contribute nothing). */
function dissipation(g: Grid, f: Float64Array): number {
  const K = g.n - 1
  const FG = new Float64Array(K),
    dg = new Float64Array(K)
  for (let k = 0; k < K; k++) {
    FG[k] = logMean(f[k], f[k + 1])
    dg[k] = FG[k] > 0 ? Math.log(f[k + 1] / f[k]) / g.de[k] : 0
  }
  return interfaceDissipation(g, FG, dg)
}
