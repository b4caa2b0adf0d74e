// Sampler of the formula family: a moment-matched piecewise-constant approximation of f on its grid.
// Grid point q (spacing h) is the centre of one of the cubes of side h that tile the box [−L, L]³.
// Drawing q with probability ∝ f_q and then a uniform point in its cube would add the cube's variance
// h²/12 to every axis. Instead q is drawn with probability ∝ p_q = f_q − (1/24) Σ_a (f_{q+e_a} − 2f_q +
// f_{q−e_a}) (outside the box f = 0): by summation by parts Σ p_q x_q² = Σ f_q x_q² − (h²/12) Σ f_q, and
// the uniform jitter adds back exactly h²/12, while Σ p_q, Σ p_q x_q and Σ p_q x_q y_q equal those of f.
// So the sampled law has the mass, mean and covariance of the midpoint rule on the grid (the quadrature
// that defines the normalisation), up to boundary terms of the size of f on the outermost cubes (the
// grid's check bounds the mass there). Fourth moments differ by O(h⁴) (per axis −0.1125 h⁴ for smooth f).
// Where f is not smooth on the grid scale p_q can be negative; such p_q are set to 0 (the clipped share
// is reported by `clipped`).
// Particle p: draw 0 gives the uniform that selects the cube (inverse CDF by bisection) and the x jitter,
// draw 1 the y and z jitters; then the affine normalisation (v − u)/s.
import { uniform53 } from '../random/normal'
import { initialBlock } from '../random/streams'
import type { FormulaGrid } from './formulaGrid'
import type { ParticleSampler } from './initialModel'

export interface FormulaCdf {
  cdf: Float64Array
  /** share of Σ|p_q| removed by clipping negative p_q */
  clipped: number
}

export function formulaCdf(grid: FormulaGrid): FormulaCdf {
  const { n, values } = grid
  const sx = n * n
  const cdf = new Float64Array(values.length)
  let acc = 0
  let negative = 0
  let total = 0
  for (let i = 0, q = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < n; k++, q++) {
        const f = values[q]
        let nb = 0
        if (i > 0) nb += values[q - sx]
        if (i < n - 1) nb += values[q + sx]
        if (j > 0) nb += values[q - n]
        if (j < n - 1) nb += values[q + n]
        if (k > 0) nb += values[q - 1]
        if (k < n - 1) nb += values[q + 1]
        const p = 1.25 * f - nb / 24
        if (p > 0) acc += p
        else negative -= p
        total += Math.abs(p)
        cdf[q] = acc
      }
    }
  }
  return { cdf, clipped: total > 0 ? negative / total : 0 }
}

export function formulaSampler(grid: FormulaGrid, table: FormulaCdf): ParticleSampler {
  const { n, h, xs, shift, scale } = grid
  const cdf = table.cdf
  const last = cdf.length - 1
  const total = cdf[last]
  const words = new Uint32Array(4)
  return (k0, k1, p, out, at) => {
    initialBlock(k0, k1, p, 0, words, 0)
    const target = uniform53(words[0], words[1]) * total // in (0, total]
    const jx = uniform53(words[2], words[3]) - 0.5
    // smallest q with cdf[q] ≥ target: it has p_q > 0, since a clipped point repeats its predecessor
    let lo = 0
    let hi = last
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cdf[mid] >= target) hi = mid
      else lo = mid + 1
    }
    const i = Math.floor(lo / (n * n))
    const j = Math.floor(lo / n) % n
    const k = lo % n
    initialBlock(k0, k1, p, 1, words, 0)
    const jy = uniform53(words[0], words[1]) - 0.5
    const jz = uniform53(words[2], words[3]) - 0.5
    out[at] = (xs[i] + h * jx - shift[0]) / scale
    out[at + 1] = (xs[j] + h * jy - shift[1]) / scale
    out[at + 2] = (xs[k] + h * jz - shift[2]) / scale
  }
}
