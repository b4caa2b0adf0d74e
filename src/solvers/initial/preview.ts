// The designer's preview of an initial datum (InitialPreview, previewTypes.ts): raw and normalised
// moments, the affine map, marginals and the slice f₀(vx, vy, 0) of the normalised f₀, and its
// functionals (docs/MATH.md §4). Marginals and the slice are analytic except for the formula family.
import type { InitialPreview } from './previewTypes'
import type { InitialSpec } from '../driver/runSpec'
import { familyModel } from './familyModel'

/** The marginals' grid: 121 points on [−6, 6] (spacing 0.1) of the normalised variable. */
export const MARGINAL_GRID = Array.from({ length: 121 }, (_, i) => -6 + i / 10)
/** The slice's grid: 61 points on [−6, 6] (spacing 0.2) per axis. */
export const SLICE_GRID = Array.from({ length: 61 }, (_, i) => -6 + i / 5)

export function previewInitial(initial: InitialSpec): InitialPreview {
  const model = familyModel(initial)
  const marginals = model.marginals(MARGINAL_GRID)
  const values = SLICE_GRID.map((y) => SLICE_GRID.map((x) => model.density(x, y, 0)))
  return {
    initial,
    raw: model.raw,
    normalised: model.normalised,
    shift: model.shift,
    scale: model.scale,
    functionals: model.functionals(),
    marginals: { v: [...MARGINAL_GRID], ...marginals },
    slice: { v: [...SLICE_GRID], values },
  }
}
