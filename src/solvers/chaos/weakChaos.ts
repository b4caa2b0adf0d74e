// The weak chaos functional of docs/MATH.md §5, for k = 1, 2:  W_k = ∫(F_{N,k} − f^{⊗k}) φ^{⊗k}.
// F_{N,k} is estimated from M independent replicas; in replica m,
//   k = 1:  (1/N) Σ_i φ(V_i)
//   k = 2:  (1/(N(N−1))) Σ_{i≠j} φ(V_i)φ(V_j) = (S² − Σφ²)/(N(N−1)),  S = Σ_i φ(V_i)
// — ordered pairs of DISTINCT particles (the 2-marginal is the law of (V^1, V^2), docs/MATH.md §5). By
// exchangeability each is an unbiased estimate of ∫F_{N,k}φ^{⊗k} (for k = 2 a U-statistic; the V-statistic
// S²/N² would add the bias (∫φ²F_{N,1} − ∫φ^{⊗2}F_{N,2})/N even for exactly chaotic data). O(N) per replica instead of
// the O(N²) double loop. f^{⊗k} integrates to (∫φ f)^k (product test function), computed exactly by
// referenceIntegral.ts, so the reported SE is the replicas' alone: sd over replicas / √M.
// Round-off: plain sums, relative error ≲ N·2⁻⁵³ (1e-10 at N = 10⁶), far below any statistical error.
import type { TestFunction } from './testFunctions'
import { evaluateTestFunction } from './testFunctions'
import { meanAndSe } from './replicaStats'

export interface WeakChaos {
  /** ∫φ f, the reference's one-particle value (f^{⊗2} gives its square). */
  weakRef: number
  /** Replica mean of (1/N)Σφ(V_i) − ∫φf, and its SE. */
  weak1: number
  weak1Se: number
  /** Replica mean of (S² − Σφ²)/(N(N−1)) − (∫φf)², and its SE (NaN for N < 2). */
  weak2: number
  weak2Se: number
}

/** (S² − Σφ²)/(N(N−1)) for the N values φ(V_i): the average of φ(V_i)φ(V_j) over ordered pairs i ≠ j. */
export function distinctPairAverage(values: ArrayLike<number>, N: number): number {
  if (N < 2) return NaN
  let s = 0
  let q = 0
  for (let i = 0; i < N; i++) {
    s += values[i]
    q += values[i] * values[i]
  }
  return (s * s - q) / (N * (N - 1))
}

/**
 * W_1, W_2 over the replicas (each Float64Array(3N); all N particles are used) against refValue = ∫φ f.
 */
export function weakChaos(replicas: Float64Array[], N: number, phi: TestFunction, refValue: number): WeakChaos {
  const M = replicas.length
  const d1 = new Float64Array(M)
  const d2 = new Float64Array(M)
  const vals = new Float64Array(N)
  for (let m = 0; m < M; m++) {
    evaluateTestFunction(phi, replicas[m], N, vals)
    let s = 0
    for (let i = 0; i < N; i++) s += vals[i]
    d1[m] = s / N - refValue
    d2[m] = distinctPairAverage(vals, N) - refValue * refValue
  }
  const w1 = meanAndSe(d1)
  const w2 = meanAndSe(d2)
  return { weakRef: refValue, weak1: w1.mean, weak1Se: w1.se, weak2: w2.mean, weak2Se: w2.se }
}
