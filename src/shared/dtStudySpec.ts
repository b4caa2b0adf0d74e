// The request of a time-step refinement study (src/solvers/particles/dtRefinement.ts) as the UI and the CLI
// send it: one system and integrator, its γ, N, replicas, T, the time steps and a seed. Checked here, at the
// boundary, so that the study itself only ever sees steps that divide T and an integrator the system has.
import { z } from 'zod'
import type { DtIntegrator, DtStudyResult, DtSystem } from '../solvers/particles/dtRefinement'

export type { DtIntegrator, DtSystem }

/** The integrators of each particle system; the first is the default. */
export const DT_INTEGRATORS: Record<DtSystem, DtIntegrator[]> = {
  kac: ['rotation', 'sbm', 'euler'],
  pairing: ['rotation', 'sbm', 'euler'],
  fgm: ['euler'],
  fournier: ['euler'],
}
export const DT_SYSTEMS = Object.keys(DT_INTEGRATORS) as DtSystem[]
export const DEFAULT_DTS = [0.04, 0.02, 0.01, 0.005]

/**
 * The most pair updates one study may cost (every Δt and the reference): ≈ a minute of one thread at the
 * kernel's 5·10⁷ updates/s for Kac, longer for the JavaScript systems. A larger study belongs to
 * `landau refine-dt` on a machine that can wait; the UI says so instead of freezing a thread for an hour.
 */
export const DT_STUDY_MAX_PAIR_UPDATES = 3e9

/** Pair updates of one step of `system` with N particles (all pairs for Kac/FGM/Fournier, N/2 for pairing). */
function pairsPerStep(system: DtSystem, N: number): number {
  return system === 'pairing' ? N / 2 : (N * (N - 1)) / 2
}

/** The steps a study takes in all: Σ T/Δt, plus the Δt_min/4 reference when γ ≠ 0. */
export function dtStudySteps(r: { T: number; dts: number[]; gamma: number }): number {
  const steps = r.dts.reduce((s, dt) => s + Math.round(r.T / dt), 0)
  return r.gamma === 0 ? steps : steps + Math.round((4 * r.T) / Math.min(...r.dts))
}

/** Whether Δt divides T into whole steps (to rounding: 0.16/0.01 is 16.000000000000004). */
export function dtDivides(T: number, dt: number): boolean {
  const steps = T / dt
  return Math.abs(steps - Math.round(steps)) <= 1e-9 * steps
}

const num = (what: string) => z.number({ error: `${what} must be a number` }).refine(Number.isFinite, `${what} must be finite`)

export const DtStudyRequest = z
  .object({
    system: z.enum(DT_SYSTEMS as [DtSystem, ...DtSystem[]], { error: `system must be one of ${DT_SYSTEMS.join(', ')}` }),
    integrator: z.enum(['rotation', 'sbm', 'euler'], { error: 'integrator must be rotation, sbm or euler' }).optional(),
    gamma: num('γ').refine((g) => g >= -3 && g <= 1, 'γ must lie in [−3, 1]'),
    N: z.number({ error: 'N must be a number' }).int('N must be a whole number').min(2, 'N must be ≥ 2').max(100_000, 'N must be ≤ 100000'),
    replicas: z
      .number({ error: 'replicas must be a number' })
      .int('replicas must be a whole number')
      .min(2, 'replicas must be ≥ 2')
      .max(1_000_000, 'replicas must be ≤ 10⁶'),
    T: num('T').refine((t) => t > 0, 'T must be > 0'),
    dts: z
      .array(
        num('each Δt').refine((d) => d > 0, 'each Δt must be > 0'),
        { error: 'dts must be a list of numbers' },
      )
      .min(2, 'give at least two time steps'),
    seed: z.number({ error: 'seed must be a number' }).int('seed must be a whole number').min(0, 'seed must be ≥ 0'),
  })
  .superRefine((r, ctx) => {
    const allowed = DT_INTEGRATORS[r.system]
    if (r.integrator && !allowed.includes(r.integrator))
      ctx.addIssue({ code: 'custom', path: ['integrator'], message: `${r.system} has ${allowed.join(', ')}, not ${r.integrator}` })
    r.dts.forEach((dt, i) => {
      if (!dtDivides(r.T, dt)) ctx.addIssue({ code: 'custom', path: ['dts', i], message: `Δt = ${dt} does not divide T = ${r.T}` })
    })
    if (new Set(r.dts).size !== r.dts.length) ctx.addIssue({ code: 'custom', path: ['dts'], message: 'the time steps must differ' })
  })
  .transform((r) => ({ ...r, integrator: r.integrator ?? DT_INTEGRATORS[r.system][0] }))
export type DtStudyRequest = z.output<typeof DtStudyRequest>

/** The cost rule of the UI (the CLI has none: a user who types a huge study there is waiting for it). */
export function dtStudyTooLarge(r: DtStudyRequest): string | null {
  const updates = dtStudySteps(r) * r.replicas * pairsPerStep(r.system, r.N)
  if (updates <= DT_STUDY_MAX_PAIR_UPDATES) return null
  return `this study costs ${updates.toExponential(1)} pair updates, more than the ${DT_STUDY_MAX_PAIR_UPDATES.toExponential(0)} the workbench runs interactively: use fewer replicas, a smaller N or fewer steps, or \`landau refine-dt\``
}

/** One study's answer: the request it ran and the rows, order and interval. */
export type DtStudyOutcome = DtStudyResult & { request: DtStudyRequest; seconds: number }
