// Initial data f₀ of docs/MATH.md §1, normalised to (1.4): mass 1, momentum 0, energy ∫|v|²f₀ = 3, by the
// affine map v ↦ (v − u)/s. The eight families and their samplers live in ./initial (one file each);
// docs/NUMERICS.md, "Initial data", gives each family's definition, normalisation and sampler.
// Particles start as N i.i.d. draws from f₀ (chaotic data) and are deliberately NOT re-centred or
// rescaled to the exact empirical moments: that would correlate the particles and change the law the
// particle system starts from (the E[Txx − Tzz] oracle of docs/NUMERICS.md §4.10 relies on i.i.d. data).
import type { InitialSpec } from '../driver/runSpec'
import { familyModel } from './familyModel'

export { initialTemperatures } from './gaussianMixture'
export { InitialDataError } from './initialDataError'
export { previewInitial } from './preview'
export { familyModel } from './familyModel'
export type { InitialModel } from './initialModel'

/**
 * Writes N i.i.d. samples of f₀ into v (length ≥ 3N, particle p at v[3p..3p+2]) from the stream with
 * key (k0, k1). Particle p uses the counters (p, draw, 0, INITIAL), draw = 0, 1, … only (how many
 * depends on the family, see ./initial), so its velocity does not depend on N or on any other particle.
 * The (bi)Maxwellian uses draws 0 and 1 exactly as it always has. Throws InitialDataError for data that
 * cannot be normalised (e.g. a formula that is negative or does not decay in its box).
 */
export function sampleInitial(initial: InitialSpec, N: number, k0: number, k1: number, v: Float64Array): void {
  const sample = familyModel(initial).sampler()
  for (let p = 0; p < N; p++) sample(k0, k1, p, v, 3 * p)
}
