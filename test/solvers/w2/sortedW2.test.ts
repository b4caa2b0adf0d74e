// Oracle for the 1-D sorted formula: brute force over all n! couplings of the two samples (n ≤ 7), which
// is the definition of W2 between equal-weight empirical measures, plus one hand-computed case. The sum
// is over the same n squared gaps in a different order, so agreement is to round-off: 1e-13 relative.
import { describe, expect, it } from 'vitest'
import { sortedW2Squared } from '../../../src/solvers/w2/sortedW2'
import { bruteForceAssignmentCost, uniforms } from './clouds'

describe('sortedW2Squared (monotone rearrangement on the line)', () => {
  it('matches the hand computation {0, 1, 5} vs {4, 2, 0}: gaps 0, 1, 1 → 2/3', () => {
    const a = Float64Array.of(5, 0, 1)
    const b = Float64Array.of(4, 2, 0)
    expect(sortedW2Squared(a, b)).toBe(2 / 3)
    expect(Array.from(a)).toEqual([5, 0, 1]) // inputs untouched
  })

  it('equals the minimum over all couplings for random samples, n = 1 … 7', () => {
    for (let n = 1; n <= 7; n++) {
      for (let seed = 0; seed < 4; seed++) {
        const a = uniforms(n, 2 * seed)
        const b = uniforms(n, 2 * seed + 1).map((t) => 3 * t - 1)
        const c = new Float64Array(n * n)
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) c[i * n + j] = (a[i] - b[j]) ** 2
        const brute = bruteForceAssignmentCost(c, n) / n
        expect(Math.abs(sortedW2Squared(a, b) - brute)).toBeLessThanOrEqual(1e-13 * brute)
      }
    }
  })

  it('rejects samples of different sizes', () => {
    expect(() => sortedW2Squared(new Float64Array(2), new Float64Array(3))).toThrow(RangeError)
  })
})
