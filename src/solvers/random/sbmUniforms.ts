// The three uniforms of the exact pair step (particles/sbmStep.ts) from the one Philox block of the pair's kick,
// w[b .. b+4), on disjoint bits, so they are independent:
//   uX (Beta draw)      the top 27 bits of w0, then the top 16 of w1: uniform53(w0, w1) cut to 43 bits
//   uθ (angle of e)     the top 27 bits of w2, then the top 16 of w3: uniform53(w2, w3) cut to 43 bits
//   uA (lineage count)  the low 5 bits of w0 and the low 16 of w1, then the same of w2 and w3 (42 bits)
// uniform53 (normal.ts) is the rotation step's radius and angle uniform, so uX and uθ are those uniforms to 2^-43
// and same-seed rotation and sbm runs stay coupled. 43 and 42 bits are ample: the grid cuts at most
// 2^-42 ≈ 2.3e-13 of probability from any tail, below the 1e-11 the lineage inversion already leaves at the top
// (wrightFisherAncestral.ts, TOP_CUT); one block a pair instead of two is most of the step's speed (test/bench sbm).

const TWO_16 = 65536
const TWO_21 = 2097152
const TWO_M43 = 1.1368683772161603e-13 // 2^-43
const TWO_M42 = 2.2737367544323206e-13 // 2^-42

/** (k + 1)·2^-43 ∈ (0, 1], k = the top 27 bits of hi followed by the top 16 bits of lo. */
export function uniformTop43(hi: number, lo: number): number {
  return ((hi >>> 5) * TWO_16 + (lo >>> 16) + 1) * TWO_M43
}

/** The 21 bits uniformTop43(hi, lo) leaves: the low 5 of hi, then the low 16 of lo. */
function low21(hi: number, lo: number): number {
  return (hi & 31) * TWO_16 + (lo & 0xffff)
}

/** (k + 1)·2^-42 ∈ (0, 1], k = the bits uniformTop43 leaves of (w[b], w[b+1]), then those of (w[b+2], w[b+3]). */
export function uniformLow42(w: Uint32Array, b: number): number {
  return (low21(w[b], w[b + 1]) * TWO_21 + low21(w[b + 2], w[b + 3]) + 1) * TWO_M42
}
