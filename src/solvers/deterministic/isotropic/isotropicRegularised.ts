// The isotropic scheme for the blob method's regularised Landau equation (Carrillo–Hu–Wang–Wu; docs/MATH.md §6):
//   ∂t f = ∇·( f ∫ a(v − w)(∇S(v) − ∇S(w)) f(w) dw ),  S = ψ_ε ∗ log(ψ_ε ∗ f) = δE_ε/δf,
//   E_ε = ∫ f_ε (log f_ε − 1) + ∫ f,  f_ε = ψ_ε ∗ f,
// the equation whose particle discretisation the blob solver is. Run on the blob's ε, it tells the blob's
// regularisation (a property of the model at that ε) apart from its particle discretisation (which should
// vanish), independently of the blob's code: nothing is shared but the kernel Φ and the value of ε.
// Space: the grid and fluxes of isotropic.ts with the score g = log f replaced by S, and the cells weighed by
// the midpoint weights q_i = 4πr_i²h instead of their exact volumes (radialMollifier.ts says why):
//   q_i df_i/dt = (hJ/Δe)_{i−½} − (hJ/Δe)_{i+½},  J_k = h F_k Σ_l Φ_kl F_l (δS_l − δS_k),
//   δS_k = (S_{k+1} − S_k)/Δe_k,  F_k = logarithmic mean of f_k, f_{k+1},  S = W log(W f).
// Mass Σq f and energy Σq r² f are conserved exactly (the same summation by parts as isotropic.ts: the
// weights do not enter it), and with E = Σ q f_ε(log f_ε − 1) + Σ q f, ∂E/∂f_j = q_j S_j (W is symmetric
// in the weights q), so dE/dt = −½ h² Σ_kl Φ_kl F_k F_l (δS_k − δS_l)² = −D_ε ≤ 0.
// A Maxwellian M_T is the regularised equation's equilibrium (its S is −r²/2(T + ε) + c, so every δS_k is
// the same and every flux vanishes); here it is one up to W's quadrature error.
// Time: the Dormand–Prince 5(4) pair with step-size control (rtol 1e-9). The stability limits here (transport
// by a smooth field, and the score's response at the mollifier's scale ε) are not those of isotropic.ts's
// Gershgorin bound, so the error controller finds the steps; the same f and dt give the same steps, so runs
// are reproducible.
import type { RadialDensity } from '../types'
import type { IsotropicSolver } from './isotropic'
import { logMean } from './isotropicKernel'
import { buildGrid, interfaceDissipation, radialDensity, sampleRadial, validateRadialOptions, type Grid } from './isotropicGrid'
import { createRadialMollifier, midpointWeights, type RadialMollifier } from './radialMollifier'
import { checkStateLength } from '../../driver/checkpoint'

export interface RegularisedIsotropicOptions {
  gamma: number
  cells: number
  rMax: number
  /** Mollifier variance per axis (the blob's ε). */
  eps: number
  dt: number
  f0: (r: number) => number
  /** Relative tolerance of the step-size control (default 1e-9). */
  rtol?: number
}

/**
 * The isotropic solver's interface, where volumes are the midpoint weights q_i = 4πr_i²h, dissipation() is
 * D_ε = −dE_ε/dt ≥ 0 and substeps counts the accepted Runge–Kutta steps of the last step().
 */
export interface RegularisedIsotropicSolver extends IsotropicSolver {
  /** f_ε = W f and its derivatives (what H, I, … of a regularised run are taken of, as for the blob). */
  smoothedDensity(): RadialDensity
  /** E_ε = Σ q f_ε (log f_ε − 1) + Σ q f, non-increasing. */
  regularisedEntropy(): number
  /** Rejected Runge–Kutta steps of the last step(). */
  readonly rejected: number
  /**
   * [steps, tau, haveK0, f (cells), k0 (cells)]: unlike the plain scheme, the adaptive step carries the
   * controller's last step size and the first-same-as-last stage over from one step() to the next.
   */
  checkpoint(): Float64Array
  restore(state: Float64Array): void
}

/** A step needing more than this many Runge–Kutta steps is a runaway: fail, do not hang. */
const MAX_SUBSTEPS = 200_000

// Dormand–Prince 5(4) tableau (Hairer–Nørsett–Wanner, Solving ODEs I, Table 5.2).
const A = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
]
/** Fifth-order weights (= the last row of A: first same as last) minus the embedded fourth-order ones. */
const E = [71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40]

interface Work {
  fe: Float64Array
  S: Float64Array
  F: Float64Array
  dS: Float64Array
}

/** δS and F at the interfaces of state f (S = W log W f). */
function interfaceValues(g: Grid, W: RadialMollifier, f: Float64Array, w: Work): void {
  W.apply(f, w.fe)
  for (let i = 0; i < g.n; i++) {
    if (!(w.fe[i] > 0)) throw new Error(`isotropic: the regularised density is ${w.fe[i]} at r = ${g.r[i]} (the state is no longer a density)`)
    w.fe[i] = Math.log(w.fe[i])
  }
  W.apply(w.fe, w.S)
  for (let k = 0; k < g.n - 1; k++) {
    w.F[k] = logMean(f[k], f[k + 1])
    w.dS[k] = (w.S[k + 1] - w.S[k]) / g.de[k]
  }
}

/** out = df/dt. */
function rhs(g: Grid, q: Float64Array, W: RadialMollifier, f: Float64Array, w: Work, out: Float64Array): void {
  interfaceValues(g, W, f, w)
  const K = g.n - 1,
    h = g.h
  let left = 0
  for (let i = 0; i < g.n; i++) {
    let right = 0
    if (i < K) {
      let a = 0,
        b = 0
      const row = i * K
      for (let l = 0; l < K; l++) {
        const p = g.phi[row + l] * w.F[l]
        a += p
        b += p * w.dS[l]
      }
      right = (h * h * w.F[i] * (b - w.dS[i] * a)) / g.de[i]
    }
    out[i] = (left - right) / q[i]
    left = right
  }
}

export function createRegularisedIsotropicSolver(o: RegularisedIsotropicOptions): RegularisedIsotropicSolver {
  validateRadialOptions(o)
  const g = buildGrid(o.gamma, o.cells, o.rMax)
  const W = createRadialMollifier(g, o.eps)
  const q = midpointWeights(g)
  const n = g.n
  const f = sampleRadial(g, o.f0)
  const rtol = o.rtol ?? 1e-9
  // Absolute floor of the error norm: far-tail cells (f down to 1e−300) carry no mass worth a tiny step.
  const atol = 1e-12 * f.reduce((a, b) => Math.max(a, b), 0)
  const w: Work = { fe: new Float64Array(n), S: new Float64Array(n), F: new Float64Array(n - 1), dS: new Float64Array(n - 1) }
  const k = Array.from({ length: 7 }, () => new Float64Array(n))
  const y = new Float64Array(n)
  const err = new Float64Array(n)
  let steps = 0
  let tau = 0 // the last accepted step size, carried over (0: choose a first one)
  let haveK0 = false // k[0] holds f′(f) (first same as last)
  let lastSubsteps = 0
  let lastRejected = 0

  /** One Dormand–Prince attempt of size s from f into y, with the error estimate in err; returns its norm. */
  function attempt(s: number): number {
    if (!haveK0) {
      rhs(g, q, W, f, w, k[0])
      haveK0 = true
    }
    for (let stage = 1; stage < 7; stage++) {
      const a = A[stage]
      for (let i = 0; i < n; i++) {
        let v = 0
        for (let j = 0; j < stage; j++) v += a[j] * k[j][i]
        y[i] = f[i] + s * v
      }
      rhs(g, q, W, y, w, k[stage])
    }
    // y now holds the fifth-order solution (stage 7's argument: A[6] are the fifth-order weights).
    let sum = 0
    for (let i = 0; i < n; i++) {
      let e = 0
      for (let j = 0; j < 7; j++) e += E[j] * k[j][i]
      e *= s
      err[i] = e
      const sc = atol + rtol * Math.max(Math.abs(f[i]), Math.abs(y[i]))
      sum += (e / sc) ** 2
    }
    return Math.sqrt(sum / n)
  }

  function firstStep(remaining: number): number {
    rhs(g, q, W, f, w, k[0])
    haveK0 = true
    let d0 = 0,
      d1 = 0
    for (let i = 0; i < n; i++) {
      const sc = atol + rtol * Math.abs(f[i])
      d0 += (f[i] / sc) ** 2
      d1 += (k[0][i] / sc) ** 2
    }
    const guess = d1 > 0 ? 0.01 * Math.sqrt(d0 / d1) : remaining
    return Math.min(remaining, guess)
  }

  function advance(dt: number): void {
    const t0 = steps * o.dt // for messages
    let remaining = dt
    lastSubsteps = 0
    lastRejected = 0
    if (!(tau > 0)) tau = firstStep(remaining)
    while (remaining > 0) {
      // The last step lands on the output time exactly (a step within 1e-12 of it is stretched to it).
      const last = tau >= remaining * (1 - 1e-12)
      const s = last ? remaining : tau
      const e = attempt(s)
      if (!Number.isFinite(e)) throw new Error(`isotropic: the state is no longer finite at t = ${t0 + dt - remaining}`)
      const factor = Math.min(5, Math.max(0.2, 0.9 * Math.pow(Math.max(e, 1e-10), -1 / 5)))
      if (e <= 1) {
        f.set(y)
        k[0].set(k[6])
        remaining = last ? 0 : remaining - s
        lastSubsteps++
        // After a shortened last step keep the controller's own size for the next call, unless it asks for less.
        tau = last && s < tau ? (factor < 1 ? Math.min(tau, s * factor) : tau) : s * factor
      } else {
        lastRejected++
        tau = s * factor
      }
      if (lastSubsteps + lastRejected > MAX_SUBSTEPS) {
        throw new Error(
          `isotropic: the step from t = ${t0} needs over ${MAX_SUBSTEPS} Runge–Kutta steps (${lastSubsteps} accepted, ${lastRejected} rejected; ` +
            `reached t = ${t0 + dt - remaining} with steps of ${tau.toPrecision(3)}): a blow-up or an eps too small for the grid`,
        )
      }
    }
  }

  function regularisedEntropy(): number {
    W.apply(f, w.fe)
    let e = 0
    for (let i = 0; i < n; i++) e += q[i] * ((w.fe[i] > 0 ? w.fe[i] * (Math.log(w.fe[i]) - 1) : 0) + f[i])
    return e
  }

  function dissipation(): number {
    interfaceValues(g, W, f, w)
    return interfaceDissipation(g, w.F, w.dS)
  }

  return {
    get t() {
      return steps * o.dt
    },
    r: g.r,
    volumes: q,
    f,
    get substeps() {
      return lastSubsteps
    },
    get rejected() {
      return lastRejected
    },
    step() {
      advance(o.dt)
      steps++
    },
    radialDensity: () => radialDensity(g, f, q),
    smoothedDensity() {
      const fe = new Float64Array(n)
      W.apply(f, fe)
      return radialDensity(g, fe, q)
    },
    regularisedEntropy,
    dissipation,
    checkpoint() {
      const s = new Float64Array(3 + 2 * n)
      s[0] = steps
      s[1] = tau
      s[2] = haveK0 ? 1 : 0
      s.set(f, 3)
      s.set(k[0], 3 + n)
      return s
    },
    restore(s) {
      checkStateLength('isotropic', s, 3 + 2 * n)
      steps = s[0]
      tau = s[1]
      haveK0 = s[2] === 1
      f.set(s.subarray(3, 3 + n))
      k[0].set(s.subarray(3 + n))
    },
  }
}
