// Oracle: the special functions behind the closed forms. erf/erfc against reference values (CPython's
// math.erf/erfc, which are accurate to ~1 ulp); erfc relative to its size, down to 1e-176, since the
// shell's marginals and normalisation use erfc deep in the tail. Gauss–Legendre with n nodes integrates
// polynomials of degree 2n − 1 exactly (to round-off). The shell's radial integrals
// I_k = ∫₀^∞ r^k e^{−S(r−c)²} dr by the recursion match Simpson's rule with 40 000 panels (error ~1e-14).
import { describe, expect, it } from 'vitest'
import { erf, erfc } from '../../../src/solvers/special/erf'
import { compositeGaussLegendre, gaussLegendre } from '../../../src/solvers/special/gaussLegendre'
import { LruCache } from '../../../src/solvers/initial/lruCache'
import { shellRadialIntegrals } from '../../../src/solvers/initial/shell'

const reference: [number, number, number][] = [
  [0.05, 0.05637197779701663, 0.9436280222029834],
  [0.3, 0.3286267594591274, 0.6713732405408726],
  [1.0, 0.8427007929497149, 0.15729920705028513],
  [1.7, 0.9837904585907745, 0.016209541409225436],
  [2.5, 0.999593047982555, 0.0004069520174449589],
  [2.99, 0.9999764743969194, 2.3525603080640195e-5],
  [3.01, 0.9999792610363629, 2.073896363713263e-5],
  [4.2, 0.9999999971445058, 2.8554941795921843e-9],
  [6.0, 1.0, 2.1519736712498916e-17],
  [9.0, 1.0, 4.13703174651381e-37],
  [20.0, 1.0, 5.3958656116079005e-176],
]

describe('erf, erfc', () => {
  for (const [x, e, c] of reference) {
    it(`x = ${x}`, () => {
      expect(Math.abs(erf(x) - e)).toBeLessThan(4e-16)
      expect(erf(-x)).toBe(-erf(x))
      // erfc below 2 is 1 − erf: absolute 4e-16, i.e. relative ≤ 1e-13 at x = 2
      expect(Math.abs(erfc(x) - c) / c).toBeLessThan(x < 2 ? 1e-13 : 1e-14)
      expect(Math.abs(erfc(-x) - (2 - c))).toBeLessThan(4e-16)
    })
  }
  it('edge values', () => {
    expect(erf(0)).toBe(0)
    expect(erfc(30)).toBe(0)
    expect(erf(Infinity)).toBe(1)
    expect(Number.isNaN(erf(NaN))).toBe(true)
  })
})

describe('Gauss–Legendre', () => {
  for (const n of [2, 5, 10, 16]) {
    it(`${n} nodes integrate degree ${2 * n - 1} exactly`, () => {
      const { x, w } = gaussLegendre(n)
      let sw = 0
      for (let i = 0; i < n; i++) sw += w[i]
      expect(sw).toBeCloseTo(2, 14)
      for (let d = 0; d <= 2 * n - 1; d++) {
        let s = 0
        for (let i = 0; i < n; i++) s += w[i] * x[i] ** d
        expect(s).toBeCloseTo(d % 2 ? 0 : 2 / (d + 1), 13)
      }
    })
  }
  it('composite rule: ∫₀^π sin = 2', () => {
    expect(compositeGaussLegendre(Math.sin, 0, Math.PI, 3)).toBeCloseTo(2, 14)
  })
})

describe('shell radial integrals', () => {
  for (const [c, S] of [
    [0, 1],
    [2, 4],
    [0.3, 0.5],
    [8, 100],
  ]) {
    it(`c = ${c}, S = ${S}`, () => {
      const I = shellRadialIntegrals(c, S, 10)
      const a = Math.max(0, c - 12 / Math.sqrt(S))
      const b = c + 12 / Math.sqrt(S)
      const m = 40_000
      const h = (b - a) / m
      for (let k = 0; k <= 10; k++) {
        let s = 0
        for (let i = 0; i <= m; i++) {
          const r = a + i * h
          s += (i === 0 || i === m ? 1 : i % 2 ? 4 : 2) * r ** k * Math.exp(-S * (r - c) ** 2)
        }
        expect(Math.abs((s * h) / 3 / I[k] - 1)).toBeLessThan(1e-11)
      }
    })
  }
})

describe('LRU cache', () => {
  it('evicts the least recently used entry', () => {
    const c = new LruCache<string, number>(2)
    c.set('a', 1)
    c.set('b', 2)
    expect(c.get('a')).toBe(1) // a is now the most recent
    c.set('c', 3)
    expect(c.get('b')).toBeUndefined()
    expect(c.get('a')).toBe(1)
    expect(c.get('c')).toBe(3)
    expect(c.size).toBe(2)
  })
})
