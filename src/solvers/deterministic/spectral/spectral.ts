// The `spectral` deterministic solver: the fast spectral method of Pareschi–Russo–Toscani (J. Comput. Phys.
// 165, 2000) for ∂t f = Q(f, f) on the periodic box [−L, L]³ with the truncated kernel a·1{|z| ≤ R}.
// State: the Fourier coefficients f̂_k, |k_a| ≤ n/2 − 1 (spectralOperator.ts); time: RKC2 with stages and
// sub-steps chosen from the operator's own stiffness bounds (spectralStepper.ts). Values are reported at the
// n³ cell centres x_i = −L + (i + ½)h, h = 2L/n, index (i·n + j)·n + k — the DensityRecord 'grid' layout.
// Mass is conserved exactly; momentum and energy to spectral accuracy; f may dip slightly below 0 in the
// tails (−1e-11 … −1e-7 in the runs of the tests), as spectral methods do.
//
// Box and cut-off: for data of temperature T, pairs at distance > R are lost (relative weight
// ~ e^{−R²/4T}R^{γ+2}) and periodic images interact once 2L − R is small (~ e^{−(2L−R)²/4T}); R = L balances
// the two. PRT's no-aliasing rule for data supported in |v| ≤ S is R = 2S, L ≥ (3 + √2)S/2, i.e. R ≈ 0.9L.
// Defaults n = 32, L = 8, R = L suit normalised data (T = 1): h = 0.5 resolves e^{−|v|²/2} spectrally.
import { Fft3 } from './fft'
import { SpectralOperator, waveNumber } from './spectralOperator'
import { Rkc2Stepper, type Rhs } from './spectralStepper'
import type { DensityRecord, PointDensity } from '../types'
import { checkStateLength } from '../../driver/checkpoint'

export interface SpectralOptions {
  gamma: number
  /** Time step of step(); the stepper sub-steps inside it as stability needs. */
  dt: number
  /** The normalised initial density. */
  f0: (x: number, y: number, z: number) => number
  /** Grid points per axis (even, 2^a·3^b; with dealiasing 3n/2 must be 2^a·3^b too). Default 32. */
  n?: number
  /** Half-width of the box [−L, L]³. Default 8. */
  L?: number
  /** Kernel cut-off radius. Default L. */
  R?: number
  /** Products on the 3/2-padded grid (exact Galerkin, mass exact). Default true; false: pseudo-spectral. */
  dealias?: boolean
}

export const SPECTRAL_DEFAULTS = { n: 32, L: 8, dealias: true } as const

export interface SpectralSolver {
  step(): void
  readonly t: number
  readonly n: number
  readonly L: number
  readonly R: number
  readonly dt: number
  /** f at the cell centres (read-only view, recomputed after each step). */
  readonly f: Float64Array
  /** ∫f over the box, (2L)³ f̂_0 (= h³ Σ f at the cell centres). */
  mass(): number
  /** ∂t f = Q(f) at the cell centres, from the same discrete operator the stepper uses. */
  rate(): Float64Array
  pointDensity(): PointDensity
  /** The current density as a 'grid' record (a copy). */
  density(): DensityRecord
  /**
   * RKC stages and sub-steps of the last step, right-hand-side evaluations so far, and the stiffness bounds
   * (spectral radius, drift) measured at the start of the last step. One evaluation costs 8 FFTs of m³,
   * m = 3n/2 (n without dealiasing).
   */
  readonly stats: { stages: number; substeps: number; evaluations: number; diffusion: number; advection: number }
  /**
   * [steps, f̂ real parts (n³), f̂ imaginary parts (n³)]: each advance chooses its stages and sub-steps from
   * the state alone, so the coefficients are all there is.
   */
  checkpoint(): Float64Array
  restore(state: Float64Array): void
}

export function createSpectralSolver(o: SpectralOptions): SpectralSolver {
  const n = o.n ?? SPECTRAL_DEFAULTS.n
  const L = o.L ?? SPECTRAL_DEFAULTS.L
  const R = o.R ?? L
  if (!(o.dt > 0)) throw new Error(`spectral: dt must be positive, got ${o.dt}`)
  if (!(L > 0 && R > 0)) throw new Error('spectral: L and R must be positive')
  if (!(o.gamma >= -3 && o.gamma <= 1)) throw new Error(`spectral: γ must be in [−3, 1], got ${o.gamma}`)
  const op = new SpectralOperator(o.gamma, n, L, R, o.dealias ?? SPECTRAL_DEFAULTS.dealias)
  const grid = new CellGrid(n, L)
  const size = n * n * n
  const state = new Float64Array(2 * size)
  grid.project(o.f0, state.subarray(0, size), state.subarray(size))
  // (A NaN f0 is left to the first step's finiteness check.)
  if (state[0] <= 0)
    throw new Error(
      `spectral: f0 has no mass at the ${n}³ cell centres of [−${L}, ${L}]³ (h = ${(2 * L) / n}): the grid misses the data; use a larger n or another L`,
    )
  const stepper = new Rkc2Stepper(2 * size, 'spectral')
  const rhs: Rhs = (y, out, stiffness) => op.evaluate(y.subarray(0, size), y.subarray(size), out.subarray(0, size), out.subarray(size), stiffness)
  let steps = 0
  let values: Float64Array | null = null
  const current = () => (values ??= grid.values(state.subarray(0, size), state.subarray(size)))
  return {
    step() {
      stepper.advance(state, o.dt, rhs, steps * o.dt)
      steps++
      values = null
      assertBounded(state, steps * o.dt)
    },
    get t() {
      return steps * o.dt
    },
    n,
    L,
    R,
    dt: o.dt,
    get f() {
      return current()
    },
    mass: () => (2 * L) ** 3 * state[0],
    rate() {
      const q = new Float64Array(2 * size)
      rhs(state, q)
      return grid.values(q.subarray(0, size), q.subarray(size))
    },
    pointDensity: () => grid.pointDensity(state.subarray(0, size), state.subarray(size)),
    density: () => ({ kind: 'grid', n, L, periodic: true, f: current().slice() }),
    get stats() {
      const { lastStages: stages, lastSubsteps: substeps, evaluations, lastBounds } = stepper
      return { stages, substeps, evaluations, ...lastBounds }
    },
    checkpoint() {
      const s = new Float64Array(1 + state.length)
      s[0] = steps
      s.set(state, 1)
      return s
    },
    restore(s) {
      checkStateLength('spectral', s, 1 + state.length)
      steps = s[0]
      state.set(s.subarray(1))
      values = null
    },
  }
}

/**
 * Past this, max_k |f̂_k| / f̂_0 says the solution has blown up. Both are means over the cell centres
 * (|f̂_k| ≤ mean |f|, f̂_0 = mean f, the phases have modulus 1), so the ratio is at most ∫|f| / ∫f: about 1
 * for a density with small negative ripples (≤ 3 in the under-resolved runs that still recover), while a
 * blow-up takes it past 1e15 within a step (n = 8, dt = 1/3).
 */
const BLOWUP_RATIO = 1000

/**
 * Q̂_0 is pinned to 0, so a blow-up shows in the other modes only: check them all (O(n³), cheap), for
 * non-finite values and for growth that mass conservation forbids a density (BLOWUP_RATIO), before the
 * next step's stiffness bound explodes with it.
 */
function assertBounded(state: Float64Array, t: number): void {
  let sum = 0
  for (let i = 0; i < state.length; i++) sum += Math.abs(state[i])
  const size = state.length / 2
  let top = 0
  for (let p = 1; p < size; p++) top = Math.max(top, Math.hypot(state[p], state[size + p]))
  const hint = '(under-resolved data or box; try a larger n, a smaller L or a smaller time.dt)'
  if (!Number.isFinite(sum)) throw new Error(`spectral: the solution is no longer finite at t = ${t} ${hint}`)
  if (top > BLOWUP_RATIO * Math.abs(state[0])) {
    throw new Error(`spectral: the solution blew up at t = ${t} (a Fourier mode ${(top / Math.abs(state[0])).toPrecision(3)} times the mass mode) ${hint}`)
  }
}

/**
 * Maps between the spectrum (FFT order, n³) and values at the cell centres: the centre x_i = −L + (i + ½)h
 * gives e^{iπκx_i/L} = Φ(κ) e^{2πiκi/n} with Φ(κ) = e^{iπκ(1/n − 1)}, so values = inverse DFT of f̂·Φ.
 */
class CellGrid {
  readonly n: number
  readonly L: number
  private readonly fft: Fft3
  private readonly phRe: Float64Array
  private readonly phIm: Float64Array
  private readonly kappa: Int32Array

  constructor(n: number, L: number) {
    this.n = n
    this.L = L
    this.fft = new Fft3(n)
    this.phRe = new Float64Array(n)
    this.phIm = new Float64Array(n)
    this.kappa = new Int32Array(n)
    for (let a = 0; a < n; a++) {
      this.kappa[a] = waveNumber(a, n)
      const theta = Math.PI * this.kappa[a] * (1 / n - 1)
      this.phRe[a] = Math.cos(theta)
      this.phIm[a] = Math.sin(theta)
    }
  }

  centre(i: number): number {
    return -this.L + ((i + 0.5) * 2 * this.L) / this.n
  }

  /** f̂ of the interpolant of f0 at the cell centres, Nyquist modes dropped. */
  project(f0: (x: number, y: number, z: number) => number, re: Float64Array, im: Float64Array): void {
    const n = this.n
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        for (let k = 0; k < n; k++) re[(i * n + j) * n + k] = f0(this.centre(i), this.centre(j), this.centre(k))
      }
    }
    im.fill(0)
    this.fft.transform(re, im, -1)
    const inv = 1 / n ** 3
    this.forEachMode((p, a, b, c) => {
      const nyquist = a === n / 2 || b === n / 2 || c === n / 2
      const [pr, pi] = this.phase(a, b, c)
      const xr = re[p] * inv
      const xi = im[p] * inv
      // Multiply by conj(Φ).
      re[p] = nyquist ? 0 : xr * pr + xi * pi
      im[p] = nyquist ? 0 : xi * pr - xr * pi
    })
  }

  /** Values at the cell centres. */
  values(re: Float64Array, im: Float64Array): Float64Array {
    const out = this.realFields(re, im, [() => [1, 0]])
    return out[0]
  }

  pointDensity(re: Float64Array, im: Float64Array): PointDensity {
    const n = this.n
    const s = Math.PI / this.L
    // Spectral multipliers: 1, iξ_a, −ξ_aξ_b (xx, yy, zz, xy, xz, yz).
    const grad =
      (a: number) =>
      (k: number[]): [number, number] => [0, s * k[a]]
    const hess =
      (a: number, b: number) =>
      (k: number[]): [number, number] => [-s * s * k[a] * k[b], 0]
    const fields = this.realFields(re, im, [() => [1, 0], grad(0), grad(1), grad(2), hess(0, 0), hess(1, 1), hess(2, 2), hess(0, 1), hess(0, 2), hess(1, 2)])
    const count = n ** 3
    const x = new Float64Array(3 * count)
    const gradOut = new Float64Array(3 * count)
    const hessOut = new Float64Array(6 * count)
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        for (let k = 0; k < n; k++) {
          const p = (i * n + j) * n + k
          x[3 * p] = this.centre(i)
          x[3 * p + 1] = this.centre(j)
          x[3 * p + 2] = this.centre(k)
          for (let a = 0; a < 3; a++) gradOut[3 * p + a] = fields[1 + a][p]
          for (let a = 0; a < 6; a++) hessOut[6 * p + a] = fields[4 + a][p]
        }
      }
    }
    const h = (2 * this.L) / n
    return { n: count, x, q: new Float64Array(count).fill(h ** 3), f: fields[0], grad: gradOut, hess: hessOut }
  }

  /**
   * The real fields F⁻¹[g(k) f̂] at the cell centres for multipliers g with g(−k) = conj(g(k)), two per
   * complex transform (one in the real, one in the imaginary part).
   */
  private realFields(re: Float64Array, im: Float64Array, multipliers: Array<(k: number[]) => [number, number]>): Float64Array[] {
    const n = this.n
    const size = n ** 3
    const out: Float64Array[] = []
    for (let f = 0; f < multipliers.length; f += 2) {
      const zr = new Float64Array(size)
      const zi = new Float64Array(size)
      const gP = multipliers[f]
      const gQ = multipliers[f + 1] as ((k: number[]) => [number, number]) | undefined
      this.forEachMode((p, a, b, c) => {
        const k = [this.kappa[a], this.kappa[b], this.kappa[c]]
        const [phr, phi] = this.phase(a, b, c)
        // u = f̂·Φ; z = gP·u + i·gQ·u.
        const ur = re[p] * phr - im[p] * phi
        const ui = re[p] * phi + im[p] * phr
        const [pr, pi] = gP(k)
        zr[p] = pr * ur - pi * ui
        zi[p] = pr * ui + pi * ur
        if (gQ !== undefined) {
          const [qr, qi] = gQ(k)
          zr[p] -= qr * ui + qi * ur
          zi[p] += qr * ur - qi * ui
        }
      })
      this.fft.transform(zr, zi, 1)
      out.push(zr)
      if (gQ !== undefined) out.push(zi)
    }
    return out
  }

  private phase(a: number, b: number, c: number): [number, number] {
    const { phRe, phIm } = this
    const xr = phRe[a] * phRe[b] - phIm[a] * phIm[b]
    const xi = phRe[a] * phIm[b] + phIm[a] * phRe[b]
    return [xr * phRe[c] - xi * phIm[c], xr * phIm[c] + xi * phRe[c]]
  }

  private forEachMode(visit: (p: number, a: number, b: number, c: number) => void): void {
    const n = this.n
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) for (let c = 0; c < n; c++) visit((a * n + b) * n + c, a, b, c)
  }
}
