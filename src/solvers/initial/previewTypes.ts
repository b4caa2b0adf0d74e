// What the designer's preview of an initial datum computes (preview.ts): its moments before and after the
// normalisation, the functionals of Theorem 1.1, marginals and a slice. Plain types of the solver core;
// src/shared/api.ts re-exports them as part of WorkbenchApi (previewInitial).
import type { InitialSpec } from '../driver/runSpec'

/** A functional of f₀ for the designer's hypothesis table (Theorem 1.1 of the paper). */
export interface FunctionalValue {
  /** The value, or null when infinite or not computable. */
  value: number | null
  /** exact: closed form; numerical: grid quadrature (converged); infinite: provably +∞; not-computable: the grid estimates do not settle. */
  status: 'exact' | 'numerical' | 'infinite' | 'not-computable'
  /** Why, for infinite / not-computable, or the method and its accuracy for numerical. */
  note?: string
}

export interface MomentSummary {
  mass: number
  /** ∫v f / ∫f */
  mean: [number, number, number]
  /** ∫|v|² f / ∫f (uncentred) */
  energy: number
  /** Centred second moments ∫(v_a − u_a)² f / ∫f. */
  T: [number, number, number]
}

/** What the designer shows for an initial datum (all of the normalised f₀ unless said otherwise). */
export interface InitialPreview {
  initial: InitialSpec
  /** Moments of the density as the user specified it, before the affine normalisation. */
  raw: MomentSummary
  /** Moments after normalisation: mass 1, mean 0, energy 3 up to quadrature error. */
  normalised: MomentSummary
  /** v ↦ (v − shift)/scale maps the raw density to the normalised one. */
  shift: [number, number, number]
  scale: number
  /** H(f) = ∫f log f, I(f) = ∫|∇log f|² f, I with weight ⟨v⟩³, ∫⟨v⟩^m f for m = 6, 8. */
  functionals: {
    entropy: FunctionalValue
    fisher: FunctionalValue
    fisherWeighted: FunctionalValue
    moment6: FunctionalValue
    moment8: FunctionalValue
  }
  /** 1-D marginals on a common grid v: fx(v) = ∫∫f(v, ·, ·), … */
  marginals: { v: number[]; fx: number[]; fy: number[]; fz: number[] }
  /** The slice f(vx, vy, 0): values[iy][ix] at (v[ix], v[iy]). */
  slice: { v: number[]; values: number[][] }
}
