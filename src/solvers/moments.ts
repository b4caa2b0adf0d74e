// Moment metrics of the particle replicas and their replica mean ± standard error.
// Per replica (equal weights 1/N): mass Σ1/N = 1, momentum |(1/N)ΣV|, energy (1/N)Σ|V|²,
// Txx, Tyy, Tzz = (1/N)ΣV_x², … (raw second moments, not centred on the empirical mean, so that
// energy = Txx + Tyy + Tzz and the conservation of both momentum and energy is visible in the rows).
// Across replicas: mean, and `<metric>_se` = sample standard deviation / √M (NaN for M = 1).

export const MOMENT_METRICS = ['mass', 'momentum', 'energy', 'Txx', 'Tyy', 'Tzz'] as const

/** Metric names of a row: the six means, then their six standard errors. */
export const MOMENT_ROW_METRICS: string[] = [...MOMENT_METRICS, ...MOMENT_METRICS.map((m) => `${m}_se`)]

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
