// The GPU path's velocity format (pairStep.wgsl.ts): each component X·2^-40 with X a 64-bit two's-complement
// integer stored as two u32 words (high, low). Integer increments make the pair step's momentum exact on any
// adapter; 2^-40 ≈ 9.1e-13 is the resolution, |v| < 2^13 = 8192 the range in which X is an exact double
// (normalised data have Σ|v|² = 3N, so |v| ≤ √(3N) ≈ 1732 even at N = 10⁶).

const SCALE = 1099511627776 // 2^40
const TWO_32 = 4294967296
/** Velocities from this magnitude on are refused (X would not be an exact double). */
export const FIXED_LIMIT = 8192

/**
 * Rounds v (Float64Array(3N)) to the fixed-point grid IN PLACE and writes the words to out (Uint32Array(6N)):
 * afterwards v is exactly what the GPU holds, so the run's rows at t = 0 and later see one state.
 */
export function toFixed(v: Float64Array, out: Uint32Array): void {
  for (let k = 0; k < v.length; k++) {
    const x = v[k]
    if (!(Math.abs(x) < FIXED_LIMIT)) throw new RangeError(`velocity component ${x} is outside the GPU path's fixed-point range (|v| < ${FIXED_LIMIT})`)
    const X = Math.round(x * SCALE)
    const hi = Math.floor(X / TWO_32)
    out[2 * k] = hi >>> 0
    out[2 * k + 1] = X - hi * TWO_32
    v[k] = X / SCALE
  }
}

/** The inverse: words (Uint32Array(6N)) to velocities, exactly (X < 2^53). */
export function fromFixed(words: Uint32Array, v: Float64Array): void {
  for (let k = 0; k < v.length; k++) {
    const hi = words[2 * k] | 0 // signed
    v[k] = (hi * TWO_32 + words[2 * k + 1]) / SCALE
  }
}
