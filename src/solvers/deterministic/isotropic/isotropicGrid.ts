// The radial grid shared by the isotropic schemes (isotropic.ts, isotropicRegularised.ts): cells of [0, rMax],
// their volumes, the energy steps between centres and the kernel weights Φ_kl at the interfaces; and the
// radial density record with second-order derivatives.
import type { RadialDensity } from '../types'
import { radialWeight } from './isotropicKernel'

export interface Grid {
  n: number
  h: number
  r: Float64Array
  m: Float64Array
  /** Δe_k, k = 0..n−2. */
  de: Float64Array
  /** Φ_kl, (n−1)², symmetric, zero diagonal (the l = k term of J_k vanishes identically). */
  phi: Float64Array
}

/** The options both isotropic schemes share, checked at their boundary. */
export interface RadialRunOptions {
  gamma: number
  cells: number
  rMax: number
  dt: number
}

export function validateRadialOptions(o: RadialRunOptions): void {
  if (!(o.gamma >= -3 && o.gamma <= 1)) throw new Error('isotropic: γ must be in [−3, 1]')
  if (!(Number.isInteger(o.cells) && o.cells >= 4)) throw new Error('isotropic: cells must be an integer ≥ 4')
  if (!(o.rMax > 0 && Number.isFinite(o.rMax))) throw new Error('isotropic: rMax must be positive')
  if (!(o.dt > 0 && Number.isFinite(o.dt))) throw new Error('isotropic: dt must be positive')
}

/** f_i = f0(r_i) at the centres, refused unless every value is a finite density. */
export function sampleRadial(g: Grid, f0: (r: number) => number): Float64Array {
  const f = new Float64Array(g.n)
  for (let i = 0; i < g.n; i++) {
    f[i] = f0(g.r[i])
    if (!(f[i] >= 0 && Number.isFinite(f[i]))) throw new Error(`isotropic: f0(${g.r[i]}) = ${f[i]} is not a finite density`)
  }
  return f
}

export function buildGrid(gamma: number, n: number, rMax: number): Grid {
  const h = rMax / n
  const r = new Float64Array(n),
    m = new Float64Array(n),
    de = new Float64Array(n - 1)
  for (let i = 0; i < n; i++) {
    r[i] = (i + 0.5) * h
    m[i] = ((4 * Math.PI) / 3) * h ** 3 * ((i + 1) ** 3 - i ** 3)
  }
  for (let k = 0; k < n - 1; k++) de[k] = (r[k + 1] * r[k + 1] - r[k] * r[k]) / 2
  const K = n - 1
  const phi = new Float64Array(K * K)
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < k; l++) phi[k * K + l] = phi[l * K + k] = radialWeight((k + 1) * h, (l + 1) * h, gamma)
  }
  return { n, h, r, m, de, phi }
}

/**
 * D = ½ Σ_kl h² Φ_kl F_k F_l (d_k − d_l)² from interface values F_k and score differences d_k (δlog f for
 * the Landau scheme, δS for the regularised one): a sum of non-negative terms, each pair l < k once.
 */
export function interfaceDissipation(g: Grid, F: Float64Array, d: Float64Array): number {
  const K = g.n - 1
  let D = 0
  for (let k = 0; k < K; k++) {
    if (F[k] === 0) continue
    for (let l = 0; l < k; l++) {
      const e = d[k] - d[l]
      D += g.phi[k * K + l] * F[k] * F[l] * e * e
    }
  }
  return D * g.h * g.h
}

/**
 * Nodes r_i, weights m_i, f_i and f′, f″ by second-order finite differences: centred in the interior,
 * with the even mirror f(−r) = f(r) at the first cell (ghost f_{−1} = f_0, so f′ → 0 at r = 0), and the
 * second-order one-sided formulas at the last cell.
 */
/** weights: the quadrature weights of the record (default the cell volumes m). */
export function radialDensity(g: Grid, f: Float64Array, weights: Float64Array = g.m): RadialDensity {
  const n = g.n,
    h = g.h
  const df = new Float64Array(n),
    d2f = new Float64Array(n)
  const at = (i: number) => f[i < 0 ? -1 - i : i]
  for (let i = 0; i < n - 1; i++) {
    df[i] = (at(i + 1) - at(i - 1)) / (2 * h)
    d2f[i] = (at(i + 1) - 2 * at(i) + at(i - 1)) / (h * h)
  }
  const e = n - 1
  df[e] = (3 * f[e] - 4 * f[e - 1] + f[e - 2]) / (2 * h)
  d2f[e] = (2 * f[e] - 5 * f[e - 1] + 4 * f[e - 2] - f[e - 3]) / (h * h)
  return { r: Float64Array.from(g.r), q: Float64Array.from(weights), f: Float64Array.from(f), df, d2f }
}
