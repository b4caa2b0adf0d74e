// W2 between the k-marginal of the particle system (k = 1, 2) and f^{⊗k}, read against its statistical
// floor (docs/MATH.md §5). In 3-D (and worse in 6-D) the empirical W2 between two samples of the SAME law decays
// only like n^{−1/d}, so a particle W2 means nothing alone: the floor, W2 between two independent reference
// samples of the same size, is what a chaotic system would give. Both are means over independent draws with
// their SE, so "excess over the floor" can be judged in units of SE.
//  - k = 1: replica m's first n1 = min(N, nMax) particles (any fixed subset is a sample of F_{N,1} by
//    exchangeability) against n1 reference samples.
//  - k = 2: replica m's pairs (V^{2i}, V^{2i+1}), i < n2 = min(⌊N/2⌋, nMax), as points of R⁶ — disjoint pairs
//    of distinct particles, each a sample of F_{N,2} — against n2 samples of f ⊗ f (two independent reference
//    samples per point). A replica's pairs are not independent of each other (they come from one system);
//    that is the point: their joint law is what chaos is about, and the replica-level SE accounts for it.
// Reference samples: referenceStreams.ts (disjoint, independent, reproducible).
// Cost: 2M exact assignments of size n1 in R³ (≈ 0.13 s each at 2000) and 2M of size n2 in R⁶, by default;
// floorPairs trades the floor's SE for time.
import { assignmentW2 } from '../w2/assignmentW2'
import type { DensitySampler, SampleKey } from '../deterministic/densitySampler'
import { meanAndSe } from './replicaStats'
import { Role, roleKey } from './referenceStreams'

export interface W2WithFloor {
  /** Points per W2 (n1 or n2). */
  n: number
  /** Replica mean of W2(particles, reference sample) and its SE. */
  w2: number
  w2Se: number
  /** Mean of W2(reference sample, independent reference sample) over the floor pairs, and its SE. */
  floor: number
  floorSe: number
  /**
   * The squared excess E[W2²(particles, ref)] − E[W2²(ref, ref')] and its SE (the two means independent).
   * In squares the floor subtracts: for a sample of F_{N,1} the expected W2² to an independent reference
   * sample is the floor's plus a term from the marginal's distance to f, which is what chaos shrinks.
   */
  sqExcess: number
  sqExcessSe: number
}

/** k = 1: see the header. */
export function w2One(replicas: Float64Array[], N: number, sampler: DensitySampler, key: SampleKey, nMax: number, floorPairs: number): W2WithFloor {
  const n = Math.min(N, nMax)
  const kRep = roleKey(key, Role.W2_ONE)
  const kFloor = roleKey(key, Role.W2_ONE_FLOOR)
  const M = replicas.length
  const per = new Float64Array(M)
  const ref = new Float64Array(3 * n)
  for (let m = 0; m < M; m++) {
    sampler.sampleRange(m * n, n, kRep, ref)
    per[m] = assignmentW2(replicas[m].subarray(0, 3 * n), ref, n, 3).w2
  }
  const fl = new Float64Array(floorPairs)
  const other = new Float64Array(3 * n)
  for (let q = 0; q < floorPairs; q++) {
    sampler.sampleRange(2 * q * n, n, kFloor, ref)
    sampler.sampleRange((2 * q + 1) * n, n, kFloor, other)
    fl[q] = assignmentW2(ref, other, n, 3).w2
  }
  return pack(n, per, fl)
}

/**
 * k = 2: see the header. The 2n sample (resp. particle) vectors of R³, read as n vectors of R⁶, are exactly
 * the points ((X_{2i}, X_{2i+1})): no copy is needed to form pairs.
 */
export function w2Two(replicas: Float64Array[], N: number, sampler: DensitySampler, key: SampleKey, nMax: number, floorPairs: number): W2WithFloor {
  const n = Math.min(Math.floor(N / 2), nMax)
  const M = replicas.length
  if (n === 0) return { n, w2: NaN, w2Se: NaN, floor: NaN, floorSe: NaN, sqExcess: NaN, sqExcessSe: NaN }
  const kRep = roleKey(key, Role.W2_TWO)
  const kFloor = roleKey(key, Role.W2_TWO_FLOOR)
  const per = new Float64Array(M)
  const ref = new Float64Array(6 * n)
  for (let m = 0; m < M; m++) {
    sampler.sampleRange(2 * m * n, 2 * n, kRep, ref)
    per[m] = assignmentW2(replicas[m].subarray(0, 6 * n), ref, n, 6).w2
  }
  const fl = new Float64Array(floorPairs)
  const other = new Float64Array(6 * n)
  for (let q = 0; q < floorPairs; q++) {
    sampler.sampleRange(4 * q * n, 2 * n, kFloor, ref)
    sampler.sampleRange((4 * q + 2) * n, 2 * n, kFloor, other)
    fl[q] = assignmentW2(ref, other, n, 6).w2
  }
  return pack(n, per, fl)
}

function pack(n: number, per: Float64Array, fl: Float64Array): W2WithFloor {
  const a = meanAndSe(per)
  const b = meanAndSe(fl)
  const a2 = meanAndSe(per.map((x) => x * x))
  const b2 = meanAndSe(fl.map((x) => x * x))
  return { n, w2: a.mean, w2Se: a.se, floor: b.mean, floorSe: b.se, sqExcess: a2.mean - b2.mean, sqExcessSe: Math.hypot(a2.se, b2.se) }
}
