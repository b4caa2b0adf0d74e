// The closed set of chaos observables a study measures, and the per-replica statistics they need.
// A study never keeps more of a replica than, for each φ and each stored time, two numbers: m = (1/N)Σφ(V_i)
// and q = (1/N)Σφ(V_i)² (ReplicaMoments). Everything the estimators report (pair correlations,
// 1-marginal biases) is a function of those across replicas, so replicas from several batches, shards or
// machines combine by concatenation.
//
// The functions φ: the low moments v_x², |v|², |v|⁴ and the anisotropy v_x² − v_z² (whose 1/N laws are known
// at γ = 0), and the bounded bump of the safe set (testFunctions.ts), whose moments of every order exist
// whatever the tails of the data.
import { evaluateTestFunction, DEFAULT_TEST_FUNCTION } from './testFunctions'

export const CHAOS_PHIS = ['v2', 'vx2', 'aniso', 'v4', 'bump'] as const
export type ChaosPhi = (typeof CHAOS_PHIS)[number]

export const PHI_LABELS: Record<ChaosPhi, string> = {
  v2: '|v|²',
  vx2: 'v_x²',
  aniso: 'v_x² − v_z²',
  v4: '|v|⁴',
  bump: 'exp(−|v|²/2)',
}

/**
 * The observables a study can ask for. Each names its estimator and its φ:
 * - pair correlations C_φ(t) = ∫(F_{N,2} − F_{N,1}⊗F_{N,1}) φ⊗φ, estimated reference-free (pairCorrelation.ts);
 * - the 1-marginal bias ∫(F_{N,1} − f)φ for the second moments at γ = 0, whose limit law is exact
 *   (maxwellMomentBias.ts).
 */
export const CHAOS_OBSERVABLES = {
  'energy-correlation': { estimator: 'pair', phi: 'v2', label: 'C(|v|², |v|²)' },
  'pair-vx2': { estimator: 'pair', phi: 'vx2', label: 'C(v_x², v_x²)' },
  'pair-v4': { estimator: 'pair', phi: 'v4', label: 'C(|v|⁴, |v|⁴)' },
  'pair-bump': { estimator: 'pair', phi: 'bump', label: 'C(bump, bump)' },
  'momentum-bias': { estimator: 'maxwell-bias', phi: 'aniso', label: 'bias of v_x² − v_z²' },
} as const satisfies Record<string, { estimator: 'pair' | 'maxwell-bias'; phi: ChaosPhi; label: string }>
export type ChaosObservable = keyof typeof CHAOS_OBSERVABLES
export const CHAOS_OBSERVABLE_NAMES = Object.keys(CHAOS_OBSERVABLES) as ChaosObservable[]

/** Per replica r: m[r] = (1/N)Σ_i φ(V_i), q[r] = (1/N)Σ_i φ(V_i)². */
export interface ReplicaMoments {
  N: number
  m: Float64Array
  q: Float64Array
}

/** φ at each of the N particles of v (particle p at [3p, 3p + 3)), written to out. */
export function evaluatePhi(phi: ChaosPhi, v: Float64Array, N: number, out: Float64Array): Float64Array {
  if (phi === 'bump') return evaluateTestFunction(DEFAULT_TEST_FUNCTION, v, N, out)
  for (let p = 0; p < N; p++) {
    const x = v[3 * p]
    const y = v[3 * p + 1]
    const z = v[3 * p + 2]
    const r2 = x * x + y * y + z * z
    out[p] = phi === 'v2' ? r2 : phi === 'vx2' ? x * x : phi === 'aniso' ? x * x - z * z : r2 * r2
  }
  return out
}

/** (m, q) of φ in one replica, in index order (deterministic bits). */
export function replicaPhiStats(phi: ChaosPhi, v: Float64Array, N: number, scratch = new Float64Array(N)): { m: number; q: number } {
  evaluatePhi(phi, v, N, scratch)
  let s = 0
  let s2 = 0
  for (let p = 0; p < N; p++) {
    s += scratch[p]
    s2 += scratch[p] * scratch[p]
  }
  return { m: s / N, q: s2 / N }
}

/** ReplicaMoments of φ over a list of replicas (each Float64Array(3N)). */
export function replicaMoments(phi: ChaosPhi, replicas: readonly Float64Array[], N: number): ReplicaMoments {
  const m = new Float64Array(replicas.length)
  const q = new Float64Array(replicas.length)
  const scratch = new Float64Array(N)
  replicas.forEach((v, r) => {
    const s = replicaPhiStats(phi, v, N, scratch)
    m[r] = s.m
    q[r] = s.q
  })
  return { N, m, q }
}

/** The replicas of a and b in one list (batches, shards). Both must have the same N. */
export function concatMoments(a: ReplicaMoments, b: ReplicaMoments): ReplicaMoments {
  if (a.N !== b.N) throw new RangeError(`cannot pool replicas of N = ${a.N} and N = ${b.N}`)
  const m = new Float64Array(a.m.length + b.m.length)
  const q = new Float64Array(m.length)
  m.set(a.m)
  m.set(b.m, a.m.length)
  q.set(a.q)
  q.set(b.q, a.q.length)
  return { N: a.N, m, q }
}
