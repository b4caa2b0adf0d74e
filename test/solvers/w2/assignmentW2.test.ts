// Oracles for the exact assignment W2:
// - brute force over all n! permutations (n ≤ 8), the definition of W2 between equal-weight empirical
//   measures (Birkhoff–von Neumann: some optimal plan is a permutation);
// - the 1-D sorted formula (sortedW2.ts) for collinear clouds, where the monotone matching is optimal;
// - LP duality at n = 2000, where nothing can be enumerated: feasible duals with zero gap certify
//   optimality whatever the code did;
// - invariances (common translation, W2(x, x) = 0, symmetry).
// Tolerances: the cost is a sum of n entries of c, each exact to ~1 ulp; the brute force and the solver
// sum the same entries in different orders, so they agree to ~n·2^-53 ≈ 1e-15 relative; 1e-12 leaves
// room while still catching a wrong (suboptimal) assignment, whose excess over the optimum is generically
// ≫ 1e-12 of the cost. Certificate tolerances are 1e-9 of the scale as briefed; measured ~1e-15.
import { describe, expect, it } from 'vitest'
import { assignmentW2, squaredDistanceMatrix } from '../../../src/solvers/w2/assignmentW2'
import { sortedW2Squared } from '../../../src/solvers/w2/sortedW2'
import { bruteForceAssignmentCost, normalCloud, uniforms } from './clouds'

function isPermutation(a: Int32Array, n: number): boolean {
  if (a.length !== n) return false
  const seen = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    if (a[i] < 0 || a[i] >= n || seen[a[i]]) return false
    seen[a[i]] = 1
  }
  return true
}

describe('assignmentW2 against brute force (n ≤ 8)', () => {
  it('finds the optimal cost over all n! permutations, several seeds per n', () => {
    for (let n = 1; n <= 8; n++) {
      for (let seed = 0; seed < 5; seed++) {
        const x = normalCloud(n, 100 + 2 * seed)
        const y = normalCloud(n, 101 + 2 * seed)
        const r = assignmentW2(x, y, n)
        const brute = bruteForceAssignmentCost(squaredDistanceMatrix(x, y, n), n)
        expect(isPermutation(r.assignment, n)).toBe(true)
        expect(Math.abs(r.cost - brute)).toBeLessThanOrEqual(1e-12 * brute)
        expect(r.w2).toBeCloseTo(Math.sqrt(brute / n), 12)
      }
    }
  })

  it('handles degenerate clouds where many permutations tie (repeated points)', () => {
    // x: 4 copies of a, 3 of b; y: 7 copies of a point p. Every permutation is optimal, cost = Σ|x_i − p|².
    const n = 7
    const x = new Float64Array(3 * n)
    for (let i = 0; i < n; i++) x.set(i < 4 ? [1, 0, 0] : [0, 2, 0], 3 * i)
    const y = new Float64Array(3 * n).fill(0.5)
    const r = assignmentW2(x, y, n)
    expect(isPermutation(r.assignment, n)).toBe(true)
    expect(r.cost).toBeCloseTo(4 * 0.75 + 3 * 2.75, 13)
    // x: points 0 and 1 coincide and so do their targets: the tie between the two matchings is exact.
    const x2 = Float64Array.of(0, 0, 0, 0, 0, 0, 1, 1, 1)
    const y2 = Float64Array.of(0, 0, 1, 0, 0, 1, 1, 1, 0)
    const r2 = assignmentW2(x2, y2, 3)
    expect(isPermutation(r2.assignment, 3)).toBe(true)
    expect(r2.cost).toBe(3)
  })

  it('returns zero for empty clouds', () => {
    const r = assignmentW2(new Float64Array(0), new Float64Array(0), 0)
    expect(r.w2).toBe(0)
    expect(r.assignment.length).toBe(0)
  })
})

describe('assignmentW2 on collinear clouds equals the 1-D sorted formula', () => {
  it('matches to 1e-12 for points on a skew line in R³', () => {
    const e = [1 / 3, 2 / 3, -2 / 3] // unit up to rounding: |e|² = 1 ± 2^-52
    const a = [0.7, -1.3, 2.1]
    for (const n of [5, 60, 300]) {
      for (let seed = 0; seed < 3; seed++) {
        const t = uniforms(n, 200 + 2 * seed).map((s) => 4 * s - 2)
        const s = uniforms(n, 201 + 2 * seed).map((s) => 3 * s)
        const x = new Float64Array(3 * n)
        const y = new Float64Array(3 * n)
        for (let p = 0; p < n; p++)
          for (let k = 0; k < 3; k++) {
            x[3 * p + k] = a[k] + t[p] * e[k]
            y[3 * p + k] = a[k] + s[p] * e[k]
          }
        const exact = sortedW2Squared(t, s)
        const r = assignmentW2(x, y, n)
        expect(Math.abs(r.w2 * r.w2 - exact)).toBeLessThanOrEqual(1e-12 * exact)
      }
    }
  })
})

describe('assignmentW2 optimality certificate at n = 2000', () => {
  it('has feasible duals and zero duality gap, and the assignment is a permutation', () => {
    const n = 2000
    const x = normalCloud(n, 300)
    const y = normalCloud(n, 301)
    const r = assignmentW2(x, y, n)
    expect(isPermutation(r.assignment, n)).toBe(true)
    let maxC = 0
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const c = (x[3 * i] - y[3 * j]) ** 2 + (x[3 * i + 1] - y[3 * j + 1]) ** 2 + (x[3 * i + 2] - y[3 * j + 2]) ** 2
        if (c > maxC) maxC = c
      }
    expect(r.maxDualViolation).toBeLessThanOrEqual(1e-9 * maxC)
    expect(Math.abs(r.dualGap)).toBeLessThanOrEqual(1e-9 * r.cost)
    // The same certificate recomputed here from the returned duals and the points, not taken from the solver.
    let viol = -Infinity
    let dual = 0
    for (let i = 0; i < n; i++) {
      dual += r.u[i] + r.v[i]
      for (let j = 0; j < n; j++) {
        const c = (x[3 * i] - y[3 * j]) ** 2 + (x[3 * i + 1] - y[3 * j + 1]) ** 2 + (x[3 * i + 2] - y[3 * j + 2]) ** 2
        viol = Math.max(viol, r.u[i] + r.v[j] - c)
      }
    }
    expect(viol).toBeLessThanOrEqual(1e-9 * maxC)
    expect(Math.abs(r.cost - dual)).toBeLessThanOrEqual(1e-9 * r.cost)
    // The reported cost is the cost of the reported assignment (the certificate is about that σ).
    let cost = 0
    for (let i = 0; i < n; i++) {
      const j = r.assignment[i]
      cost += (x[3 * i] - y[3 * j]) ** 2 + (x[3 * i + 1] - y[3 * j + 1]) ** 2 + (x[3 * i + 2] - y[3 * j + 2]) ** 2
    }
    expect(r.cost).toBe(cost)
  })
})

describe('assignmentW2 invariances', () => {
  const n = 150
  const x = normalCloud(n, 400)
  const y = normalCloud(n, 401)
  const base = assignmentW2(x, y, n)

  it('is unchanged when both clouds are translated by the same vector', () => {
    // Translation changes each coordinate by ≤ 1 ulp of |x| + |t| ≈ 8, so each c_ij by ~1e-14 absolute;
    // the mean over pairs moves W2² (≈ 0.5 here) by ≲ 1e-14, far inside 1e-12 relative.
    const t = [3.3, -1.7, 2.9]
    const shift = (z: Float64Array): Float64Array => z.map((v, k) => v + t[k % 3])
    const r = assignmentW2(shift(x), shift(y), n)
    expect(Math.abs(r.w2 - base.w2)).toBeLessThanOrEqual(1e-12 * base.w2)
  })

  it('gives W2(x, x) = 0 with the identity matching', () => {
    const r = assignmentW2(x, x, n)
    expect(r.w2).toBe(0)
    expect(Array.from(r.assignment)).toEqual(Array.from({ length: n }, (_, i) => i))
  })

  it('is symmetric, and the optimal matching of (y, x) is the inverse permutation', () => {
    const r = assignmentW2(y, x, n)
    expect(Math.abs(r.w2 - base.w2)).toBeLessThanOrEqual(1e-12 * base.w2)
    // Random data: the optimum is unique almost surely, so the two matchings must be mutually inverse.
    for (let i = 0; i < n; i++) expect(r.assignment[base.assignment[i]]).toBe(i)
  })
})
