// Oracle: the preview's functionals of f₀ (docs/MATH.md §4) against quadratures written here, independent of
// the code's: closed forms where they exist (Maxwellian H = −(3/2)(1 + log 2π), I = 3; Gaussian
// I = Σ 1/T_a, H = −(3/2)(1 + log 2π) − ½ log ΠT_a; ball H = −log|B|, I = +∞) and brute-force radial or
// 1-D Simpson quadratures (20 000 panels, error < 1e-10 for these smooth integrands) of H, I, weighted I and
// ∫⟨v⟩^m f₀. Numerical values must agree within the error the preview states in its note, plus 1e-8.
import { describe, expect, it } from 'vitest'
import type { FunctionalValue } from '../../../src/shared/api'
import type { InitialSpec } from '../../../src/shared/spec'
import { previewInitial } from '../../../src/solvers/initial/preview'

const LOG2PI = Math.log(2 * Math.PI)

/** Simpson's rule with m (even) panels. */
function simpson(g: (r: number) => number, a: number, b: number, m = 20_000): number {
  const h = (b - a) / m
  let s = g(a) + g(b)
  for (let i = 1; i < m; i++) s += (i % 2 ? 4 : 2) * g(a + i * h)
  return (s * h) / 3
}

/** The error bound stated in a numerical note ("error ≲ 1.2e-7"). */
function statedError(fv: FunctionalValue): number {
  const m = fv.note?.match(/error ≲ ([0-9.e+-]+)/)
  return m ? Number(m[1]) : 0
}

function expectValue(fv: FunctionalValue, expected: number, status: FunctionalValue['status'], extra = 1e-8) {
  expect(fv.status).toBe(status)
  expect(fv.value).not.toBeNull()
  const tol = statedError(fv) + extra * Math.max(1, Math.abs(expected))
  expect(Math.abs(fv.value! - expected), `${fv.value} vs ${expected} (${fv.note})`).toBeLessThanOrEqual(tol)
}

/** H, I, weighted I, moments of a radial density ρ(r) by Simpson in r. */
function radial(rho: (r: number) => number, dlog: (r: number) => number, a: number, b: number) {
  const I = (g: (r: number) => number) => simpson((r) => (rho(r) > 0 ? 4 * Math.PI * r * r * rho(r) * g(r) : 0), a, b)
  return {
    mass: I(() => 1),
    energy: I((r) => r * r),
    entropy: I((r) => Math.log(rho(r))),
    fisher: I((r) => dlog(r) ** 2),
    fisherWeighted: I((r) => dlog(r) ** 2 * (1 + r * r) ** 1.5),
    moment6: I((r) => (1 + r * r) ** 3),
    moment8: I((r) => (1 + r * r) ** 4),
  }
}

describe('preview functionals', () => {
  it('maxwellian: H, I exact; weighted I and moments by radial quadrature', () => {
    const p = previewInitial({ family: 'maxwellian' })
    expectValue(p.functionals.entropy, -1.5 * (1 + LOG2PI), 'exact', 1e-14)
    expectValue(p.functionals.fisher, 3, 'exact', 1e-14)
    const q = radial(
      (r) => (2 * Math.PI) ** -1.5 * Math.exp((-r * r) / 2),
      (r) => -r,
      0,
      14,
    )
    expect(q.entropy).toBeCloseTo(-1.5 * (1 + LOG2PI), 10) // the closed form itself, by quadrature
    expect(q.fisher).toBeCloseTo(3, 10)
    expectValue(p.functionals.fisherWeighted, q.fisherWeighted, 'numerical')
    expectValue(p.functionals.moment6, 160, 'exact', 1e-14) // E(1 + χ²₃)³ = 1 + 9 + 45 + 105
    expectValue(p.functionals.moment8, 1468, 'exact', 1e-14) // 1 + 12 + 90 + 420 + 945
    expect(q.moment8).toBeCloseTo(1468, 7)
  })

  it('bimaxwellian: I = Σ 1/T_a and H = −(3/2)(1 + log 2π) − ½ log ΠT_a; moments by 1-D products', () => {
    const p = previewInitial({ family: 'bimaxwellian', T: [3, 2, 0.5] })
    const T = [3 / (5.5 / 3), 2 / (5.5 / 3), 0.5 / (5.5 / 3)]
    expectValue(p.functionals.fisher, 1 / T[0] + 1 / T[1] + 1 / T[2], 'exact', 1e-14)
    expectValue(p.functionals.entropy, -1.5 * (1 + LOG2PI) - 0.5 * Math.log(T[0] * T[1] * T[2]), 'exact', 1e-14)
    // I and H of the product by 1-D quadrature, as a check of the closed forms
    const g1 = (t: number) => (x: number) => Math.exp((-x * x) / (2 * t)) / Math.sqrt(2 * Math.PI * t)
    const I1 = T.map((t) => simpson((x) => g1(t)(x) * (x / t) ** 2, -15, 15))
    expect(I1[0] + I1[1] + I1[2]).toBeCloseTo(p.functionals.fisher.value!, 9)
    // E(1+|v|²)³ with independent axes: E x² = T, E x⁴ = 3T², E x⁶ = 15T³
    const e = (k: number, t: number) => [1, t, 3 * t * t, 15 * t ** 3, 105 * t ** 4][k]
    let m6 = 0
    const f = [1, 1, 2, 6]
    for (let a = 0; a <= 3; a++)
      for (let b = 0; a + b <= 3; b++)
        for (let c = 0; a + b + c <= 3; c++) {
          m6 += (f[3] / (f[3 - a - b - c] * f[a] * f[b] * f[c])) * e(a, T[0]) * e(b, T[1]) * e(c, T[2])
        }
    expectValue(p.functionals.moment6, m6, 'exact', 1e-13)
  })

  it('two-beam: numerical H and I equal the 1-D reduction H = H_x + H_y + H_z, I = I_x + 2/θ′', () => {
    const u = 2
    const theta = 0.5
    const s2 = (u * u + 3 * theta) / 3
    const [m, t] = [u / Math.sqrt(s2), theta / s2]
    const fx = (x: number) => (0.5 * (Math.exp(-((x - m) ** 2) / (2 * t)) + Math.exp(-((x + m) ** 2) / (2 * t)))) / Math.sqrt(2 * Math.PI * t)
    const dfx = (x: number) =>
      (0.5 * ((-(x - m) / t) * Math.exp(-((x - m) ** 2) / (2 * t)) - ((x + m) / t) * Math.exp(-((x + m) ** 2) / (2 * t)))) / Math.sqrt(2 * Math.PI * t)
    const Hx = simpson((x) => fx(x) * Math.log(fx(x)), -12, 12)
    const Ix = simpson((x) => dfx(x) ** 2 / fx(x), -12, 12)
    const Hyz = 2 * (-0.5 * (1 + Math.log(2 * Math.PI * t)))
    const p = previewInitial({ family: 'two-beam', u, theta })
    expectValue(p.functionals.entropy, Hx + Hyz, 'numerical')
    expectValue(p.functionals.fisher, Ix + 2 / t, 'numerical')
  })

  for (const K of [0.6, 0.75, 0.95]) {
    it(`bkw K0 = ${K}: H, I, weighted I by radial quadrature; moments 1 + 3·3 + 3·E r⁴ + E r⁶ exactly`, () => {
      const A = (5 * K - 3) / (2 * K)
      const B = (1 - K) / (2 * K * K)
      const rho = (r: number) => (2 * Math.PI * K) ** -1.5 * Math.exp((-r * r) / (2 * K)) * (A + B * r * r)
      const q = radial(rho, (r) => -r / K + (2 * B * r) / (A + B * r * r), 0, 14)
      expect(q.mass).toBeCloseTo(1, 10)
      expect(q.energy).toBeCloseTo(3, 10)
      const p = previewInitial({ family: 'bkw', K0: K })
      expectValue(p.functionals.entropy, q.entropy, 'numerical')
      expectValue(p.functionals.fisher, q.fisher, 'numerical')
      expectValue(p.functionals.fisherWeighted, q.fisherWeighted, 'numerical')
      const r4 = 30 * K - 15 * K * K
      const r6 = A * K ** 3 * 105 + B * K ** 4 * 945
      expectValue(p.functionals.moment6, 1 + 9 + 3 * r4 + r6, 'exact', 1e-13)
      expectValue(p.functionals.moment8, q.moment8, 'exact', 1e-9)
    })
  }

  for (const [r0, S] of [
    [2, 4],
    [0, 1],
    [0.5, 0.7],
    [6, 40],
  ]) {
    it(`shell r0 = ${r0}, S = ${S}: closed forms (erf) vs radial quadrature`, () => {
      const p = previewInitial({ family: 'shell', r0, S })
      // normalised parameters from the preview's scale, profile normalised by quadrature
      const s = p.scale
      const [c, Sn] = [r0 / s, S * s * s]
      const w = 1 / Math.sqrt(Sn)
      const [a, b] = [Math.max(0, c - 14 * w), c + 14 * w]
      const Z = simpson((r) => 4 * Math.PI * r * r * Math.exp(-Sn * (r - c) ** 2), a, b)
      const q = radial(
        (r) => Math.exp(-Sn * (r - c) ** 2) / Z,
        (r) => -2 * Sn * (r - c),
        a,
        b,
      )
      expect(q.energy).toBeCloseTo(3, 9) // the scale normalises the energy
      expect(p.raw.mass).toBeCloseTo(Z * s ** 3, 9) // raw mass ∫e^{−S(|v|−r0)²} = s³ × normalised one
      expectValue(p.functionals.entropy, q.entropy, 'exact', 1e-9)
      expectValue(p.functionals.fisher, q.fisher, 'exact', 1e-9)
      expectValue(p.functionals.fisherWeighted, q.fisherWeighted, 'numerical')
      expectValue(p.functionals.moment6, q.moment6, 'exact', 1e-9)
      expectValue(p.functionals.moment8, q.moment8, 'exact', 1e-9)
    })
  }

  it('ball: H = −log(4π·5^{3/2}/3), I = +∞ (f jumps), moments 3·5^j/(2j+3)', () => {
    const p = previewInitial({ family: 'ball' })
    expectValue(p.functionals.entropy, -Math.log((4 / 3) * Math.PI * 5 ** 1.5), 'exact', 1e-14)
    expect(p.functionals.fisher).toMatchObject({ value: null, status: 'infinite' })
    expect(p.functionals.fisherWeighted).toMatchObject({ value: null, status: 'infinite' })
    expect(p.functionals.fisher.note).toMatch(/jumps/)
    const R = Math.sqrt(5)
    const q = radial(
      (r) => (r <= R ? 3 / (4 * Math.PI * R ** 3) : 0),
      () => 0,
      0,
      R,
    )
    expectValue(p.functionals.moment6, q.moment6, 'exact', 1e-9)
    expectValue(p.functionals.moment8, q.moment8, 'exact', 1e-9)
  })

  it('mixture: numerical H and I agree with a fine 3-D midpoint quadrature; moments exact', () => {
    const initial: InitialSpec = {
      family: 'mixture',
      components: [
        { weight: 1, mean: [1, 0, 0], T: [1, 1, 1] },
        { weight: 2, mean: [-1, 1, 0], T: [0.5, 1, 2] },
      ],
    }
    const p = previewInitial(initial)
    const T = p.normalised.T
    // rebuild the normalised components from the preview's affine map
    const comps = initial.components.map((c) => ({
      w: c.weight / 3,
      m: c.mean.map((x, a) => (x - p.shift[a]) / p.scale),
      T: c.T.map((t) => t / p.scale ** 2),
    }))
    const f = (x: number, y: number, z: number, g?: number[]) => {
      let s = 0
      if (g) g[0] = g[1] = g[2] = 0
      for (const c of comps) {
        const d = [x - c.m[0], y - c.m[1], z - c.m[2]]
        const e =
          (c.w * Math.exp(-0.5 * (d[0] ** 2 / c.T[0] + d[1] ** 2 / c.T[1] + d[2] ** 2 / c.T[2]))) / Math.sqrt((2 * Math.PI) ** 3 * c.T[0] * c.T[1] * c.T[2])
        s += e
        if (g) for (let a = 0; a < 3; a++) g[a] -= (e * d[a]) / c.T[a]
      }
      return s
    }
    const B = 9
    const n = 150
    const h = (2 * B) / n
    let H = 0
    let I = 0
    let m6 = 0
    let e = 0
    const g = [0, 0, 0]
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        for (let k = 0; k < n; k++) {
          const [x, y, z] = [-B + (i + 0.5) * h, -B + (j + 0.5) * h, -B + (k + 0.5) * h]
          const v = f(x, y, z, g)
          if (v <= 0) continue
          H += v * Math.log(v)
          I += (g[0] ** 2 + g[1] ** 2 + g[2] ** 2) / v
          const r2 = x * x + y * y + z * z
          m6 += v * (1 + r2) ** 3
          e += v * r2
        }
    const w = h ** 3
    expect(e * w).toBeCloseTo(3, 8)
    expect(T[0] + T[1] + T[2]).toBeCloseTo(3, 12)
    expectValue(p.functionals.entropy, H * w, 'numerical', 1e-7)
    expectValue(p.functionals.fisher, I * w, 'numerical', 1e-7)
    expectValue(p.functionals.moment6, m6 * w, 'exact', 1e-7)
  })
})
