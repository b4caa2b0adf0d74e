// A chaos study: the experiment that measures the propagation-of-chaos error of particle systems as N grows
// (docs/CHAOS.md). It names the systems, the N list, the times, the observables and a target precision
// for the rate p; the workbench runs a pilot, plans the replicas each point needs (replicaPlanner.ts), runs
// them within the budget and fits p per γ, system and observable. The study expands into ordinary
// experiments (studyExperiment), so every replica it runs is an ordinary run in the project file, fully
// described by its stored spec and seed, and is validated by the same ExperimentSpec rules.
import { z } from 'zod'
import { CHAOS_OBSERVABLE_NAMES, CHAOS_OBSERVABLES, type ChaosObservable } from '../solvers/chaos/chaosObservables'
import { InitialSpec, KernelSpec } from './specProblem'
import { particleCount, replicaCount } from './specSolvers'
import { ExperimentSpec, type ExperimentSpecInput } from './specExperiment'
import { positive, whenValid } from './specRules'
import { toSpecIssues } from './specIssues'
import type { SpecCheck } from './spec'

const SYSTEMS = ['kac', 'fgm', 'fournier', 'pairing'] as const

export const ChaosStudySystem = z
  .object({
    kind: z.enum(SYSTEMS, { error: `a study's system is one of ${SYSTEMS.join(', ')}` }),
    integrator: z.enum(['rotation', 'euler'], { error: 'integrator must be "rotation" or "euler"' }).optional(),
  })
  .strict()
export type ChaosStudySystem = z.infer<typeof ChaosStudySystem>

/** Replicas of one run of a study: larger counts are cut into several runs so that every worker has work. */
export const STUDY_RUN_REPLICAS = 400

export const ChaosStudySpec = z
  .object(
    {
      kind: z.literal('chaos-study', { error: 'a chaos study has "kind": "chaos-study"' }),
      name: z
        .string({ error: 'name must be a string' })
        .trim()
        .min(1, { error: 'name must not be empty' })
        .max(200, { error: 'name must be at most 200 characters' }),
      initial: InitialSpec,
      gammas: z
        .array(KernelSpec.shape.gamma, { error: 'gammas must be an array of kernel exponents' })
        .min(1)
        .max(4, { error: 'gammas lists at most 4 values' }),
      systems: z.array(ChaosStudySystem, { error: 'systems must be an array' }).min(1).max(4, { error: 'systems lists at most 4 systems' }),
      N: z
        .array(particleCount, { error: 'N must be an array of particle counts' })
        .min(3, { error: 'N must list at least 3 values: a rate with a check of the power law needs 3 points' })
        .max(8, { error: 'N lists at most 8 values' }),
      times: z.array(positive('times'), { error: 'times must be an array of positive times' }).min(1).max(4, { error: 'times lists at most 4 times' }),
      dt: positive('dt'),
      observables: z
        .array(
          z.enum(CHAOS_OBSERVABLE_NAMES as [ChaosObservable, ...ChaosObservable[]], { error: `an observable is one of ${CHAOS_OBSERVABLE_NAMES.join(', ')}` }),
        )
        .min(1)
        .max(CHAOS_OBSERVABLE_NAMES.length),
      /** The half-width of p's 95 % interval a rate must reach to be called resolved. */
      target: z.object({ halfWidth: z.number({ error: 'target.halfWidth must be a number' }).positive().max(10) }).strict(),
      pilotReplicas: replicaCount.min(30, { error: 'pilotReplicas must be ≥ 30: the pilot standard errors plan everything else' }),
      /** At most this many replicas at any point (the planner says when a rate needs more). */
      maxReplicas: replicaCount,
      /** Wall-clock seconds the whole study may take on this machine (pilot included). */
      budgetSeconds: positive('budgetSeconds').max(30 * 24 * 3600, { error: 'budgetSeconds must be at most 30 days' }),
      seed: z
        .number({ error: 'seed must be an integer' })
        .int()
        .min(0)
        .max(2 ** 32 - 1, { error: 'seed must be < 2^32' })
        .default(0),
    },
    { error: (iss) => (iss.code === 'invalid_type' ? 'the chaos study must be a JSON object' : undefined) },
  )
  .strict()
  .superRefine((s, ctx) => {
    if (s.maxReplicas < s.pilotReplicas) ctx.addIssue({ code: 'custom', path: ['maxReplicas'], message: 'maxReplicas must be ≥ pilotReplicas' })
    if (new Set(s.N).size !== s.N.length) ctx.addIssue({ code: 'custom', path: ['N'], message: 'N lists a value twice' })
    s.times.forEach((t, k) => {
      const steps = Math.round(t / s.dt)
      if (steps < 1 || Math.abs(steps * s.dt - t) > 1e-9 * t)
        ctx.addIssue({ code: 'custom', path: ['times', k], message: `time ${t} must be a whole multiple of dt (${s.dt})` })
    })
    s.systems.forEach((sys, k) => {
      if ((sys.kind === 'fgm' || sys.kind === 'fournier') && sys.integrator === 'rotation')
        ctx.addIssue({
          code: 'custom',
          path: ['systems', k, 'integrator'],
          message: `${sys.kind} has no pairwise exact-conservation step: integrator must be "euler"`,
        })
    })
    s.observables.forEach((o, k) => {
      if (CHAOS_OBSERVABLES[o].estimator === 'maxwell-bias' && !s.gammas.includes(0))
        ctx.addIssue({
          code: 'custom',
          path: ['observables', k],
          message: `${o} needs the exact moment law of Maxwell molecules: it is measured at γ = 0 only, and gammas does not list 0`,
        })
    })
  }, whenValid)
export type ChaosStudySpec = z.infer<typeof ChaosStudySpec>

/** The integrator a system runs with when the study does not name one (the experiment schema's default). */
const defaultIntegrator = (kind: ChaosStudySystem['kind']) => (kind === 'fgm' || kind === 'fournier' ? 'euler' : 'rotation')

/** The integrator a study's system runs with. */
export const systemIntegrator = (s: ChaosStudySystem): 'rotation' | 'euler' => s.integrator ?? defaultIntegrator(s.kind)

/** A system's label: "kac", "pairing/euler", … (the integrator only when it is not the default). */
export function systemLabel(s: ChaosStudySystem): string {
  const integrator = systemIntegrator(s)
  return integrator === defaultIntegrator(s.kind) ? s.kind : `${s.kind}/${integrator}`
}

/** Parses a study at the boundary, as checkExperiment does an experiment: the spec, or its issues. */
export function checkChaosStudy(input: unknown): SpecCheck<ChaosStudySpec> {
  const r = ChaosStudySpec.safeParse(input)
  return r.success ? { ok: true, spec: r.data } : { ok: false, issues: toSpecIssues(r.error.issues) }
}

/** One group of replicas a study runs: a system at one N, with a replica count. */
export interface StudyEntry {
  system: number
  N: number
  replicas: number
}

/**
 * The experiment of one batch of a study at one γ (batch 0 is the pilot). Its seed is the study's for the
 * pilot and a distinct one per later batch, so the batches' replicas are independent. Groups larger than
 * STUDY_RUN_REPLICAS are cut into several runs (each its own run index, so its own streams).
 */
export function studyExperiment(study: ChaosStudySpec, gamma: number, batch: number, entries: readonly StudyEntry[]): ExperimentSpec {
  const solvers: ExperimentSpecInput['solvers'] = []
  for (const e of entries) {
    const sys = study.systems[e.system]
    for (let left = e.replicas; left > 0; left -= STUDY_RUN_REPLICAS) {
      const replicas = Math.min(left, STUDY_RUN_REPLICAS)
      // The schema checks the kind/integrator pair (the study's own check says the same earlier).
      solvers.push({ kind: sys.kind, N: e.N, replicas, ...(sys.integrator ? { integrator: sys.integrator } : {}) } as ExperimentSpecInput['solvers'][number])
    }
  }
  const T = Math.max(...study.times)
  const steps = Math.round(T / study.dt)
  const input: ExperimentSpecInput = {
    name: `${study.name} · γ = ${gamma} · ${batch === 0 ? 'pilot' : `batch ${batch}`}`,
    initial: study.initial,
    kernel: { gamma },
    solvers,
    time: { T, dt: study.dt, every: steps },
    snapshots: [0, ...study.times],
    snapshotKind: 'moments',
    seed: batchSeed(study.seed, batch),
  }
  return ExperimentSpec.parse(input)
}

/** The seed of batch b: the study's for the pilot, then a fixed odd-constant walk (distinct for b < 2³²). */
export function batchSeed(seed: number, batch: number): number {
  return (seed + Math.imul(batch, 0x9e3779b9)) >>> 0
}
