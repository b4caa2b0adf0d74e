// Oracle: the moments of N(0, 1) (mean 0, variance 1, fourth moment 3, pairs uncorrelated) and the
// range of the 53-bit uniforms, (0, 1]. Draws are Box–Muller pairs of consecutive Philox counters.
// Tolerances are 4.5 standard errors of the sample moment, SE = √(Var of the summand / n) with the
// exact variance under N(0, 1): Var(g) = 1, Var(g²) = 2, Var(g⁴) = E g⁸ − 9 = 105 − 9 = 96,
// Var(g₁g₂) = 1. Four checks at 4.5 SE fail by chance with probability < 3e-5 (and the seed is fixed).
import { describe, expect, it } from 'vitest'
import { boxMullerRadius, normalPair, uniform53 } from '../../../src/solvers/random/normal'
import { philox4x32 } from '../../../src/solvers/random/philox'

describe('uniform53', () => {
  it('maps the extreme words to 2^-53 and 1, so log u is always finite', () => {
    expect(uniform53(0, 0)).toBe(2 ** -53)
    expect(uniform53(0xffffffff, 0xffffffff)).toBe(1)
    expect(boxMullerRadius(1) === 0).toBe(true) // −0 (√(−0)); harmless: it scales a kick
    expect(boxMullerRadius(2 ** -53)).toBeCloseTo(Math.sqrt(106 * Math.LN2), 12)
  })

  it('uses 53 bits: the lowest kept bit of each word changes the value by 2^-53', () => {
    expect(uniform53(0, 1 << 6) - uniform53(0, 0)).toBe(2 ** -53)
    expect(uniform53(1 << 5, 0) - uniform53(0, 0)).toBe(2 ** -27)
  })
})

describe('normalPair (Box–Muller on Philox blocks)', () => {
  it('has the moments of N(0, 1) on 1e6 draws', () => {
    const pairs = 500_000
    const n = 2 * pairs
    const w = new Uint32Array(4)
    const g = new Float64Array(2)
    let s1 = 0
    let s2 = 0
    let s4 = 0
    let s12 = 0
    for (let c = 0; c < pairs; c++) {
      philox4x32(c, 0, 0, 0, 0x1234, 0x5678, w, 0)
      normalPair(w, 0, g, 0)
      for (const x of g) {
        s1 += x
        s2 += x * x
        s4 += x * x * x * x
      }
      s12 += g[0] * g[1]
    }
    const k = 4.5
    expect(Math.abs(s1 / n)).toBeLessThan(k * Math.sqrt(1 / n))
    expect(Math.abs(s2 / n - 1)).toBeLessThan(k * Math.sqrt(2 / n))
    expect(Math.abs(s4 / n - 3)).toBeLessThan(k * Math.sqrt(96 / n))
    expect(Math.abs(s12 / pairs)).toBeLessThan(k * Math.sqrt(1 / pairs))
  })
})
