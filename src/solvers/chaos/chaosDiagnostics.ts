// Propagation-of-chaos diagnostics of one particle run at one time (docs/MATH.md §5): how far the
// k-marginals F_{N,k} (k = 1, 2) of the N-particle system are from f^{⊗k}, f the deterministic run's density
// at the same time. Four views, each a replica mean with its standard error (replicas are independent, so
// sd/√M is the honest SE; NaN when M = 1):
//   w2One, w2Two   W2 to f, resp. f⊗f in R⁶, with the statistical floor (w2Marginals.ts)
//   weak1, weak2   ∫(F_{N,k} − f^{⊗k})φ^{⊗k} for one safe test function φ (weakChaos.ts); f-part exact
//   entropyGap     KL entropy of F_{N,1} (pooled replicas, moments.ts pooledEntropy) − H(f)
// The result is a flat object of numbers so that it can be stored and plotted like a history row.
// Pure and deterministic: same replicas, record, H(f), key and options give bit-identical output.
// What it does NOT correct: the KL estimator's own bias (≈ 0.014 at 2000 points, 0.005 at 32 000 for a
// Gaussian, docs/NUMERICS.md §5.2) is in entropyGap; read it against that, as W2 against its floor.
import { createDensitySampler, type SampleKey } from '../deterministic/densitySampler'
import type { DensityRecord } from '../deterministic/types'
import { pooledEntropy } from '../diagnostics/moments'
import { referenceIntegral } from './referenceIntegral'
import { DEFAULT_TEST_FUNCTION, validateTestFunction, type TestFunction } from './testFunctions'
import { weakChaos } from './weakChaos'
import { w2One, w2Two } from './w2Marginals'

/** Default cap on the points of one exact W2 (O(n³) assignment, n² memory: ≈ 0.3 s and 32 MB at 2000). */
export const W2_N_MAX = 2000

export interface ChaosOptions {
  /** Cap on points per W2 (particles for k = 1, pairs for k = 2). Default W2_N_MAX. */
  nMax?: number
  /** Independent reference pairs in each floor. Default M (the number of replicas), as briefed. */
  floorPairs?: number
  /** Test function of the weak functional. Default DEFAULT_TEST_FUNCTION (unit bump at 0). */
  phi?: TestFunction
}

export interface ChaosDiagnostics {
  /** Particles per replica and number of replicas. */
  N: number
  M: number
  /** k = 1: points per W2; particle-vs-reference W2 (mean, SE); floor (mean, SE). */
  w2OneN: number
  w2One: number
  w2OneSe: number
  w2OneFloor: number
  w2OneFloorSe: number
  /** k = 1: E[W2²] − floor's E[W2²] (w2Marginals.ts) and its SE. */
  w2OneSqExcess: number
  w2OneSqExcessSe: number
  /** k = 2, in R⁶: pairs per W2; particle-pairs-vs-f⊗f W2 (mean, SE); floor (mean, SE). */
  w2TwoN: number
  w2Two: number
  w2TwoSe: number
  w2TwoFloor: number
  w2TwoFloorSe: number
  /** ∫φf (exact), and the weak functionals for k = 1, 2 with their SEs. */
  weakRef: number
  weak1: number
  weak1Se: number
  weak2: number
  weak2Se: number
  /** Pooled KL entropy of the particles and its SE; H(f) as given; their difference (SE = entropyKnnSe). */
  entropyKnn: number
  entropyKnnSe: number
  entropyRef: number
  entropyGap: number
  entropyGapSe: number
}

/**
 * All four diagnostics. replicas: M ≥ 1 arrays of 3N coordinates (N ≥ 1, the same N for all); reference:
 * f at the same time; entropyRef: H(f) = ∫f log f (NaN if unknown: then entropyGap is NaN); key: the
 * reference samples' key (referenceStreams.ts derives one key per role from it).
 */
export function chaosDiagnostics(
  replicas: Float64Array[],
  reference: DensityRecord,
  entropyRef: number,
  key: SampleKey,
  options: ChaosOptions = {},
): ChaosDiagnostics {
  const M = replicas.length
  if (M === 0) throw new RangeError('chaosDiagnostics: no replicas')
  const len = replicas[0].length
  if (len === 0 || len % 3 !== 0) throw new RangeError(`chaosDiagnostics: a replica has ${len} coordinates (need 3N, N ≥ 1)`)
  for (const v of replicas) if (v.length !== len) throw new RangeError('chaosDiagnostics: replicas differ in size')
  const N = len / 3
  const nMax = options.nMax ?? W2_N_MAX
  const floorPairs = options.floorPairs ?? M
  if (!(Number.isInteger(nMax) && nMax >= 1)) throw new RangeError(`chaosDiagnostics: nMax must be an integer ≥ 1: ${nMax}`)
  if (!(Number.isInteger(floorPairs) && floorPairs >= 1)) throw new RangeError(`chaosDiagnostics: floorPairs must be an integer ≥ 1: ${floorPairs}`)
  const phi = options.phi ?? DEFAULT_TEST_FUNCTION
  validateTestFunction(phi)

  const sampler = createDensitySampler(reference) // validates the record
  const one = w2One(replicas, N, sampler, key, nMax, floorPairs)
  const two = w2Two(replicas, N, sampler, key, nMax, floorPairs)
  const weak = weakChaos(replicas, N, phi, referenceIntegral(reference, phi).value)
  const ent = [NaN, NaN]
  pooledEntropy(replicas, N, ent, 0)

  return {
    N,
    M,
    w2OneN: one.n,
    w2One: one.w2,
    w2OneSe: one.w2Se,
    w2OneFloor: one.floor,
    w2OneFloorSe: one.floorSe,
    w2OneSqExcess: one.sqExcess,
    w2OneSqExcessSe: one.sqExcessSe,
    w2TwoN: two.n,
    w2Two: two.w2,
    w2TwoSe: two.w2Se,
    w2TwoFloor: two.floor,
    w2TwoFloorSe: two.floorSe,
    ...weak,
    entropyKnn: ent[0],
    entropyKnnSe: ent[1],
    entropyRef,
    entropyGap: ent[0] - entropyRef,
    entropyGapSe: ent[1],
  }
}
