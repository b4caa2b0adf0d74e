// The deterministic blob particle method of Carrillo–Hu–Wang–Wu (J. Comput. Phys. X 7, 2020; docs/MATH.md §6).
// Particles start at the n³ cell centres c_l of [−L, L]³ (h = 2L/n) with weights w = h³ f₀(c_l) and move by
//   dv_p/dt = F_p = −Σ_q w_q a(v_p − v_q)(G_p − G_q),  G_p = Σ_l h³ ∇ψ_ε(v_p − c_l) log f_ε(c_l)
// (blobDensity.ts, blobField.ts), the sum over l running over the lattice of centres continued beyond
// [−L, L]³ (blobMollifier.ts says why). Semi-discretely Σw, Σwv and Σw|v|² are conserved exactly and the
// regularised entropy E (blobDensity.ts) decreases.
// Time stepping: the implicit midpoint rule v' = v + Δt F((v + v')/2), solved by Anderson-accelerated
// fixed-point iteration (blobAnderson.ts; plain iteration needs 2.5× the iterations at Δt = 0.05, n = 20,
// and diverges beyond Δt ≈ 0.065 there). It keeps every quadratic invariant of F:
// Σw|v'|² − Σw|v|² = 2Δt Σ w F(m)·m = 0 at m = (v + v')/2, so the energy error is only that of the solve;
// momentum is a linear invariant and every iterate keeps it.
import type { DensityRecord, PointDensity } from '../types'
import { blobGrid, boxSize, cellCentre, createStencil, defaultEps, fitBox, MAX_LATTICE_NODES, type BlobGrid, type Stencil } from './blobMollifier'
import { blobPointDensity, gatherScore, logInPlace, regularisedEntropyOf, scatterDensity } from './blobDensity'
import { createAnderson } from './blobAnderson'
import { maxwellField, pairField } from './blobField'
import { checkStateLength } from '../../driver/checkpoint'

export interface BlobOptions {
  gamma: number
  n: number
  L: number
  /** Mollifier variance per axis; default 0.64 h^1.98. */
  eps?: number
  dt: number
  /** The normalised initial density. */
  f0: (x: number, y: number, z: number) => number
  /** Stopping tolerance on the mass-weighted fixed-point residual Σw|g(x) − x|/Σw relative to max(1, max|v|) (default 1e-12). */
  tol?: number
  /** Anderson acceleration depth (default 5; 0 = plain fixed-point iteration). */
  anderson?: number
  /** Fixed-point iteration cap per step (default 100). */
  maxIterations?: number
}

export interface BlobSolver {
  step(): void
  readonly t: number
  readonly count: number
  /** Particle p at [3p, 3p + 3). */
  readonly x: Float64Array
  readonly w: Float64Array
  readonly eps: number
  readonly h: number
  /** Cells whose weight h³f₀ was 0 or below MIN_WEIGHT and so got no particle. */
  readonly dropped: number
  /** Fixed-point iterations of the last step, and over all steps. */
  readonly lastIterations: number
  readonly totalIterations: number
  /** f_ε, ∇f_ε, ∇²f_ε at the n³ cell centres (q = h³). */
  pointDensity(): PointDensity
  /**
   * E = h³ Σ_l f_ε(c_l)(log f_ε(c_l) − 1) + Σw over the lattice ≈ ∫ f_ε log f_ε; ∂E/∂v_p = w_p G_p, so E is
   * exactly non-increasing semi-discretely.
   */
  regularisedEntropy(): number
  /** The current state as a 'weighted' density record (copies). */
  density(): DensityRecord
  /** F at the current positions into out (3·count), with G of those positions into G if given. */
  field(out: Float64Array, G?: Float64Array): void
  /**
   * [steps, totalIterations, x (3·count), Fprev (3·count)]: the positions and the field of the last
   * midpoint, which the next step's predictor starts from (the weights never change; Anderson's history
   * is reset every step).
   */
  checkpoint(): Float64Array
  restore(state: Float64Array): void
}

/**
 * Cells with h³f₀ below this get no particle: the smallest kernel value used is 1e−16 of the peak, so
 * w ψ_ε stays a normal double (> 1e−300) and log f_ε is finite wherever a gather reads it.
 */
export const MIN_WEIGHT = 1e-280

/** The fixed-point iteration counts as stalled at round-off after this many iterations without halving. */
const STALL_ITERATIONS = 8
const STALL_TOL = 1e-10

function validate(o: BlobOptions): void {
  if (!(Number.isInteger(o.n) && o.n >= 2)) throw new Error('blob: n must be an integer ≥ 2')
  if (!(o.L > 0 && Number.isFinite(o.L))) throw new Error('blob: L must be positive')
  if (!(o.dt > 0 && Number.isFinite(o.dt))) throw new Error('blob: dt must be positive')
  if (!(o.gamma >= -3 && o.gamma <= 1)) throw new Error('blob: γ must be in [−3, 1]')
  if (o.eps !== undefined && !(o.eps > 0 && Number.isFinite(o.eps))) throw new Error('blob: eps must be positive')
}

/** Particles at the centres with weight h³f₀ ≥ MIN_WEIGHT. */
function initialParticles(g: BlobGrid, f0: BlobOptions['f0']): { x: Float64Array; w: Float64Array; dropped: number } {
  const n = g.n
  const h3 = g.h * g.h * g.h
  const xs: number[] = []
  const ws: number[] = []
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < n; k++) {
        const c = [cellCentre(g, i), cellCentre(g, j), cellCentre(g, k)]
        const wl = h3 * f0(c[0], c[1], c[2])
        if (wl < 0 || Number.isNaN(wl)) throw new Error(`blob: f0 is negative or NaN at (${c.join(', ')})`)
        if (wl < MIN_WEIGHT) continue
        xs.push(c[0], c[1], c[2])
        ws.push(wl)
      }
    }
  }
  return { x: Float64Array.from(xs), w: Float64Array.from(ws), dropped: n * n * n - ws.length }
}

/** Lattice nodes beyond which (or NaN positions) a run has blown up (blobMollifier.ts). */
const MAX_NODES = MAX_LATTICE_NODES

/** The lattice workspace: a box refitted to the particles before every sum, and f_ε on it. */
interface Lattice {
  st: Stencil
  f: Float64Array
}

/** Refits the box to positions x and scatters f_ε onto it; returns the number of nodes. */
function scatterOnLattice(lat: Lattice, x: Float64Array, w: Float64Array, count: number): number {
  fitBox(lat.st.g, x, count, lat.st.box)
  const size = boxSize(lat.st.box)
  if (!(size <= MAX_NODES)) throw new Error(`blob: the particles span ${size} lattice nodes (a blow-up: reduce dt)`)
  if (lat.f.length < size) lat.f = new Float64Array(Math.ceil(1.25 * size))
  scatterDensity(lat.st, x, w, count, lat.f)
  return size
}

/** G then F at positions x: scatter f_ε, log, gather G, velocity field. */
function evaluateField(lat: Lattice, gamma: number, x: Float64Array, w: Float64Array, count: number, G: Float64Array, F: Float64Array): void {
  const size = scatterOnLattice(lat, x, w, count)
  logInPlace(lat.f, size)
  gatherScore(lat.st, x, count, lat.f, G)
  if (gamma === 0) maxwellField(x, w, G, count, F)
  else pairField(x, w, G, count, gamma, F)
}

export function createBlobSolver(o: BlobOptions): BlobSolver {
  validate(o)
  const h = (2 * o.L) / o.n
  const grid = blobGrid(o.n, o.L, o.eps ?? defaultEps(h))
  const lat: Lattice = { st: createStencil(grid, { o: new Int32Array(3), s: new Int32Array(3) }), f: new Float64Array(0) }
  const init = initialParticles(grid, o.f0)
  const count = init.w.length
  if (count === 0)
    throw new Error(`blob: f0 vanishes at all ${o.n}³ cell centres of [−${o.L}, ${o.L}]³ (h = ${h}): the grid misses the data; use a larger n or another L`)
  const x = init.x
  const w = init.w
  const tol = o.tol ?? 1e-12
  const maxIterations = o.maxIterations ?? 100
  const G = new Float64Array(3 * count)
  const F = new Float64Array(3 * count)
  const Fprev = new Float64Array(3 * count)
  const xk = new Float64Array(3 * count)
  const gx = new Float64Array(3 * count)
  const next = new Float64Array(3 * count)
  const mid = new Float64Array(3 * count)
  const depth = o.anderson ?? 5
  const accel = depth > 0 ? createAnderson(3 * count, depth) : null
  let t = 0
  let steps = 0
  let lastIterations = 0
  let totalIterations = 0

  /**
   * One implicit-midpoint step: iterate x_k ↦ g(x_k) = v + Δt F((v + x_k)/2), Anderson-accelerated, from
   * the predictor v + Δt F(previous midpoint) (O(Δt²) accurate), until the mass-weighted residual
   * Σ_p w_p‖g(x_k) − x_k‖_{∞,p}/Σw ≤ tol·max(1, ‖v‖∞)
   * (or it stalls at round-off below STALL_TOL·max(1, ‖v‖∞)); the step
   * takes v' = g(x_k), whose energy error is Δt Σ w F·(g(x_k) − x_k) (see the header).
   */
  function step(): void {
    const dt = o.dt
    const n3 = 3 * count
    let scale = 1
    for (let i = 0; i < n3; i++) {
      xk[i] = x[i] + dt * Fprev[i]
      scale = Math.max(scale, Math.abs(x[i]))
    }
    accel?.reset()
    // The residual is the mass-weighted mean Σ_p w_p max_a |g − x|_{p,a} / Σw: far-tail particles (weights
    // down to 1e-280, where the lattice score is poor and F can be O(10)) would otherwise keep a max-norm
    // iteration from converging near equilibrium although they carry no mass; the energy error of the solve,
    // Δt Σ w F·(g − x), is bounded by the weighted residual. It has a round-off floor of a few 1e-12·max|v|:
    // an iteration that stalls below STALL_TOL·max|v| has converged as far as doubles allow.
    let totalW = 0
    for (let p = 0; p < count; p++) totalW += w[p]
    let best = Infinity
    let bestAt = 0
    for (let it = 1; ; it++) {
      for (let i = 0; i < n3; i++) mid[i] = 0.5 * (x[i] + xk[i])
      evaluateField(lat, o.gamma, mid, w, count, G, F)
      let res = 0
      for (let p = 0; p < count; p++) {
        let dp = 0
        for (let a = 3 * p; a < 3 * p + 3; a++) {
          gx[a] = x[a] + dt * F[a]
          dp = Math.max(dp, Math.abs(gx[a] - xk[a]))
        }
        res += w[p] * dp
      }
      res /= totalW
      if (res < 0.5 * best) {
        best = res
        bestAt = it
      }
      if (res <= tol * scale || (it - bestAt >= STALL_ITERATIONS && res <= STALL_TOL * scale)) {
        finish(it)
        return
      }
      if (it === maxIterations) {
        throw new Error(
          `blob: the implicit midpoint step from t = ${t} did not converge in ${it} iterations (residual ${res.toExponential(2)}, step ${dt}); reduce dt`,
        )
      }
      if (accel) {
        accel.next(xk, gx, next)
        xk.set(next)
      } else xk.set(gx)
    }
  }

  function finish(it: number): void {
    x.set(gx)
    Fprev.set(F)
    lastIterations = it
    totalIterations += it
    steps++
    t = steps * o.dt
  }

  return {
    step,
    get t() {
      return t
    },
    count,
    x,
    w,
    eps: grid.eps,
    h,
    dropped: init.dropped,
    get lastIterations() {
      return lastIterations
    },
    get totalIterations() {
      return totalIterations
    },
    pointDensity: () => blobPointDensity(grid, x, w, count),
    regularisedEntropy() {
      const size = scatterOnLattice(lat, x, w, count)
      return regularisedEntropyOf(grid, lat.f, size, w, count)
    },
    density: () => ({ kind: 'weighted', n: count, eps: grid.eps, x: x.slice(), w: w.slice() }),
    field(out, Gout) {
      evaluateField(lat, o.gamma, x, w, count, G, out)
      if (Gout) Gout.set(G)
    },
    checkpoint() {
      const n3 = 3 * count
      const s = new Float64Array(2 + 2 * n3)
      s[0] = steps
      s[1] = totalIterations
      s.set(x, 2)
      s.set(Fprev, 2 + n3)
      return s
    },
    restore(s) {
      const n3 = 3 * count
      checkStateLength('blob', s, 2 + 2 * n3)
      steps = s[0]
      t = steps * o.dt
      totalIterations = s[1]
      x.set(s.subarray(2, 2 + n3))
      Fprev.set(s.subarray(2 + n3))
    },
  }
}
