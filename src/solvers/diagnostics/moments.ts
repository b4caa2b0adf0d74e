// Moment metrics of the particle replicas and their replica mean ± standard error.
// Per replica (equal weights 1/N): mass Σ1/N = 1, momentum |(1/N)ΣV|, energy (1/N)Σ|V|²,
// Txx, Tyy, Tzz = (1/N)ΣV_x², … (raw second moments, not centred on the empirical mean, so that
// energy = Txx + Tyy + Tzz and the conservation of both momentum and energy is visible in the rows).
// Across replicas: mean, and `<metric>_se` = sample standard deviation / √M (NaN for M = 1).
// Then the entropy of the one-particle marginal F_{N,1} (docs/MATH.md §5): `entropy_knn` = the Kozachenko–
// Leonenko estimate (klEntropy.ts) from the particles of all replicas pooled, and `entropy_knn_se` from the
// spread of the same estimate over groups of replicas (pooledEntropy below; docs/NUMERICS.md §5.2).
import { klEntropy } from './klEntropy'

export const MOMENT_METRICS = ['mass', 'momentum', 'energy', 'Txx', 'Tyy', 'Tzz'] as const

/** Metric names of the moment part of a row: the six means, then their six standard errors. */
export const MOMENT_ROW_METRICS: string[] = [...MOMENT_METRICS, ...MOMENT_METRICS.map((m) => `${m}_se`)]

/** Metric names of a history row: the moment part, then the kNN entropy of F_{N,1} and its standard error. */
export const ROW_METRICS: string[] = [...MOMENT_ROW_METRICS, 'entropy_knn', 'entropy_knn_se']

/**
 * At most this many particles make the entropy pool: the first ⌊cap/M⌋ (at least 1) of every replica, what
 * a row's entropy reads and what replica-range parts store for a merge. Any fixed subset of particles is a
 * sample of F_{N,1} (exchangeability), so a cap changes the estimate's precision, never its target. The
 * estimate itself reads at most ENTROPY_KNN_CAP of these.
 */
export const ENTROPY_POOL_CAP = 65536

/**
 * At most this many of the pool's particles enter the pooled estimate entropy_knn: the first ⌊cap/M⌋ (at
 * least 1) of each replica's share. A fixed subset again (exchangeability), so the target is unchanged; the
 * precision at the cap is SD ≈ 2/√32768 = 0.011 (0.008 with all 65 536), the bias ≈ 0.005 for a Maxwellian
 * (docs/NUMERICS.md §5.2). It halves the kNN search, the row's dominant cost (issue 20: ≤ 20 ms at 10⁵
 * particles). The pool itself keeps ⌊ENTROPY_POOL_CAP/M⌋ a replica: its stored form (replica-range parts,
 * docs/PROJECT_FORMAT.md) is unchanged.
 */
export const ENTROPY_KNN_CAP = 32768

/** Replica groups for entropy_knn_se: per-replica estimates when M ≤ this, else this many equal groups. */
export const ENTROPY_SE_GROUPS = 32

/**
 * At most this many particles enter the group estimates of entropy_knn_se: the first ⌊cap/M⌋ (at least 1)
 * of each replica's share of the pool. The SE rescales by the 1/n law of the estimator's variance, so the
 * cap changes the SE's cost, not its target; its precision is set by the number of groups (±1/√(2(G−1)),
 * 13 % at G = 32), not by the group size. 8192 keeps every capped group at ≥ 128 points, where the 1/n law
 * still holds (SD·√n = 1.96 ± 0.03 at n = 128 against ≈ 2.0 at large n, docs/NUMERICS.md §5.2), and the SE
 * at an eighth of the pooled estimate's cost at its cap.
 */
export const ENTROPY_SE_CAP = 8192

/** Particles each replica gives the pooled entropy of a run of M replicas of N: ⌊cap/M⌋, at least 1, at most N. */
export function entropyPoolSize(M: number, N: number): number {
  return Math.max(1, Math.min(N, Math.floor(ENTROPY_POOL_CAP / M)))
}

/** The first `per` particles of each replica, end to end (3 coordinates each): what the pooled entropy reads. */
export function entropyPool(v: Float64Array[], per: number): Float64Array {
  const pooled = new Float64Array(3 * per * v.length)
  for (let m = 0; m < v.length; m++) pooled.set(v[m].subarray(0, 3 * per), 3 * per * m)
  return pooled
}

/** Of each replica's share (per particles) of the pool, the first ⌊cap/M⌋, at least 1, at most per. */
export function entropyShare(cap: number, M: number, per: number): number {
  return Math.max(1, Math.min(per, Math.floor(cap / M)))
}

/**
 * The pooled kNN entropy of the replicas and its standard error, written to out[at], out[at + 1].
 * The estimate reads the first p = entropyShare(ENTROPY_KNN_CAP, M, per) particles of each replica's share.
 * SE: the M replicas are cut into G = min(M, 32) groups of s = ⌊M/G⌋ consecutive replicas (a remainder of
 * fewer than G replicas is left out of the SE only); Ĥ_g is the same estimator on group g's particles — the
 * first q = entropyShare(ENTROPY_SE_CAP, M, p) of each of its replicas' shares, n_g = s·q points — and
 * SE = sd(Ĥ_g)·√(s·q / (M·p)). Replicas are independent, so the Ĥ_g are i.i.d.; the KL estimator's
 * variance scales as 1/n, so Var(pooled on M·p points) ≈ Var(Ĥ_g)·n_g/(M·p). With q = p (M·p ≤
 * ENTROPY_SE_CAP) this is sd(Ĥ_g)·√(s/M) bit for bit (s·p/(M·p) rounds to s/M: both products are
 * exact), for M ≤ 32 the per-replica spread / √M. NaN for M = 1.
 */
export function pooledEntropy(v: Float64Array[], N: number, out: number[], at: number): void {
  const per = entropyPoolSize(v.length, N)
  pooledEntropyOf(entropyPool(v, per), per, v.length, out, at)
}

/** pooledEntropy from the pool itself (entropyPool: M replicas of `per` particles), as a merge has it. */
export function pooledEntropyOf(pooled: Float64Array, per: number, M: number, out: number[], at: number): void {
  const p = entropyShare(ENTROPY_KNN_CAP, M, per)
  out[at] = klEntropy(firstOfShares(pooled, per, 0, M, p), p * M)
  if (M === 1) {
    out[at + 1] = NaN
    return
  }
  const G = Math.min(M, ENTROPY_SE_GROUPS)
  const s = Math.floor(M / G)
  const q = entropyShare(ENTROPY_SE_CAP, M, p)
  const h = new Float64Array(G)
  for (let g = 0; g < G; g++) h[g] = klEntropy(firstOfShares(pooled, per, s * g, s, q), q * s)
  let mean = 0
  for (let g = 0; g < G; g++) mean += h[g] / G
  let dev2 = 0
  for (let g = 0; g < G; g++) dev2 += (h[g] - mean) ** 2
  out[at + 1] = Math.sqrt((dev2 / (G - 1)) * ((s * q) / (M * p)))
}

/** The first q particles of the shares (per particles each) of replicas from … from + count − 1, end to end. */
function firstOfShares(pooled: Float64Array, per: number, from: number, count: number, q: number): Float64Array {
  if (q === per || count === 1) return pooled.subarray(3 * per * from, 3 * per * from + 3 * q * count) // contiguous
  const out = new Float64Array(3 * q * count)
  for (let r = 0; r < count; r++) out.set(pooled.subarray(3 * per * (from + r), 3 * per * (from + r) + 3 * q), 3 * q * r)
  return out
}

/**
 * The values of one history row for the replicas v (each Float64Array(3N)), aligned with ROW_METRICS.
 * `perReplica` is a Float64Array(M·6) scratch, left holding every replica's six moments.
 */
export function historyRow(v: Float64Array[], N: number, perReplica: Float64Array): number[] {
  const M = v.length
  const K = MOMENT_METRICS.length
  for (let m = 0; m < M; m++) particleMoments(v[m], N, perReplica, m * K)
  return historyRowOf(perReplica, entropyPool(v, entropyPoolSize(M, N)), M)
}

/**
 * A history row from its inputs: the six moments of each of M replicas (perReplica, M·6) and the entropy
 * pool (entropyPool). historyRow computes exactly this; a merge calls it on the concatenated inputs of a
 * run's replica-range parts, so the whole run's row comes out bit for bit.
 */
export function historyRowOf(perReplica: Float64Array, pooled: Float64Array, M: number): number[] {
  const K = MOMENT_METRICS.length
  const values: number[] = new Array(ROW_METRICS.length)
  replicaMeanAndSe(perReplica, M, K, values)
  pooledEntropyOf(pooled, pooled.length / (3 * M), M, values, 2 * K)
  return values
}

/**
 * Writes the six moments of one replica (v: Float64Array(3N)) to out[at .. at+6).
 * Sums are compensated (Neumaier) so that, even at N = 1e6, the summation error stays far below
 * the conservation errors the rows are meant to show.
 */
export function particleMoments(v: Float64Array, N: number, out: Float64Array, at: number): void {
  const acc = new Float64Array(12) // (sum, compensation) for Σx, Σy, Σz, Σx², Σy², Σz²
  for (let p = 0; p < N; p++) {
    const x = v[3 * p]
    const y = v[3 * p + 1]
    const z = v[3 * p + 2]
    add(acc, 0, x)
    add(acc, 1, y)
    add(acc, 2, z)
    add(acc, 3, x * x)
    add(acc, 4, y * y)
    add(acc, 5, z * z)
  }
  const px = (acc[0] + acc[1]) / N
  const py = (acc[2] + acc[3]) / N
  const pz = (acc[4] + acc[5]) / N
  const txx = (acc[6] + acc[7]) / N
  const tyy = (acc[8] + acc[9]) / N
  const tzz = (acc[10] + acc[11]) / N
  out[at] = 1 // Σ 1/N, exactly 1 (not summed in floating point, which could give 1 − 2^-53)
  out[at + 1] = Math.sqrt(px * px + py * py + pz * pz)
  out[at + 2] = txx + tyy + tzz
  out[at + 3] = txx
  out[at + 4] = tyy
  out[at + 5] = tzz
}

/** Neumaier's compensated addition of x into the k-th (sum, compensation) slot of acc. */
function add(acc: Float64Array, k: number, x: number): void {
  const s = acc[2 * k]
  const t = s + x
  acc[2 * k + 1] += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s
  acc[2 * k] = t
}

/**
 * Replica mean and standard error of each of K metrics. perReplica holds replica m's metric q at
 * [m·K + q]. Writes the K means to out[0..K) and the K standard errors to out[K..2K).
 * Deterministic: plain sums in replica order, two passes (mean, then squared deviations).
 */
export function replicaMeanAndSe(perReplica: Float64Array, M: number, K: number, out: number[]): void {
  for (let q = 0; q < K; q++) {
    let sum = 0
    for (let m = 0; m < M; m++) sum += perReplica[m * K + q]
    const mean = sum / M
    let dev2 = 0
    for (let m = 0; m < M; m++) {
      const d = perReplica[m * K + q] - mean
      dev2 += d * d
    }
    out[q] = mean
    out[K + q] = M > 1 ? Math.sqrt(dev2 / (M - 1) / M) : NaN
  }
}
