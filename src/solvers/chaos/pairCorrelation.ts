// The pair correlation of the 2-marginal, C_φ(t) = ∫(F_{N,2} − F_{N,1}⊗F_{N,1}) φ⊗φ = Cov(φ(V¹), φ(V²)),
// the part of the chaos error that lives in the correlations between particles; for a chaotic sequence it
// is o(1), and its size in N is what a study measures. docs/MATH.md §5, docs/NUMERICS.md (chaos).
//
// Estimator. In replica r, with m_r = (1/N)Σφ(V_i) and q_r = (1/N)Σφ(V_i)², the distinct-pair average
// U_r = (N m_r² − q_r)/(N − 1) is unbiased for E[φ(V¹)φ(V²)] (a U-statistic, exchangeability), and over R
// independent replicas
//   Ĉ = Ū − m̄² + S²_m/R,   S²_m the replica variance of m_r,
// is unbiased for C = E[φ(V¹)φ(V²)] − (Eφ(V¹))², since E[m̄²] = (Eφ)² + Var(m)/R. It is the
// spread-of-replica-means estimator (N·Var(m) − Var φ)/(N − 1) written so that no variance is estimated twice.
//
// Paired estimator (a control variate with a known mean). i.i.d. initial data have C(0) = 0 exactly, and
// Ĉ(t) and Ĉ(0) computed on the SAME replicas share most of their noise: the spread of the replica means
// frozen in by the initial sample (for a conserved φ, m_r(t) = m_r(0) in every replica). So
//   Ĉ(t) − Ĉ(0)
// is unbiased for C(t) and far less noisy. For φ = |v|² under a dynamics that conserves energy exactly
// (kac, pairing with the rotation step) it reduces to (V̂ar_0 − V̂ar_t)/(N − 1): the energy identity
// Cov_t(|V¹|², |V²|²) = (Var_0 − Var_t)/(N − 1), which the tests check against the raw estimator.
//
// Standard error: delete-one jackknife over replicas (chaosEstimate.ts), O(R) from running sums.
import { jackknifeSe, withInterval, type ChaosEstimate } from './chaosEstimate'
import type { ReplicaMoments } from './chaosObservables'

interface Sums {
  u: number
  m: number
  m2: number
  q: number
}

function sums(x: ReplicaMoments): Sums {
  const N = x.N
  const s: Sums = { u: 0, m: 0, m2: 0, q: 0 }
  for (let r = 0; r < x.m.length; r++) {
    const m = x.m[r]
    s.u += (N * m * m - x.q[r]) / (N - 1)
    s.m += m
    s.m2 += m * m
    s.q += x.q[r]
  }
  return s
}

function without(s: Sums, x: ReplicaMoments, r: number): Sums {
  const N = x.N
  const m = x.m[r]
  return { u: s.u - (N * m * m - x.q[r]) / (N - 1), m: s.m - m, m2: s.m2 - m * m, q: s.q - x.q[r] }
}

/** Ĉ = Ū − m̄² + S²_m/R from the sums of R replicas (R ≥ 2). */
function covariance(s: Sums, R: number): number {
  const mean = s.m / R
  const s2 = (s.m2 - s.m * mean) / (R - 1)
  return s.u / R - mean * mean + s2 / R
}

/** V̂ar φ = q̄ − m̄² + S²_m/R: unbiased for the variance of φ(V¹) under F_{N,1}. */
function variance(s: Sums, R: number): number {
  const mean = s.m / R
  const s2 = (s.m2 - s.m * mean) / (R - 1)
  return s.q / R - mean * mean + s2 / R
}

function check(at: ReplicaMoments, base?: ReplicaMoments) {
  const R = at.m.length
  if (at.N < 2) throw new RangeError(`a pair correlation needs N ≥ 2: ${at.N}`)
  if (R < 3) throw new RangeError(`a pair correlation with an interval needs at least 3 replicas: ${R}`)
  if (base && (base.m.length !== R || base.N !== at.N)) throw new RangeError('the paired estimator needs the same replicas at both times')
}

/** Ĉ_φ(t) from the replicas at t alone (the raw estimator), with its jackknife interval. */
export function pairCorrelation(at: ReplicaMoments): ChaosEstimate {
  check(at)
  const R = at.m.length
  const all = sums(at)
  const loo = new Float64Array(R)
  for (let r = 0; r < R; r++) loo[r] = covariance(without(all, at, r), R - 1)
  return withInterval(covariance(all, R), jackknifeSe(loo), R)
}

/** Ĉ_φ(t) − Ĉ_φ(0) on the same replicas (the paired estimator; valid for i.i.d. initial data). */
export function pairedPairCorrelation(at: ReplicaMoments, base: ReplicaMoments): ChaosEstimate {
  check(at, base)
  const R = at.m.length
  const st = sums(at)
  const s0 = sums(base)
  const loo = new Float64Array(R)
  for (let r = 0; r < R; r++) loo[r] = covariance(without(st, at, r), R - 1) - covariance(without(s0, base, r), R - 1)
  return withInterval(covariance(st, R) - covariance(s0, R), jackknifeSe(loo), R)
}

/** V̂ar φ(V¹) at the replicas' time (for the energy identity), with its jackknife interval. */
export function marginalVariance(at: ReplicaMoments): ChaosEstimate {
  check(at)
  const R = at.m.length
  const all = sums(at)
  const loo = new Float64Array(R)
  for (let r = 0; r < R; r++) loo[r] = variance(without(all, at, r), R - 1)
  return withInterval(variance(all, R), jackknifeSe(loo), R)
}
