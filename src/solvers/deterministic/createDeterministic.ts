// From a deterministic run spec to its solver, with the functionals each representation uses: radial
// (functionalsRadial.ts) for bkw-exact and isotropic, 3-D node sums (functionals3d.ts) for blob and spectral.
import { familyModel } from '../initial/familyModel'
import { createBkwExact } from './bkwExact'
import type { DeterministicRunSpec } from './deterministicRun'
import type { DeterministicSolver } from './types'

export function createDeterministicSolver(spec: DeterministicRunSpec): DeterministicSolver {
  const s = spec.solver
  const dt = spec.time.dt
  const gamma = spec.kernel.gamma
  switch (s.kind) {
    case 'bkw-exact':
      // The spec check admits bkw (K0) and the Maxwellian (K ≡ 1) with γ = 0 only.
      return createBkwExact({ K0: spec.initial.family === 'bkw' ? spec.initial.K0 : 1, points: s.points, rMax: s.rMax, dt })
    default:
      void familyModel
      void gamma
      throw new Error(`solver ${s.kind} is not available yet`)
  }
}
