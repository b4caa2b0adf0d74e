// The run view of a stored density: the standard Maxwellian given as a grid, a radial profile and
// weighted particles must show the marginals φ(t) = (2π)^(−1/2)e^(−t²/2), the slice M(x, y, 0) and marginals
// of mass 1, each within the error its representation allows (stated per case).
import { describe, expect, it } from 'vitest'
import { densityView } from '../../../src/solvers/deterministic/densityView'
import type { DensityPlot } from '../../../src/solvers/deterministic/densityView'
import type { DensityRecord } from '../../../src/solvers/deterministic/types'
import { MARGINAL_GRID, SLICE_GRID } from '../../../src/solvers/initial/preview'

const phi = (t: number, s2 = 1) => Math.exp((-t * t) / (2 * s2)) / Math.sqrt(2 * Math.PI * s2)
const M = (x: number, y: number, z: number, s2 = 1) => phi(x, s2) * phi(y, s2) * phi(z, s2)

/** Max |view − exact| over the marginals (all three axes) and over the slice. */
function errors(view: DensityPlot, s2 = 1): { marginal: number; slice: number } {
  let marginal = 0
  for (const f of [view.marginals.fx, view.marginals.fy, view.marginals.fz]) {
    f.forEach((x, i) => (marginal = Math.max(marginal, Math.abs(x - phi(view.marginals.v[i], s2)))))
  }
  let slice = 0
  view.slice.values.forEach((row, iy) => row.forEach((x, ix) => (slice = Math.max(slice, Math.abs(x - M(view.slice.v[ix], view.slice.v[iy], 0, s2))))))
  return { marginal, slice }
}

/** Trapezoid masses of the three marginals on their grid. */
function masses(view: DensityPlot): number[] {
  const v = view.marginals.v
  return [view.marginals.fx, view.marginals.fy, view.marginals.fz].map((f) => {
    let s = 0
    for (let i = 1; i < v.length; i++) s += ((v[i] - v[i - 1]) * (f[i] + f[i - 1])) / 2
    return s
  })
}

function maxwellGrid(n: number, L: number, periodic: boolean): DensityRecord {
  const h = (2 * L) / n
  const c = (i: number) => -L + (i + 0.5) * h
  const f = new Float64Array(n * n * n)
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) f[(i * n + j) * n + k] = M(c(i), c(j), c(k))
  return { kind: 'grid', n, L, periodic, f }
}

/** A deterministic stream of standard normals (mulberry32 + Box–Muller), so the test never flickers. */
function normals(count: number, seed: number): Float64Array {
  let a = seed >>> 0
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const out = new Float64Array(count)
  for (let i = 0; i < count; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - u()))
    const th = 2 * Math.PI * u()
    out[i] = r * Math.cos(th)
    if (i + 1 < count) out[i + 1] = r * Math.sin(th)
  }
  return out
}

describe('density view', () => {
  it('uses the designer preview grids', () => {
    const v = densityView({ kind: 'radial', r: new Float64Array([0, 1]), f: new Float64Array([1, 0]) })
    expect(v.marginals.v).toEqual(MARGINAL_GRID)
    expect(v.slice.v).toEqual(SLICE_GRID)
    expect(v.slice.values.length).toBe(SLICE_GRID.length)
    expect(v.slice.values[0].length).toBe(SLICE_GRID.length)
  })

  it('grid: cell sums × h², then linear interpolation (error ≤ h²/8·max|φ″| ≈ 1.8e-3 at h = 0.1875)', () => {
    for (const periodic of [false, true]) {
      const view = densityView(maxwellGrid(64, 6, periodic))
      const e = errors(view)
      expect(e.marginal).toBeLessThan(2e-3)
      expect(e.slice).toBeLessThan(1e-3) // trilinear: about 1.5 % of the maximum 0.0635
      for (const m of masses(view)) expect(m).toBeCloseTo(1, 3)
      expect(view.note).toContain('64³')
    }
  })

  it("grid: zero outside the box, the edge value in a bounded box's outer half cells", () => {
    const view = densityView({ kind: 'grid', n: 2, L: 1, periodic: false, f: new Float64Array(8).fill(1) })
    const at = (t: number) => view.marginals.fx[MARGINAL_GRID.findIndex((v) => Math.abs(v - t) < 1e-9)]
    expect(at(0.9)).toBeCloseTo(4, 12) // h² · 4 cells of value 1, h = 1
    expect(at(0)).toBeCloseTo(4, 12)
    expect(at(1.1)).toBe(0)
  })

  it('radial: exact marginal of the piecewise-linear profile (error ~ Δr²: < 1e-5 at Δr = 0.01)', () => {
    const m = 1001
    const r = Float64Array.from({ length: m }, (_, i) => (10 * i) / (m - 1))
    const f = r.map((x) => M(x, 0, 0))
    const view = densityView({ kind: 'radial', r, f })
    const e = errors(view)
    expect(e.marginal).toBeLessThan(1e-5)
    expect(e.slice).toBeLessThan(1e-5)
    for (const x of masses(view)) expect(x).toBeCloseTo(1, 4) // the linear profile overshoots by ~ Δr²
  })

  it('radial: a uniform ball of radius 1 has the marginal π(1 − t²)·f₀', () => {
    const view = densityView({ kind: 'radial', r: new Float64Array([0, 1, 1 + 1e-12]), f: new Float64Array([1, 1, 0]) })
    MARGINAL_GRID.forEach((t, i) => expect(view.marginals.fx[i]).toBeCloseTo(Math.abs(t) < 1 ? Math.PI * (1 - t * t) : 0, 9))
  })

  it('weighted: one blob of variance 1 at the origin is the Maxwellian itself (to rounding)', () => {
    const view = densityView({ kind: 'weighted', n: 1, eps: 1, x: new Float64Array(3), w: new Float64Array([1]) })
    const e = errors(view)
    expect(e.marginal).toBeLessThan(1e-14)
    expect(e.slice).toBeLessThan(1e-15)
  })

  it('weighted: blobs on a lattice, w = M(x_p)h³, give M ∗ ψ_ε (variance 1 + ε) to 1e-4', () => {
    const n = 24
    const L = 6
    const h = (2 * L) / n
    const eps = 0.64 * h ** 1.98
    const x = new Float64Array(3 * n ** 3)
    const w = new Float64Array(n ** 3)
    const c = (i: number) => -L + (i + 0.5) * h
    let p = 0
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        for (let k = 0; k < n; k++, p++) {
          x.set([c(i), c(j), c(k)], 3 * p)
          w[p] = M(c(i), c(j), c(k)) * h ** 3
        }
    const view = densityView({ kind: 'weighted', n: n ** 3, eps, x, w })
    const e = errors(view, 1 + eps)
    expect(e.marginal).toBeLessThan(1e-4)
    expect(e.slice).toBeLessThan(1e-4)
    // Against the Maxwellian itself: the blob's smoothing, ε/2·max|φ″| ≈ 0.033.
    expect(errors(view).marginal).toBeLessThan(0.04)
    for (const m of masses(view)) expect(m).toBeCloseTo(1, 4)
    expect(view.note).toContain('Gaussian blobs')
  })

  it('weighted, ε = 0: 20 000 Maxwellian samples, smoothed for display, are within 0.03 (marginals) and 0.012 (slice)', () => {
    const N = 20_000
    const x = normals(3 * N, 12345)
    const w = new Float64Array(N).fill(1 / N)
    const view = densityView({ kind: 'weighted', n: N, eps: 0, x, w })
    const e = errors(view)
    // Smoothing bias σ²/2·|φ″| ≈ 0.004 plus sampling noise ≈ 0.006 (one s.d.) per point.
    expect(e.marginal).toBeLessThan(0.03)
    // σ₃ ≈ 0.24: bias ≈ 0.006 (10 % of the peak 0.0635) plus noise ≈ 0.002 per point.
    expect(e.slice).toBeLessThan(0.012)
    for (const m of masses(view)) expect(m).toBeCloseTo(1, 3)
    expect(view.note).toMatch(/smoothed for display: σ = 0\.1\d+/)
  })

  it('refuses a record whose arrays disagree with its sizes', () => {
    expect(() => densityView({ kind: 'grid', n: 3, L: 1, periodic: false, f: new Float64Array(8) })).toThrow(/27|n = 3/)
    expect(() => densityView({ kind: 'weighted', n: 2, eps: 0, x: new Float64Array(3), w: new Float64Array(2) })).toThrow(/n = 2/)
  })
})
