// Shared fixtures of the analysis tests: reference records with known laws and "particle" replicas that
// are exact i.i.d. samples of them (sampleDensity under test-only keys, independent of the reference
// samples, whose keys chaosDiagnostics derives on its own CHAO purpose).
import { sampleDensity, type SampleKey } from '../../../src/solvers/deterministic/densitySampler'
import type { DensityRecord } from '../../../src/solvers/deterministic/types'

const maxwell = (r: number) => Math.exp((-r * r) / 2) / (2 * Math.PI) ** 1.5

/** The standard Maxwellian as a radial record, exact profile at Δr = 0.01 on [0, 10] (as densitySampler.test.ts). */
export function radialMaxwell(): Extract<DensityRecord, { kind: 'radial' }> {
  const r = Float64Array.from({ length: 1001 }, (_, i) => i / 100)
  return { kind: 'radial', r, f: r.map(maxwell) }
}

/** H(M) = ∫M log M = −(3/2)(1 + log 2π) for the standard Maxwellian. */
export const MAXWELL_ENTROPY = -1.5 * (1 + Math.log(2 * Math.PI))

/** N(0, σ²I) exactly: one blob of variance σ² at the origin (the sampler draws it by Box–Muller). */
export function gaussianRecord(variance: number): DensityRecord {
  return { kind: 'weighted', n: 1, eps: variance, x: new Float64Array(3), w: Float64Array.of(1) }
}

/** Test-only keys for the "particles": word k0 = 0x54455354 ("TEST"), k1 = tag·1000 + replica. */
export function particleKey(tag: number, m: number): SampleKey {
  return { k0: 0x54455354, k1: tag * 1000 + m }
}

/** M replicas of N i.i.d. samples of the record, each times `scale` (1: exact samples of it). */
export function iidReplicas(d: DensityRecord, M: number, N: number, tag: number, scale = 1): Float64Array[] {
  return Array.from({ length: M }, (_, m) => {
    const v = sampleDensity(d, N, particleKey(tag, m))
    if (scale !== 1) for (let i = 0; i < v.length; i++) v[i] *= scale
    return v
  })
}

/** (mean_a − mean_b)/√(se_a² + se_b²): the difference in units of its standard error. */
export function zScore(a: number, sa: number, b: number, sb: number): number {
  return (a - b) / Math.sqrt(sa * sa + sb * sb)
}
