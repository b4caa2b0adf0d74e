// Initial data f₀ of MATH.md §1, normalised to (1.4): mass 1, momentum 0, energy ∫|v|²f₀ = 3.
// Both families are centred Gaussians with diagonal covariance diag(Tx, Ty, Tz), Tx + Ty + Tz = 3:
// "maxwellian" has T = (1, 1, 1); "bimaxwellian" rescales the user's T to that sum.
// Particles start as N i.i.d. draws from f₀ (chaotic data) and are deliberately NOT re-centred or
// rescaled to the exact empirical moments: that would correlate the particles and change the law the
// particle system starts from (the E[Txx − Tzz] oracle of docs/NUMERICS.md §5 relies on i.i.d. data).
import type { InitialSpec } from '../shared/spec'
import { normalPair } from './normal'
import { initialBlock } from './streams'

/** The normalised temperatures [Tx, Ty, Tz] of f₀ (second moments ∫v_a² f₀), summing to 3. */
export function initialTemperatures(initial: InitialSpec): [number, number, number] {
  if (initial.family === 'maxwellian') return [1, 1, 1]
  const [tx, ty, tz] = initial.T
  const sum = tx + ty + tz
  if (!(tx > 0 && ty > 0 && tz > 0 && Number.isFinite(sum))) throw new RangeError('bimaxwellian T must be three positive finite numbers')
  return [(3 * tx) / sum, (3 * ty) / sum, (3 * tz) / sum]
}

/**
 * Writes N i.i.d. samples of f₀ into v (length ≥ 3N, particle p at v[3p..3p+2]) from the stream with
 * key (k0, k1). Particle p uses the counters (p, 0, 0, INITIAL) and (p, 1, 0, INITIAL) only, so its
 * velocity does not depend on N or on any other particle.
 */
export function sampleInitial(initial: InitialSpec, N: number, k0: number, k1: number, v: Float64Array): void {
  const [tx, ty, tz] = initialTemperatures(initial)
  const sx = Math.sqrt(tx)
  const sy = Math.sqrt(ty)
  const sz = Math.sqrt(tz)
  const words = new Uint32Array(4)
  const g = new Float64Array(4)
  for (let p = 0; p < N; p++) {
    initialBlock(k0, k1, p, 0, words, 0)
    normalPair(words, 0, g, 0)
    initialBlock(k0, k1, p, 1, words, 0)
    normalPair(words, 0, g, 2) // g[3] is unused: three coordinates need one and a half pairs
    v[3 * p] = sx * g[0]
    v[3 * p + 1] = sy * g[1]
    v[3 * p + 2] = sz * g[2]
  }
}
