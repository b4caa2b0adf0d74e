// The experiment around the problem and the solvers: sweep, time grid, snapshots, seed, the cross-field checks
// of ExperimentSpec, and the RunSpec of each run it expands into (expandRuns). spec.ts re-exports it.
import { z } from 'zod'
import { cellsToResolve, MIN_WIDTH_CELLS } from '../solvers/deterministic/isotropic/radialMollifier'
import { isDeterministic } from '../solvers/driver/runSpec'
import type * as core from '../solvers/driver/runSpec'
import { InitialSpec, KernelSpec, RADIAL_FAMILIES } from './specProblem'
import { particleCount, replicaCount, SolverSpec } from './specSolvers'
import { positive, whenValid } from './specRules'

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
      /** What particle runs store at the snapshot times: velocities (default) or per-replica moments (RunSpec.snapshotKind). */
      snapshotKind: z.enum(['velocities', 'moments'], { error: 'snapshotKind must be "velocities" or "moments"' }).optional(),
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
    snapshotKind: z.enum(['velocities', 'moments']).optional(),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    /** Position of the run in its experiment; part of the random-stream key. */
    runIndex: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1), // a 32-bit word of the random-stream key
    /** A shard's part of a particle run (docs/CLUSTER.md): replicas from ≤ m < to of solver.replicas. */
    replicaRange: z
      .object({ from: z.number().int().min(0), to: z.number().int().min(1) })
      .strict()
      .refine((r) => r.from < r.to, { message: 'replicaRange needs from < to' })
      .optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (!r.replicaRange) return
    const M = 'replicas' in r.solver ? r.solver.replicas : 0
    if (r.replicaRange.to > M)
      ctx.addIssue({
        code: 'custom',
        path: ['replicaRange', 'to'],
        message: `replicaRange [${r.replicaRange.from}, ${r.replicaRange.to}) exceeds the run's ${M} replicas`,
      })
  })
export type RunSpec = core.RunSpec

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
    ...(spec.snapshotKind ? { snapshotKind: spec.snapshotKind } : {}),
    seed: spec.seed,
    runIndex,
  }))
}
