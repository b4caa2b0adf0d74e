// Oracle: f₀ = N(0, diag(T)) with T normalised to Tx + Ty + Tz = 3 (docs/MATH.md §1, (1.4)). Checks the
// normalisation exactly, and the sample's first and second moments on n = 2e5 i.i.d. particles within
// 4.5 standard errors (SE of the mean √(T_a/n); SE of the mean of v_a² √(2T_a²/n), Gaussian fourth moment).
// Also that particle p's draw does not depend on N (counters name the particle, not a position in a
// sequence) and that the sample is not re-centred (its empirical mean is not exactly 0).
import { describe, expect, it } from 'vitest'
import { initialTemperatures, sampleInitial } from '../../../src/solvers/initial/initialData'

describe('initial data', () => {
  it('normalises the temperatures to sum 3', () => {
    expect(initialTemperatures({ family: 'maxwellian' })).toEqual([1, 1, 1])
    expect(initialTemperatures({ family: 'bimaxwellian', T: [2, 1, 1] })).toEqual([1.5, 0.75, 0.75])
    const t = initialTemperatures({ family: 'bimaxwellian', T: [0.3, 0.2, 0.1] })
    expect(t[0] + t[1] + t[2]).toBeCloseTo(3, 14)
    expect(t[0] / t[2]).toBeCloseTo(3, 14)
    expect(() => initialTemperatures({ family: 'bimaxwellian', T: [1, -1, 1] })).toThrow(RangeError)
  })

  it('samples i.i.d. N(0, diag T) particles', () => {
    const n = 200_000
    const T = initialTemperatures({ family: 'bimaxwellian', T: [3, 2, 1] }) // [1.5, 1, 0.5]
    const v = new Float64Array(3 * n)
    sampleInitial({ family: 'bimaxwellian', T: [3, 2, 1] }, n, 0xdead, 0xbeef, v)
    for (let a = 0; a < 3; a++) {
      let s1 = 0
      let s2 = 0
      for (let p = 0; p < n; p++) {
        s1 += v[3 * p + a]
        s2 += v[3 * p + a] ** 2
      }
      expect(Math.abs(s1 / n)).toBeLessThan(4.5 * Math.sqrt(T[a] / n))
      expect(s1).not.toBe(0) // not re-centred
      expect(Math.abs(s2 / n - T[a])).toBeLessThan(4.5 * Math.sqrt((2 * T[a] ** 2) / n))
    }
    // Cross-correlation E[v_x v_z] = 0, SE √(Tx Tz / n).
    let sxz = 0
    for (let p = 0; p < n; p++) sxz += v[3 * p] * v[3 * p + 2]
    expect(Math.abs(sxz / n)).toBeLessThan(4.5 * Math.sqrt((T[0] * T[2]) / n))
  })

  it('gives particle p the same velocity whatever N is', () => {
    const a = new Float64Array(3 * 10)
    const b = new Float64Array(3 * 1000)
    sampleInitial({ family: 'maxwellian' }, 10, 1, 2, a)
    sampleInitial({ family: 'maxwellian' }, 1000, 1, 2, b)
    expect(Array.from(b.subarray(0, 30))).toEqual(Array.from(a))
  })
})
