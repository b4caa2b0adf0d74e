// The experiment spec: one zod schema shared by the UI, the API, the CLI and the store.
// Every spec that crosses a boundary (IPC, HTTP, CLI file, database row) is parsed here, so the
// rest of the code can trust its types. Parsing fills defaults: the stored spec is the parsed one,
// which makes a run fully described by what the project file holds. docs/SPEC.md documents it.
import { z } from 'zod'

const positive = (what: string) =>
  z.number({ error: `${what} must be a number` }).finite().positive({ error: `${what} must be > 0` })

/**
 * Initial data f₀. Every family's density is normalised to (1.4): mass 1, momentum 0, energy ∫|v|²f = 3.
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
        T: z.tuple([positive('T[0]'), positive('T[1]'), positive('T[2]')], {
          error: 'T must be an array of three positive numbers [Tx, Ty, Tz]',
        }),
      })
      .strict(),
  ],
  { error: (iss) => (iss.code === 'invalid_union' ? 'unknown family (expected "maxwellian" or "bimaxwellian")' : undefined) },
)
export type InitialSpec = z.infer<typeof InitialSpec>

export const KernelSpec = z
  .object({
    /** a(z) = |z|^γ(|z|²I − z⊗z); γ = −3 Coulomb, γ = 0 Maxwell molecules. */
    gamma: z.number({ error: 'gamma must be a number' }).min(-3, { error: 'gamma must be ≥ −3' }).max(1, { error: 'gamma must be ≤ 1' }),
  })
  .strict()
export type KernelSpec = z.infer<typeof KernelSpec>

export const KacSolverSpec = z
  .object({
    kind: z.literal('kac'),
    N: z.number({ error: 'N must be an integer' }).int({ error: 'N must be an integer' }).min(2, { error: 'N must be ≥ 2' }).max(1_000_000, { error: 'N must be ≤ 1e6' }),
    replicas: z.number().int({ error: 'replicas must be an integer' }).min(1, { error: 'replicas must be ≥ 1' }).max(100_000).default(1),
    /** "rotation": the exact-conservation pair step of MATH.md §2. */
    integrator: z.literal('rotation', { error: 'integrator must be "rotation"' }).default('rotation'),
  })
  .strict()
export type KacSolverSpec = z.infer<typeof KacSolverSpec>

export const SolverSpec = z.discriminatedUnion('kind', [KacSolverSpec], {
  error: (iss) => (iss.code === 'invalid_union' ? 'unknown solver kind (expected "kac")' : undefined),
})
export type SolverSpec = z.infer<typeof SolverSpec>

export const TimeSpec = z
  .object({
    T: positive('time.T'),
    dt: positive('time.dt'),
    /** Record a history row every `every` steps (t = 0 is always recorded). */
    every: z.number().int({ error: 'time.every must be an integer' }).min(1, { error: 'time.every must be ≥ 1' }).default(1),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (!(t.T > 0 && t.dt > 0)) return // already reported by the field checks
    const steps = Math.round(t.T / t.dt)
    // T must be a whole number of steps, up to decimal round-off of the user's numbers (1e-9 relative).
    if (steps < 1 || Math.abs(steps * t.dt - t.T) > 1e-9 * t.T) {
      ctx.addIssue({ code: 'custom', path: ['dt'], message: `time.T (${t.T}) must be a whole multiple of time.dt (${t.dt})` })
    } else if (steps > 100_000_000) {
      ctx.addIssue({ code: 'custom', path: ['dt'], message: 'time.T / time.dt must be at most 1e8 steps' })
    }
  })
export type TimeSpec = z.infer<typeof TimeSpec>

export const ExperimentSpec = z
  .object({
    name: z.string({ error: 'name must be a string' }).trim().min(1, { error: 'name must not be empty' }).max(200),
    initial: InitialSpec,
    kernel: KernelSpec,
    solvers: z.array(SolverSpec, { error: 'solvers must be an array' }).min(1, { error: 'solvers must list at least one solver' }).max(1000),
    time: TimeSpec,
    /** Key of every random stream of the experiment, with the run index and the replica index. */
    seed: z.number({ error: 'seed must be an integer' }).int({ error: 'seed must be an integer' }).min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  }, { error: (iss) => (iss.code === 'invalid_type' ? 'the experiment spec must be a JSON object' : undefined) })
  .strict()
export type ExperimentSpec = z.infer<typeof ExperimentSpec>
export type ExperimentSpecInput = z.input<typeof ExperimentSpec>

/** What one run computes: the experiment's shared parts plus one solver entry and its index. */
export const RunSpec = z
  .object({
    initial: InitialSpec,
    kernel: KernelSpec,
    solver: SolverSpec,
    time: TimeSpec,
    seed: ExperimentSpec.shape.seed,
    /** Position of the run in its experiment; part of the random-stream key. */
    runIndex: z.number().int().min(0).max(2 ** 32 - 1), // a 32-bit word of the random-stream key
  })
  .strict()
export type RunSpec = z.infer<typeof RunSpec>

/** Expands an experiment into its runs, in a fixed order (the order of `solvers`). */
export function expandRuns(spec: ExperimentSpec): RunSpec[] {
  return spec.solvers.map((solver, runIndex) => ({
    initial: spec.initial,
    kernel: spec.kernel,
    solver,
    time: spec.time,
    seed: spec.seed,
    runIndex,
  }))
}

export interface SpecIssue {
  /** Dotted path of the offending field, e.g. "solvers.0.N"; "" for the whole spec. */
  path: string
  message: string
}

export type SpecCheck<T> = { ok: true; spec: T } | { ok: false; issues: SpecIssue[] }

/** Parses without throwing; the issues name the field so every front end can show one clear line. */
export function checkExperiment(input: unknown): SpecCheck<ExperimentSpec> {
  const r = ExperimentSpec.safeParse(input)
  if (r.success) return { ok: true, spec: r.data }
  return {
    ok: false,
    issues: r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  }
}

/** One line naming the field: `solvers.0.N: N must be ≥ 2`. */
export function formatIssues(issues: SpecIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')
}
