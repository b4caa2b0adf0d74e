// B ξ for a 3×3 symmetric positive SEMI-definite A, with any B such that B Bᵀ = A: the Fournier noise
// needs √((2/N)Σ_j a(z_ij)) applied to a standard normal, and every square root gives the same law.
// Diagonally pivoted Cholesky (A = P L Lᵀ Pᵀ, Golub & Van Loan §4.2.8): with the largest remaining diagonal
// as pivot, every multiplier is bounded (|L_kp| ≤ L_pp), so a singular or nearly singular A (N = 2, where
// A = (2/N) a(z) has rank 2, or all partners along one line) costs no accuracy: a trailing Schur complement
// whose diagonal is below PIVOT_TOL·tr A is dropped, changing B Bᵀ by at most 2·PIVOT_TOL·tr A entrywise.

const PIVOT_TOL = 1e-13

/**
 * Writes B (x0, x1, x2) to out[0..2], where B Bᵀ = A and A's upper triangle is
 * (a00, a01, a02, a11, a12, a22) = A6[at .. at+6). `s` is a 9-entry scratch. No allocation.
 */
export function psdFactorTimes(A6: Float64Array, at: number, x0: number, x1: number, x2: number, s: Float64Array, out: Float64Array): void {
  s[0] = A6[at]
  s[1] = s[3] = A6[at + 1]
  s[2] = s[6] = A6[at + 2]
  s[4] = A6[at + 3]
  s[5] = s[7] = A6[at + 4]
  s[8] = A6[at + 5]
  out[0] = 0
  out[1] = 0
  out[2] = 0
  const tr = s[0] + s[4] + s[8]
  if (!(tr > 0)) return // A = 0 (every partner coincides with the particle): no noise
  const tol = PIVOT_TOL * tr
  let p = 0
  if (s[4] > s[4 * p]) p = 1
  if (s[8] > s[4 * p]) p = 2
  const q = (p + 1) % 3
  const r = (p + 2) % 3
  const l0 = Math.sqrt(s[4 * p]) // ≥ √(tr/3) > 0
  const cq = s[3 * q + p] / l0
  const cr = s[3 * r + p] / l0
  out[p] += l0 * x0
  out[q] += cq * x0
  out[r] += cr * x0
  // Schur complement on {q, r}, then its larger diagonal as the second pivot.
  const sqq = s[4 * q] - cq * cq
  const srr = s[4 * r] - cr * cr
  const sqr = s[3 * q + r] - cq * cr
  let a = q
  let b = r
  let saa = sqq
  let sbb = srr
  if (srr > sqq) {
    a = r
    b = q
    saa = srr
    sbb = sqq
  }
  if (!(saa > tol)) return // rank 1 up to round-off
  const l1 = Math.sqrt(saa)
  const cb = sqr / l1
  out[a] += l1 * x1
  out[b] += cb * x1
  const d2 = sbb - cb * cb
  if (d2 > tol) out[b] += Math.sqrt(d2) * x2 // else rank 2 (e.g. N = 2): the third column is 0
}
