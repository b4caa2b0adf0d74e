// Oracle: the Maxwellian M is stationary (docs/MATH.md §3), and for the exact-conservation (rotation) schemes the
// product law M^{⊗N} is preserved EXACTLY in discrete time, for every Δt and γ (Coulomb included): its density
// is a function of the total energy, which every pair step conserves, and given the pair's centre of mass
// and |z| the step moves the direction u = z/|z| by a kernel that depends only on u·u' (an isotropic kick in
// the tangent plane, normalised back to the sphere), hence symmetric, hence preserving the uniform law on the
// sphere. So at t = 1 the particles of kac/rotation and pairing/rotation are again i.i.d. N(0, I₃), and the
// history rows (runSolver → moments.ts) must show E Txx = 1 and entropy_knn = H(M) = −(3/2)(1 + log 2π)
// up to the estimator's bias at the pooled n = 4000 (≈ 0.011, measured: klEntropy.test.ts), at t = 0 and t = 1.
// Bands: 3 SE (the rows' own `_se`, replica spread / √M, M = 20) — plus 0.02 for the KL bias against H(M);
// the t = 0 → 1 comparison uses √(se₀² + se₁²) (the two rows share the initial data, so this is conservative).
// Power: the same pipeline on bi-Maxwellian data (T = (2.8, 0.1, 0.1)), which is not stationary, shows Txx
// and entropy_knn moving by far more than these bands over t = 1 (asserted, pairing system).
import { describe, expect, it } from 'vitest'
import type { InitialSpec, RunSpec, SolverSpec } from '../../../src/shared/spec'
import { runSolver } from '../../../src/solvers/driver/runSolver'
import { ROW_METRICS } from '../../../src/solvers/diagnostics/moments'

const H_MAXWELLIAN = -1.5 * (1 + Math.log(2 * Math.PI))
const KL_BIAS_ALLOWANCE = 0.02 // ≈ 2× the measured bias of the estimator at n = 4000 normals

function rowsOf(solver: SolverSpec, initial: InitialSpec, dt: number): Record<string, number>[] {
  const steps = Math.round(1 / dt)
  const spec: RunSpec = { initial, kernel: { gamma: -3 }, solver, time: { T: 1, dt, every: steps }, snapshots: [], seed: 404, runIndex: 0 }
  return [...runSolver(spec)]
    .filter((e) => e.type === 'row')
    .map((e) => Object.fromEntries(ROW_METRICS.map((name, k) => [name, (e as { values: number[] }).values[k]])))
}

describe.each([
  [{ kind: 'kac', N: 200, replicas: 20, integrator: 'rotation' }, 0.05],
  [{ kind: 'pairing', N: 200, replicas: 20, integrator: 'rotation' }, 0.01],
  [{ kind: 'pairing', N: 201, replicas: 20, integrator: 'rotation' }, 0.01],
  // sbm: the same argument (energy kept, u moved by a kernel of u·u' alone: the spherical heat kernel).
  [{ kind: 'kac', N: 60, replicas: 20, integrator: 'sbm' }, 0.05],
  [{ kind: 'pairing', N: 200, replicas: 20, integrator: 'sbm' }, 0.01],
] as [SolverSpec, number][])('γ = −3, Maxwellian data stay Maxwellian in law: $kind/$integrator, N = $N', (solver, dt) => {
  it('Txx and entropy_knn at t = 1 agree with t = 0 and with the exact values', () => {
    const [r0, r1] = rowsOf(solver, { family: 'maxwellian' }, dt)
    for (const r of [r0, r1]) {
      expect(Math.abs(r.Txx - 1), `Txx ${r.Txx} ± ${r.Txx_se}`).toBeLessThan(3 * r.Txx_se)
      expect(Math.abs(r.entropy_knn - H_MAXWELLIAN), `H ${r.entropy_knn} ± ${r.entropy_knn_se}`).toBeLessThan(3 * r.entropy_knn_se + KL_BIAS_ALLOWANCE)
    }
    expect(Math.abs(r1.Txx - r0.Txx)).toBeLessThan(3 * Math.hypot(r0.Txx_se, r1.Txx_se))
    expect(Math.abs(r1.entropy_knn - r0.entropy_knn)).toBeLessThan(3 * Math.hypot(r0.entropy_knn_se, r1.entropy_knn_se))
    expect(Math.abs(r1.energy - r0.energy)).toBeLessThan(1e-12 * r0.energy) // pathwise conservation, replica by replica
  })
})

describe('power: non-stationary data move the same statistics', () => {
  it('pairing/rotation, bi-Maxwellian T = (2.8, 0.1, 0.1): Txx falls and entropy_knn decreases by ≫ 3 SE', () => {
    const [r0, r1] = rowsOf({ kind: 'pairing', N: 200, replicas: 20, integrator: 'rotation' }, { family: 'bimaxwellian', T: [2.8, 0.1, 0.1] }, 0.01)
    expect(r0.Txx - r1.Txx).toBeGreaterThan(3 * Math.hypot(r0.Txx_se, r1.Txx_se))
    expect(r0.entropy_knn - r1.entropy_knn).toBeGreaterThan(3 * Math.hypot(r0.entropy_knn_se, r1.entropy_knn_se))
  })
})
