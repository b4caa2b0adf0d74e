// Times as JSON prints them. A stored time is k·Δt in binary floating point, so t = 35 × 0.005 is
// 0.17500000000000002 and JSON.stringify prints every digit of that. Output rounds a time to 12 significant
// digits: far below any Δt a run takes (T/Δt < 10^11 steps) and far above the error of k·Δt (≈ 10^-16
// relative), so it gives back the decimal time the spec meant. Only output: stored values stay as they are.

/** Powers of ten that are exact doubles (10^0 … 10^22): a division by one is correctly rounded. */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i)

/** `t` rounded to 12 significant digits: Number(t.toPrecision(12)), without a string per value. */
export function cleanTime(t: number): number {
  if (t === 0 || !Number.isFinite(t)) return t
  const digits = 11 - Math.floor(Math.log10(Math.abs(t)))
  // |t| in [1e-11, 1e12): round(t·10^d)/10^d, an integer below 10^12 over an exact power of ten. A long
  // export writes millions of times; toPrecision makes a string for each (≈ 7× slower, measured).
  if (digits < 0 || digits > 22) return Number(t.toPrecision(12))
  const scale = POW10[digits]
  const y = t * scale
  const r = Math.round(y)
  // Near a half the product's own rounding (and Math.round's ties towards +∞) could round the other way
  // than toPrecision: those few go the slow, exact way.
  if (Math.abs(Math.abs(y - r) - 0.5) < 1e-3) return Number(t.toPrecision(12))
  return r / scale
}

/**
 * A JSON.stringify replacer that prints times cleanly: a number, or an array of numbers, under the key
 * `t` (histories, snapshots, densities, progress). Other numbers print as they are.
 */
export function cleanTimes(key: string, value: unknown): unknown {
  if (key !== 't') return value
  if (typeof value === 'number') return cleanTime(value)
  if (Array.isArray(value) && value.every((x) => typeof x === 'number')) return value.map(cleanTime)
  return value
}
