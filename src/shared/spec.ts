// The experiment spec: one zod schema shared by the UI, the API, the CLI and the store.
// Every spec that crosses a boundary (IPC, HTTP, CLI file, database row) is parsed here, so the
// rest of the code can trust its types. The run's types are the solver core's own (src/solvers/runSpec.ts,
// re-exported here); each schema parses into exactly its type, checked at compile time (SchemasMatchCore). Parsing fills defaults: the stored spec is the parsed one,
// which makes a run fully described by what the project file holds. docs/SPEC.md documents it.
import { z } from 'zod'
import { cellsToResolve, MIN_WIDTH_CELLS } from '../solvers/deterministic/radialMollifier'
import { DETERMINISTIC_KINDS, isDeterministic } from '../solvers/runSpec'
import type * as core from '../solvers/runSpec'
import { toSpecIssues, type SpecIssue } from './specIssues'
import { blobEpsIssue, fftSize, formulaSyntaxIssue, int, length, magnitude, positive, positive3, scaled, shellIssue, vec3, whenValid } from './specRules'
import { storageIssue } from './storageEstimate'

/**
 * Initial data f₀. Every family's density is normalised to (1.4): mass 1, momentum 0, energy ∫|v|²f = 3,
 * by the affine change v ↦ (v − u)/s of MATH.md §1 (the designer shows raw and normalised moments).
 * Particle systems start from N i.i.d. samples of it (chaotic data), so their empirical moments at t = 0
 * differ from these by O(1/√N); they are not rescaled, which would correlate the particles.
 */
export const InitialSpec = z.discriminatedUnion(
  'family',
  [
    z.object({ family: z.literal('maxwellian') }).strict(),
    z
      .object({
        family: z.literal('bimaxwellian'),
        /** Directional temperatures before normalisation; rescaled so that Tx + Ty + Tz = 3. */
        T: positive3('T'),
      })
      .strict(),
    z
      .object({
        family: z.literal('two-beam'),
        /** Beam velocity: Maxwellians centred at ±u·e_x. */
        u: magnitude('u', 0),
        /** Temperature of each beam. */
        theta: scaled('theta'),
      })
      .strict(),
    z
      .object({
        family: z.literal('bkw'),
        /** BKW parameter K at t = 0 (MATH.md §3); K0 = 1 is the Maxwellian. */
        K0: z.number({ error: 'K0 must be a number' }).min(0.6, { error: 'K0 must be ≥ 3/5' }).lt(1, { error: 'K0 must be < 1' }),
      })
      .strict(),
    z
      .object({
        family: z.literal('shell'),
        /** f ∝ exp(−S(|v| − r0)²): a shell of radius r0 and sharpness S. */
        r0: magnitude('r0', 0),
        S: scaled('S'),
      })
      .strict()
      .superRefine((s, ctx) => {
        const issue = shellIssue(s.r0, s.S)
        if (issue) ctx.addIssue({ code: 'custom', path: ['S'], message: issue })
      }, whenValid),
    z.object({ family: z.literal('ball') }).strict(),
    z
      .object({
        family: z.literal('mixture'),
        /** A Gaussian mixture: weights (normalised to sum 1), means and diagonal temperatures. */
        components: z
          .array(z.object({ weight: scaled('weight'), mean: vec3('mean'), T: positive3('T') }).strict(), { error: 'components must be an array' })
          .min(1, { error: 'a mixture needs at least one component' })
          .max(20, { error: 'a mixture has at most 20 components' }),
      })
      .strict(),
    z
      .object({
        family: z.literal('formula'),
        /** f(v) in the workbench's expression language (docs/SPEC.md): variables vx, vy, vz, v. Never eval'd. */
        expr: z
          .string({ error: 'expr must be a string' })
          .trim()
          .min(1, { error: 'expr must not be empty' })
          .max(2000, { error: 'expr must be at most 2000 characters' })
          // Syntax here (linear, depth-capped); sign and decay need the grid (the backend's preview checks them).
          .superRefine((expr, ctx) => {
            const issue = formulaSyntaxIssue(expr)
            if (issue) ctx.addIssue({ code: 'custom', message: issue })
          }, whenValid),
        /** Half-width of the box [−L, L]³ on which f is integrated and normalised. */
        L: positive('L').max(100, { error: 'L must be ≤ 100' }).default(8),
      })
      .strict(),
  ],
  {
    error: (iss) =>
      iss.code === 'invalid_union'
        ? 'unknown family (expected "maxwellian", "bimaxwellian", "two-beam", "bkw", "shell", "ball", "mixture" or "formula")'
        : undefined,
  },
)
export type InitialSpec = core.InitialSpec
export type InitialFamily = core.InitialFamily

export const KernelSpec = z
  .object({
    /** a(z) = |z|^γ(|z|²I − z⊗z); γ = −3 Coulomb, γ = 0 Maxwell molecules. */
    gamma: z.number({ error: 'gamma must be a number' }).min(-3, { error: 'gamma must be ≥ −3' }).max(1, { error: 'gamma must be ≤ 1' }),
  })
  .strict()
export type KernelSpec = core.KernelSpec

const particleCount = z
  .number({ error: 'N must be an integer' })
  .int({ error: 'N must be an integer' })
  .min(2, { error: 'N must be ≥ 2' })
  .max(1_000_000, { error: 'N must be ≤ 1e6' })
const replicaCount = z
  .number({ error: 'replicas must be an integer' })
  .int({ error: 'replicas must be an integer' })
  .min(1, { error: 'replicas must be ≥ 1' })
  .max(100_000, { error: 'replicas must be ≤ 100000' })

/** "rotation": the exact-conservation pair step of MATH.md §2; "euler": Euler–Maruyama (shows the drift). */
const pairIntegrator = z.enum(['rotation', 'euler'], { error: 'integrator must be "rotation" or "euler"' }).default('rotation')
const eulerOnly = (kind: string) =>
  z.literal('euler', { error: `${kind} has no pairwise exact-conservation step: integrator must be "euler"` }).default('euler')

export const KacSolverSpec = z.object({ kind: z.literal('kac'), N: particleCount, replicas: replicaCount.default(1), integrator: pairIntegrator }).strict()
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
  .object({ kind: z.literal('pairing'), N: particleCount, replicas: replicaCount.default(1), integrator: pairIntegrator })
  .strict()
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
 * ε, to tell its regularisation from its discretisation; docs/NUMERICS.md §11.6); √eps must span
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
export { DETERMINISTIC_KINDS, isDeterministic }

/** JSON with object keys sorted: equal for equal specs whatever order their keys were written in. */
function canonicalJson(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonicalJson).join(',')}]`
  if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(x)
}

/**
 * Whether two runs solve the same Landau problem: the same kernel and the same initial datum (before
 * normalisation, as specified). A particle run is compared only with a reference of the same problem.
 */
export function sameProblem(a: { initial: InitialSpec; kernel: KernelSpec }, b: { initial: InitialSpec; kernel: KernelSpec }): boolean {
  return canonicalJson(a.kernel) === canonicalJson(b.kernel) && canonicalJson(a.initial) === canonicalJson(b.initial)
}

/** Families whose normalised density is radially symmetric (what `isotropic` and `bkw-exact` accept). */
export const RADIAL_FAMILIES: readonly InitialFamily[] = ['maxwellian', 'bkw', 'shell', 'ball']

/** An N-sweep: every solver entry runs once per N, with this many replicas (default: the entry's). */
export const SweepSpec = z
  .object({
    N: z
      .array(particleCount, { error: 'sweep.N must be an array of particle counts' })
      .min(1, { error: 'sweep.N must list at least one N' })
      .max(100, { error: 'sweep.N lists at most 100 values' }),
    replicas: replicaCount.optional(),
  })
  .strict()
export type SweepSpec = z.infer<typeof SweepSpec>

export const TimeSpec = z
  .object({
    T: positive('time.T'),
    dt: positive('time.dt'),
    /** Record a history row every `every` steps (t = 0 is always recorded). */
    every: z
      .number({ error: 'time.every must be an integer' })
      .int({ error: 'time.every must be an integer' })
      .min(1, { error: 'time.every must be ≥ 1' })
      .default(1),
  })
  .strict()
  .superRefine((t, ctx) => {
    const steps = Math.round(t.T / t.dt)
    // T must be a whole number of steps, up to decimal round-off of the user's numbers (1e-9 relative).
    if (steps < 1 || Math.abs(steps * t.dt - t.T) > 1e-9 * t.T) {
      ctx.addIssue({ code: 'custom', path: ['dt'], message: `time.T (${t.T}) must be a whole multiple of time.dt (${t.dt})` })
    } else if (steps > 100_000_000) {
      ctx.addIssue({ code: 'custom', path: ['dt'], message: 'time.T / time.dt must be at most 1e8 steps' })
    }
  }, whenValid)
export type TimeSpec = core.TimeSpec

/** Velocities of every replica of a run live in one thread's memory. */
export const MAX_PARTICLES_PER_RUN = 10_000_000

export const ExperimentSpec = z
  .object(
    {
      name: z
        .string({ error: 'name must be a string' })
        .trim()
        .min(1, { error: 'name must not be empty' })
        .max(200, { error: 'name must be at most 200 characters' }),
      initial: InitialSpec,
      kernel: KernelSpec,
      solvers: z
        .array(SolverSpec, { error: 'solvers must be an array' })
        .min(1, { error: 'solvers must list at least one solver' })
        .max(1000, { error: 'solvers lists at most 1000 solvers' }),
      sweep: SweepSpec.optional(),
      time: TimeSpec,
      /** Times at which the particle velocities of every replica are stored (rounded to the nearest step). */
      snapshots: z
        .array(z.number({ error: 'snapshot times must be numbers' }).finite().min(0, { error: 'snapshot times must be ≥ 0' }), {
          error: 'snapshots must be an array of times',
        })
        .max(100, { error: 'snapshots lists at most 100 times' })
        .default([]),
      /** Key of every random stream of the experiment, with the run index and the replica index. */
      seed: z
        .number({ error: 'seed must be an integer' })
        .int({ error: 'seed must be an integer' })
        .min(0, { error: 'seed must be ≥ 0' })
        .max(Number.MAX_SAFE_INTEGER, { error: 'seed must be < 2^53' })
        .default(0),
    },
    { error: (iss) => (iss.code === 'invalid_type' ? 'the experiment spec must be a JSON object' : undefined) },
  )
  .strict()
  .superRefine((e, ctx) => {
    e.snapshots.forEach((t, k) => {
      if (t > e.time.T * (1 + 1e-12)) ctx.addIssue({ code: 'custom', path: ['snapshots', k], message: `snapshot time ${t} is after time.T (${e.time.T})` })
    })
    const runs = e.solvers.reduce((n, s) => n + (isDeterministic(s) ? 1 : (e.sweep?.N.length ?? 1)), 0)
    if (runs > 1000) ctx.addIssue({ code: 'custom', path: ['sweep', 'N'], message: `the experiment expands into ${runs} runs; at most 1000` })
    e.solvers.forEach((s, k) => {
      if (s.kind === 'bkw-exact') {
        if (e.kernel.gamma !== 0)
          ctx.addIssue({
            code: 'custom',
            path: ['solvers', k, 'kind'],
            message: `bkw-exact is the exact solution for Maxwell molecules: kernel.gamma must be 0 (is ${e.kernel.gamma})`,
          })
        if (e.initial.family !== 'bkw' && e.initial.family !== 'maxwellian')
          ctx.addIssue({
            code: 'custom',
            path: ['solvers', k, 'kind'],
            message: `bkw-exact needs initial family "bkw" or "maxwellian" (is "${e.initial.family}")`,
          })
      }
      if (s.kind === 'isotropic' && !RADIAL_FAMILIES.includes(e.initial.family)) {
        ctx.addIssue({
          code: 'custom',
          path: ['solvers', k, 'kind'],
          message: `isotropic needs radially symmetric initial data (${RADIAL_FAMILIES.join(', ')}); "${e.initial.family}" is not`,
        })
      }
      if (s.kind === 'isotropic' && s.eps !== undefined) {
        const cells = cellsToResolve(s.eps, s.rMax)
        if (s.cells < cells)
          ctx.addIssue({
            code: 'custom',
            path: ['solvers', k, 'eps'],
            message: `isotropic: eps = ${s.eps} is narrower than ${s.cells} cells on [0, ${s.rMax}] resolve (√eps must span ${MIN_WIDTH_CELLS} cells): use at least ${cells} cells, or a smaller rMax`,
          })
      }
    })
    // A run holds all its replicas' velocities (24 bytes a particle) in one worker thread.
    e.solvers.forEach((s, k) => {
      if (isDeterministic(s)) return
      const N = (e.sweep?.N ?? [s.N]).reduce((a, b) => Math.max(a, b), 0) // not Math.max(...): no spread of a user's array
      const replicas = e.sweep?.replicas ?? s.replicas
      if (N * replicas > MAX_PARTICLES_PER_RUN) {
        ctx.addIssue({
          code: 'custom',
          path: ['solvers', k, 'replicas'],
          message: `N × replicas = ${N * replicas} particles in one run; at most ${MAX_PARTICLES_PER_RUN} (${(24 * MAX_PARTICLES_PER_RUN) / 1e6} MB of velocities): use fewer replicas or several runs`,
        })
      }
    })
  }, whenValid)
export type ExperimentSpec = z.infer<typeof ExperimentSpec>
export type ExperimentSpecInput = z.input<typeof ExperimentSpec>

/** What one run computes: the experiment's shared parts plus one solver entry and its index. */
export const RunSpec = z
  .object({
    initial: InitialSpec,
    kernel: KernelSpec,
    solver: SolverSpec,
    time: TimeSpec,
    snapshots: z.array(z.number().finite().min(0)).max(100).default([]),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    /** Position of the run in its experiment; part of the random-stream key. */
    runIndex: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1), // a 32-bit word of the random-stream key
  })
  .strict()
export type RunSpec = core.RunSpec

/** True when A and B are the same type: not merely assignable both ways (optional keys, readonly, any count). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
type Assert<T extends true> = T
/** Each schema parses into exactly the solver core's type: a change on either side alone fails the type check here. */
export type SchemasMatchCore = [
  Assert<Equal<z.output<typeof InitialSpec>, InitialSpec>>,
  Assert<Equal<z.output<typeof KernelSpec>, KernelSpec>>,
  Assert<Equal<z.output<typeof KacSolverSpec>, KacSolverSpec>>,
  Assert<Equal<z.output<typeof FgmSolverSpec>, FgmSolverSpec>>,
  Assert<Equal<z.output<typeof FournierSolverSpec>, FournierSolverSpec>>,
  Assert<Equal<z.output<typeof PairingSolverSpec>, PairingSolverSpec>>,
  Assert<Equal<z.output<typeof BkwExactSolverSpec>, BkwExactSolverSpec>>,
  Assert<Equal<z.output<typeof BlobSolverSpec>, BlobSolverSpec>>,
  Assert<Equal<z.output<typeof IsotropicSolverSpec>, IsotropicSolverSpec>>,
  Assert<Equal<z.output<typeof SpectralSolverSpec>, SpectralSolverSpec>>,
  Assert<Equal<z.output<typeof SolverSpec>, SolverSpec>>,
  Assert<Equal<z.output<typeof TimeSpec>, TimeSpec>>,
  Assert<Equal<z.output<typeof RunSpec>, RunSpec>>,
]

/**
 * Expands an experiment into its runs, in a fixed order: the order of `solvers`, and within each particle
 * entry the order of `sweep.N` (a deterministic entry is one run: it has no N). The position is the run index, part of every random-stream key.
 */
export function expandRuns(spec: ExperimentSpec): RunSpec[] {
  const sweep = spec.sweep
  const solvers = sweep
    ? spec.solvers.flatMap((s): SolverSpec[] => (isDeterministic(s) ? [s] : sweep.N.map((N) => ({ ...s, N, replicas: sweep.replicas ?? s.replicas }))))
    : spec.solvers
  return solvers.map((solver, runIndex) => ({
    initial: spec.initial,
    kernel: spec.kernel,
    solver,
    time: spec.time,
    snapshots: spec.snapshots,
    seed: spec.seed,
    runIndex,
  }))
}

export { formatIssues, type SpecIssue } from './specIssues'

export type SpecCheck<T> = { ok: true; spec: T } | { ok: false; issues: SpecIssue[] }

/**
 * Parses without throwing; the issues name the field so every front end can show one clear line. They are
 * safe to print (specIssues.ts): control characters escaped, echoed text and messages cut, at most 20.
 * A new experiment must also keep within STORAGE_MAX_BYTES (storageEstimate.ts): a limit on what is
 * started, not a rule of the schema, so that the stored spec of an older, larger experiment still parses.
 */
export function checkExperiment(input: unknown): SpecCheck<ExperimentSpec> {
  const r = ExperimentSpec.safeParse(input)
  if (!r.success) return { ok: false, issues: toSpecIssues(r.error.issues) }
  const storage = storageIssue(r.data)
  return storage ? { ok: false, issues: toSpecIssues([storage]) } : { ok: true, spec: r.data }
}
