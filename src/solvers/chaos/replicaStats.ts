// Mean and standard error of M independent per-replica values: the one statistic every issue-5 diagnostic
// reports. Replicas are independent runs, so sd/√M is the honest SE of the mean whatever the correlations
// between particles inside one replica (those are inside each replica's value). NaN SE for M = 1: one value
// has no spread, and reporting 0 would claim a precision nobody measured.

export interface MeanSe {
  mean: number
  se: number
}

/** Plain two-pass sums in index order (deterministic bits). Empty input: both NaN. */
export function meanAndSe(values: ArrayLike<number>): MeanSe {
  const M = values.length
  if (M === 0) return { mean: NaN, se: NaN }
  let sum = 0
  for (let m = 0; m < M; m++) sum += values[m]
  const mean = sum / M
  if (M === 1) return { mean, se: NaN }
  let dev2 = 0
  for (let m = 0; m < M; m++) dev2 += (values[m] - mean) ** 2
  return { mean, se: Math.sqrt(dev2 / (M - 1) / M) }
}
