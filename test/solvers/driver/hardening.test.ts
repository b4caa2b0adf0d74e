// Runs that end, and end clearly: every sub-step loop has a hard bound whose error
// names the solver, the time and the step size; a non-finite history value stops the run naming the metric
// and the step (rowCheck.ts); the spectral case the fuzz campaign found (n = 8, T = 1, Δt = 1/3, still at
// t = 1/3 after 120 s) now fails in well under a second, as its grid cannot resolve the data at any Δt.
import { describe, expect, it } from 'vitest'
import { checkExperiment, expandRuns, formatIssues, type ExperimentSpecInput, type RunSpec } from '../../../src/shared/spec'
import { runSolver, type SolverEvent } from '../../../src/solvers/driver/runSolver'
import { admissible, checkRow } from '../../../src/solvers/driver/rowCheck'
import { MAX_STAGES, MAX_SUBSTEPS, Rkc2Stepper, stagesFor, substepsFor } from '../../../src/solvers/deterministic/spectral/spectralStepper'
import { createIsotropicSolver } from '../../../src/solvers/deterministic/isotropic/isotropic'
import { createBlobSolver } from '../../../src/solvers/deterministic/blob/blob'

const maxwellian = (r: number) => Math.exp(-(r * r) / 2) / (2 * Math.PI) ** 1.5

function firstRun(spec: Omit<ExperimentSpecInput, 'name'>): RunSpec {
  const r = checkExperiment({ name: 'hardening', ...spec })
  if (!r.ok) throw new Error(formatIssues(r.issues))
  return expandRuns(r.spec)[0]
}

/** Runs to the end; the events, and the error if the run failed. */
function drain(run: RunSpec): { events: SolverEvent[]; error: Error | null; ms: number } {
  const events: SolverEvent[] = []
  const start = performance.now()
  try {
    for (const ev of runSolver(run)) events.push(ev)
    return { events, error: null, ms: performance.now() - start }
  } catch (e) {
    return { events, error: e as Error, ms: performance.now() - start }
  }
}

const spectral = (L: number, dt: number, gamma = 0) =>
  firstRun({ initial: { family: 'maxwellian' }, kernel: { gamma }, solvers: [{ kind: 'spectral', n: 8, L }], time: { T: 1, dt } })

describe('spectral n = 8, T = 1, dt = 1/3', () => {
  it('fails within a second, naming the time of the blow-up', () => {
    const { events, error, ms } = drain(spectral(8, 1 / 3))
    expect(error?.message).toMatch(
      /^spectral: the solution blew up at t = 0\.666\d* \(a Fourier mode [\d.]+e\+\d+ times the mass mode\) \(under-resolved data or box; try a larger n/,
    )
    expect(ms).toBeLessThan(10_000) // ~0.2 s; it used to sub-step for days (7e14 sub-steps at t = 2/3)
    expect(events.filter((e) => e.type === 'row').map((e) => e.step)).toEqual([0, 1]) // the rows before the blow-up
  })

  it('is right to: the h = 2 grid blows up at a twentieth of the step too, and a grid that resolves the data finishes with sub-steps', () => {
    expect(drain(spectral(8, 0.05)).error?.message).toMatch(/^spectral: the solution (blew up|is no longer finite) at t = 0\.[1-9]/)
    // L = 4 (h = 1): Δt = 1/3 needs several RKC sub-steps and stages, and the run ends at T = 1 with finite rows.
    const { events, error } = drain(spectral(4, 1 / 3))
    expect(error).toBeNull()
    const rows = events.filter((e) => e.type === 'row')
    expect(rows.map((r) => r.step)).toEqual([0, 1, 2, 3])
    expect(rows.every((r) => r.values.every(Number.isFinite))).toBe(true)
  })
})

describe('bounded sub-steps', () => {
  it('RKC: substepsFor gives the linear search’s count in O(1), and a hopeless step fails naming t and the sub-step', () => {
    const linear = (rho: number, advection: number, dt: number) => {
      let k = Math.max(1, Math.ceil((advection * dt) / 8))
      while (stagesFor((rho * dt) / k) > MAX_STAGES) k++
      return k
    }
    // Up to a few thousand sub-steps (the linear search is slow beyond); above MAX_SUBSTEPS the count is only
    // the closed form, for the error message.
    for (const rho of [1, 197, 5.2e3, 3.6e4, 1e6, 2.9e7]) {
      for (const dt of [1e-3, 0.05, 1 / 3, 2, 17]) {
        for (const adv of [0, 22, 800]) if (rho * dt < 3e7) expect(substepsFor(rho, adv, dt), `${rho} ${adv} ${dt}`).toBe(linear(rho, adv, dt))
      }
    }
    expect(substepsFor(1.7e17, 1.7e16, 1 / 3)).toBeGreaterThan(MAX_SUBSTEPS)
    const stepper = new Rkc2Stepper(1, 'spectral')
    const blownUp = (y: Float64Array, out: Float64Array, s?: { diffusion: number; advection: number }) => {
      out[0] = -y[0]
      if (s) Object.assign(s, { diffusion: 1.7e17, advection: 1.7e16 })
    }
    expect(() => stepper.advance(new Float64Array([1]), 1 / 3, blownUp, 2 / 3)).toThrow(
      /^spectral: the step from t = 0\.666\d* would need 7\.08e\+14 sub-steps of 4\.71e-16 \(at most 10000; stiffness bound 1\.70e\+17, drift bound 1\.70e\+16\)/,
    )
  })

  it('isotropic: a step whose stiffness does not fall fails at once instead of after 10⁶ sub-steps', () => {
    const s = createIsotropicSolver({ gamma: 0, cells: 10, rMax: 10, dt: 1e9, f0: maxwellian })
    const start = performance.now()
    expect(() => s.step()).toThrow(
      /^isotropic: the step from t = 0 needs over 1000000 RK4 sub-steps \(16 taken, 9\.\d+e\+11 more of 0\.00\d+ asked by the stiffness bound/,
    )
    expect(performance.now() - start).toBeLessThan(2000) // 16 sub-steps; it took ~2 s of 10⁶ before
  })

  it('blob: an implicit step that does not converge names the time and the step', () => {
    const b = createBlobSolver({ gamma: 0, n: 4, L: 5, dt: 0.05, maxIterations: 2, f0: (x, y, z) => maxwellian(Math.hypot(x, y, z)) })
    expect(() => b.step()).toThrow(
      /^blob: the implicit midpoint step from t = 0 did not converge in 2 iterations \(residual [\d.]+e-\d+, step 0\.05\); reduce dt$/,
    )
  })
})

describe('non-finite history values', () => {
  it('fail the run naming the solver, metric, step and time; undefined standard errors and an atomic entropy do not', () => {
    const metrics = ['mass', 'energy', 'energy_se', 'entropy_knn', 'entropy_knn_se']
    expect(() => checkRow('kac', metrics, [1, 3, NaN, Infinity, NaN], 5, 0.05)).not.toThrow()
    expect(() => checkRow('kac', metrics, [1, NaN, 0.1, 1, 0.1], 17, 0.17)).toThrow(
      /^kac: energy became NaN at step 17 \(t = 0\.17\); the run is stopped \(a blow-up/,
    )
    expect(() => checkRow('blob', metrics, [1, 3, 0, -Infinity, 0], 0, 0)).toThrow(
      /^blob: entropy_knn became -Infinity at step 0 \(t = 0\); the run is stopped \(the initial datum is not resolved/,
    )
    expect([admissible('lambda', NaN), admissible('mass_se', NaN), admissible('entropy_knn', Infinity), admissible('entropy', Infinity)]).toEqual([
      false,
      true,
      true,
      false,
    ])
  })

  it('a particle run that overflows stops at its first bad row, after the good ones', () => {
    const run = firstRun({
      initial: { family: 'maxwellian' },
      kernel: { gamma: 0.5 },
      solvers: [{ kind: 'kac', N: 3, replicas: 2, integrator: 'euler' }],
      time: { T: 1e301, dt: 1e300 },
    })
    const { events, error } = drain(run)
    expect(error?.message).toMatch(/^kac: (momentum|energy|Txx|Tyy|Tzz) became (NaN|Infinity) at step \d+ \(t = \d(\.\d+)?e\+30\d\)/)
    const rows = events.filter((e) => e.type === 'row')
    expect(rows[0].step).toBe(0)
    expect(rows.every((r) => r.values.slice(0, 6).every(Number.isFinite))).toBe(true)
  })

  it('a deterministic run whose grid misses the datum fails at step 0 instead of storing NaN', () => {
    // Two narrow beams (normalised width ≈ 0.03) on a grid of spacing 2.
    const run = firstRun({
      initial: { family: 'two-beam', u: 1, theta: 0.001 },
      kernel: { gamma: 0 },
      solvers: [{ kind: 'spectral', n: 8 }],
      time: { T: 1, dt: 0.5 },
    })
    const { events, error } = drain(run)
    expect(error?.message).toMatch(/^spectral: \w+ became NaN at step 0 \(t = 0\); the run is stopped \(the initial datum is not resolved/)
    expect(events.some((e) => e.type === 'row')).toBe(false)
  })
})
