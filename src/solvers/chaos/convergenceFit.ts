// Convergence rates from a sweep over N: fit y ≈ e^a N^p, i.e. log y = a + p log N, to points
// (N_i, y_i ± se_i), y_i > 0 (a W2 excess, a weak error, …), and say how well p is determined.
//
// Weighted least squares on the logs. By the delta method sd(log y) ≈ se/y, so the weights are
// w_i = (y_i/se_i)² — used when every se is finite and > 0, else all w_i = 1 (unweighted). Either way the
// weights are taken as RELATIVE: the covariance is s²(XᵀWX)⁻¹ with s² = Σ w_i r_i²/(n − 2) estimated from
// the scatter about the line (scipy curve_fit's absolute_sigma=False; statsmodels WLS). That is what makes
// the Student t with n − 2 degrees of freedom the right law for (p̂ − p)/se(p̂) under Gaussian errors, and it
// stays honest when the se_i are under-estimated or the power law is only asymptotic. chi2Reduced = s²
// (weighted fits only) says which: ≈ 1 when the scatter matches the error bars, ≫ 1 when the points
// deviate from a power law by more than their errors. With n = 2 the line is exact: slope, no SE (NaN).
//
// Per-point 95 % intervals y ± t·se use the point's own degrees of freedom when given (M − 1 for a replica
// mean of M), else the normal quantile; on log axes a lower end ≤ 0 cannot be drawn, so it is clipped to
// y·LOG_AXIS_FLOOR and flagged (draw it as open-ended).
import { tQuantile } from '../special/tQuantile'

/** A clipped lower end sits at this fraction of y (three decades below the point). */
export const LOG_AXIS_FLOOR = 1e-3

export interface FitPoint {
  N: number
  y: number
  /** Standard error of y (NaN or ≤ 0: unknown, the fit is then unweighted and the point has no interval). */
  se: number
  /** Degrees of freedom of se (e.g. replicas − 1); absent: normal quantile. */
  df?: number
}

export interface FitPointInterval {
  N: number
  y: number
  lo: number
  hi: number
  /** lo was ≤ 0 and has been set to y·LOG_AXIS_FLOOR. */
  clipped: boolean
}

export interface ConvergenceFit {
  n: number
  weighted: boolean
  /** p, its SE and the 95 % interval p ± t_{0.975, n−2}·SE. */
  slope: number
  slopeSe: number
  slopeLo: number
  slopeHi: number
  /** a (y ≈ e^a N^p) and its SE. */
  intercept: number
  interceptSe: number
  /** n − 2, and t_{0.975, n−2} (NaN when n = 2). */
  dof: number
  tCrit: number
  /** Σ w r²/(n − 2) for a weighted fit (NaN unweighted or n = 2). */
  chi2Reduced: number
  points: FitPointInterval[]
}

export function convergenceFit(points: FitPoint[]): ConvergenceFit {
  const n = points.length
  if (n < 2) throw new RangeError(`convergenceFit: need at least 2 points, got ${n}`)
  for (const q of points) {
    if (!(q.N > 0 && Number.isFinite(q.N))) throw new RangeError(`convergenceFit: N must be > 0 and finite: ${q.N}`)
    if (!(q.y > 0 && Number.isFinite(q.y))) throw new RangeError(`convergenceFit: y must be > 0 and finite (log scale): ${q.y}`)
  }
  const weighted = points.every((q) => q.se > 0 && Number.isFinite(q.se))
  const x = points.map((q) => Math.log(q.N))
  const z = points.map((q) => Math.log(q.y))
  const w = points.map((q) => (weighted ? (q.y / q.se) ** 2 : 1))
  let sw = 0
  let sx = 0
  let sz = 0
  for (let i = 0; i < n; i++) {
    sw += w[i]
    sx += w[i] * x[i]
    sz += w[i] * z[i]
  }
  const xm = sx / sw
  const zm = sz / sw
  // Centred sums: no cancellation between Σwx² and (Σwx)²/Σw when the N are large and close.
  let sxx = 0
  let sxz = 0
  for (let i = 0; i < n; i++) {
    sxx += w[i] * (x[i] - xm) ** 2
    sxz += w[i] * (x[i] - xm) * (z[i] - zm)
  }
  if (!(sxx > 0)) throw new RangeError('convergenceFit: all points have the same N; no slope')
  const slope = sxz / sxx
  const intercept = zm - slope * xm
  const dof = n - 2
  let rss = 0
  for (let i = 0; i < n; i++) rss += w[i] * (z[i] - intercept - slope * x[i]) ** 2
  const s2 = dof > 0 ? rss / dof : NaN
  const slopeSe = Math.sqrt(s2 / sxx)
  const interceptSe = Math.sqrt(s2 * (1 / sw + (xm * xm) / sxx))
  const tCrit = dof > 0 ? tQuantile(0.975, dof) : NaN
  return {
    n,
    weighted,
    slope,
    slopeSe,
    slopeLo: slope - tCrit * slopeSe,
    slopeHi: slope + tCrit * slopeSe,
    intercept,
    interceptSe,
    dof,
    tCrit,
    chi2Reduced: weighted ? s2 : NaN,
    points: points.map(pointInterval),
  }
}

function pointInterval(q: FitPoint): FitPointInterval {
  if (!(q.se >= 0 && Number.isFinite(q.se))) return { N: q.N, y: q.y, lo: NaN, hi: NaN, clipped: false }
  const t = tQuantile(0.975, q.df ?? Infinity)
  const lo = q.y - t * q.se
  const clipped = !(lo > 0)
  return { N: q.N, y: q.y, lo: clipped ? q.y * LOG_AXIS_FLOOR : lo, hi: q.y + t * q.se, clipped }
}
