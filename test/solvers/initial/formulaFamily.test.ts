// Oracle: the formula family (docs/NUMERICS.md "Initial data"). (1) Unusable formulas are refused with
// an InitialDataError whose message names the problem and the place: syntax (with the column), negative,
// NaN, infinite, zero, non-decaying (mass or energy in the outer band of the box) and unresolved data.
// (2) A formula equal to a known family gives that family's normalised moments and functionals: the
// grid's midpoint rule is spectrally accurate for these smooth data, so the agreement is limited by the
// box truncation at L = 8 (≈ e^{−32}·poly ≈ 1e-10 for the Maxwellian, ~1e-7 for the two-beam whose beams
// sit 1.3 standard deviations off-centre) and by the mixture quadrature's own stated error.
// (3) The sampler's law — cube q drawn with the corrected weight p_q, then uniform in the cube — has
// exactly the grid's mean and covariance: computed here in closed form from the sampler's table (the law
// is piecewise constant, so its moments are finite sums), they agree with the grid's to round-off.
import { describe, expect, it } from 'vitest'
import type { InitialSpec } from '../../../src/shared/spec'
import { formulaCdf } from '../../../src/solvers/initial/formulaSampler'
import { formulaGrid } from '../../../src/solvers/initial/formulaModel'
import { InitialDataError, previewInitial, sampleInitial } from '../../../src/solvers/initial/initialData'

const formula = (expr: string, L = 8): InitialSpec => ({ family: 'formula', expr, L })

function refusal(initial: InitialSpec): InitialDataError {
  try {
    previewInitial(initial)
  } catch (e) {
    expect(e).toBeInstanceOf(InitialDataError)
    return e as InitialDataError
  }
  throw new Error(`${JSON.stringify(initial)} was accepted`)
}

describe('formula: refusals', () => {
  it('syntax errors keep their column', () => {
    const e = refusal(formula('exp(-v^2/2))'))
    expect(e.message).toBe("unexpected ')' at 12")
    expect(e.column).toBe(12)
    expect(refusal(formula('exp(-x^2)')).message).toBe("unknown variable 'x' at 6 (use vx, vy, vz, v)")
    expect(refusal(formula('constructor')).message).toMatch(/^unknown variable 'constructor'/)
    expect(refusal(formula('__proto__')).message).toMatch(/^unknown variable '__proto__'/)
    expect(refusal(formula('process.exit()')).message).toBe("unexpected character '.' at 8")
  })

  it('negative, NaN and infinite values, with the velocity', () => {
    expect(refusal(formula('exp(-v^2/2) * cos(vx)')).message).toMatch(
      /^f is negative at v = \(-?2\.\d+, -?0\.0833, -?0\.0833\) \(f = -0\.0\d+\); a density must be ≥ 0/,
    )
    expect(refusal(formula('vx * exp(-v^2)')).message).toMatch(/^f is negative at v = /)
    expect(refusal(formula('sqrt(vx) * exp(-v^2)')).message).toMatch(/^f is undefined \(NaN\) at v = \(-7\.92, -7\.92, -7\.92\)/)
    expect(refusal(formula('exp(-v^2)/(vx - 1/12)')).message).toMatch(/^f is infinite at v = \(0\.0833, /)
    expect(refusal(formula('exp(1000 - v^2)')).message).toMatch(/^f is infinite at v = /) // overflow
  })

  it('zero mass', () => {
    expect(refusal(formula('0')).message).toBe('f is 0 at every grid point of the box [−8, 8]³: there is nothing to normalise')
    expect(refusal(formula('exp(-v^2) - exp(-v^2)')).message).toMatch(/^f is 0 at every grid point/)
    expect(refusal(formula('exp(-1000*(v-20)^2)', 8)).message).toMatch(/^f is 0 at every grid point/)
  })

  it('non-integrable or too wide data: mass or energy in the outer cells', () => {
    expect(refusal(formula('1')).message).toBe(
      'f does not decay inside the box [−8, 8]³: 28 % of its mass lies in the outer cells (|v_a| > 7.2); increase L or check the formula',
    )
    expect(refusal(formula('1/(1+v^2)')).message).toMatch(/^f does not decay inside the box \[−8, 8\]³: \d+ % of its mass lies in the outer cells/)
    expect(refusal(formula('exp(-v)')).message).toMatch(/^f does not decay inside the box \[−8, 8\]³: 0\.\d+ % of its mass/)
    expect(() => previewInitial(formula('exp(-v)', 16))).not.toThrow() // the advice works
    // finite mass, infinite energy: ∫ r²/(1+r²)³ < ∞ = ∫ r⁴/(1+r²)³
    expect(refusal(formula('1/(1+v^2)^3', 30)).message).toMatch(/of its energy ∫\|v − u\|²f lies in the outer cells.*its energy may be infinite/)
  })

  it('data the grid does not resolve', () => {
    expect(refusal(formula('exp(-100*v^2)')).message).toMatch(
      /^f is not resolved by the grid: its (mass|energy|mean \(in units of its spread\)) changes by [\d.]+ % between grid spacings 0\.333 and 0\.167 \(96 cubes per axis on \[−8, 8\]³\); reduce L or use a smoother formula$/,
    )
    expect(() => previewInitial(formula('exp(-100*v^2)', 0.6))).not.toThrow() // the advice works
  })

  it('the 2h grid is a genuine second resolution, also for data even in each coordinate', () => {
    // (The even-index centres of the fine grid would only mirror it: identical sums for every even f.)
    const kink = formulaGrid(formula('max(0, 4 - v^2)') as Extract<InitialSpec, { family: 'formula' }>)
    expect(kink.check.mass).toBeGreaterThan(1e-4) // O(h²) for a kink on the sphere |v| = 2
    expect(kink.check.energy).toBeGreaterThan(1e-4)
    expect(kink.check.energy).toBeLessThan(5e-3)
    const smooth = formulaGrid(formula('exp(-v^2/2)') as Extract<InitialSpec, { family: 'formula' }>)
    expect(smooth.check.energy).toBeLessThan(1e-10) // spectral accuracy
    expect(smooth.coarse.n).toBe(48)
    expect(smooth.coarse.xs[24]).toBeCloseTo(1 / 6, 14) // centres at odd multiples of h = 1/6
  })

  it('a refusal is cached too (retyping costs nothing) and is the same error', () => {
    const a = refusal(formula('1/(1+v^2)'))
    const b = refusal(formula('1/(1+v^2)'))
    expect(b).toBe(a)
  })
})

describe('formula: equal to a known family', () => {
  const close = (a: number | null, b: number | null, tol: number) => {
    expect(a).not.toBeNull()
    expect(b).not.toBeNull()
    expect(Math.abs(a! - b!), `${a} vs ${b}`).toBeLessThan(tol)
  }

  it('exp(-v^2/2) is the Maxwellian: raw mass (2π)^{3/2}, H, I, weighted I, moments', () => {
    const p = previewInitial(formula('exp(-v^2/2)'))
    const m = previewInitial({ family: 'maxwellian' })
    close(p.raw.mass, (2 * Math.PI) ** 1.5, 1e-9)
    close(p.scale, 1, 1e-12)
    for (let a = 0; a < 3; a++) {
      close(p.normalised.T[a], 1, 1e-12)
      close(p.normalised.mean[a], 0, 1e-15)
    }
    close(p.normalised.energy, 3, 1e-12)
    for (const k of ['entropy', 'fisher', 'fisherWeighted', 'moment6', 'moment8'] as const) {
      expect(p.functionals[k].status).toBe('numerical')
      close(p.functionals[k].value, m.functionals[k].value, 1e-7 * Math.max(1, Math.abs(m.functionals[k].value!)))
    }
    for (let i = 0; i < 121; i += 5) close(p.marginals.fx[i], m.marginals.fx[i], 2e-6) // 6-point interpolation of the grid sums: ~h⁶f⁽⁶⁾ ≈ 1e-6
    close(p.slice.values[30][30], m.slice.values[30][30], 1e-12)
  })

  it('two Maxwellians written out are the two-beam family', () => {
    const u = 2
    const theta = 0.7
    const expr = `exp(-((vx-${u})^2 + vy^2 + vz^2)/(2*${theta})) + exp(-((vx+${u})^2 + vy^2 + vz^2)/(2*${theta}))`
    const p = previewInitial(formula(expr))
    const b = previewInitial({ family: 'two-beam', u, theta })
    close(p.scale, b.scale, 1e-8)
    for (let a = 0; a < 3; a++) close(p.normalised.T[a], b.normalised.T[a], 1e-7)
    for (let a = 0; a < 3; a++) close(p.raw.T[a], b.raw.T[a], 1e-7)
    for (const k of ['entropy', 'fisher', 'fisherWeighted', 'moment6', 'moment8'] as const) {
      const stated = Number(b.functionals[k].note?.match(/error ≲ ([0-9.e+-]+)/)?.[1] ?? 0)
      close(p.functionals[k].value, b.functionals[k].value, stated + 1e-6 * Math.max(1, Math.abs(b.functionals[k].value!)))
    }
  })

  it('a formula that vanishes on a plane has finite I over {f > 0}, and says so', () => {
    // f = vx² e^{−|v|²/2}: ∫|∇f|²/f = (2π)^{3/2}·5, s² = 5/3, so I(f₀) = s²·5 = 25/3
    const p = previewInitial(formula('vx^2 * exp(-v^2/2)'))
    close(p.functionals.fisher.value, 25 / 3, 1e-8)
    // a zero on the grid: f = (vx − 0.25)² e^{−|v|²/2} with the centre x = 0.25 = 1.5 h on the grid
    const q = previewInitial(formula('(vx-0.25)^2 * exp(-v^2/2)'))
    expect(q.functionals.fisher.note).toMatch(/f vanishes at some grid points, and I is the integral over \{f > 0\}/)
  })

  it('a formula with I = +∞ (f vanishing linearly on a sphere) is not computable, not a number', () => {
    const p = previewInitial(formula('max(0, 4 - v^2)'))
    expect(p.functionals.fisher.status).toBe('not-computable')
    expect(p.functionals.fisher.value).toBeNull()
    expect(p.functionals.entropy.status).toBe('numerical')
  })
})

describe('formula: the grid sampler', () => {
  it("the sampler's law has the grid's mean and covariance exactly (moment-matched cube weights)", () => {
    for (const expr of ['(1 + (vx-1)^2) * exp(-(vx-1)^2/2 - vy^2/3 - (vz+0.5)^2)', 'exp(-((vx-vy)^2 + vz^2)/0.3 - (vx+vy)^2/4)']) {
      const initial = formula(expr)
      const grid = formulaGrid(initial as Extract<InitialSpec, { family: 'formula' }>)
      const { cdf, clipped } = formulaCdf(grid)
      // p_q < 0 only far in a steep tail, where a neighbour exceeds 30 f_q: a negligible share is clipped
      expect(clipped).toBeLessThan(1e-9)
      const { n, h, xs, shift: u } = grid
      // law: Σ_q p_q · Uniform(cube q); E x = Σ p x_q, E x² = Σ p (x_q² + h²/12), E xy = Σ p x_q y_q
      const s = new Float64Array(10)
      for (let q = 0, prev = 0; q < cdf.length; q++) {
        const p = cdf[q] - prev
        prev = cdf[q]
        if (p === 0) continue
        const x = xs[Math.floor(q / (n * n))] - u[0]
        const y = xs[Math.floor(q / n) % n] - u[1]
        const z = xs[q % n] - u[2]
        s[0] += p
        s[1] += p * x
        s[2] += p * y
        s[3] += p * z
        s[4] += p * (x * x + (h * h) / 12)
        s[5] += p * (y * y + (h * h) / 12)
        s[6] += p * (z * z + (h * h) / 12)
        s[7] += p * x * y
      }
      const mass = s[0]
      // 1e-8: the summation by parts leaves boundary terms of the size of f on the outermost cubes
      // relative to its peak (e^{−vy²/3} ≈ 8e-10 at vy = 7.92 for the first formula) times L²; the h²/12
      // it corrects is 2e-3 of T, so the check has all the power it needs
      for (let a = 0; a < 3; a++) expect(Math.abs(s[1 + a] / mass) / grid.scale).toBeLessThan(1e-8)
      for (let a = 0; a < 3; a++) expect(Math.abs(s[4 + a] / mass / grid.raw.T[a] - 1)).toBeLessThan(1e-8)
      // the grid's own xy covariance by the midpoint rule
      let cxy = 0
      for (let q = 0; q < grid.values.length; q++) cxy += grid.values[q] * (xs[Math.floor(q / (n * n))] - u[0]) * (xs[Math.floor(q / n) % n] - u[1])
      cxy *= h ** 3 / grid.raw.mass
      expect(Math.abs(s[7] / mass - cxy)).toBeLessThan(1e-8)
      // without the correction (p ∝ f) the variance would be h²/12 too large per axis: the test can tell
      expect((h * h) / 12 / grid.raw.T[0]).toBeGreaterThan(1e-3)
    }
  })

  it('reuses the cached grid: the preview and the sampler share one evaluation', () => {
    const initial = formula('exp(-v^2/2) * (2 + sin(3*vx))')
    const t0 = performance.now()
    previewInitial(initial)
    const first = performance.now() - t0
    const g1 = formulaGrid(initial as Extract<InitialSpec, { family: 'formula' }>)
    const t1 = performance.now()
    const v = new Float64Array(3 * 1000)
    sampleInitial(initial, 1000, 1, 2, v)
    previewInitial(initial)
    const again = performance.now() - t1
    expect(formulaGrid(initial as Extract<InitialSpec, { family: 'formula' }>)).toBe(g1)
    expect(again).toBeLessThan(first) // no re-evaluation of 96³ points
  })
})
