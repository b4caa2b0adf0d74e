// Oracle: the moment expansion of the exact-conservation pair step at fixed z (docs/MATH.md §2,
// docs/NUMERICS.md §4.1). With n = z/|z|, α = κ²|z|^γ = 8Δt|z|^γ/N and X = ρ² ~ χ²₂ (E Xᵐ = 2ᵐ m!):
//   E[z'−z] = |z| E[(1+αX)^{-1/2} − 1] n = −α|z|(1 − 3α + O(α²)) n = (4/N) b(z) Δt (1 − 3α + O(α²)),
//   Cov(z'−z) = α|z|²(1 − 4α + O(α²)) Π⊥  +  α²|z|²(1 − 12α + O(α²)) n⊗n,
// whose leading term is (8/N) a(z) Δt. The O(α) corrections are kept because at α = 1e-3 they are a
// few standard errors on 1e6 draws; the neglected O(α²) terms are bounded generously (coefficients
// 20, 30 and 300 times α², against exact ones 15, 24 and about 100) and stay ≤ 3e-4 relative,
// below one standard error. Each check allows 4.5 standard errors computed from the draws (about 20
// checks: chance failure < 1e-4; the seed is fixed anyway). A 10 % error in the drift or the
// diffusion would show as ≥ 20 standard errors.
import { beforeAll, describe, expect, it } from 'vitest'
import { rotationStep } from '../../../src/solvers/particles/rotationStep'
import { kickBlock } from '../../../src/solvers/random/streams'

const VI = [0.3, -0.2, 0.5]
const VJ = [-0.4, 0.1, 0.9]
const DRAWS = 1_000_000
const K = 4.5

/** Draws z' − z for the fixed pair (VI, VJ), one independent kick per step counter. */
function draws(gamma: number, alpha: number, _N: number): { d: Float64Array; r: number; maxNormError: number } {
  const z = VI.map((x, a) => x - VJ[a])
  const r = Math.hypot(z[0], z[1], z[2])
  // Choose Δt so that α = 8Δt|z|^γ/N; κ = 2√(2Δt/N) ⇒ κ² = α / |z|^γ.
  const kappa = Math.sqrt(alpha / Math.pow(r, gamma))
  const v = new Float64Array(6)
  const block = new Uint32Array(4)
  const d = new Float64Array(3 * DRAWS)
  let maxNormError = 0
  for (let s = 0; s < DRAWS; s++) {
    v.set(VI, 0)
    v.set(VJ, 3)
    kickBlock(0xc0ffee, gamma === 0 ? 1 : 2, s, 0, 1, block, 0)
    rotationStep(v, 0, 1, kappa, gamma, block, 0)
    const z0 = v[0] - v[3]
    const z1 = v[1] - v[4]
    const z2 = v[2] - v[5]
    maxNormError = Math.max(maxNormError, Math.abs(Math.hypot(z0, z1, z2) - r) / r)
    d[3 * s] = z0 - z[0]
    d[3 * s + 1] = z1 - z[1]
    d[3 * s + 2] = z2 - z[2]
  }
  return { d, r, maxNormError }
}

/** Orthonormal frame (n, t₁, t₂) with n = z/|z|. */
function frame(): number[][] {
  const z = VI.map((x, a) => x - VJ[a])
  const r = Math.hypot(z[0], z[1], z[2])
  const n = z.map((x) => x / r)
  const u = [0, 0, 1]
  const un = u[0] * n[0] + u[1] * n[1] + u[2] * n[2]
  const t1raw = u.map((x, a) => x - un * n[a])
  const l = Math.hypot(t1raw[0], t1raw[1], t1raw[2])
  const t1 = t1raw.map((x) => x / l)
  const t2 = [n[1] * t1[2] - n[2] * t1[1], n[2] * t1[0] - n[0] * t1[2], n[0] * t1[1] - n[1] * t1[0]]
  return [n, t1, t2]
}

describe.each([0, -3])('rotation step, γ = %d, fixed z', (gamma) => {
  const alpha = 1e-3
  const N = 100
  let r = 0
  let maxNormError = 0
  let c: Float64Array[] = [] // components of z' − z in the frame (n, t₁, t₂)
  let mean: number[] = []
  let sd: number[] = []

  beforeAll(() => {
    const sample = draws(gamma, alpha, N)
    r = sample.r
    maxNormError = sample.maxNormError
    c = frame().map((e) => {
      const x = new Float64Array(DRAWS)
      for (let s = 0; s < DRAWS; s++) x[s] = sample.d[3 * s] * e[0] + sample.d[3 * s + 1] * e[1] + sample.d[3 * s + 2] * e[2]
      return x
    })
    mean = c.map((x) => x.reduce((a, b) => a + b, 0) / DRAWS)
    sd = c.map((x, k) => Math.sqrt(x.reduce((a, b) => a + (b - mean[k]) ** 2, 0) / (DRAWS - 1)))
  })

  it('keeps |z′| = |z| to round-off', () => {
    // z' is recovered from the updated velocities, each rounded to 1 ulp (≈ 1.1e-16 at |V| ≤ 1);
    // 2e-15 relative to |z| ≈ 0.86 allows about ten such roundings.
    expect(maxNormError).toBeLessThan(2e-15)
  })

  it('has drift E[z′−z] = (4/N) b(z) Δt (1 − 3α) + O(α²)', () => {
    // Along n: exact −α|z|(1 − 3α + 15α² − …); across: 0.
    const expected = -alpha * r * (1 - 3 * alpha)
    expect(Math.abs(mean[0] - expected)).toBeLessThan((K * sd[0]) / Math.sqrt(DRAWS) + 20 * alpha ** 3 * r)
    // Power: the leading term alone, or a drift 1 % off, would be many standard errors away.
    expect(Math.abs(-alpha * r * 1.01 - mean[0])).toBeGreaterThan((K * sd[0]) / Math.sqrt(DRAWS))
    for (const k of [1, 2]) expect(Math.abs(mean[k])).toBeLessThan((K * sd[k]) / Math.sqrt(DRAWS))
  })

  it('has covariance (8/N) a(z) Δt (1 − 4α) + α²|z|²(1 − 12α) n⊗n + O(α²)', () => {
    const perp = alpha * r * r * (1 - 4 * alpha)
    const para = alpha * alpha * r * r * (1 - 12 * alpha)
    const want = [
      [para, 0, 0],
      [0, perp, 0],
      [0, 0, perp],
    ]
    const slack = [300 * alpha ** 2 * para, 30 * alpha ** 2 * perp, 30 * alpha ** 2 * perp]
    for (let a = 0; a < 3; a++) {
      for (let b = a; b < 3; b++) {
        // Sample covariance and the standard error of its summand (x_a − m_a)(x_b − m_b).
        let s1 = 0
        let s2 = 0
        for (let s = 0; s < DRAWS; s++) {
          const p = (c[a][s] - mean[a]) * (c[b][s] - mean[b])
          s1 += p
          s2 += p * p
        }
        const cov = s1 / (DRAWS - 1)
        const se = Math.sqrt((s2 / DRAWS - (s1 / DRAWS) ** 2) / DRAWS)
        const tol = K * se + (a === b ? slack[a] : 0)
        expect(Math.abs(cov - want[a][b]), `Cov[${a}][${b}] = ${cov}, want ${want[a][b]} ± ${tol}`).toBeLessThan(tol)
      }
    }
  })
})

describe('rotation step, edge cases', () => {
  it('leaves a pair with z = 0 unchanged', () => {
    const v = new Float64Array([0.5, -1, 2, 0.5, -1, 2])
    const block = new Uint32Array(4)
    kickBlock(1, 2, 0, 0, 1, block, 0)
    rotationStep(v, 0, 1, 0.1, -3, block, 0)
    expect(Array.from(v)).toEqual([0.5, -1, 2, 0.5, -1, 2])
  })

  it('stays finite and norm-preserving at the Coulomb singularity (huge kicks randomise the direction)', () => {
    // |z| = 1e-4 next to |V| ≈ 1, and |z| = 1e-150 near V = 0 (where k² ~ 1e446 overflows to ∞, the
    // guarded branch): z' must be finite with |z'| = |z| and, averaged over draws, forget its
    // direction, E[z'·n]/|z| = E[(1+k²)^{-1/2}] ≈ 0 for k ~ 1e4 or ∞ (SE of a uniform cosine ≈ 0.006).
    const block = new Uint32Array(4)
    for (const [base, r] of [
      [1, 1e-4],
      [0, 1e-150],
    ]) {
      let cosSum = 0
      let bad = 0
      const draws = 10_000
      for (let s = 0; s < draws; s++) {
        const v = new Float64Array([base + r, 0, 0, base, 0, 0])
        const z0 = v[0] - v[3] // the exactly representable separation
        kickBlock(3, 4, s, 0, 1, block, 0)
        rotationStep(v, 0, 1, 0.01, -3, block, 0)
        const w = [v[0] - v[3], v[1] - v[4], v[2] - v[5]]
        // Round-off is relative to the velocities, |V| ≈ max(base, |z|): allow 4 ulp of that.
        const ok = w.every(Number.isFinite) && Math.abs(Math.hypot(w[0], w[1], w[2]) - z0) < 4 * 2 ** -52 * Math.max(base, z0)
        if (!ok) bad++
        cosSum += w[0] / z0
      }
      expect(bad).toBe(0)
      expect(Math.abs(cosSum / draws)).toBeLessThan(0.03)
    }
  })
})
