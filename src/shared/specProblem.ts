// The Landau problem a spec poses: the initial datum f₀ and the kernel, and when two runs pose the same one.
// Separate from the solvers (how it is solved) and the experiment (how long, how often); spec.ts re-exports it.
import { z } from 'zod'
import type * as core from '../solvers/driver/runSpec'
import { formulaSyntaxIssue, magnitude, positive, positive3, scaled, shellIssue, vec3, whenValid } from './specRules'

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
