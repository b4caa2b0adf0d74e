// What every family of initial data provides (docs/MATH.md §1, (1.4)): the raw density as the user specified
// it, the affine map v ↦ (v − shift)/scale to the normalised f₀ (mass 1, mean 0, energy 3), and for the
// normalised f₀ its density, ∇log f₀, marginals, an exact sampler and its functionals (docs/MATH.md §4).
import type { FunctionalValue, MomentSummary } from './previewTypes'

export type Vec3 = [number, number, number]

export interface Functionals {
  entropy: FunctionalValue
  fisher: FunctionalValue
  fisherWeighted: FunctionalValue
  moment6: FunctionalValue
  moment8: FunctionalValue
}

/** Writes particle p's velocity (from its own counters only) to out[at .. at+3). */
export type ParticleSampler = (k0: number, k1: number, p: number, out: Float64Array, at: number) => void

export interface InitialModel {
  /** Moments of the density as specified (raw mass is ∫f as written; mean, energy, T per unit mass). */
  raw: MomentSummary
  /** Moments of the normalised f₀. */
  normalised: MomentSummary
  shift: Vec3
  scale: number
  /** The normalised density f₀(v). */
  density(x: number, y: number, z: number): number
  /** ∇log f₀ at v written to out[0..2] (0 where f₀ is constant; NaN where f₀ = 0 or ∇f₀ does not exist). */
  gradLog(x: number, y: number, z: number, out: Float64Array): void
  /** The 1-D marginals of f₀ at the points v: fx(t) = ∫∫ f₀(t, ·, ·), and likewise fy, fz. */
  marginals(v: readonly number[]): { fx: number[]; fy: number[]; fz: number[] }
  /** An exact sampler of f₀ (the formula family: a documented grid approximation). */
  sampler(): ParticleSampler
  /** H, I, weighted I and ∫⟨v⟩^m f₀ (m = 6, 8); computed on first call. */
  functionals(): Functionals
}

/** Summary of a density with mass m, mean u and centred per-axis second moments T. */
export function momentSummary(mass: number, mean: Vec3, T: Vec3): MomentSummary {
  return { mass, mean, energy: T[0] + T[1] + T[2] + mean[0] ** 2 + mean[1] ** 2 + mean[2] ** 2, T }
}

/**
 * The affine normalisation of docs/MATH.md §1 from raw moments: shift = mean, scale s with 3s² = the centred
 * energy Σ T_a, so that (v − shift)/s has mean 0 and energy 3. Returns the normalised summary too.
 */
export function affineNormalisation(raw: MomentSummary): { shift: Vec3; scale: number; normalised: MomentSummary } {
  const centred = raw.T[0] + raw.T[1] + raw.T[2]
  const scale = Math.sqrt(centred / 3)
  const s2 = scale * scale
  const T: Vec3 = [raw.T[0] / s2, raw.T[1] / s2, raw.T[2] / s2]
  return { shift: [raw.mean[0], raw.mean[1], raw.mean[2]], scale, normalised: { mass: 1, mean: [0, 0, 0], energy: T[0] + T[1] + T[2], T } }
}
