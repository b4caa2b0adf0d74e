// Second-order Runge–Kutta–Chebyshev time stepping (Sommeijer, Shampine & Verwer 1997, "RKC: an explicit
// solver for parabolic PDEs"), with damping ε = 2 in place of their 2/13. The spectral Landau operator is a
// variable-coefficient diffusion, A:∇²f with A up to ~|v|^{γ+2} across the box, so its stiffness grows like
// n²: an s-stage RKC step is stable on [−β(s), 0] with β(s) ≈ 0.54 s², so the cost grows like √(stiffness)
// where classical RK4 would grow linearly. Pareschi–Russo–Toscani cite Medovikov's stabilised explicit
// (DUMKA) methods for the same reason. The stage count is chosen per step from the operator's own bounds.
//
// Damping: with ε = 2/13 the stability polynomial still has |R| ≈ 0.95 over most of the stiff interval, and
// negative undershoots in the tails grow (bi-Maxwellian, γ = 0: n = 32, dt = 0.05, min f from −1e-7 to
// −1e-5 over t = 3; n = 24, dt = 0.1, blow-up by t = 3). ε = 2 keeps |R| ≤ 0.6 there (the same runs stay at
// −1e-11 and −7e-7) for β(s) ≈ 0.535 s² instead of 0.65 s² (10% more stages) and a slightly smaller error
// constant, R(z) − e^z ≈ −0.053 z³.

const EPSILON = 2
/** Headroom on the spectral-radius bound (itself ~2× the measured radius; see spectralOperator.ts). */
const SAFETY = 1.05
/**
 * Largest h·(advection bound) allowed. RKC's stability region is a thin strip around [−β, 0], ~3 wide where
 * the real part is small, so drift-dominated modes (large |v|, where A's radial part is small but B = ∇·A
 * is ~2|v| for γ = 0) need h·b bounded. Measured (γ = 0, bi-Maxwellian, min f over T = 0.5–3): stable at
 * h·b = 5.9 (L = 8, n = 32, dt = 0.05), 8.7 (L = 8, n = 24, dt = 0.1), 2.0 (L = 12, n = 48, dt = 0.01);
 * tails growing like e^{9t} at 10.1 (L = 12, n = 48, dt = 0.05; stable again with the 2 sub-steps this
 * bound imposes).
 */
export const MAX_ADVECTION = 8
/** Longest RKC chain (round-off stays benign well beyond it); longer steps are split into sub-steps. */
export const MAX_STAGES = 128
/**
 * Most sub-steps of one advance. A resolved run needs a few (the stiffness bound stays within a small
 * factor of its initial value: ρ ≈ 200–3000 at n = 8–32, L = 8); a step asking for more than this (over 10⁶
 * right-hand sides, minutes even at n = 8) has a stiffness bound that has exploded with the solution
 * (n = 8, dt = 1/3: ρ = 1.7e17 at t = 2/3, 7e14 sub-steps), and fails instead of grinding for days.
 */
export const MAX_SUBSTEPS = 10_000

export interface Rkc2Coefficients {
  s: number
  /** Stability interval [−beta, 0] of the step in units of h·λ. */
  beta: number
  mu: Float64Array
  nu: Float64Array
  muTilde: Float64Array
  gammaTilde: Float64Array
}

const cache = new Map<number, Rkc2Coefficients>()

/** The s-stage RKC2 coefficients (s ≥ 2), from Chebyshev polynomials T_j at w0 = 1 + ε/s². */
export function rkc2Coefficients(s: number): Rkc2Coefficients {
  const hit = cache.get(s)
  if (hit) return hit
  if (!Number.isInteger(s) || s < 2) throw new Error(`RKC2 needs s ≥ 2 stages, got ${s}`)
  const w0 = 1 + EPSILON / (s * s)
  const T = new Float64Array(s + 1)
  const dT = new Float64Array(s + 1)
  const ddT = new Float64Array(s + 1)
  T[0] = 1
  T[1] = w0
  dT[1] = 1
  for (let j = 2; j <= s; j++) {
    T[j] = 2 * w0 * T[j - 1] - T[j - 2]
    dT[j] = 2 * T[j - 1] + 2 * w0 * dT[j - 1] - dT[j - 2]
    ddT[j] = 4 * dT[j - 1] + 2 * w0 * ddT[j - 1] - ddT[j - 2]
  }
  const w1 = dT[s] / ddT[s]
  const b = new Float64Array(s + 1)
  for (let j = 2; j <= s; j++) b[j] = ddT[j] / (dT[j] * dT[j])
  b[0] = b[1] = b[2]
  const mu = new Float64Array(s + 1)
  const nu = new Float64Array(s + 1)
  const muTilde = new Float64Array(s + 1)
  const gammaTilde = new Float64Array(s + 1)
  muTilde[1] = b[1] * w1
  for (let j = 2; j <= s; j++) {
    mu[j] = (2 * b[j] * w0) / b[j - 1]
    nu[j] = -b[j] / b[j - 2]
    muTilde[j] = (2 * b[j] * w1) / b[j - 1]
    gammaTilde[j] = -(1 - b[j - 1] * T[j - 1]) * muTilde[j]
  }
  // The stability polynomial is a + b T_s(w0 + w1 z): bounded by 1 while w0 + w1 z ≥ −1.
  const coefficients = { s, beta: (1 + w0) / w1, mu, nu, muTilde, gammaTilde }
  cache.set(s, coefficients)
  return coefficients
}

/** Fewest stages s ≥ 2 whose stability interval covers SAFETY·ρ·h. */
export function stagesFor(rhoTimesH: number): number {
  // A non-finite ρh would search (and cache coefficients) forever.
  if (!Number.isFinite(rhoTimesH)) throw new Error(`RKC2: the stiffness bound times the step is not finite (${rhoTimesH})`)
  // β(s) < 0.6 s², so this guess is never above the answer.
  let s = Math.max(2, Math.floor(Math.sqrt((SAFETY * rhoTimesH) / 0.6)))
  while (rkc2Coefficients(s).beta < SAFETY * rhoTimesH) s++
  return s
}

/**
 * Fewest equal sub-steps of dt with h·(advection) ≤ MAX_ADVECTION and stagesFor(ρh) ≤ MAX_STAGES. The
 * stage test holds exactly when β(MAX_STAGES) ≥ SAFETY·ρ·dt/k (β grows with s), and is monotone in k, so
 * the search starts two below that closed form (round-off) instead of at 1: the same k as a search from
 * the advection count up, in O(1) tests whatever ρ (a linear search from 1 took days at ρ = 1e17).
 */
export function substepsFor(rho: number, advection: number, dt: number): number {
  let substeps = Math.max(1, Math.ceil((advection * dt) / MAX_ADVECTION))
  substeps = Math.max(substeps, Math.ceil((SAFETY * rho * dt) / rkc2Coefficients(MAX_STAGES).beta) - 2)
  if (!(substeps <= MAX_SUBSTEPS)) return substeps
  while (stagesFor((rho * dt) / substeps) > MAX_STAGES) substeps++
  return substeps
}

/** Bounds on the Jacobian of F: spectral radius (`diffusion`) and imaginary extent (`advection`). */
export interface StiffnessBounds {
  diffusion: number
  advection: number
}

/** y' = F(y); F writes into out and, when `stiffness` is given, fills it for the current y. */
export type Rhs = (y: Float64Array, out: Float64Array, stiffness?: StiffnessBounds) => void

export class Rkc2Stepper {
  private readonly y0: Float64Array
  private readonly f0: Float64Array
  private readonly fj: Float64Array
  /** Y_j of the stage recursion, rotated: Y_j lives in stage[(j − 1) % 3]. */
  private readonly stage: Float64Array[]
  /** Stages and sub-steps used by the last advance, and right-hand-side evaluations so far. */
  lastStages = 0
  lastSubsteps = 0
  evaluations = 0
  /** The stiffness bounds measured at the start of the last advance. */
  lastBounds: StiffnessBounds = { diffusion: 0, advection: 0 }

  /** `name` starts the messages of its errors (the solver's kind). */
  constructor(
    size: number,
    private readonly name = 'RKC2',
  ) {
    this.y0 = new Float64Array(size)
    this.f0 = new Float64Array(size)
    this.fj = new Float64Array(size)
    this.stage = [new Float64Array(size), new Float64Array(size), new Float64Array(size)]
  }

  /**
   * Advances y in place by dt, in as many equal sub-steps as the stage cap requires (at most MAX_SUBSTEPS;
   * `t`, the time of y, only names the step in an error).
   */
  advance(y: Float64Array, dt: number, F: Rhs, t = 0): void {
    const bounds = { diffusion: 0, advection: 0 }
    F(y, this.f0, bounds)
    this.evaluations++
    const rho = bounds.diffusion
    if (!Number.isFinite(rho) || !Number.isFinite(bounds.advection)) {
      throw new Error(`${this.name}: the state is no longer finite at t = ${t} (non-finite stiffness bounds)`)
    }
    const substeps = substepsFor(rho, bounds.advection, dt)
    if (substeps > MAX_SUBSTEPS) {
      throw new Error(
        `${this.name}: the step from t = ${t} would need ${substeps.toPrecision(3)} sub-steps of ${(dt / substeps).toPrecision(3)} ` +
          `(at most ${MAX_SUBSTEPS}; stiffness bound ${rho.toPrecision(3)}, drift bound ${bounds.advection.toPrecision(3)}): ` +
          'the solution is blowing up, or time.dt is far too long for this grid (try a smaller time.dt, a larger n or a smaller L)',
      )
    }
    const h = dt / substeps
    const s = stagesFor(rho * h)
    for (let k = 0; k < substeps; k++) {
      if (k > 0) {
        F(y, this.f0)
        this.evaluations++
      }
      this.rkcStep(y, h, s, F)
    }
    this.lastStages = s
    this.lastSubsteps = substeps
    this.lastBounds = bounds
  }

  /** One s-stage RKC2 step from y (with F(y) in f0) to y. */
  private rkcStep(y: Float64Array, h: number, s: number, F: Rhs): void {
    const c = rkc2Coefficients(s)
    const { y0, f0, fj, stage } = this
    y0.set(y)
    const y1 = stage[0]
    for (let i = 0; i < y.length; i++) y1[i] = y0[i] + c.muTilde[1] * h * f0[i]
    for (let j = 2; j <= s; j++) {
      const prev = stage[(j - 2) % 3]
      const prev2 = j === 2 ? y0 : stage[(j - 3) % 3]
      const next = j === s ? y : stage[(j - 1) % 3]
      F(prev, fj)
      this.evaluations++
      const mu = c.mu[j]
      const nu = c.nu[j]
      const keep = 1 - mu - nu
      const mt = c.muTilde[j] * h
      const gt = c.gammaTilde[j] * h
      for (let i = 0; i < y.length; i++) {
        next[i] = keep * y0[i] + mu * prev[i] + nu * prev2[i] + mt * fj[i] + gt * f0[i]
      }
    }
  }
}
