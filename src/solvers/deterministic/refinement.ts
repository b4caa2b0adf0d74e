// Grid-refinement study on BKW (γ = 0, docs/MATH.md §3): a deterministic solver at a list of resolutions,
// its ∫|v|⁴f and H at time T against bkw-exact, and the observed orders between successive resolutions,
// p = log(e₁/e₂)/log(h₁/h₂) with h the grid spacing (`landau refine`, docs/NUMERICS.md).
import type { DeterministicSolverSpec } from '../driver/runSpec'
import { bkwK, createBkwExact } from './bkwExact'
import { createDeterministicSolver } from './createDeterministic'

export type RefinableKind = 'blob' | 'spectral' | 'isotropic'

export interface RefinementRow {
  /** The resolution parameter: n for blob and spectral, cells for isotropic. */
  n: number
  h: number
  moment4: number
  entropy: number
  errMoment4: number
  errEntropy: number
  /** Observed orders against the previous row (NaN on the first). */
  orderMoment4: number
  orderEntropy: number
  seconds: number
}

export interface RefinementOptions {
  kind: RefinableKind
  levels: number[]
  K0: number
  T: number
  dt: number
  /** Box half-width L (blob, spectral) or rMax (isotropic); the solver's default when absent. */
  extent?: number
  now?: () => number
}

function solverSpec(kind: RefinableKind, n: number, extent: number | undefined): { spec: DeterministicSolverSpec; h: number } {
  switch (kind) {
    case 'blob': {
      const L = extent ?? 5
      return { spec: { kind, n, L }, h: (2 * L) / n }
    }
    case 'spectral': {
      const L = extent ?? 8
      return { spec: { kind, n, L }, h: (2 * L) / n }
    }
    case 'isotropic': {
      const rMax = extent ?? 10
      return { spec: { kind, cells: n, rMax }, h: rMax / n }
    }
  }
}

export function refinementStudy(o: RefinementOptions): { exact: { moment4: number; entropy: number }; rows: RefinementRow[] } {
  const steps = Math.round(o.T / o.dt)
  const exactSolver = createBkwExact({ K0: o.K0, points: 2000, rMax: 12, dt: o.T })
  exactSolver.step()
  const ex = exactSolver.functionals()
  const K = bkwK(o.K0, o.T)
  const exact = { moment4: 30 * K - 15 * K * K, entropy: ex.entropy }
  const now = o.now ?? (() => 0)
  const rows: RefinementRow[] = []
  for (const n of o.levels) {
    const { spec, h } = solverSpec(o.kind, n, o.extent)
    const t0 = now()
    const solver = createDeterministicSolver({
      initial: { family: 'bkw', K0: o.K0 },
      kernel: { gamma: 0 },
      solver: spec,
      time: { T: o.T, dt: o.dt, every: steps },
      snapshots: [],
      seed: 0,
      runIndex: 0,
    })
    for (let s = 0; s < steps; s++) solver.step()
    const f = solver.functionals()
    const prev = rows.at(-1)
    const errMoment4 = Math.abs(f.moment4 - exact.moment4)
    const errEntropy = Math.abs(f.entropy - exact.entropy)
    const order = (e: number, ePrev: number | undefined) => (prev && ePrev !== undefined ? Math.log(ePrev / e) / Math.log(prev.h / h) : NaN)
    rows.push({
      n,
      h,
      moment4: f.moment4,
      entropy: f.entropy,
      errMoment4,
      errEntropy,
      orderMoment4: order(errMoment4, prev?.errMoment4),
      orderEntropy: order(errEntropy, prev?.errEntropy),
      seconds: (now() - t0) / 1000,
    })
  }
  return { exact, rows }
}
