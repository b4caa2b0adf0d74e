// The rate p of a chaos error, |y(N)| ≈ A N^p, from points (N_i, y_i ± se_i) whose standard errors come
// from many replicas — and the verdict: resolved (with p's 95 % interval) or unresolved (with the reason).
//
// Why not convergenceFit.ts's relative weights: that fit estimates the scatter from the residuals, which
// with 4 points leaves 2 degrees of freedom and a t quantile of 4.3 — an interval that no affordable number
// of replicas narrows to ±0.25. Here the se_i are measured (≥ 30 replicas each, so known to ≈ 13 %), and
// are used as ABSOLUTE: Var(p̂) = 1/Σ w_i (x_i − x̄_w)², w_i = (y_i/se_i)² (delta method: sd(log|y|) ≈ se/|y|),
// x = log N, with the normal quantile (Student t for the smallest replica count when it is below 30).
// The χ² of the residuals checks the error bars against the power law: when χ²/dof > 1 the interval is
// widened by the scale factor √(χ²/dof) (the Particle Data Group's rule for inconsistent measurements), so
// a curved or noisier-than-claimed series cannot pass as a sharp rate.
//
// The log of y needs y clearly away from 0: a point with |y| < 2 se, or of the other sign than the rest,
// makes the series unresolved (its value is noise, and its log would be). So does a half-width above the
// target. Fewer than 3 points: no check of the power law is possible, unresolved.
import { tQuantile } from '../special/tQuantile'

export interface RatePoint {
  N: number
  value: number
  se: number
  /** Replicas behind the point (its se has replicas − 1 degrees of freedom). */
  replicas: number
}

export type RateVerdict = 'resolved' | 'unresolved'

export interface RateFit {
  verdict: RateVerdict
  /** Why unresolved (empty when resolved). */
  reasons: string[]
  /** p, its standard error (scale factor included) and 95 % interval; NaN when no fit was possible. */
  p: number
  pSe: number
  pLo: number
  pHi: number
  halfWidth: number
  /** y ≈ sign·A N^p. */
  amplitude: number
  sign: number
  chi2: number
  dof: number
  /** √(χ²/dof) when > 1, else 1. */
  scale: number
  quantile: number
}

/** The smallest |y|/se a point may have and still enter the log–log fit. */
export const MIN_POINT_Z = 2

export function rateFit(points: readonly RatePoint[], targetHalfWidth = Infinity): RateFit {
  const reasons: string[] = []
  const n = points.length
  const sign = Math.sign(points.reduce((s, p) => s + p.value / (p.se > 0 ? p.se * p.se : 1), 0)) || 1
  for (const p of points) {
    if (!(Math.abs(p.value) >= MIN_POINT_Z * p.se) || !(p.se > 0)) reasons.push(`N = ${p.N}: ${fmt(p.value)} ± ${fmt(p.se)} is within ${MIN_POINT_Z} SE of 0`)
    else if (Math.sign(p.value) !== sign) reasons.push(`N = ${p.N}: the sign differs from the other points`)
  }
  const none: RateFit = {
    verdict: 'unresolved',
    reasons,
    p: NaN,
    pSe: NaN,
    pLo: NaN,
    pHi: NaN,
    halfWidth: NaN,
    amplitude: NaN,
    sign,
    chi2: NaN,
    dof: n - 2,
    scale: NaN,
    quantile: NaN,
  }
  if (n < 3) {
    reasons.push(`${n} point${n === 1 ? '' : 's'}: a rate with a check of the power law needs at least 3 values of N`)
    return none
  }
  if (reasons.length) return none
  const x = points.map((p) => Math.log(p.N))
  const y = points.map((p) => Math.log(Math.abs(p.value)))
  const w = points.map((p) => (p.value / p.se) ** 2)
  const sw = w.reduce((a, b) => a + b, 0)
  const xm = w.reduce((a, wi, i) => a + wi * x[i], 0) / sw
  const ym = w.reduce((a, wi, i) => a + wi * y[i], 0) / sw
  let sxx = 0
  let sxy = 0
  for (let i = 0; i < n; i++) {
    sxx += w[i] * (x[i] - xm) ** 2
    sxy += w[i] * (x[i] - xm) * (y[i] - ym)
  }
  const p = sxy / sxx
  const a = ym - p * xm
  let chi2 = 0
  for (let i = 0; i < n; i++) chi2 += w[i] * (y[i] - a - p * x[i]) ** 2
  const dof = n - 2
  const scale = Math.max(1, Math.sqrt(chi2 / dof))
  const pSe = scale / Math.sqrt(sxx)
  const minReplicas = Math.min(...points.map((q) => q.replicas))
  const quantile = tQuantile(0.975, minReplicas >= 30 ? Infinity : Math.max(1, minReplicas - 1))
  const halfWidth = quantile * pSe
  if (!(halfWidth <= targetHalfWidth)) reasons.push(`the 95 % interval of p is ±${fmt(halfWidth)}, wider than the target ±${fmt(targetHalfWidth)}`)
  return {
    verdict: reasons.length ? 'unresolved' : 'resolved',
    reasons,
    p,
    pSe,
    pLo: p - halfWidth,
    pHi: p + halfWidth,
    halfWidth,
    amplitude: Math.exp(a),
    sign,
    chi2,
    dof,
    scale,
    quantile,
  }
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(3) : String(x)
}
