// The Fourier–Galerkin Landau operator of Pareschi–Russo–Toscani (2000) on the periodic box [−L, L]³.
// f(v) = Σ_k f̂_k e^{iξ_k·v}, ξ_k = πk/L, modes |k_a| ≤ n/2 − 1 (the Nyquist plane is kept at zero so that
// real data have a Hermitian spectrum). With the truncated kernel a_R and â(ξ) = ∫ a_R(z) e^{−iξ·z} dz,
// writing Q = ∇·∫ a_R(v − w)[f(w)∇f(v) − f(v)∇f(w)] dw in modes gives
//   Q̂_k = Σ_{l+m=k} f̂_l f̂_m [mᵀâ(m)m − lᵀâ(m)l],
// i.e. in physical space Q = (a_R∗f):∇²f − (c_R∗f) f with ĉ_R(m) = −mᵀâ(m)m (c_R = ∇·∇·a_R in the sense of
// distributions, surface term at |z| = R included). Q̂_0 = 0 exactly: mass is conserved.
//
// Evaluation: the products are formed on a padded grid of M ≥ 3n/2 points per axis (the 3/2 rule), so the
// retained modes of the product are exact (no aliasing) and Q is the Galerkin projection; M = n gives the
// cheaper pseudo-spectral (aliased) variant. Real fields are transformed two at a time, one in the real
// and one in the imaginary part: (A_ij, ∂_ij f) for the six pairs i ≤ j, then (c∗f, f) — seven inverse
// 3-D FFTs and one forward FFT per evaluation, each skipping the lines that are zero (inverse) or not
// wanted (forward).
import { Fft3 } from './fft'
import { kernelTable, type KernelTable } from './spectralKernel'
import type { StiffnessBounds } from './spectralStepper'

/** Signed wavenumber of FFT index a on an m-point axis. */
export function waveNumber(a: number, m: number): number {
  return a < m / 2 ? a : a - m
}

/** The six index pairs (i ≤ j) in the order xx, yy, zz, xy, xz, yz, and the weight of each in A:D. */
const PAIRS: ReadonlyArray<[number, number, number]> = [
  [0, 0, 1],
  [1, 1, 1],
  [2, 2, 1],
  [0, 1, 2],
  [0, 2, 2],
  [1, 2, 2],
]

export class SpectralOperator {
  readonly n: number
  /** Padded grid size. */
  readonly m: number
  readonly L: number
  private readonly fft: Fft3
  private readonly table: KernelTable
  private readonly active: Uint8Array
  /** Per retained mode: index in the n³ state, index in the m³ padded grid, k, |k|². */
  private readonly stateIndex: Int32Array
  private readonly padIndex: Int32Array
  private readonly kx: Int32Array
  private readonly ky: Int32Array
  private readonly kz: Int32Array
  private readonly k2: Int32Array
  private readonly zRe: Float64Array
  private readonly zIm: Float64Array
  private readonly q: Float64Array
  private readonly bound: Float64Array

  constructor(gamma: number, n: number, L: number, R: number, dealias: boolean) {
    if (n % 2 !== 0 || n < 4) throw new Error(`spectral grid size n must be even and ≥ 4, got ${n}`)
    this.n = n
    this.L = L
    this.m = dealias ? (3 * n) / 2 : n
    this.fft = new Fft3(this.m) // throws unless m = 2^a·3^b
    const h = n / 2 - 1
    this.table = kernelTable(gamma, R, L, 3 * h * h)
    this.active = new Uint8Array(this.m)
    for (let a = 0; a < this.m; a++) this.active[a] = Math.abs(waveNumber(a, this.m)) <= h && a !== this.m / 2 ? 1 : 0
    const count = (2 * h + 1) ** 3
    this.stateIndex = new Int32Array(count)
    this.padIndex = new Int32Array(count)
    this.kx = new Int32Array(count)
    this.ky = new Int32Array(count)
    this.kz = new Int32Array(count)
    this.k2 = new Int32Array(count)
    this.indexModes(h)
    const size = this.m ** 3
    this.zRe = new Float64Array(size)
    this.zIm = new Float64Array(size)
    this.q = new Float64Array(size)
    this.bound = new Float64Array(size)
  }

  private indexModes(h: number): void {
    const { n, m } = this
    const wrap = (k: number, size: number) => (k + size) % size
    let p = 0
    for (let a = -h; a <= h; a++) {
      for (let b = -h; b <= h; b++) {
        for (let c = -h; c <= h; c++) {
          this.stateIndex[p] = (wrap(a, n) * n + wrap(b, n)) * n + wrap(c, n)
          this.padIndex[p] = (wrap(a, m) * m + wrap(b, m)) * m + wrap(c, m)
          this.kx[p] = a
          this.ky[p] = b
          this.kz[p] = c
          this.k2[p] = a * a + b * b + c * c
          p++
        }
      }
    }
  }

  /**
   * out = Q̂(f̂) on the n³ state layout (Nyquist entries zero). When `stiffness` is given, also fills it for
   * the stepper: `diffusion` = ξ_max² max_v [tr A + 2Σ_{i<j}|A_ij|] + max_v |c∗f|, the frozen-coefficient
   * symbol of A:∇² over the cube |ξ_a| ≤ ξ_max plus the reaction term (an upper bound: power iteration on
   * the Jacobian finds ~half of it for γ = 0, −3 and 1); `advection` = ξ_max max_v Σ_j |B_j|, the drift.
   */
  evaluate(fRe: Float64Array, fIm: Float64Array, outRe: Float64Array, outIm: Float64Array, stiffness?: StiffnessBounds): void {
    const wantBound = stiffness !== undefined
    this.q.fill(0)
    if (wantBound) this.bound.fill(0)
    for (let pair = 0; pair < 6; pair++) {
      this.fillPair(fRe, fIm, pair)
      this.fft.transform(this.zRe, this.zIm, 1, this.active)
      this.accumulate(pair, wantBound)
    }
    const cMax = this.reactionTerm(fRe, fIm)
    this.fft.transform(this.zRe, this.zIm, -1, this.active)
    this.extract(outRe, outIm)
    // Galerkin: Q̂_0 = Σ_{l+m=0} vanishes identically; what the transforms leave there is round-off.
    if (this.m > this.n) outRe[0] = outIm[0] = 0
    if (!stiffness) return
    let bMax = 0
    for (let v = 0; v < this.bound.length; v++) if (this.bound[v] > bMax) bMax = this.bound[v]
    const xiMax = (Math.PI * (this.n / 2 - 1)) / this.L
    stiffness.diffusion = xiMax * xiMax * bMax + cMax
    stiffness.advection = xiMax * this.driftBound(fRe, fIm)
  }

  /**
   * max_v Σ_j |B_j(v)| for the drift hidden in the non-divergence form, A:∇²f = ∇·(A∇f) − B·∇f with
   * B = ∇·A, B̂_j = iξ_j (ξ̂ᵀâξ̂) f̂. Two more inverse transforms: (B_x, B_y) together, then B_z.
   */
  private driftBound(fRe: Float64Array, fIm: Float64Array): number {
    const { zRe, zIm, table, q } = this
    const s = Math.PI / this.L
    q.fill(0)
    for (let pass = 0; pass < 2; pass++) {
      zRe.fill(0)
      zIm.fill(0)
      for (let p = 0; p < this.stateIndex.length; p++) {
        const w = table.longitudinal[this.k2[p]]
        // Multiplier on f̂: pass 0 iξ_x + i·(iξ_y) = −ξ_y + iξ_x; pass 1 iξ_z.
        const mr = pass === 0 ? -s * this.ky[p] * w : 0
        const mi = pass === 0 ? s * this.kx[p] * w : s * this.kz[p] * w
        const a = this.stateIndex[p]
        const t = this.padIndex[p]
        zRe[t] = mr * fRe[a] - mi * fIm[a]
        zIm[t] = mr * fIm[a] + mi * fRe[a]
      }
      this.fft.transform(zRe, zIm, 1, this.active)
      for (let v = 0; v < q.length; v++) q[v] += Math.abs(zRe[v]) + (pass === 0 ? Math.abs(zIm[v]) : 0)
    }
    let max = 0
    for (let v = 0; v < q.length; v++) if (q[v] > max) max = q[v]
    return max
  }

  /** z = Â_ij f̂ + i (−ξ_iξ_j f̂) on the padded grid, zero elsewhere. */
  private fillPair(fRe: Float64Array, fIm: Float64Array, pair: number): void {
    const [i, j] = PAIRS[pair]
    const { zRe, zIm, table } = this
    zRe.fill(0)
    zIm.fill(0)
    const scale2 = (Math.PI / this.L) ** 2
    const ks = [this.kx, this.ky, this.kz]
    const ki = ks[i]
    const kj = ks[j]
    const diagonal = i === j ? 1 : 0
    for (let p = 0; p < this.stateIndex.length; p++) {
      const q = this.k2[p]
      const alpha = table.alpha[q]
      const beta = table.longitudinal[q] - alpha
      const kk = ki[p] * kj[p]
      const a = alpha * diagonal + (q === 0 ? 0 : (beta * kk) / q)
      const d = -scale2 * kk
      const s = this.stateIndex[p]
      const t = this.padIndex[p]
      // (a + i d)·f̂ for real a, d.
      zRe[t] = a * fRe[s] - d * fIm[s]
      zIm[t] = a * fIm[s] + d * fRe[s]
    }
  }

  /** q += w·A_ij·∂_ij f; bound += w|A_ij| (A_ii for the diagonal). */
  private accumulate(pair: number, wantBound: boolean): void {
    const w = PAIRS[pair][2]
    const { zRe, zIm, q, bound } = this
    for (let v = 0; v < q.length; v++) q[v] += w * zRe[v] * zIm[v]
    if (!wantBound) return
    if (w === 1) for (let v = 0; v < q.length; v++) bound[v] += zRe[v]
    else for (let v = 0; v < q.length; v++) bound[v] += w * Math.abs(zRe[v])
  }

  /** q −= (c∗f) f; leaves q in z (imaginary part zero) for the forward transform; returns max |c∗f|. */
  private reactionTerm(fRe: Float64Array, fIm: Float64Array): number {
    const { zRe, zIm, table } = this
    zRe.fill(0)
    zIm.fill(0)
    const scale2 = (Math.PI / this.L) ** 2
    for (let p = 0; p < this.stateIndex.length; p++) {
      const c = -scale2 * this.k2[p] * table.longitudinal[this.k2[p]]
      const s = this.stateIndex[p]
      const t = this.padIndex[p]
      // (c + i)·f̂.
      zRe[t] = c * fRe[s] - fIm[s]
      zIm[t] = c * fIm[s] + fRe[s]
    }
    this.fft.transform(zRe, zIm, 1, this.active)
    let cMax = 0
    const q = this.q
    for (let v = 0; v < q.length; v++) {
      const c = zRe[v]
      if (Math.abs(c) > cMax) cMax = Math.abs(c)
      zRe[v] = q[v] - c * zIm[v]
      zIm[v] = 0
    }
    return cMax
  }

  private extract(outRe: Float64Array, outIm: Float64Array): void {
    outRe.fill(0)
    outIm.fill(0)
    const inv = 1 / this.m ** 3
    for (let p = 0; p < this.stateIndex.length; p++) {
      const s = this.stateIndex[p]
      const t = this.padIndex[p]
      outRe[s] = this.zRe[t] * inv
      outIm[s] = this.zIm[t] * inv
    }
  }
}
