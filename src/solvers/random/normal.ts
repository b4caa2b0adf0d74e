// Standard normals from Philox words: Box–Muller (Box & Muller 1958) on 53-bit uniforms.
// One Philox block (4 words) gives two 53-bit uniforms, hence exactly one pair of independent N(0, 1):
// no rejection loop, so the number of words per draw is fixed and a draw stays a pure function of its
// counter. The radius uniform u lies in (0, 1], so log u is finite and |g| ≤ √(106 ln 2) ≈ 8.57: the
// sampler is exact up to the 2^-53 grid of u (tail mass beyond 8.57 is e^{-36.7} ≈ 1e-16).

const TWO_M53 = 1.1102230246251565e-16 // 2^-53
const TWO_26 = 67108864
const TWO_PI = 6.283185307179586

/** The uniform (k + 1)·2^-53 ∈ (0, 1], k = the top 27 bits of hi followed by the top 26 bits of lo. */
export function uniform53(hi: number, lo: number): number {
  return ((hi >>> 5) * TWO_26 + (lo >>> 6) + 1) * TWO_M53
}

/** Box–Muller radius √(−2 log u): the norm of a standard 2-D Gaussian, for u ∈ (0, 1]. */
export function boxMullerRadius(u: number): number {
  return Math.sqrt(-2 * Math.log(u))
}

/**
 * Writes the standard normal pair of the Philox block w[b .. b+4) to out[at], out[at + 1]:
 * radius from the uniform of (w[b], w[b+1]), angle 2π·uniform of (w[b+2], w[b+3]).
 */
export function normalPair(w: Uint32Array, b: number, out: Float64Array, at: number): void {
  const rho = boxMullerRadius(uniform53(w[b], w[b + 1]))
  const theta = TWO_PI * uniform53(w[b + 2], w[b + 3])
  out[at] = rho * Math.cos(theta)
  out[at + 1] = rho * Math.sin(theta)
}
