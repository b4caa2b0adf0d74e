// The contracts of the deterministic side: what a deterministic solver hands the shared driver,
// the density records a run stores at its snapshot times, and the quadrature views the shared functionals
// (functionals3d.ts, functionalsRadial.ts) integrate. Pure data, no behaviour.

/**
 * A density as stored at a snapshot time, compact and self-describing, so that marginals, slices, samples
 * and W2 comparisons can be computed later from the stored run alone (densityView.ts reads these).
 * - grid: f at the n³ cell centres of [−L, L]³, h = 2L/n, x_i = −L + (i + ½)h, value of (x_i, y_j, z_k) at
 *   index (i·n + j)·n + k. `periodic` marks the spectral method's box (values wrap around).
 * - radial: f(|v|) of a radially symmetric density at the ascending radii r (f between them: linear).
 * - weighted: Σ_p w_p ψ_ε(v − x_p), ψ_ε the centred Gaussian with variance `eps` per axis (eps = 0: the
 *   weighted empirical measure itself); x holds 3n coordinates, particle p at [3p, 3p + 3).
 */
export type DensityRecord =
  | { kind: 'grid'; n: number; L: number; periodic: boolean; f: Float64Array }
  | { kind: 'radial'; r: Float64Array; f: Float64Array }
  | { kind: 'weighted'; n: number; eps: number; x: Float64Array; w: Float64Array }

/**
 * A 3-D density on quadrature nodes with its derivatives: ∫φ(v) f(v) dv ≈ Σ_p q_p φ(x_p) f_p. What the
 * 3-D functionals (entropy, Fisher informations, dissipation, Λ_f) need from a grid or blob solver.
 */
export interface PointDensity {
  n: number
  /** Node p at [3p, 3p + 3). */
  x: Float64Array
  /** Quadrature volume of each node (h³ on a uniform grid). */
  q: Float64Array
  f: Float64Array
  /** ∇f at node p: [3p, 3p + 3). */
  grad: Float64Array
  /** ∇²f at node p: [6p, 6p + 6) = xx, yy, zz, xy, xz, yz. */
  hess: Float64Array
}

/**
 * A radially symmetric density on radial nodes with its radial derivatives: ∫φ(|v|) f dv ≈ Σ_i q_i φ(r_i) f_i
 * (q_i ≈ 4πr_i²Δr_i). What the radial functionals need from bkw-exact and the isotropic solver.
 */
export interface RadialDensity {
  r: Float64Array
  q: Float64Array
  f: Float64Array
  /** f′(r_i). */
  df: Float64Array
  /** f″(r_i). */
  d2f: Float64Array
}

/**
 * The history columns of every deterministic run, in this order (docs/NUMERICS.md, "Functionals"):
 * mass ∫f; momentum |∫vf|; energy ∫|v|²f; Txx, Tyy, Tzz = ∫v_a²f (raw, like the particle rows);
 * moment4 = ∫|v|⁴f (the BKW oracle's moment); moment6, moment8 = ∫⟨v⟩^m f, ⟨v⟩ = (1 + |v|²)^{1/2} (as the
 * designer); entropy H = ∫f log f; fisher I = ∫|∇log f|²f; fisher2 J = ∫|∇²log f|²f; fisher_weighted
 * = ∫|∇log f|²⟨v⟩³f; dissipation D(f) = −dH/dt of docs/MATH.md §3; lambda Λ_f = ‖V_f‖_{L²(f⊗f)}; and the two
 * cancellation residuals of V_f, ‖∫V_f(v,·)f(v)dv‖_{L²(f)} and ‖∫V_f(·,w)f(w)dw‖_{L²(f)}, each relative to
 * ‖(a∗f):∇²f/f‖_{L²(f)} + ‖c∗f‖_{L²(f)}, the size of the terms that cancel (functionals3d.ts residuals()).
 */
export const DETERMINISTIC_METRICS = [
  'mass',
  'momentum',
  'energy',
  'Txx',
  'Tyy',
  'Tzz',
  'moment4',
  'moment6',
  'moment8',
  'entropy',
  'fisher',
  'fisher2',
  'fisher_weighted',
  'dissipation',
  'lambda',
  'vf_residual_v',
  'vf_residual_w',
] as const
export type DeterministicMetric = (typeof DETERMINISTIC_METRICS)[number]
export type FunctionalRow = Record<DeterministicMetric, number>

/** What the shared driver (deterministicRun.ts) needs of a deterministic solver. */
export interface DeterministicSolver {
  /** Advances the state from t to t + Δt (the spec's time step; a solver may sub-step inside). */
  step(): void
  /** The functionals of the current state, aligned with DETERMINISTIC_METRICS. */
  functionals(): FunctionalRow
  /** The current density as stored at a snapshot time (a fresh copy the caller owns). */
  density(): DensityRecord
  /**
   * Everything the next steps depend on (driver/checkpoint.ts), as a fresh array: element 0 is the number
   * of steps taken, the rest the solver's own layout. restore() of it, then steps, gives the bits of a
   * solver that was never stopped.
   */
  checkpoint(): Float64Array
  /** Puts a solver made from the same spec into the state of checkpoint(); throws on a state of another shape. */
  restore(state: Float64Array): void
}
