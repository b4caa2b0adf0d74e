// The solver entries of a spec: the particle systems (N, replicas, integrator) and the deterministic methods
// (their grids and parameters), and their union SolverSpec. Separate from the problem and the experiment; spec.ts re-exports it.
import { z } from 'zod'
import type * as core from '../solvers/driver/runSpec'
import { blobEpsIssue, fftSize, int, length, positive, whenValid } from './specRules'

export { DETERMINISTIC_KINDS, isDeterministic } from '../solvers/driver/runSpec'

/** Particle count N of one run (also the values of an N-sweep). */
export const particleCount = z
  .number({ error: 'N must be an integer' })
  .int({ error: 'N must be an integer' })
  .min(2, { error: 'N must be ≥ 2' })
  .max(1_000_000, { error: 'N must be ≤ 1e6' })
/** Replicas of one run (also of every swept run). */
export const replicaCount = z
  .number({ error: 'replicas must be an integer' })
  .int({ error: 'replicas must be an integer' })
  .min(1, { error: 'replicas must be ≥ 1' })
  .max(100_000, { error: 'replicas must be ≤ 100000' })

/**
 * "rotation": the exact-conservation pair step of MATH.md §2; "sbm": the pair's exact law (spherical Brownian
 * motion, exact conservation too); "euler": Euler–Maruyama (shows the drift).
 */
const pairIntegrator = z.enum(['rotation', 'sbm', 'euler'], { error: 'integrator must be "rotation", "sbm" or "euler"' }).default('rotation')
const eulerOnly = (kind: string) =>
  z.literal('euler', { error: `${kind} has no pairwise exact-conservation step: integrator must be "euler"` }).default('euler')

/**
 * Where the steps run (docs/NUMERICS.md "GPU path"): absent or "cpu"; "gpu" (WebGPU; the run fails with a clear
 * message on a host without an adapter); "auto" (the GPU when there is an adapter, else the CPU). The GPU path
 * has the rotation integrator only: "gpu" with another is refused here, "auto" with another runs on the CPU.
 */
const computeDevice = z.enum(['cpu', 'gpu', 'auto'], { error: 'device must be "cpu", "gpu" or "auto"' }).optional()
const gpuRotationOnly = (s: { integrator: string; device?: string | undefined }, ctx: z.RefinementCtx) => {
  if (s.device === 'gpu' && s.integrator !== 'rotation')
    ctx.addIssue({
      code: 'custom',
      path: ['device'],
      message: `device "gpu" runs the rotation integrator only, not "${s.integrator}" (use "auto" to fall back to the CPU)`,
    })
}

export const KacSolverSpec = z
  .object({ kind: z.literal('kac'), N: particleCount, replicas: replicaCount.default(1), integrator: pairIntegrator, device: computeDevice })
  .strict()
  .superRefine(gpuRotationOnly, whenValid)
export type KacSolverSpec = core.KacSolverSpec

/** Fontbona–Guérin–Méléard (1.7): N² independent Brownian motions, conservation only in expectation. */
export const FgmSolverSpec = z.object({ kind: z.literal('fgm'), N: particleCount, replicas: replicaCount.default(1), integrator: eulerOnly('fgm') }).strict()
export type FgmSolverSpec = core.FgmSolverSpec

/** Fournier / Nanbu type (1.8): one Brownian motion per particle, matrix square root of Σ_j a. */
export const FournierSolverSpec = z
  .object({ kind: z.literal('fournier'), N: particleCount, replicas: replicaCount.default(1), integrator: eulerOnly('fournier') })
  .strict()
export type FournierSolverSpec = core.FournierSolverSpec

/** Random pairing: a random perfect matching each step, O(N) per step. */
export const PairingSolverSpec = z
  .object({ kind: z.literal('pairing'), N: particleCount, replicas: replicaCount.default(1), integrator: pairIntegrator, device: computeDevice })
  .strict()
  .superRefine(gpuRotationOnly, whenValid)
export type PairingSolverSpec = core.PairingSolverSpec

// Deterministic solvers (docs/NUMERICS.md "Deterministic solvers"): one run each, never swept in N
// and without replicas or seed-dependence; each records DETERMINISTIC_METRICS and, at spec.snapshots, its
// density (grid, radial profile or weighted particles).

/** The exact BKW solution (γ = 0, MATH.md §3), evaluated on a radial profile of `points` nodes in [0, rMax]. */
export const BkwExactSolverSpec = z
  .object({ kind: z.literal('bkw-exact'), points: int('points', 50, 20_000).default(400), rMax: length('rMax', 50).default(10) })
  .strict()
export type BkwExactSolverSpec = core.BkwExactSolverSpec

/**
 * Carrillo–Hu–Wang–Wu blob particles: n³ weighted particles on the cell centres of [−L, L]³, Gaussian
 * mollifier of variance eps (default 0.64·h^1.98, h = 2L/n, as the authors recommend).
 */
export const BlobSolverSpec = z
  .object({
    kind: z.literal('blob'),
    n: int('n', 4, 48).default(16),
    L: length('L', 50).default(5),
    eps: positive('eps').max(10, { error: 'eps must be ≤ 10' }).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const issue = blobEpsIssue(s.n, s.L, s.eps)
    if (issue) ctx.addIssue({ code: 'custom', path: ['eps'], message: issue })
  }, whenValid)
export type BlobSolverSpec = core.BlobSolverSpec

/**
 * Radially symmetric data only: the conservative, entropic 1-D scheme in |v| on `cells` cells of [0, rMax].
 * At most 800 cells: memory grows as cells² (Φ) and the explicit sub-steps as cells², so time as cells⁴.
 * With eps it solves the blob method's regularised equation at that mollifier variance instead (the blob's
 * ε, to tell its regularisation from its discretisation; docs/NUMERICS.md §7.8); √eps must span
 * MIN_WIDTH_CELLS cells.
 */
export const IsotropicSolverSpec = z
  .object({
    kind: z.literal('isotropic'),
    cells: int('cells', 10, 800).default(200),
    rMax: length('rMax', 50).default(10),
    eps: positive('eps').max(10, { error: 'eps must be ≤ 10' }).optional(),
  })
  .strict()
export type IsotropicSolverSpec = core.IsotropicSolverSpec

/** Pareschi–Russo–Toscani fast spectral method: n³ Fourier modes on the periodic box [−L, L]³. */
export const SpectralSolverSpec = z
  .object({
    kind: z.literal('spectral'),
    n: int('n', 8, 128)
      .refine(fftSize, { error: 'n must be even and of the form 2^a·3^b (8, 12, 16, 24, 32, 48, 64, 96, 128)', ...whenValid })
      .default(32),
    L: length('L', 50).default(8),
    /** Radius of the truncated kernel (default: the box's anti-aliasing choice, docs/NUMERICS.md). */
    R: positive('R').max(100, { error: 'R must be ≤ 100' }).optional(),
  })
  .strict()
  // Two velocities of the box differ by at most its diagonal 2√3·L: a longer cut-off only adds periodic
  // images, and stiffness (∝ R^{γ+2}: 1.6e9 at R = 20L, n = 8, γ = 0.5, a 50 s step).
  .superRefine((s, ctx) => {
    if (s.R !== undefined && s.R > 2 * Math.sqrt(3) * s.L)
      ctx.addIssue({ code: 'custom', path: ['R'], message: `R must be ≤ 2√3·L = ${+(2 * Math.sqrt(3) * s.L).toFixed(3)}, the box's diagonal` })
  }, whenValid)
export type SpectralSolverSpec = core.SpectralSolverSpec

export const SolverSpec = z.discriminatedUnion(
  'kind',
  [KacSolverSpec, FgmSolverSpec, FournierSolverSpec, PairingSolverSpec, BkwExactSolverSpec, BlobSolverSpec, IsotropicSolverSpec, SpectralSolverSpec],
  {
    error: (iss) =>
      iss.code === 'invalid_union'
        ? 'unknown solver kind (expected "kac", "fgm", "fournier", "pairing", "bkw-exact", "blob", "isotropic" or "spectral")'
        : undefined,
  },
)
export type SolverSpec = core.SolverSpec
export type SolverKind = core.SolverKind
export type ParticleSolverSpec = core.ParticleSolverSpec
export type DeterministicSolverSpec = core.DeterministicSolverSpec
