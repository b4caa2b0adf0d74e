// Oracle: the definition of a round-robin schedule — over one time step every unordered pair {i, j},
// i ≠ j, occurs exactly once; within a round no particle occurs twice; N−1 rounds of N/2 pairs for
// even N, N rounds of (N−1)/2 pairs (one particle idle) for odd N. Exhaustive for the N listed.
import { describe, expect, it } from 'vitest'
import { roundCount, roundPairs } from '../../../src/solvers/particles/roundRobin'

const SIZES = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 31, 32, 33, 100, 101, 256, 257]

describe('round-robin schedule', () => {
  it.each(SIZES)('N = %i: every pair exactly once per step, rounds disjoint', (N) => {
    const rounds = roundCount(N)
    expect(rounds).toBe(N % 2 === 0 ? N - 1 : N)
    const seen = new Uint8Array(N * N)
    const pairs = new Uint32Array(2 * Math.floor(N / 2))
    for (let r = 0; r < rounds; r++) {
      const count = roundPairs(N, r, pairs)
      expect(count).toBe(Math.floor(N / 2))
      const inRound = new Uint8Array(N)
      let bad = 0
      for (let k = 0; k < count; k++) {
        const i = pairs[2 * k]
        const j = pairs[2 * k + 1]
        // Canonical order i < j (the kick counter names the unordered pair), in range, disjoint.
        if (!(i < j && j < N) || inRound[i] + inRound[j] !== 0) bad++
        inRound[i] = 1
        inRound[j] = 1
        seen[i * N + j]++
      }
      expect(bad).toBe(0)
      // Odd N: exactly one particle sits the round out.
      expect(inRound.reduce((a, b) => a + b, 0)).toBe(2 * count)
    }
    let notOnce = 0
    for (let i = 0; i < N; i++) {
      for (let j = i + 1; j < N; j++) if (seen[i * N + j] !== 1) notOnce++
    }
    expect(notOnce).toBe(0)
    expect(seen.reduce((a, b) => a + b, 0)).toBe((N * (N - 1)) / 2)
  })
})
