// The dimension parameter of assignmentW2 (R⁶ for the 2-marginal; any d ≥ 1). Oracles:
// - brute force over all n! permutations in R⁶ (n ≤ 7), tolerance as in assignmentW2.test.ts (1e-12 of the
//   cost: both sum the same exact entries in different orders);
// - d = 1 against the sorted formula (the monotone matching is optimal on the line);
// - R³ points padded with three zero coordinates: the generic loop adds exact zeros after the same three
//   squares in the same order, so the cost matrix and hence the result are bit-identical to the 3-D path;
// - the optimality certificate (feasible duals, zero gap) at n = 500 in R⁶.
import { describe, expect, it } from 'vitest'
import { assignmentW2, squaredDistanceMatrix } from '../../../src/solvers/w2/assignmentW2'
import { sortedW2Squared } from '../../../src/solvers/w2/sortedW2'
import { bruteForceAssignmentCost, normalCloud, uniforms } from './clouds'

describe('assignmentW2 in dimension d', () => {
  it('R⁶: equals the brute-force optimum for n ≤ 7', () => {
    for (let n = 1; n <= 7; n++) {
      for (let seed = 0; seed < 3; seed++) {
        const x = normalCloud(2 * n, 700 + 2 * seed) // 6n normals = n points of R⁶
        const y = normalCloud(2 * n, 701 + 2 * seed)
        const r = assignmentW2(x, y, n, 6)
        const brute = bruteForceAssignmentCost(squaredDistanceMatrix(x, y, n, 6), n)
        expect(Math.abs(r.cost - brute)).toBeLessThanOrEqual(1e-12 * brute)
        expect(r.w2).toBeCloseTo(Math.sqrt(brute / n), 12)
      }
    }
  })

  it('d = 1: equals the sorted formula', () => {
    const n = 200
    const x = uniforms(n, 710)
    const y = uniforms(n, 711).map((s) => 2 * s - 0.3)
    const exact = sortedW2Squared(x, y)
    const r = assignmentW2(x, y, n, 1)
    expect(Math.abs(r.w2 * r.w2 - exact)).toBeLessThanOrEqual(1e-12 * exact)
  })

  it('R³ points padded with zeros to R⁶ give bit-identical results to the 3-D path', () => {
    const n = 120
    const x = normalCloud(n, 720)
    const y = normalCloud(n, 721)
    const pad = (z: Float64Array): Float64Array => {
      const out = new Float64Array(6 * n)
      for (let p = 0; p < n; p++) out.set(z.subarray(3 * p, 3 * p + 3), 6 * p)
      return out
    }
    const r3 = assignmentW2(x, y, n)
    const r6 = assignmentW2(pad(x), pad(y), n, 6)
    expect(r6.cost).toBe(r3.cost)
    expect(Array.from(r6.assignment)).toEqual(Array.from(r3.assignment))
  })

  it('R⁶ at n = 500: feasible duals and zero gap', () => {
    const n = 500
    const x = normalCloud(2 * n, 730)
    const y = normalCloud(2 * n, 731)
    const r = assignmentW2(x, y, n, 6)
    const c = squaredDistanceMatrix(x, y, n, 6)
    let maxC = 0
    for (let k = 0; k < c.length; k++) if (c[k] > maxC) maxC = c[k]
    expect(r.maxDualViolation).toBeLessThanOrEqual(1e-9 * maxC)
    expect(Math.abs(r.dualGap)).toBeLessThanOrEqual(1e-9 * r.cost)
  })

  it('rejects a bad dimension or too few coordinates', () => {
    const x = new Float64Array(6)
    expect(() => assignmentW2(x, x, 2, 0)).toThrow(RangeError)
    expect(() => assignmentW2(x, x, 2, 1.5)).toThrow(RangeError)
    expect(() => assignmentW2(x, x, 2, 6)).toThrow(RangeError)
  })
})
