// An estimate with its 95 % interval, as every chaos estimator reports it, and the delete-one jackknife
// over replicas that gives the standard error of the estimators that are not plain means.
// Replicas are independent runs, so the replica is the unit of resampling: whatever the correlations
// between the particles of one replica, they are inside each replica's contribution.
import { tQuantile } from '../special/tQuantile'

export interface ChaosEstimate {
  value: number
  se: number
  /** value ± t_{0.975, df}·se. */
  lo: number
  hi: number
  /** Degrees of freedom of se: replicas − 1. */
  df: number
  replicas: number
}

export function withInterval(value: number, se: number, replicas: number): ChaosEstimate {
  const df = replicas - 1
  const h = df >= 1 && Number.isFinite(se) ? tQuantile(0.975, df) * se : NaN
  return { value, se, lo: value - h, hi: value + h, df, replicas }
}

/**
 * Jackknife standard error of a statistic from its R leave-one-out values θ_(i):
 * se² = (R − 1)/R · Σ(θ_(i) − θ̄_(·))² (Efron & Tibshirani, "An Introduction to the Bootstrap", §11.2).
 */
export function jackknifeSe(leaveOneOut: Float64Array): number {
  const R = leaveOneOut.length
  if (R < 2) return NaN
  let mean = 0
  for (let i = 0; i < R; i++) mean += leaveOneOut[i]
  mean /= R
  let ss = 0
  for (let i = 0; i < R; i++) ss += (leaveOneOut[i] - mean) ** 2
  return Math.sqrt(((R - 1) / R) * ss)
}
