// Oracles for sliced W2:
// - collinear clouds along e, sliced along e only: the projection is the 1-D configuration itself, so
//   SW2 equals the exact assignment W2 (and the sorted formula) to round-off;
// - a rigid shift y = x + m: every 1-D term is exactly (m·θ)², so SW2² = mean_θ (m·θ)², which is |m|²/3
//   for the three coordinate axes exactly and, for θ uniform on S², in expectation with
//   Var((m·θ)²) = |m|⁴ (E cos⁴ − 1/9) = |m|⁴ (1/5 − 1/9) = (4/45)|m|⁴ (cos θ is uniform on [−1, 1]);
// - projection is 1-Lipschitz, so each direction's 1-D W2 ≤ the exact W2;
// - convergence in the number of directions on Gaussian clouds against a 16384-direction reference.
// Monte Carlo checks use 4.5 standard errors (two-sided chance failure < 1e-5 per check; fixed keys).
import { describe, expect, it } from 'vitest'
import { assignmentW2 } from '../../../src/solvers/w2/assignmentW2'
import { sliceDirections, slicedW2, slicedW2Along } from '../../../src/solvers/w2/slicedW2'
import { sortedW2Squared } from '../../../src/solvers/w2/sortedW2'
import { normalCloud, uniforms } from './clouds'

describe('sliceDirections', () => {
  it('draws unit vectors, reproducibly from the key, with the moments of the uniform law on S²', () => {
    const m = 20000
    const d = sliceDirections(m, 1, 2)
    expect(Array.from(sliceDirections(8, 1, 2))).toEqual(Array.from(d.subarray(0, 24)))
    expect(sliceDirections(8, 1, 3)[0]).not.toBe(d[0])
    const mean = [0, 0, 0]
    const second = [0, 0, 0] // E θ_k² = 1/3, Var θ_k² = 1/5 − 1/9 = 4/45
    for (let i = 0; i < m; i++) {
      const norm2 = d[3 * i] ** 2 + d[3 * i + 1] ** 2 + d[3 * i + 2] ** 2
      expect(Math.abs(norm2 - 1)).toBeLessThan(1e-14)
      for (let k = 0; k < 3; k++) {
        mean[k] += d[3 * i + k] / m
        second[k] += d[3 * i + k] ** 2 / m
      }
    }
    for (let k = 0; k < 3; k++) {
      expect(Math.abs(mean[k])).toBeLessThan(4.5 * Math.sqrt(1 / 3 / m))
      expect(Math.abs(second[k] - 1 / 3)).toBeLessThan(4.5 * Math.sqrt(4 / 45 / m))
    }
  })
})

describe('slicedW2', () => {
  it('equals the exact W2 for collinear clouds sliced along their line', () => {
    const n = 200
    const e = [2 / 7, 3 / 7, 6 / 7]
    const a = [1, -2, 0.5]
    const t = uniforms(n, 600).map((s) => 2 * s - 1)
    const s = uniforms(n, 601).map((s) => 5 * s)
    const x = new Float64Array(3 * n)
    const y = new Float64Array(3 * n)
    for (let p = 0; p < n; p++)
      for (let k = 0; k < 3; k++) {
        x[3 * p + k] = a[k] + t[p] * e[k]
        y[3 * p + k] = a[k] + s[p] * e[k]
      }
    const dirs = new Float64Array(3 * 5)
    for (let d = 0; d < 5; d++) dirs.set(e, 3 * d)
    const sw = slicedW2Along(x, y, n, dirs).sw2
    const exact = assignmentW2(x, y, n).w2
    expect(Math.abs(sw - exact)).toBeLessThanOrEqual(1e-12 * exact)
    expect(Math.abs(sw ** 2 - sortedW2Squared(t, s))).toBeLessThanOrEqual(1e-12 * sw ** 2)
  })

  it('gives |m|²/3 for a rigid shift along the coordinate axes, and its closed form over random directions', () => {
    const n = 300
    const x = normalCloud(n, 700)
    const m = [0.9, -0.4, 1.3]
    const m2 = m[0] ** 2 + m[1] ** 2 + m[2] ** 2
    const y = x.map((v, k) => v + m[k % 3])
    const axes = Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1)
    expect(slicedW2Along(x, y, n, axes).sw2 ** 2).toBeCloseTo(m2 / 3, 13)
    // Convergence in the number of directions to the population value |m|²/3: each error is within 4.5
    // SE = 4.5·|m|²·√(4/45/M), and the error bound (and the typical error) shrinks like M^{-1/2}.
    for (const M of [64, 1024, 16384]) {
      const r = slicedW2(x, y, n, M, 0x1234, 0x5678)
      const dirs = sliceDirections(M, 0x1234, 0x5678)
      let direct = 0 // the same directions, without sorting: mean (m·θ)²
      for (let d = 0; d < M; d++) direct += (m[0] * dirs[3 * d] + m[1] * dirs[3 * d + 1] + m[2] * dirs[3 * d + 2]) ** 2 / M
      expect(Math.abs(r.sw2 ** 2 - direct)).toBeLessThanOrEqual(1e-12 * direct)
      expect(Math.abs(r.sw2 ** 2 - m2 / 3)).toBeLessThanOrEqual(4.5 * m2 * Math.sqrt(4 / 45 / M))
    }
  })

  it('never exceeds the exact W2 in any direction (projection is 1-Lipschitz)', () => {
    const n = 200
    const x = normalCloud(n, 800)
    const y = normalCloud(n, 801).map((v, k) => (k % 3 === 0 ? 2 * v : v))
    const exact2 = assignmentW2(x, y, n).w2 ** 2
    const r = slicedW2(x, y, n, 256, 9, 9)
    for (const w of r.perDirection) expect(w).toBeLessThanOrEqual(exact2 * (1 + 1e-12))
    expect(r.sw2 ** 2).toBeLessThan(exact2)
  })

  it('converges as the number of directions grows, on independent Gaussian clouds', () => {
    const n = 300
    const x = normalCloud(n, 900)
    const y = normalCloud(n, 901)
    const reference = slicedW2(x, y, n, 16384, 0xabc, 0xdef)
    const ref = reference.sw2 ** 2
    let v = 0 // sample variance of the per-direction W2² terms
    for (const w of reference.perDirection) v += (w - ref) ** 2 / (16384 - 1)
    for (const M of [16, 256, 4096]) {
      // Independent directions (another key) so the check is a fair Monte Carlo comparison; SE from the
      // spread of the reference's per-direction terms (the reference itself adds a √(M/16384) share).
      const r = slicedW2(x, y, n, M, 0x777, M)
      const se = Math.sqrt(v / M + v / 16384)
      expect(Math.abs(r.sw2 ** 2 - ref)).toBeLessThanOrEqual(4.5 * se)
    }
  })
})
