// The blob method's Gaussian mollifier ψ_ε (variance ε per axis, blobMollifier.ts) acting on radial functions,
// on the cell centres r_j = (j + ½)h of the isotropic grid (isotropicGrid.ts). For radial g, averaging
// ψ_ε(v − w) over the directions of w gives
//   (ψ_ε ∗ g)(r) = ∫ g(s) k(r, s) 4πs² ds,  k(r, s) = (2πε)^{−1/2} e^{−(r−s)²/2ε} (1 − e^{−2rs/ε}) / (4π r s),
// symmetric in r and s (1 − e^{−2rs/ε} by expm1: no cancellation for rs ≪ ε). The cell sum
//   (Wx)_i = Σ_j k(r_i, r_j) q_j x_j,  q_j = 4π r_j² h,
// is the midpoint rule of that integral. For even g the integrand s ↦ g(s)k(r, s)s² is even and smooth on
// R, and the centres are symmetric about 0, so the rule is the trapezoid rule of a smooth function on the
// line: spectrally accurate once √ε spans a couple of cells (validated: √ε ≥ 2h). (The exact shell volumes
// 4πh(r_j² + h²/12) would add an O(h²/r²) error near the origin.) Because k is symmetric, the same W gives
// both f_ε = Wf and the score potential S = W log f_ε = δE_ε/δf (isotropicRegularised.ts).
// Rows are cut where e^{−(r−s)²/2ε} < 1e−16 (the blob's cut-off): W is banded.
import { CUTOFF } from '../blob/blobMollifier'
import type { Grid } from './isotropicGrid'

export interface RadialMollifier {
  readonly eps: number
  /** out = W x (out must not alias x). */
  apply(x: Float64Array, out: Float64Array): void
}

/** The smallest √ε / h the midpoint rule is trusted with (quadrature error of the Gaussian ≈ e^{−2π²·4}). */
export const MIN_WIDTH_CELLS = 2

/** The fewest cells of [0, rMax] on which √ε spans MIN_WIDTH_CELLS cells (the spec, the solver and the study's rule). */
export function cellsToResolve(eps: number, rMax: number): number {
  return Math.ceil((MIN_WIDTH_CELLS * rMax) / Math.sqrt(eps))
}

/** The midpoint weights q_j = 4π r_j² h of ∫ · 4πr² dr on the grid's centres. */
export function midpointWeights(g: Grid): Float64Array {
  return g.r.map((r) => 4 * Math.PI * r * r * g.h)
}

export function createRadialMollifier(g: Grid, eps: number): RadialMollifier {
  if (!(eps > 0 && Number.isFinite(eps))) throw new Error('isotropic: eps must be positive')
  const cells = cellsToResolve(eps, g.h * g.n)
  if (g.n < cells) {
    throw new Error(
      `isotropic: eps = ${eps} is narrower than the radial grid resolves (√eps < ${MIN_WIDTH_CELLS} cells): use at least ${cells} cells or a smaller rMax`,
    )
  }
  const n = g.n
  const R = Math.sqrt(2 * eps * Math.log(1 / CUTOFF))
  // At most the whole grid: a wide ψ_ε on a fine grid (rMax = 1, 800 cells, eps = 10) would otherwise size rows
  // for 43 201 cells of 800 (276 MB). Rows are clipped to [0, n − 1] either way, so the sums are the same.
  const band = Math.min(n - 1, Math.ceil(R / g.h))
  const lo = new Int32Array(n)
  const hi = new Int32Array(n)
  const width = 2 * band + 1
  const w = new Float64Array(n * width)
  const norm = 1 / (Math.sqrt(2 * Math.PI * eps) * 4 * Math.PI)
  const q = midpointWeights(g)
  for (let i = 0; i < n; i++) {
    lo[i] = Math.max(0, i - band)
    hi[i] = Math.min(n - 1, i + band)
    const r = g.r[i]
    for (let j = lo[i]; j <= hi[i]; j++) {
      const s = g.r[j]
      const d = r - s
      w[i * width + (j - lo[i])] = (norm * Math.exp(-(d * d) / (2 * eps)) * -Math.expm1((-2 * r * s) / eps) * q[j]) / (r * s)
    }
  }
  return {
    eps,
    apply(x, out) {
      for (let i = 0; i < n; i++) {
        let s = 0
        const row = i * width - lo[i]
        for (let j = lo[i]; j <= hi[i]; j++) s += w[row + j] * x[j]
        out[i] = s
      }
    },
  }
}
