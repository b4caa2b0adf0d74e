// W2 between two empirical measures on the line by the sorted (quantile) formula: in one dimension the
// monotone rearrangement is optimal for any convex cost, so W2² = (1/n) Σ (a₍ᵢ₎ − b₍ᵢ₎)² with both samples
// sorted (Villani, "Topics in Optimal Transportation" 2003, Thm 2.18; the quantile-coupling identity).
// Used by slicedW2.ts for each projection and by the tests as the exact 1-D oracle.

/**
 * W2² between the empirical measures of a and b (equal length n, equal weights 1/n). Sorts copies of
 * its inputs (Float64Array.prototype.sort is numeric, NaN last) and leaves a and b untouched.
 */
export function sortedW2Squared(a: Float64Array, b: Float64Array): number {
  const n = a.length
  if (b.length !== n) throw new RangeError(`sortedW2Squared: lengths differ (${n} vs ${b.length})`)
  if (n === 0) return 0
  const as = Float64Array.from(a).sort()
  const bs = Float64Array.from(b).sort()
  return sortedW2SquaredInPlace(as, bs)
}

/** W2² of two already sorted samples of equal length: the mean squared gap between matching order statistics. */
export function sortedW2SquaredInPlace(as: Float64Array, bs: Float64Array): number {
  const n = as.length
  let s = 0
  for (let i = 0; i < n; i++) {
    const d = as[i] - bs[i]
    s += d * d
  }
  return n === 0 ? 0 : s / n
}
