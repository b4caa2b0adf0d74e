// Oracle: the normalisation (1.4) and the preview's analytic parts, by quadratures independent of the
// code's own: for every family the normalised density f₀ (model.density) integrated by the 3-D midpoint
// rule on a box has mass 1, mean 0, energy 3 and the preview's per-axis T; ∇log f₀ (model.gradLog)
// equals central differences of log f₀; the analytic 1-D marginals equal 2-D midpoint quadratures of f₀
// over the other two axes; the preview's slice is f₀(vx, vy, 0).
// Tolerances: the midpoint rule for these smooth, rapidly decaying f₀ (spacing h ≤ 1/3 of the smallest
// standard deviation) is accurate to ~1e-9 or better, so 1e-6 has a wide margin yet catches any wrong
// constant. The ball is discontinuous: a lattice count of a sphere errs by O(h^{3/2}), ≈ 2e-3 at
// h = 0.03, so 5e-3 there. Central differences with step 1e-5 err by ~1e-9 (relative to |∇log f|), so 1e-6.
// Parameters outside their range raise InitialDataError (the backend shows its message inline).
import { describe, expect, it } from 'vitest'
import type { InitialSpec } from '../../../src/shared/spec'
import { familyModel } from '../../../src/solvers/initial/familyModel'
import { InitialDataError } from '../../../src/solvers/initial/initialDataError'
import { MARGINAL_GRID, previewInitial, SLICE_GRID } from '../../../src/solvers/initial/preview'

interface Case {
  initial: InitialSpec
  /** half-width of the quadrature box and the spacing */
  B: number
  h: number
  tol: number
}

const cases: Case[] = [
  { initial: { family: 'maxwellian' }, B: 9, h: 0.15, tol: 1e-6 },
  { initial: { family: 'bimaxwellian', T: [3, 2, 0.5] }, B: 9, h: 0.1, tol: 1e-6 },
  { initial: { family: 'two-beam', u: 2, theta: 0.5 }, B: 7, h: 0.08, tol: 1e-6 },
  { initial: { family: 'bkw', K0: 0.6 }, B: 9, h: 0.15, tol: 1e-6 },
  { initial: { family: 'bkw', K0: 0.9 }, B: 9, h: 0.15, tol: 1e-6 },
  { initial: { family: 'shell', r0: 2, S: 4 }, B: 5, h: 0.06, tol: 1e-6 },
  { initial: { family: 'shell', r0: 0, S: 0.3 }, B: 9, h: 0.15, tol: 1e-6 },
  { initial: { family: 'ball' }, B: 2.25, h: 0.03, tol: 5e-3 },
  {
    initial: {
      family: 'mixture',
      components: [
        { weight: 1, mean: [1, 2, 0], T: [1, 0.5, 2] },
        { weight: 2, mean: [-1, 0, 3], T: [0.7, 1, 1] },
      ],
    },
    B: 8,
    h: 0.1,
    tol: 1e-6,
  },
  { initial: { family: 'formula', expr: '(1 + (vx-1)^2) * exp(-(vx-1)^2/2 - vy^2/3 - (vz+0.5)^2)', L: 8 }, B: 6, h: 0.1, tol: 1e-6 },
]

function moments3d(density: (x: number, y: number, z: number) => number, B: number, h: number) {
  const n = Math.round((2 * B) / h)
  const hh = (2 * B) / n
  const s = new Float64Array(7)
  for (let i = 0; i < n; i++) {
    const x = -B + (i + 0.5) * hh
    for (let j = 0; j < n; j++) {
      const y = -B + (j + 0.5) * hh
      for (let k = 0; k < n; k++) {
        const z = -B + (k + 0.5) * hh
        const f = density(x, y, z)
        s[0] += f
        s[1] += f * x
        s[2] += f * y
        s[3] += f * z
        s[4] += f * x * x
        s[5] += f * y * y
        s[6] += f * z * z
      }
    }
  }
  const w = hh ** 3
  return { mass: s[0] * w, mean: [s[1] * w, s[2] * w, s[3] * w], T: [s[4] * w, s[5] * w, s[6] * w] }
}

describe('normalised density f₀: mass 1, mean 0, energy 3 by 3-D quadrature', () => {
  for (const c of cases) {
    it(`${c.initial.family} ${JSON.stringify(c.initial).slice(0, 70)}`, () => {
      const model = familyModel(c.initial)
      const q = moments3d(model.density, c.B, c.h)
      expect(Math.abs(q.mass - 1)).toBeLessThan(c.tol)
      for (let a = 0; a < 3; a++) expect(Math.abs(q.mean[a])).toBeLessThan(c.tol * 3)
      expect(Math.abs(q.T[0] + q.T[1] + q.T[2] - 3)).toBeLessThan(c.tol * 3)
      for (let a = 0; a < 3; a++) expect(Math.abs(q.T[a] - model.normalised.T[a])).toBeLessThan(c.tol * 3)
      expect(model.normalised.mass).toBe(1)
      expect(model.normalised.energy).toBeCloseTo(3, 12)
    })
  }
})

describe('∇log f₀ equals central differences of log f₀', () => {
  const points: [number, number, number][] = [
    [0.3, -0.8, 0.5],
    [-1.2, 0.4, 0.9],
    [0.7, 1.1, -1.3],
  ]
  for (const c of cases) {
    if (c.initial.family === 'ball') continue // log f₀ is constant inside: checked below
    it(c.initial.family, () => {
      const model = familyModel(c.initial)
      const g = new Float64Array(3)
      const d = 1e-5
      for (const [x, y, z] of points) {
        model.gradLog(x, y, z, g)
        const p = [x, y, z]
        for (let a = 0; a < 3; a++) {
          const up = [...p]
          const dn = [...p]
          up[a] += d
          dn[a] -= d
          const num = (Math.log(model.density(up[0], up[1], up[2])) - Math.log(model.density(dn[0], dn[1], dn[2]))) / (2 * d)
          expect(Math.abs(g[a] - num)).toBeLessThan(1e-6 * Math.max(1, Math.abs(num)))
        }
      }
    })
  }

  it('ball: ∇log f₀ = 0 inside, undefined outside', () => {
    const g = new Float64Array(3)
    const ball = familyModel({ family: 'ball' })
    ball.gradLog(1, 1, 1, g)
    expect(Array.from(g)).toEqual([0, 0, 0])
    ball.gradLog(2, 1, 1, g)
    expect(g.every(Number.isNaN)).toBe(true)
  })
})

describe('preview: analytic marginals and the slice', () => {
  for (const c of cases) {
    it(c.initial.family, () => {
      const model = familyModel(c.initial)
      const p = previewInitial(c.initial)
      expect(p.marginals.v).toEqual(MARGINAL_GRID)
      expect(p.marginals.v.length).toBe(121)
      expect(p.slice.v.length).toBe(61)
      expect(p.slice.values.length).toBe(61)
      expect(p.slice.values.every((row) => row.length === 61)).toBe(true)
      // the slice is f₀(v[ix], v[iy], 0) at values[iy][ix]
      expect(p.slice.values[20][45]).toBe(model.density(SLICE_GRID[45], SLICE_GRID[20], 0))
      // marginals at a few points vs a 2-D midpoint quadrature of f₀ (h = c.h/2 for the discontinuous ball)
      const hh = c.initial.family === 'ball' ? 0.005 : c.h
      const n = Math.round((2 * c.B) / hh)
      const step = (2 * c.B) / n
      for (const idx of [40, 55, 60, 72]) {
        const t = MARGINAL_GRID[idx]
        const sums = [0, 0, 0]
        for (let i = 0; i < n; i++) {
          const a = -c.B + (i + 0.5) * step
          for (let j = 0; j < n; j++) {
            const b = -c.B + (j + 0.5) * step
            sums[0] += model.density(t, a, b)
            sums[1] += model.density(a, t, b)
            sums[2] += model.density(a, b, t)
          }
        }
        const m = [p.marginals.fx[idx], p.marginals.fy[idx], p.marginals.fz[idx]]
        // formula marginals are 6-point interpolants of the grid's sums (spacing h = 1/6): error ~h⁶f⁽⁶⁾ ≈ 1e-6
        const tol = c.initial.family === 'formula' ? 1e-5 : c.initial.family === 'ball' ? 2e-3 : 1e-6
        for (let a = 0; a < 3; a++) expect(Math.abs(m[a] - sums[a] * step * step)).toBeLessThan(tol)
      }
      // and each marginal integrates to ~1 over [−6, 6] (Simpson; the tails beyond 6 are < 1e-5 here)
      for (const m of [p.marginals.fx, p.marginals.fy, p.marginals.fz]) {
        let s = 0
        for (let i = 0; i < 121; i++) s += (i === 0 || i === 120 ? 1 : i % 2 ? 4 : 2) * m[i]
        expect(Math.abs((s * 0.1) / 3 - 1)).toBeLessThan(c.initial.family === 'ball' ? 2e-3 : 2e-5)
      }
    })
  }
})

describe('parameters outside their range (a caller that skipped the spec schema) are refused', () => {
  const bad: [unknown, RegExp][] = [
    [{ family: 'bkw', K0: 0.5 }, /K0 must be in \[3\/5, 1\)/],
    [{ family: 'bkw', K0: 1 }, /K0 must be in \[3\/5, 1\)/],
    [{ family: 'shell', r0: -1, S: 1 }, /r0 must be/],
    [{ family: 'shell', r0: 1, S: 0 }, /S must be/],
    [{ family: 'two-beam', u: 1, theta: -1 }, /theta must be/],
    [{ family: 'bimaxwellian', T: [1, 0, 1] }, /T must be three positive/],
    [{ family: 'mixture', components: [] }, /at least one component/],
    [{ family: 'mixture', components: [{ weight: 1, mean: [0, NaN, 0], T: [1, 1, 1] }] }, /component 1: mean/],
    [{ family: 'formula', expr: 'exp(-v^2)', L: -1 }, /L must be/],
    [{ family: 'nonsense' }, /unknown initial family "nonsense"/],
  ]
  for (const [initial, message] of bad) {
    it(JSON.stringify(initial), () => {
      expect(() => previewInitial(initial as InitialSpec)).toThrow(InitialDataError)
      expect(() => previewInitial(initial as InitialSpec)).toThrow(message)
    })
  }
})
