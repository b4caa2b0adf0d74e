// The blob velocity field F_p = −Σ_q w_q a(v_p − v_q)(G_p − G_q), a(z) = |z|^γ(|z|²I − z⊗z) (docs/MATH.md §1).
// pairField is the O(N²) loop for any γ, run in WebAssembly (blobField.wat), bit for bit
// pairFieldJs, its JavaScript reference here; maxwellField is the exact O(N) expansion for γ = 0, where a(z)
// is a quadratic polynomial in z. Both conserve Σ w v (antisymmetry) and Σ w |v|² (a(z)z = 0) for any G.
import { kernelMode, wasmPairField } from './blobFieldWasm'

/**
 * The solver's O(N²) field, any γ: the WebAssembly port of pairFieldJs (blobField.wat), which
 * returns pairFieldJs's F bit for bit (same operations on each pair, every sum in the same order; why:
 * docs/NUMERICS.md §7.5; checked in test/solvers/deterministic/blobWasm.test.ts), about 1.7× faster in
 * V8 (rows p, p+1 and p+2, p+3 in the lanes of two f64x2 vectors; docs/BENCHMARKS.md).
 */
export const pairField: typeof wasmPairField = wasmPairField

/**
 * The JavaScript reference of pairField (the solver runs the WebAssembly port, which must equal this bit for
 * bit). O(N²), any γ. Each unordered pair is visited once: with z = v_p − v_q, D = G_p − G_q and
 * k = |z|^γ, the pair adds −w_q k(|z|²D − z(z·D)) to F_p and +w_p times the same vector to F_q.
 * Coincident particles (z = 0) contribute nothing (a(0)D = 0 for γ > −2; for γ ≤ −2 the limit is 0·∞ and
 * D → 0 with z, so the pair is skipped).
 *
 * The result is bit for bit that of the plain loop "for p, for q > p: F_p −= w_q a; F_q += w_p a"
 * (pairRow), the loop test/bench/fixtures/blob_field.c runs in C (npm run bench compares it with pairField). For
 * speed (≈ 1.35× in V8) the rows go four at a time: one sweep over q > p + 3 loads particle q and reads and
 * writes F_q once for four pairs instead of once per pair. Every sum keeps the plain loop's order: F_p's
 * running sum over q ascending, added to F_p at the end of its row; F_q collects w_p a from rows p < q in
 * ascending p; the pairs inside a block of four and the last count mod 4 rows go through pairRow.
 * (Tried and dropped: 2, 3, 5, 6 or 8 rows: 2 and 3 slower, more no faster beyond the noise; a branch-free
 * k = 0 for coincident pairs, slower in V8; the γ dispatch hoisted out, no gain.)
 */
// Kept as written, out of the formatter: a block's four rows side by side, a row a line, as in blobField.wat.
// prettier-ignore
export function pairFieldJs(
  x: Float64Array,
  w: Float64Array,
  G: Float64Array,
  count: number,
  gamma: number,
  F: Float64Array,
): void {
  F.fill(0, 0, 3 * count)
  const half = 0.5 * gamma
  const mode = kernelMode(gamma)
  const s = rowSums
  // One loop for the blocks and the last count mod 4 rows: with those rows in a second loop after the hot
  // one (never reached by the interpreter), Node 20's on-stack-replaced code deoptimised there every call.
  for (let p = 0; p < count; p += 4) {
    if (p + 4 > count) {
      for (; p < count; p++) {
        pairRow(x, w, G, F, p, count, mode, half, 0)
        F[3 * p] += s[0]
        F[3 * p + 1] += s[1]
        F[3 * p + 2] += s[2]
      }
      break
    }
    // The pairs inside the block, rows p … p+3 in order; their running sums carry on in the sweep.
    for (let r = 0; r < 4; r++) pairRow(x, w, G, F, p + r, p + 4, mode, half, 3 * r)
    const i = 3 * p
    const x0 = x[i], y0 = x[i + 1], z0 = x[i + 2], gx0 = G[i], gy0 = G[i + 1], gz0 = G[i + 2], w0 = w[p]
    const x1 = x[i + 3], y1 = x[i + 4], z1 = x[i + 5], gx1 = G[i + 3], gy1 = G[i + 4], gz1 = G[i + 5], w1 = w[p + 1]
    const x2 = x[i + 6], y2 = x[i + 7], z2 = x[i + 8], gx2 = G[i + 6], gy2 = G[i + 7], gz2 = G[i + 8], w2 = w[p + 2]
    const x3 = x[i + 9], y3 = x[i + 10], z3 = x[i + 11], gx3 = G[i + 9], gy3 = G[i + 10], gz3 = G[i + 11], w3 = w[p + 3]
    let fx0 = s[0], fy0 = s[1], fz0 = s[2]
    let fx1 = s[3], fy1 = s[4], fz1 = s[5]
    let fx2 = s[6], fy2 = s[7], fz2 = s[8]
    let fx3 = s[9], fy3 = s[10], fz3 = s[11]
    for (let q = p + 4, j = i + 12; q < count; q++, j += 3) {
      const xq = x[j], yq = x[j + 1], zq = x[j + 2], gxq = G[j], gyq = G[j + 1], gzq = G[j + 2], wq = w[q]
      let u0 = F[j], u1 = F[j + 1], u2 = F[j + 2]
      // The same pair body four times, rows p … p+3 in order (pairRow has it one statement a line).
      {
        const e0 = x0 - xq, e1 = y0 - yq, e2 = z0 - zq
        const r2 = e0 * e0 + e1 * e1 + e2 * e2
        if (r2 !== 0) {
          const k = kernel(r2, mode, half)
          const d0 = gx0 - gxq, d1 = gy0 - gyq, d2 = gz0 - gzq
          const zd = e0 * d0 + e1 * d1 + e2 * d2
          const a0 = k * (r2 * d0 - e0 * zd), a1 = k * (r2 * d1 - e1 * zd), a2 = k * (r2 * d2 - e2 * zd)
          fx0 -= wq * a0; fy0 -= wq * a1; fz0 -= wq * a2
          u0 += w0 * a0; u1 += w0 * a1; u2 += w0 * a2
        }
      }
      {
        const e0 = x1 - xq, e1 = y1 - yq, e2 = z1 - zq
        const r2 = e0 * e0 + e1 * e1 + e2 * e2
        if (r2 !== 0) {
          const k = kernel(r2, mode, half)
          const d0 = gx1 - gxq, d1 = gy1 - gyq, d2 = gz1 - gzq
          const zd = e0 * d0 + e1 * d1 + e2 * d2
          const a0 = k * (r2 * d0 - e0 * zd), a1 = k * (r2 * d1 - e1 * zd), a2 = k * (r2 * d2 - e2 * zd)
          fx1 -= wq * a0; fy1 -= wq * a1; fz1 -= wq * a2
          u0 += w1 * a0; u1 += w1 * a1; u2 += w1 * a2
        }
      }
      {
        const e0 = x2 - xq, e1 = y2 - yq, e2 = z2 - zq
        const r2 = e0 * e0 + e1 * e1 + e2 * e2
        if (r2 !== 0) {
          const k = kernel(r2, mode, half)
          const d0 = gx2 - gxq, d1 = gy2 - gyq, d2 = gz2 - gzq
          const zd = e0 * d0 + e1 * d1 + e2 * d2
          const a0 = k * (r2 * d0 - e0 * zd), a1 = k * (r2 * d1 - e1 * zd), a2 = k * (r2 * d2 - e2 * zd)
          fx2 -= wq * a0; fy2 -= wq * a1; fz2 -= wq * a2
          u0 += w2 * a0; u1 += w2 * a1; u2 += w2 * a2
        }
      }
      {
        const e0 = x3 - xq, e1 = y3 - yq, e2 = z3 - zq
        const r2 = e0 * e0 + e1 * e1 + e2 * e2
        if (r2 !== 0) {
          const k = kernel(r2, mode, half)
          const d0 = gx3 - gxq, d1 = gy3 - gyq, d2 = gz3 - gzq
          const zd = e0 * d0 + e1 * d1 + e2 * d2
          const a0 = k * (r2 * d0 - e0 * zd), a1 = k * (r2 * d1 - e1 * zd), a2 = k * (r2 * d2 - e2 * zd)
          fx3 -= wq * a0; fy3 -= wq * a1; fz3 -= wq * a2
          u0 += w3 * a0; u1 += w3 * a1; u2 += w3 * a2
        }
      }
      F[j] = u0
      F[j + 1] = u1
      F[j + 2] = u2
    }
    F[i] += fx0; F[i + 1] += fy0; F[i + 2] += fz0
    F[i + 3] += fx1; F[i + 4] += fy1; F[i + 5] += fz1
    F[i + 6] += fx2; F[i + 7] += fy2; F[i + 8] += fz2
    F[i + 9] += fx3; F[i + 10] += fy3; F[i + 11] += fz3
  }
}

/** Running sums of pairRow: row r of a block at [3r, 3r + 3). */
const rowSums = new Float64Array(12)

/** |z|^γ from r2 = |z|² by kernelMode(γ): the common integer γ avoid Math.pow (about 10× slower than sqrt). */
function kernel(r2: number, mode: number, half: number): number {
  return mode === 0
    ? 1
    : mode === 1
      ? 1 / (r2 * Math.sqrt(r2))
      : mode === 2
        ? 1 / Math.sqrt(r2)
        : mode === 3
          ? 1 / r2
          : mode === 4
            ? Math.sqrt(r2)
            : Math.pow(r2, half)
}

/**
 * The plain loop for row p over q in (p, qEnd): F_q += w_p a for each pair, and the running sum
 * −Σ w_q a for F_p, from 0, into rowSums[at … at + 2] (the caller adds it to F_p, or carries it on).
 */
function pairRow(x: Float64Array, w: Float64Array, G: Float64Array, F: Float64Array, p: number, qEnd: number, mode: number, half: number, at: number): void {
  const xp = x[3 * p]
  const yp = x[3 * p + 1]
  const zp = x[3 * p + 2]
  const gxp = G[3 * p]
  const gyp = G[3 * p + 1]
  const gzp = G[3 * p + 2]
  const wp = w[p]
  let fx = 0
  let fy = 0
  let fz = 0
  for (let q = p + 1; q < qEnd; q++) {
    const z0 = xp - x[3 * q]
    const z1 = yp - x[3 * q + 1]
    const z2 = zp - x[3 * q + 2]
    const r2 = z0 * z0 + z1 * z1 + z2 * z2
    if (r2 === 0) continue
    const k = kernel(r2, mode, half)
    const d0 = gxp - G[3 * q]
    const d1 = gyp - G[3 * q + 1]
    const d2 = gzp - G[3 * q + 2]
    const zd = z0 * d0 + z1 * d1 + z2 * d2
    const a0 = k * (r2 * d0 - z0 * zd)
    const a1 = k * (r2 * d1 - z1 * zd)
    const a2 = k * (r2 * d2 - z2 * zd)
    const wq = w[q]
    fx -= wq * a0
    fy -= wq * a1
    fz -= wq * a2
    F[3 * q] += wp * a0
    F[3 * q + 1] += wp * a1
    F[3 * q + 2] += wp * a2
  }
  rowSums[at] = fx
  rowSums[at + 1] = fy
  rowSums[at + 2] = fz
}

/**
 * O(N), γ = 0. With x = v_p, g = G_p and y, H running over the particles,
 *   Σ w a(x − y)(g − H) = Σ w |x − y|²(g − H) − Σ w (x − y)((x − y)·(g − H)),
 * and both sums are polynomials in x, g whose coefficients are the weighted moments
 *   m0 = Σw, m1 = Σwy, m2 = Σw|y|², M = Σw y⊗y, h1 = ΣwH, C = Σw H⊗y, h3 = Σw|y|²H, s = Σw y·H,
 *   t = Σw y(y·H):
 *   A = g(m0|x|² − 2x·m1 + m2) − (|x|²h1 − 2Cx + h3),
 *   B = x(m0 x·g − x·h1 − m1·g + s) − ((x·g)m1 − Cᵀx − Mg + t),   F_p = B − A.
 */
export function maxwellField(x: Float64Array, w: Float64Array, G: Float64Array, count: number, F: Float64Array): void {
  const mo = maxwellMoments(x, w, G, count)
  for (let p = 0; p < count; p++) {
    const x0 = x[3 * p]
    const x1 = x[3 * p + 1]
    const x2 = x[3 * p + 2]
    const g0 = G[3 * p]
    const g1 = G[3 * p + 1]
    const g2 = G[3 * p + 2]
    const xx = x0 * x0 + x1 * x1 + x2 * x2
    const xg = x0 * g0 + x1 * g1 + x2 * g2
    const sa = mo.m0 * xx - 2 * (x0 * mo.m1[0] + x1 * mo.m1[1] + x2 * mo.m1[2]) + mo.m2
    const sb = mo.m0 * xg - (x0 * mo.h1[0] + x1 * mo.h1[1] + x2 * mo.h1[2]) - (g0 * mo.m1[0] + g1 * mo.m1[1] + g2 * mo.m1[2]) + mo.s
    const C = mo.C
    const M = mo.M
    for (let a = 0; a < 3; a++) {
      const ga = a === 0 ? g0 : a === 1 ? g1 : g2
      const xa = a === 0 ? x0 : a === 1 ? x1 : x2
      const Cx = C[3 * a] * x0 + C[3 * a + 1] * x1 + C[3 * a + 2] * x2
      const CTx = C[a] * x0 + C[3 + a] * x1 + C[6 + a] * x2
      const Mg = M[3 * a] * g0 + M[3 * a + 1] * g1 + M[3 * a + 2] * g2
      const A = ga * sa - (xx * mo.h1[a] - 2 * Cx + mo.h3[a])
      const B = xa * sb - (xg * mo.m1[a] - CTx - Mg + mo.t[a])
      F[3 * p + a] = B - A
    }
  }
}

interface MaxwellMoments {
  m0: number
  m1: Float64Array
  m2: number
  /** Σ w y⊗y, row-major. */
  M: Float64Array
  h1: Float64Array
  /** C[3a + b] = Σ w H_a y_b. */
  C: Float64Array
  h3: Float64Array
  s: number
  t: Float64Array
}

function maxwellMoments(x: Float64Array, w: Float64Array, G: Float64Array, count: number): MaxwellMoments {
  const mo: MaxwellMoments = {
    m0: 0,
    m1: new Float64Array(3),
    m2: 0,
    M: new Float64Array(9),
    h1: new Float64Array(3),
    C: new Float64Array(9),
    h3: new Float64Array(3),
    s: 0,
    t: new Float64Array(3),
  }
  for (let q = 0; q < count; q++) {
    const wq = w[q]
    const y = [x[3 * q], x[3 * q + 1], x[3 * q + 2]]
    const H = [G[3 * q], G[3 * q + 1], G[3 * q + 2]]
    const yy = y[0] * y[0] + y[1] * y[1] + y[2] * y[2]
    const yH = y[0] * H[0] + y[1] * H[1] + y[2] * H[2]
    mo.m0 += wq
    mo.m2 += wq * yy
    mo.s += wq * yH
    for (let a = 0; a < 3; a++) {
      mo.m1[a] += wq * y[a]
      mo.h1[a] += wq * H[a]
      mo.h3[a] += wq * yy * H[a]
      mo.t[a] += wq * y[a] * yH
      for (let b = 0; b < 3; b++) {
        mo.M[3 * a + b] += wq * y[a] * y[b]
        mo.C[3 * a + b] += wq * H[a] * y[b]
      }
    }
  }
  return mo
}
