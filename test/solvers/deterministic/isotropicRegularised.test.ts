// Oracles for the isotropic scheme of the blob's regularised equation (isotropicRegularised.ts,
// radialMollifier.ts): the radial mollifier against the closed form ψ_ε ∗ M_T = M_{T+ε}; the scheme's exact
// invariants (mass, energy) and its regularised H-theorem, with dE_ε/dt = −D_ε; de Bruijn's identity for
// the entropy of f_ε; and the regularised equation's convergence to the Landau equation (the plain
// isotropic scheme) at first order in ε. The blob against this scheme is in coulomb.test.ts.
import { describe, expect, it } from 'vitest'
import { ExperimentSpec, type InitialSpec } from '../../../src/shared/spec'
import { defaultEps } from '../../../src/solvers/deterministic/blob/blobMollifier'
import { createDeterministicSolver } from '../../../src/solvers/deterministic/createDeterministic'
import type { DeterministicRunSpec } from '../../../src/solvers/deterministic/deterministicRun'
import { buildGrid } from '../../../src/solvers/deterministic/isotropic/isotropicGrid'
import { createRegularisedIsotropicSolver } from '../../../src/solvers/deterministic/isotropic/isotropicRegularised'
import { createRadialMollifier } from '../../../src/solvers/deterministic/isotropic/radialMollifier'
import { familyModel } from '../../../src/solvers/initial/familyModel'

const SHELL: InitialSpec = { family: 'shell', r0: 2, S: 1 }
const shell = familyModel(SHELL)
const f0 = (r: number) => shell.density(r, 0, 0)
const maxwellian = (T: number) => (r: number) => Math.exp((-r * r) / (2 * T)) / (2 * Math.PI * T) ** 1.5

function sums(s: { f: Float64Array; volumes: Float64Array; r: Float64Array }): { mass: number; energy: number } {
  let mass = 0,
    energy = 0
  for (let i = 0; i < s.f.length; i++) {
    mass += s.volumes[i] * s.f[i]
    energy += s.volumes[i] * s.f[i] * s.r[i] ** 2
  }
  return { mass, energy }
}

function entropyHistory(solver: DeterministicRunSpec['solver'], T: number, dt: number): number[] {
  const s = createDeterministicSolver({ initial: SHELL, kernel: { gamma: -3 }, solver, time: { T, dt, every: 1 }, snapshots: [], seed: 0, runIndex: 0 })
  const H: number[] = []
  for (let k = 0; k <= Math.round(T / dt); k++) {
    H.push(s.functionals().entropy)
    if (k < Math.round(T / dt)) s.step()
  }
  return H
}

describe('the radial mollifier', () => {
  it('maps a Maxwellian of temperature T to the Maxwellian of temperature T + ε', () => {
    // ψ_ε ∗ M_T = M_{T+ε} exactly (variances add). On 400 cells of [0, 8] with √ε = 0.3 (15 cells) the
    // midpoint rule of the even-extended integrand is spectrally accurate: measured 1.1e-14 relative at
    // worst for r ≤ 5 (beyond, both are below 1e-5 of the peak). 1e-12 leaves room for round-off only; an
    // O(h²) rule (the exact shell volumes) would miss by 1/3 in the first cell.
    const g = buildGrid(-3, 400, 8)
    const eps = 0.09
    const W = createRadialMollifier(g, eps)
    const f = g.r.map(maxwellian(1))
    const out = new Float64Array(g.n)
    W.apply(f, out)
    const want = maxwellian(1 + eps)
    for (let i = 0; i < g.n; i++) {
      if (g.r[i] > 5) break // beyond, both are below 1e-6 of the peak and the comparison is of tails
      expect(Math.abs(out[i] / want(g.r[i]) - 1)).toBeLessThan(1e-12)
    }
  })

  it('refuses an ε the grid cannot resolve, saying how many cells would', () => {
    const g = buildGrid(-3, 200, 10) // h = 0.05: √ε must be ≥ 0.1
    expect(() => createRadialMollifier(g, 0.005)).toThrow(/at least 283 cells/)
    expect(() => createRadialMollifier(g, 0.01)).not.toThrow()
    const base = { name: 'regularised', initial: { family: 'shell', r0: 2, S: 1 }, kernel: { gamma: -3 }, time: { T: 1, dt: 0.1 } }
    const bad = ExperimentSpec.safeParse({ ...base, solvers: [{ kind: 'isotropic', cells: 200, rMax: 10, eps: 0.005 }] })
    expect(bad.success).toBe(false)
    expect(bad.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([expect.stringMatching(/^solvers\.0\.eps: .*at least 283 cells/)])
    expect(ExperimentSpec.safeParse({ ...base, solvers: [{ kind: 'isotropic', eps: 0.05 }] }).success).toBe(true)
    expect(ExperimentSpec.safeParse({ ...base, solvers: [{ kind: 'isotropic', eps: -1 }] }).success).toBe(false)
  })
})

describe('the regularised isotropic scheme', () => {
  it('conserves mass and energy to round-off and dissipates E_ε at the rate D_ε', () => {
    const s = createRegularisedIsotropicSolver({ gamma: -3, cells: 200, rMax: 10, eps: 0.1, dt: 0.05, f0 })
    const start = sums(s)
    let E = s.regularisedEntropy()
    for (let k = 0; k < 6; k++) {
      const D0 = s.dissipation()
      s.step()
      const E1 = s.regularisedEntropy()
      const D1 = s.dissipation()
      // Strict decrease (the smallest step decrease measured is 4.0e-3, round-off 1e-15), and the step's
      // change is the trapezoid of −D_ε up to its error Δt³|D″|/12: measured 5.9e-4 relative at most. 3e-3
      // would not hold if D_ε were not the scheme's own rate (a factor 2 in the flux, or D of f_ε).
      expect(E1).toBeLessThan(E)
      expect(Math.abs((E - E1) / (0.5 * 0.05 * (D0 + D1)) - 1)).toBeLessThan(3e-3)
      E = E1
    }
    // Linear invariants of every Runge–Kutta stage: only round-off (measured 3e-16).
    const end = sums(s)
    expect(Math.abs(end.mass / start.mass - 1)).toBeLessThan(1e-13)
    expect(Math.abs(end.energy / start.energy - 1)).toBeLessThan(1e-13)
  })

  it('keeps a Maxwellian (the regularised equation’s equilibrium) to its quadrature error', () => {
    // The score of M_T is −v/(T + ε), a Maxwellian score, which a(v − w) annihilates: M_T is stationary
    // for the regularised equation too, and the discrete S of M_T is quadratic to W's spectral accuracy, so
    // every flux vanishes to round-off: the relative change of f in L¹ over T = 1 is measured 2.2e-13.
    const M = maxwellian(1)
    const s = createRegularisedIsotropicSolver({ gamma: -3, cells: 200, rMax: 10, eps: 0.1, dt: 0.25, f0: M })
    for (let k = 0; k < 4; k++) s.step()
    let change = 0,
      mass = 0
    for (let i = 0; i < s.f.length; i++) {
      change += s.volumes[i] * Math.abs(s.f[i] - M(s.r[i]))
      mass += s.volumes[i] * M(s.r[i])
    }
    expect(change / mass).toBeLessThan(1e-10)
  })

  it('gives the entropy of f_ε that de Bruijn’s identity predicts: H(ψ_ε ∗ f) = H(f) − (ε/2)I(f) + O(ε²)', () => {
    // d/ds H(ψ_s ∗ f) = −½ I(ψ_s ∗ f) for the heat flow in variance s per axis, so the t = 0 entropy gap
    // between the regularised run (H of f_ε) and the plain one (H of f), divided by ε, tends to −I(f₀)/2.
    // Two ε give the limit by Richardson (the gap is −εI/2 + cε² + …); the closed-form Fisher information of
    // the normalised shell is the independent side. Measured −0.44 %; 1 % covers the O(ε²) left and the
    // grids' O(h²), and a factor ½ or a variance mistaken for a width would miss by 50 % or more.
    const I0 = shell.functionals().fisher.value!
    const plain = entropyHistory({ kind: 'isotropic', cells: 400, rMax: 6 }, 0, 1)[0]
    const gap = (eps: number) => (entropyHistory({ kind: 'isotropic', cells: 400, rMax: 6, eps }, 0, 1)[0] - plain) / eps
    const slope = 2 * gap(0.005) - gap(0.01)
    expect(Math.abs(slope / (-I0 / 2) - 1)).toBeLessThan(1e-2)
  })

  it('converges to the Landau equation at first order in ε: the entropy history of a Coulomb shell', () => {
    // The blob's own ε (0.64h^1.98) at h = 2L/n for L = 4: n = 16 … 160. The regularised run's entropy
    // drop over [0, 0.2] against the plain isotropic run's: measured ratios 0.16, 0.53, 0.73, 0.88, 0.95,
    // 0.98 for n = 16, 28, 40, 64, 100, 160, and the largest gap in H(t) − H(0) ≈ 0.79ε at small ε. So the
    // gap divided by ε must settle (first order): successive quotients within 10 % for the three smallest ε,
    // and at n = 160 (h = 0.05) the histories agree to 3 % of the drop.
    const T = 0.2,
      dt = 0.05
    const plain = entropyHistory({ kind: 'isotropic', cells: 400, rMax: 6 }, T, dt)
    const drop = plain[0] - plain.at(-1)!
    const rows = [64, 100, 160].map((n) => {
      const eps = defaultEps(8 / n)
      const H = entropyHistory({ kind: 'isotropic', cells: 400, rMax: 6, eps }, T, dt)
      const gap = Math.max(...H.map((h, k) => Math.abs(h - H[0] - (plain[k] - plain[0]))))
      return { eps, gap }
    })
    for (let k = 1; k < rows.length; k++) {
      expect(rows[k].gap).toBeLessThan(rows[k - 1].gap)
      expect(Math.abs(rows[k].gap / rows[k].eps / (rows[k - 1].gap / rows[k - 1].eps) - 1)).toBeLessThan(0.1)
    }
    expect(rows.at(-1)!.gap / drop).toBeLessThan(0.03)
  })
})
