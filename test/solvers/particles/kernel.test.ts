// Oracle: the identities of docs/MATH.md §1 — b = ∇·a (row divergence, by central differences),
// σσᵀ = a with σ = |z|^{γ/2+1}Π⊥(z), a(z)z = 0 — and the special-cased powers against Math.pow.
// Tolerances: central differences with h = 1e-5 have truncation error O(h²)|∂³a| ≈ 1e-10 and
// round-off O(ε/h)|a| ≈ 1e-11 at |z| ~ 1, hence 1e-8; algebraic identities hold to a few ulp, hence 1e-13.
import { describe, expect, it } from 'vitest'
import { halfGammaPower, kernelA, kernelB, sigmaAmplitude } from '../../../src/solvers/particles/kernel'

const GAMMAS = [-3, -2, -1, 0, 0.5, 1]
const Z = [0.7, -0.3, 0.45]

describe('Landau kernel', () => {
  it.each(GAMMAS)('γ = %d: b = ∇·a, σσᵀ = a, a z = 0', (gamma) => {
    const h = 1e-5
    const ap = new Float64Array(9)
    const am = new Float64Array(9)
    const a = new Float64Array(9)
    const b = new Float64Array(3)
    kernelB(Z[0], Z[1], Z[2], gamma, b)
    for (let p = 0; p < 3; p++) {
      let div = 0
      for (let q = 0; q < 3; q++) {
        const zp = [...Z]
        const zm = [...Z]
        zp[q] += h
        zm[q] -= h
        kernelA(zp[0], zp[1], zp[2], gamma, ap)
        kernelA(zm[0], zm[1], zm[2], gamma, am)
        div += (ap[3 * p + q] - am[3 * p + q]) / (2 * h)
      }
      expect(Math.abs(div - b[p])).toBeLessThan(1e-8)
    }
    kernelA(Z[0], Z[1], Z[2], gamma, a)
    const r = Math.hypot(Z[0], Z[1], Z[2])
    const s = sigmaAmplitude(r, gamma)
    for (let p = 0; p < 3; p++) {
      let az = 0
      for (let q = 0; q < 3; q++) {
        // σ is symmetric and Π⊥ a projection, so σσᵀ = s² Π⊥.
        const proj = (p === q ? 1 : 0) - (Z[p] * Z[q]) / (r * r)
        expect(Math.abs(s * s * proj - a[3 * p + q])).toBeLessThan(1e-13)
        az += a[3 * p + q] * Z[q]
      }
      expect(Math.abs(az)).toBeLessThan(1e-13)
    }
  })

  // A few ulp apart at most: 1/(r√r) rounds three times, Math.pow once.
  it('special cases agree with Math.pow', () => {
    for (const gamma of [-3, 0]) {
      for (const r of [1e-6, 0.37, 1, 2.5, 1e5]) {
        expect(Math.abs(halfGammaPower(r, gamma) / Math.pow(r, gamma / 2) - 1)).toBeLessThan(1e-15)
        expect(Math.abs(sigmaAmplitude(r, gamma) / Math.pow(r, gamma / 2 + 1) - 1)).toBeLessThan(1e-15)
      }
    }
  })
})
