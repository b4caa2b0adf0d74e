// Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror & Shaw, "Parallel random numbers:
// as easy as 1, 2, 3" (SC'11; the Random123 library). Output = a keyed bijection of a 128-bit counter,
// so every random number is a pure function of (key, counter): no state to carry, split or share
// between threads, which is what makes runs independent of scheduling (docs/NUMERICS.md §1).

// Round multipliers and Weyl key increments of Philox4x32 (Random123's PHILOX_M4x32_0/1, PHILOX_W32_0/1).
const M0 = 0xd2511f53 | 0
const M1 = 0xcd9e8d57 | 0
const M0_LO = 0x1f53
const M0_HI = 0xd251
const M1_LO = 0x8d57
const M1_HI = 0xcd9e
const W0 = 0x9e3779b9 | 0
const W1 = 0xbb67ae85 | 0

/**
 * One Philox4x32-10 evaluation: writes the four output words of counter (c0, c1, c2, c3) under
 * key (k0, k1) into out[at .. at+4). Inputs are read modulo 2^32 (any integer-valued number works).
 */
export function philox4x32(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: Uint32Array, at: number): void {
  // Everything stays int32 (|0, Math.imul) so V8 never boxes a word as a double. The high half of the
  // 32×32 product is assembled from four 16×16 partial products, each exact in an int32 lane (mod 2^32);
  // this measured 2× faster than splitting one factor and flooring doubles.
  c0 |= 0
  c1 |= 0
  c2 |= 0
  c3 |= 0
  k0 |= 0
  k1 |= 0
  for (let round = 0; round < 10; round++) {
    let a = c0 >>> 16
    let b = c0 & 0xffff
    let ll = Math.imul(b, M0_LO)
    let lh = Math.imul(b, M0_HI)
    let hl = Math.imul(a, M0_LO)
    const hi0 = (Math.imul(a, M0_HI) + (lh >>> 16) + (hl >>> 16) + (((ll >>> 16) + (lh & 0xffff) + (hl & 0xffff)) >>> 16)) | 0
    const lo0 = Math.imul(c0, M0)
    a = c2 >>> 16
    b = c2 & 0xffff
    ll = Math.imul(b, M1_LO)
    lh = Math.imul(b, M1_HI)
    hl = Math.imul(a, M1_LO)
    const hi1 = (Math.imul(a, M1_HI) + (lh >>> 16) + (hl >>> 16) + (((ll >>> 16) + (lh & 0xffff) + (hl & 0xffff)) >>> 16)) | 0
    const lo1 = Math.imul(c2, M1)
    c0 = hi1 ^ c1 ^ k0
    c1 = lo1
    c2 = hi0 ^ c3 ^ k1
    c3 = lo0
    // The key schedule bumps between rounds; the bump after round 10 is never used.
    k0 = (k0 + W0) | 0
    k1 = (k1 + W1) | 0
  }
  out[at] = c0
  out[at + 1] = c1
  out[at + 2] = c2
  out[at + 3] = c3
}
