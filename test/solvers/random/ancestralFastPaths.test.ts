// The fast paths of the ancestral count's sampler (random/wrightFisherAncestral.ts) return the same count as the
// reference inversions they stand for, draw by draw: the tail-series walk at τ ≥ 0.1 against ancestralExact's
// summed-pmf table, and the one-evaluation margin test below 0.1 against the two fit evaluations at g ± margin.
import { describe, expect, it } from 'vitest'
import { philox4x32 } from '../../../src/solvers/random/philox'
import { uniform53 } from '../../../src/solvers/random/normal'
import { normalQuantile } from '../../../src/solvers/random/normalQuantile'
import {
  AncestralScratch,
  ancestralCdfTail,
  ancestralExact,
  ancestralFitQuantile,
  ancestralSmallTau,
  ancestralTailDraw,
  fitMarginBound,
  fitScoreMargin,
} from '../../../src/solvers/random/wrightFisherAncestral'

/** The uniform of Philox block (i, tag, 0, 0x4641) under key (tag, 17). */
function uniform(i: number, tag: number, w: Uint32Array): number {
  philox4x32(i, tag, 0, 0x4641, tag, 17, w, 0)
  return uniform53(w[0], w[1])
}

describe('τ ≥ 0.1: the tail series of P(A > m)', () => {
  const taus = Array.from({ length: 60 }, (_, k) => 0.1 * 200 ** (k / 59))

  it('is within 1e-10 of the summed pmf at every count (the premise of the walk’s 1e-9 guard)', () => {
    // Both carry rounding ≤ 4e-11 at τ = 0.1 (module comment); measured worst difference 3.4e-11 on a 600-τ grid.
    for (const tau of taus) {
      const s = new AncestralScratch()
      ancestralExact(tau, 1 - 1e-11, s)
      for (let m = 0; m < s.count; m++) expect(Math.abs(ancestralCdfTail(tau, m) - s.cdf[m]), `τ = ${tau}, m = ${m}`).toBeLessThan(1e-10)
    }
  })

  it('the walk returns ancestralExact’s count for random uniforms and for uniforms 2e-9 from its CDF steps', () => {
    const w = new Uint32Array(4)
    let deferred = 0
    let checked = 0
    for (const [k, tau] of taus.entries()) {
      const s = new AncestralScratch()
      const us: number[] = []
      for (let i = 0; i < 500; i++) us.push(uniform(i, k, w))
      ancestralExact(tau, 1 - 1e-11, s)
      for (let m = 0; m < s.count; m++) for (const e of [-2e-9, 2e-9]) if (s.cdf[m] + e > 0 && s.cdf[m] + e < 1 - 1e-9) us.push(s.cdf[m] + e)
      for (const [i, u] of us.entries()) {
        const m = ancestralTailDraw(tau, u)
        // a random uniform (the first 500) within 1e-9 of a step: probability ~1e-6 here
        if (m < 0) deferred += i < 500 ? 1 : 0
        else expect(m, `τ = ${tau}, u = ${u}`).toBe(ancestralExact(tau, u, s))
        checked++
      }
    }
    expect(checked).toBeGreaterThan(30000)
    expect(deferred).toBe(0)
    // and a uniform within the guard of a step is left to ancestralExact
    const s = new AncestralScratch()
    ancestralExact(0.3, 0.5, s)
    expect(ancestralTailDraw(0.3, s.cdf[4] - 1e-12)).toBe(-1)
  })

  it('ancestralExact ends for a uniform above its summed CDF’s reach (τ = 0.1 tops out at 1 − 1.5e-11)', () => {
    // It used to loop forever once the series' terms underflowed; now the count within the CDF's rounding of the top.
    const m = ancestralExact(0.1, 1 - 1.2e-11, new AncestralScratch())
    expect(m).toBeGreaterThan(30)
    expect(m).toBeLessThan(45)
    expect(ancestralTailDraw(0.1, 1 - 1.2e-11)).toBe(-1) // within the guard of 1: deferred
  })
})

describe('τ < 0.1: the one-evaluation margin test', () => {
  it('its margin bound is at least the certified margin, so every count it accepts the two-evaluation test accepts too', () => {
    const w = new Uint32Array(4)
    let fast = 0
    for (let k = 0; k < 80; k++) {
      const tau = 1e-6 * (0.0999 / 1e-6) ** (k / 79)
      for (let i = 0; i < 1500; i++) {
        const u = uniform(i, 100 + k, w)
        const g = normalQuantile(u)
        if (Math.abs(g) > 4.5) continue
        expect(fitMarginBound(tau, g * g, u)).toBeGreaterThanOrEqual(fitScoreMargin(tau, g))
        // Where the fit counts at g ± margin agree, that count is the draw (the fast path's answer).
        const d = fitScoreMargin(tau, g)
        const lo = Math.ceil(ancestralFitQuantile(tau, g - d) - 0.5)
        if (lo === Math.ceil(ancestralFitQuantile(tau, g + d) - 0.5)) {
          expect(ancestralSmallTau(tau, u), `τ = ${tau}, u = ${u}`).toBe(lo)
          fast++
        }
      }
    }
    expect(fast).toBeGreaterThan(100000)
  })
})
