// ∫φ dρ of a stored record (the f-part of the weak chaos functional). Oracles, per kind:
//  - weighted: one blob of variance 1 at 0 IS N(0, I): ∫N(0,I)φ = (s²/(s²+1))^{3/2} e^{−|c|²/(2(s²+1))} for the
//    bump, e^{−|k|²/2} for the cosine (characteristic function); ε = 0 is the weighted point set itself.
//    Round-off only: 1e-14.
//  - grid: an independent brute-force tensor Gauss–Legendre rule on every cell (4 nodes on each of 12
//    sub-intervals per axis per cell, i.e. 1/12 ≤ s/2.4; 6 sub-intervals already agree to 2e-12 for the
//    narrow s = 0.2 bump); measured agreement ≤ 1e-12 relative, tolerance 1e-10 of max(value, 1e-3).
//  - radial: the uniform ball in closed form (cosine: 3(sin x − x cos x)/x³, x = |k|R; centred bump:
//    3s³[√(π/2) erf(R/(s√2)) − (R/s)e^{−R²/2s²}]/R³), 1e-12; the Maxwellian record (Δr = 0.01) against
//    ∫Mφ: the record's piecewise-linear profile differs from M by ≤ Δr²/8·|M''|, which moves ∫φ by at most
//    Δr²/8·∫4πr²|M''| ≈ 1.25e-5·1.4 and the normalisation by its mass error 1.7e-5: 4e-5 absolute (|φ| ≤ 1;
//    measured ≤ 5e-6); the 8-point rule against a 4× finer split on a coarse record
//    (pieces of width 1.5–4 ≫ s), 1e-13 — and a deliberately coarse split is visibly off (> 1e-9), so that
//    check can fail.
//  - all kinds against the sampler itself: the mean of φ over 10⁵ sampleDensity draws agrees within 4 SE
//    (positive part, piecewise-constant cells and blob convolution are the sampler's conventions, and a
//    wrong one — e.g. the trilinear interpolant on these h = 1 cells — would be off by many SE).
import { describe, expect, it } from 'vitest'
import { erf } from '../../../src/solvers/special/erf'
import { createDensitySampler, sampleDensity } from '../../../src/solvers/deterministic/densitySampler'
import type { DensityRecord } from '../../../src/solvers/deterministic/types'
import { radialIntegralRefined, referenceIntegral } from '../../../src/solvers/chaos/referenceIntegral'
import { evaluateTestFunction, type TestFunction } from '../../../src/solvers/chaos/testFunctions'
import { meanAndSe } from '../../../src/solvers/chaos/replicaStats'
import { gaussianRecord, radialMaxwell } from './fixtures'

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b)
const bump = (c: [number, number, number], s: number): TestFunction => ({ kind: 'gaussian', center: c, width: s })
const wave = (k: [number, number, number]): TestFunction => ({ kind: 'cosine', k })
/** ∫N(0, σ²I)φ for a Gaussian bump (product of 1-D Gaussian convolutions). */
const gaussBump = (v: number, c: number[], s: number) => ((s * s) / (s * s + v)) ** 1.5 * Math.exp(-(c[0] ** 2 + c[1] ** 2 + c[2] ** 2) / (2 * (s * s + v)))
const PHIS: TestFunction[] = [bump([0, 0, 0], 1), bump([1, -0.5, 0.3], 0.5), bump([2, 0, 0], 0.2), wave([1, 0, 0]), wave([0.5, 2, -1])]

const coarseRadial: Extract<DensityRecord, { kind: 'radial' }> = { kind: 'radial', r: Float64Array.of(0.5, 2, 5, 9), f: Float64Array.of(1, 0.8, -0.3, 0.4) }
const smallGrid: Extract<DensityRecord, { kind: 'grid' }> = {
  kind: 'grid',
  n: 3,
  L: 1.5,
  periodic: false,
  f: Float64Array.from({ length: 27 }, (_, c) => (c === 13 ? 5 : c === 4 ? -1 : 1 + ((c * 7) % 5))),
}

describe('referenceIntegral: weighted records (closed forms)', () => {
  it('one blob of variance 1 at 0 gives ∫N(0,I)φ', () => {
    const d = gaussianRecord(1)
    for (const phi of PHIS) {
      const exact = phi.kind === 'gaussian' ? gaussBump(1, [...phi.center], phi.width) : Math.exp(-(phi.k[0] ** 2 + phi.k[1] ** 2 + phi.k[2] ** 2) / 2)
      expect(rel(referenceIntegral(d, phi).value, exact)).toBeLessThan(1e-14)
    }
  })

  it('ε = 0 is the weighted point set (negative weights count as 0)', () => {
    const x = Float64Array.of(0, 0, 0, 1, 2, 3, -1, 0.5, 0)
    const d: DensityRecord = { kind: 'weighted', n: 3, eps: 0, x, w: Float64Array.of(2, 1, -4) }
    for (const phi of PHIS) {
      const v = evaluateTestFunction(phi, x, 3, new Float64Array(3))
      expect(rel(referenceIntegral(d, phi).value, (2 * v[0] + v[1]) / 3)).toBeLessThan(1e-14)
    }
  })
})

describe('referenceIntegral: grid records', () => {
  it('equals a brute-force tensor Gauss–Legendre rule over the cells', () => {
    const gx = [-0.8611363115940526, -0.3399810435848563, 0.3399810435848563, 0.8611363115940526]
    const gw = [0.3478548451374538, 0.6521451548625461, 0.6521451548625461, 0.3478548451374538]
    const { n, L, f } = smallGrid
    const h = (2 * L) / n
    const S = 12 // sub-intervals per cell per axis
    const nodes: number[] = []
    const weights: number[] = []
    for (let i = 0; i < n * S; i++)
      for (let g = 0; g < 4; g++) {
        nodes.push(-L + (i + (1 + gx[g]) / 2) * (h / S))
        weights.push((gw[g] * h) / S / 2)
      }
    const per = 4 * S
    for (const phi of PHIS) {
      let num = 0
      let mass = 0
      const pt = new Float64Array(3)
      const val = new Float64Array(1)
      for (let c = 0; c < n ** 3; c++) {
        if (!(f[c] > 0)) continue
        const k = c % n
        const j = ((c - k) / n) % n
        const i = Math.floor(c / (n * n))
        mass += f[c] * h ** 3
        for (let a = 0; a < per; a++)
          for (let b = 0; b < per; b++)
            for (let e = 0; e < per; e++) {
              pt[0] = nodes[i * per + a]
              pt[1] = nodes[j * per + b]
              pt[2] = nodes[k * per + e]
              evaluateTestFunction(phi, pt, 1, val)
              num += f[c] * weights[i * per + a] * weights[j * per + b] * weights[k * per + e] * val[0]
            }
      }
      const r = referenceIntegral(smallGrid, phi)
      expect(Math.abs(r.value - num / mass)).toBeLessThan(1e-10 * Math.max(1e-3, Math.abs(num / mass)))
      expect(rel(r.mass, createDensitySampler(smallGrid).mass)).toBeLessThan(1e-14)
    }
  })
})

describe('referenceIntegral: radial records', () => {
  it('uniform ball: closed forms', () => {
    const R = 1.7
    const d: DensityRecord = { kind: 'radial', r: Float64Array.of(R), f: Float64Array.of(2) }
    for (const k of [0.3, 1, 4.2]) {
      const x = k * R
      expect(rel(referenceIntegral(d, wave([0, k, 0])).value, (3 * (Math.sin(x) - x * Math.cos(x))) / x ** 3)).toBeLessThan(1e-12)
    }
    for (const s of [0.3, 1, 3]) {
      const exact = (3 * s ** 3 * (Math.sqrt(Math.PI / 2) * erf(R / (s * Math.SQRT2)) - (R / s) * Math.exp(-(R * R) / (2 * s * s)))) / R ** 3
      expect(rel(referenceIntegral(d, bump([0, 0, 0], s)).value, exact)).toBeLessThan(1e-12)
    }
  })

  it('the Maxwellian record (Δr = 0.01) gives ∫Mφ to its interpolation error', () => {
    const d = radialMaxwell()
    for (const phi of PHIS) {
      const exact = phi.kind === 'gaussian' ? gaussBump(1, [...phi.center], phi.width) : Math.exp(-(phi.k[0] ** 2 + phi.k[1] ** 2 + phi.k[2] ** 2) / 2)
      expect(Math.abs(referenceIntegral(d, phi).value - exact)).toBeLessThan(4e-5)
    }
  })

  it('the quadrature has converged on wide pieces (and a too-coarse split would show)', () => {
    for (const phi of [bump([1, 0.5, 0], 0.3), wave([3, 0, 1])]) {
      const base = referenceIntegral(coarseRadial, phi).value
      expect(rel(base, radialIntegralRefined(coarseRadial, phi, 4).value)).toBeLessThan(1e-13)
      expect(rel(radialIntegralRefined(coarseRadial, phi, 0.1).value, base)).toBeGreaterThan(1e-9)
    }
    // Positive part cut at the zero crossings exactly as the sampler: same mass.
    expect(rel(referenceIntegral(coarseRadial, wave([1, 0, 0])).mass, createDensitySampler(coarseRadial).mass)).toBeLessThan(1e-13)
  })
})

describe('referenceIntegral agrees with the sampler (10⁵ draws, 4 SE)', () => {
  const lattice: DensityRecord = {
    kind: 'weighted',
    n: 4,
    eps: 0.3,
    x: Float64Array.of(0, 0, 0, 1, 0, 0, 0, -1, 0.5, 2, 2, 2),
    w: Float64Array.of(1, 2, 0.5, -1),
  }
  for (const [name, d] of [
    ['radial (with a negative stretch)', coarseRadial],
    ['grid (h = 1)', smallGrid],
    ['weighted (ε = 0.3)', lattice],
  ] as [string, DensityRecord][]) {
    it(name, () => {
      const n = 100_000
      const s = sampleDensity(d, n, { k0: 0x54455354, k1: 99 })
      for (const phi of [bump([0.5, 0, 0], 0.7), wave([1.3, 0, 0.4])]) {
        const { mean, se } = meanAndSe(evaluateTestFunction(phi, s, n, new Float64Array(n)))
        expect(Math.abs(mean - referenceIntegral(d, phi).value)).toBeLessThan(4 * se)
      }
    })
  }
})
