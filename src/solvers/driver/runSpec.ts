// What the solver core takes: one run's spec and its parts, as plain types. The experiment schema
// (src/shared/spec.ts) parses input into exactly these types (checked at compile time there) and
// re-exports them, so the core depends on nothing outside src/solvers. docs/SPEC.md documents the fields.

/**
 * Initial data f₀. Every family's density is normalised to (1.4): mass 1, momentum 0, energy ∫|v|²f = 3,
 * by the affine change v ↦ (v − u)/s of docs/MATH.md §1 (the designer shows raw and normalised moments).
 */
export type InitialSpec =
  | { family: 'maxwellian' }
  /** Directional temperatures before normalisation; rescaled so that Tx + Ty + Tz = 3. */
  | { family: 'bimaxwellian'; T: [number, number, number] }
  /** Maxwellians centred at ±u·e_x, each of temperature theta. */
  | { family: 'two-beam'; u: number; theta: number }
  /** BKW parameter K at t = 0 (docs/MATH.md §3); K0 = 1 is the Maxwellian. */
  | { family: 'bkw'; K0: number }
  /** f ∝ exp(−S(|v| − r0)²): a shell of radius r0 and sharpness S. */
  | { family: 'shell'; r0: number; S: number }
  | { family: 'ball' }
  /** A Gaussian mixture: weights (normalised to sum 1), means and diagonal temperatures. */
  | { family: 'mixture'; components: { weight: number; mean: [number, number, number]; T: [number, number, number] }[] }
  /** f(v) in the expression language (docs/SPEC.md), integrated and normalised on [−L, L]³. */
  | { family: 'formula'; expr: string; L: number }
export type InitialFamily = InitialSpec['family']

/** a(z) = |z|^γ(|z|²I − z⊗z); γ = −3 Coulomb, γ = 0 Maxwell molecules. */
export type KernelSpec = { gamma: number }

/**
 * Integrators of the pairwise systems: the exact-conservation rotation step, the pair's exact law by spherical
 * Brownian motion (sbm; exact conservation too), and Euler–Maruyama (shows the energy drift).
 */
export type PairIntegrator = 'rotation' | 'sbm' | 'euler'
/**
 * Where a particle system's steps run (docs/NUMERICS.md "GPU path"): the CPU (absent or 'cpu'), a WebGPU
 * device ('gpu': refused when the host has no adapter), or the device when there is one, else the CPU ('auto').
 */
export type ComputeDevice = 'cpu' | 'gpu' | 'auto'
/** Kac's all-pairs system (1.6), with a pair integrator (docs/MATH.md §2). */
export type KacSolverSpec = { kind: 'kac'; N: number; replicas: number; integrator: PairIntegrator; device?: ComputeDevice | undefined }
/** Fontbona–Guérin–Méléard (1.7): N² independent Brownian motions, conservation only in expectation. */
export type FgmSolverSpec = { kind: 'fgm'; N: number; replicas: number; integrator: 'euler' }
/** Fournier / Nanbu type (1.8): one Brownian motion per particle, matrix square root of Σ_j a. */
export type FournierSolverSpec = { kind: 'fournier'; N: number; replicas: number; integrator: 'euler' }
/** Random pairing: a random perfect matching each step, O(N) per step. */
export type PairingSolverSpec = { kind: 'pairing'; N: number; replicas: number; integrator: PairIntegrator; device?: ComputeDevice | undefined }

/** The exact BKW solution (γ = 0, docs/MATH.md §3), evaluated on a radial profile of `points` nodes in [0, rMax]. */
export type BkwExactSolverSpec = { kind: 'bkw-exact'; points: number; rMax: number }
/** Carrillo–Hu–Wang–Wu blob particles: n³ weighted particles on [−L, L]³, mollifier variance eps. */
export type BlobSolverSpec = { kind: 'blob'; n: number; L: number; eps?: number | undefined }
/** The conservative, entropic 1-D scheme in |v| on `cells` cells of [0, rMax] (regularised at eps if given). */
export type IsotropicSolverSpec = { kind: 'isotropic'; cells: number; rMax: number; eps?: number | undefined }
/** Pareschi–Russo–Toscani fast spectral method: n³ Fourier modes on [−L, L]³, kernel truncated at R. */
export type SpectralSolverSpec = { kind: 'spectral'; n: number; L: number; R?: number | undefined }

export type ParticleSolverSpec = KacSolverSpec | FgmSolverSpec | FournierSolverSpec | PairingSolverSpec
export type DeterministicSolverSpec = BkwExactSolverSpec | BlobSolverSpec | IsotropicSolverSpec | SpectralSolverSpec
export type SolverSpec = ParticleSolverSpec | DeterministicSolverSpec
export type SolverKind = SolverSpec['kind']

export const DETERMINISTIC_KINDS: readonly SolverKind[] = ['bkw-exact', 'blob', 'isotropic', 'spectral']
export function isDeterministic(s: SolverSpec): s is DeterministicSolverSpec {
  return DETERMINISTIC_KINDS.includes(s.kind)
}

/** What a particle run stores at its snapshot times (RunSpec.snapshotKind). */
export type SnapshotKind = 'velocities' | 'moments'

/** Steps of dt up to T; a history row every `every` steps (t = 0 is always recorded). */
export type TimeSpec = { T: number; dt: number; every: number }

/** What one run computes: the experiment's shared parts plus one solver entry and its index. */
export type RunSpec = {
  initial: InitialSpec
  kernel: KernelSpec
  solver: SolverSpec
  time: TimeSpec
  /** Times at which the state is stored (rounded to the nearest step). */
  snapshots: number[]
  /**
   * What a particle run stores at those times: every replica's velocities (absent or 'velocities'), or
   * 'moments': per replica only m = (1/N)Σφ(V_i) and q = (1/N)Σφ(V_i)² of each φ of the chaos studies
   * (chaos/chaosObservables.ts) — 80 bytes a replica instead of 24N, all a chaos study needs.
   */
  snapshotKind?: SnapshotKind
  seed: number
  /** Position of the run in its experiment; part of the random-stream key. */
  runIndex: number
  /**
   * A particle run cut over shards (docs/CLUSTER.md): only replicas from ≤ m < to of the solver's
   * `replicas`, each with the stream key of its own index m, so the part computes exactly those replicas of
   * the whole run; it also yields the per-replica data a merge rebuilds the whole run's rows from.
   */
  replicaRange?: ReplicaRange
}

/** Replicas [from, to) of a particle run's M. */
export type ReplicaRange = { from: number; to: number }

/** A run of one of the particle systems. */
export type ParticleRunSpec = RunSpec & { solver: ParticleSolverSpec }
/** A run of one of the deterministic solvers. */
export type DeterministicRunSpec = RunSpec & { solver: DeterministicSolverSpec }
