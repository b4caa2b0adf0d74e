// The Kozachenko–Leonenko k-nearest-neighbour estimator of the entropy from a sample (Kozachenko &
// Leonenko, Probl. Inf. Transm. 23, 1987; k > 1: Goria, Leonenko, Mergel & Novi Inverardi, J. Nonparametric
// Stat. 2005). In R^d, with ε_i the distance from X_i to its k-th nearest other sample point and
// V_d the volume of the unit ball, the differential entropy −∫f log f is estimated by
//   ψ(n) − ψ(k) + log V_d + (d/n) Σ_i log ε_i.
// The workbench uses the paper's sign H = ∫ f log f (it decreases along the flow, docs/MATH.md §4), so
//   Ĥ = ψ(k) − ψ(n) − log(4π/3) − (3/n) Σ_i log ε_i    (d = 3).
// Consistent for every fixed k; the bias at finite n comes from the density's curvature and tails
// (docs/NUMERICS.md has the numbers for a Gaussian). Coincident points (ε_i = 0) give Ĥ = +∞ — the value of
// ∫ f log f for a measure with atoms — and non-finite coordinates give NaN.
import { kthNeighbourDistances } from './nearestNeighbours'

const EULER_GAMMA = 0.5772156649015329
const LOG_UNIT_BALL_3 = Math.log((4 * Math.PI) / 3)

/** ψ(n) for an integer n ≥ 1: −γ + Σ_{m<n} 1/m below 20, else the asymptotic series (error < 1e-15). */
export function digammaInt(n: number): number {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`digammaInt needs an integer ≥ 1: ${n}`)
  if (n < 20) {
    let s = -EULER_GAMMA
    for (let m = 1; m < n; m++) s += 1 / m
    return s
  }
  // ψ(n) = ln n − 1/(2n) − Σ B_{2j}/(2j n^{2j}); the next term, 691/(32760 n^10), is < 2e-15 at n = 20.
  const x2 = 1 / (n * n)
  return Math.log(n) - 0.5 / n - x2 * (1 / 12 - x2 * (1 / 120 - x2 * (1 / 252 - x2 * (1 / 240 - x2 / 132))))
}

/** Ĥ = ∫ f log f from the n points points[3i .. 3i+3), with the k-th neighbour (k = 1 by default). */
export function klEntropy(points: Float64Array, n: number, k = 1): number {
  if (n <= k) return NaN
  for (let i = 0; i < 3 * n; i++) if (!Number.isFinite(points[i])) return NaN
  const eps = new Float64Array(n)
  kthNeighbourDistances(points, n, k, eps)
  let s = 0
  for (let i = 0; i < n; i++) s += Math.log(eps[i])
  return digammaInt(k) - digammaInt(n) - LOG_UNIT_BALL_3 - (3 * s) / n
}
