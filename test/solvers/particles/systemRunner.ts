// Test helper (not a test): runs the replicas of one particle system through the same stepper the solver
// uses (steppers.ts), replica by replica, and hands the velocities to `observe` after each listed step.
import type { InitialSpec, ParticleSolverSpec } from '../../../src/shared/spec'
import type { ParticleRunSpec } from '../../../src/solvers/driver/runSolver'
import { createEnsemble, type Ensemble } from '../../../src/solvers/particles/ensemble'
import { createStepper } from '../../../src/solvers/particles/steppers'

/** A particle system and its integrator, as "kind/integrator" (FGM and Fournier have Euler only). */
export type System = 'kac/rotation' | 'kac/sbm' | 'kac/euler' | 'fgm/euler' | 'fournier/euler' | 'pairing/rotation' | 'pairing/sbm' | 'pairing/euler'

export interface RunOptions {
  system: System
  N: number
  replicas: number
  dt: number
  gamma: number
  initial: InitialSpec
  seed?: number
  runIndex?: number
}

export function runSpecOf(o: RunOptions, T = 1): ParticleRunSpec {
  const [kind, integrator] = o.system.split('/') as [ParticleSolverSpec['kind'], 'rotation' | 'sbm' | 'euler']
  return {
    initial: o.initial,
    kernel: { gamma: o.gamma },
    solver: { kind, N: o.N, replicas: o.replicas, integrator } as ParticleSolverSpec,
    time: { T, dt: o.dt, every: 1 },
    snapshots: [],
    seed: o.seed ?? 1,
    runIndex: o.runIndex ?? 0,
  }
}

/**
 * Draws the ensemble, calls observe(m, 0, v) before stepping, then runs each replica to the last of
 * `steps` (ascending), calling observe(m, s, v) after step s for every s in `steps`.
 */
export function runReplicas(o: RunOptions, steps: number[], observe: (m: number, step: number, v: Float64Array) => void): Ensemble {
  const spec = runSpecOf(o)
  const ens = createEnsemble(o.initial, o.N, o.replicas, spec.seed, spec.runIndex)
  const stepper = createStepper(spec, ens)
  const last = steps[steps.length - 1]
  for (let m = 0; m < o.replicas; m++) {
    observe(m, 0, ens.v[m])
    for (let s = 0, c = 0; s < last; s++) {
      for (let p = 0; p < stepper.parts; p++) stepper.run(m, s, p)
      if (s + 1 === steps[c]) {
        observe(m, s + 1, ens.v[m])
        c++
      }
    }
  }
  return ens
}

export interface MeanSe {
  mean: number
  se: number
  sd: number
}

/** Sample mean, sample SD and SE = SD/√n. */
export function meanSe(x: ArrayLike<number>): MeanSe {
  const n = x.length
  let s = 0
  for (let i = 0; i < n; i++) s += x[i]
  const mean = s / n
  let d2 = 0
  for (let i = 0; i < n; i++) d2 += (x[i] - mean) ** 2
  const sd = Math.sqrt(d2 / (n - 1))
  return { mean, se: sd / Math.sqrt(n), sd }
}

/** Raw empirical moments of one replica: D = Txx − Tzz, px, pz (mean velocity), energy, m4 = ⟨|v|⁴⟩. */
export function replicaStats(v: Float64Array, N: number): { D: number; px: number; pz: number; energy: number; m4: number } {
  let D = 0
  let px = 0
  let pz = 0
  let e = 0
  let m4 = 0
  for (let i = 0; i < N; i++) {
    const x = v[3 * i]
    const y = v[3 * i + 1]
    const z = v[3 * i + 2]
    const r2 = x * x + y * y + z * z
    D += x * x - z * z
    px += x
    pz += z
    e += r2
    m4 += r2 * r2
  }
  return { D: D / N, px: px / N, pz: pz / N, energy: e / N, m4: m4 / N }
}
