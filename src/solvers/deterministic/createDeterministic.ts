// From a deterministic run spec to its solver, with the functionals each representation uses: radial
// (functionalsRadial.ts) for bkw-exact and isotropic (of f_ε, with the moments of f, when it is given the
// blob's ε), 3-D node sums (functionals3d.ts) for blob and spectral.
import { familyModel } from '../initial/familyModel'
import { createBkwExact } from './bkwExact'
import { createBlobSolver } from './blob/blob'
import { functionals3d, SPECTRAL_DERIVATIVE_FLOOR } from './functionals3d'
import { functionalsRadial, radialMoments } from './functionalsRadial'
import { createIsotropicSolver } from './isotropic/isotropic'
import { createRegularisedIsotropicSolver } from './isotropic/isotropicRegularised'
import { createSpectralSolver } from './spectral/spectral'
import type { DeterministicRunSpec } from '../driver/runSpec'
import type { DeterministicSolver } from './types'

export function createDeterministicSolver(spec: DeterministicRunSpec): DeterministicSolver {
  const s = spec.solver
  const dt = spec.time.dt
  const gamma = spec.kernel.gamma
  switch (s.kind) {
    case 'bkw-exact':
      // The spec check admits bkw (K0) and the Maxwellian (K ≡ 1) with γ = 0 only.
      return createBkwExact({ K0: spec.initial.family === 'bkw' ? spec.initial.K0 : 1, points: s.points, rMax: s.rMax, dt })
    case 'blob': {
      const f0 = familyModel(spec.initial)
      const b = createBlobSolver({ gamma, n: s.n, L: s.L, eps: s.eps, dt, f0: (x, y, z) => f0.density(x, y, z) })
      return {
        step: () => b.step(),
        // Moments from the particles (Σw, Σwv, Σw|v|² are the conserved ones); H, I, … of f_ε.
        functionals: () => functionals3d(b.pointDensity(), gamma, { x: b.x.subarray(0, 3 * b.count), m: b.w.subarray(0, b.count) }),
        density: () => b.density(),
        checkpoint: () => b.checkpoint(),
        restore: (state) => b.restore(state),
      }
    }
    case 'isotropic': {
      // The spec check admits radially symmetric families only, so f₀(r e_x) is f₀ at |v| = r.
      const f0 = familyModel(spec.initial)
      if (s.eps !== undefined) {
        const reg = createRegularisedIsotropicSolver({ gamma, cells: s.cells, rMax: s.rMax, eps: s.eps, dt, f0: (r) => f0.density(r, 0, 0) })
        return {
          step: () => reg.step(),
          // As for the blob: moments from f (the conserved ones), H, I, … of f_ε.
          functionals: () => ({ ...functionalsRadial(reg.smoothedDensity(), gamma), ...radialMoments(reg.radialDensity()) }),
          density: () => ({ kind: 'radial', r: Float64Array.from(reg.r), f: Float64Array.from(reg.f) }),
          checkpoint: () => reg.checkpoint(),
          restore: (state) => reg.restore(state),
        }
      }
      const iso = createIsotropicSolver({ gamma, cells: s.cells, rMax: s.rMax, dt, f0: (r) => f0.density(r, 0, 0) })
      return {
        step: () => iso.step(),
        functionals: () => functionalsRadial(iso.radialDensity(), gamma),
        density: () => ({ kind: 'radial', r: Float64Array.from(iso.r), f: Float64Array.from(iso.f) }),
        checkpoint: () => iso.checkpoint(),
        restore: (state) => iso.restore(state),
      }
    }
    case 'spectral': {
      const f0 = familyModel(spec.initial)
      const sp = createSpectralSolver({ gamma, n: s.n, L: s.L, R: s.R, dt, f0: (x, y, z) => f0.density(x, y, z) })
      return {
        step: () => sp.step(),
        functionals: () => functionals3d(sp.pointDensity(), gamma, undefined, SPECTRAL_DERIVATIVE_FLOOR),
        density: () => sp.density(),
        checkpoint: () => sp.checkpoint(),
        restore: (state) => sp.restore(state),
      }
    }
  }
}
