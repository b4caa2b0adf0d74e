// The blob method's two errors on a Coulomb shell, told apart (`landau regularisation`, docs/NUMERICS.md
// §7.8): at each grid n the blob's entropy history against the isotropic scheme of the same regularised
// equation (its particle discretisation error), and that scheme against the plain isotropic scheme, the
// Landau equation (the regularisation's error, first order in ε). Grids beyond what the O(N²) blob field can
// run here (blobMax) get the second comparison only: it is radial and costs the same at every ε.
import type { DeterministicSolverSpec, InitialSpec } from '../driver/runSpec'
import { defaultEps } from './blob/blobMollifier'
import { createDeterministicSolver } from './createDeterministic'
import { cellsToResolve } from './isotropic/radialMollifier'

export interface RegularisationOptions {
  /** Blob grids n (h = 2L/n, ε = 0.64h^1.98). */
  levels: number[]
  /** Largest n whose blob run is made. */
  blobMax: number
  r0: number
  S: number
  L: number
  T: number
  dt: number
  /** Outer radius of the radial runs. */
  rMax: number
  now?: () => number
}

export interface RegularisationRow {
  n: number
  h: number
  eps: number
  /** H(0) − H(T) of the blob (null: not run), of isotropic at ε, and of plain isotropic. */
  dropBlob: number | null
  dropRegularised: number
  dropPlain: number
  /** max_t |H_blob(t) − H_ε(t)|: the blob's particle error (null: not run). */
  blobGap: number | null
  /** max_t |(H_ε(t) − H_ε(0)) − (H(t) − H(0))|: the regularisation's effect on the history. */
  regularisationGap: number
  seconds: number
}

/** Cells of [0, rMax] for ε: at least 400, and enough that √ε spans MIN_WIDTH_CELLS of them. */
export function radialCells(eps: number, rMax: number): number {
  return Math.max(400, cellsToResolve(eps, rMax))
}

export function regularisationStudy(o: RegularisationOptions): { plain: number[]; rows: RegularisationRow[] } {
  const initial: InitialSpec = { family: 'shell', r0: o.r0, S: o.S }
  const steps = Math.round(o.T / o.dt)
  const entropy = (solver: DeterministicSolverSpec): number[] => {
    const s = createDeterministicSolver({ initial, kernel: { gamma: -3 }, solver, time: { T: o.T, dt: o.dt, every: 1 }, snapshots: [], seed: 0, runIndex: 0 })
    const H: number[] = []
    for (let k = 0; k <= steps; k++) {
      H.push(s.functionals().entropy)
      if (k < steps) s.step()
    }
    return H
  }
  const drop = (H: number[]) => H[0] - H[steps]
  const maxGap = (a: number[], b: number[]) => Math.max(...a.map((x, k) => Math.abs(x - b[k])))
  const now = o.now ?? (() => 0)
  const plain = entropy({ kind: 'isotropic', cells: 400, rMax: o.rMax })
  const rows = o.levels.map((n): RegularisationRow => {
    const t0 = now()
    const h = (2 * o.L) / n
    const eps = defaultEps(h)
    const reg = entropy({ kind: 'isotropic', cells: radialCells(eps, o.rMax), rMax: o.rMax, eps })
    const blob = n <= o.blobMax ? entropy({ kind: 'blob', n, L: o.L }) : null
    return {
      n,
      h,
      eps,
      dropBlob: blob ? drop(blob) : null,
      dropRegularised: drop(reg),
      dropPlain: drop(plain),
      blobGap: blob ? maxGap(blob, reg) : null,
      regularisationGap: maxGap(
        reg.map((x) => x - reg[0]),
        plain.map((x) => x - plain[0]),
      ),
      seconds: (now() - t0) / 1000,
    }
  })
  return { plain, rows }
}
