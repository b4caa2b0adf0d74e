// The experiment spec: one zod schema shared by the UI, the API, the CLI and the store.
// Every spec that crosses a boundary (IPC, HTTP, CLI file, database row) is parsed here, so the
// rest of the code can trust its types. The run's types are the solver core's own (src/solvers/driver/runSpec.ts,
// re-exported here); each schema parses into exactly its type, checked at compile time (SchemasMatchCore). Parsing fills defaults: the stored spec is the parsed one,
// which makes a run fully described by what the project file holds. docs/SPEC.md documents it.
// The schemas live in specProblem.ts (initial datum, kernel), specSolvers.ts (solver entries) and specExperiment.ts
// (sweep, time, experiment, runs); this module is their entry point, with the compile-time check and checkExperiment.
import type { z } from 'zod'
import { toSpecIssues, type SpecIssue } from './specIssues'
import { ExperimentSpec, RunSpec, TimeSpec } from './specExperiment'
import { InitialSpec, KernelSpec } from './specProblem'
import {
  BkwExactSolverSpec,
  BlobSolverSpec,
  FgmSolverSpec,
  FournierSolverSpec,
  IsotropicSolverSpec,
  KacSolverSpec,
  PairingSolverSpec,
  SolverSpec,
  SpectralSolverSpec,
} from './specSolvers'
import { storageIssue } from './storageEstimate'
import { withSweepN } from './specSweepN'

export { InitialSpec, KernelSpec }
export { RADIAL_FAMILIES, sameProblem, type InitialFamily } from './specProblem'
export {
  BkwExactSolverSpec,
  BlobSolverSpec,
  FgmSolverSpec,
  FournierSolverSpec,
  IsotropicSolverSpec,
  KacSolverSpec,
  PairingSolverSpec,
  SolverSpec,
  SpectralSolverSpec,
}
export { DETERMINISTIC_KINDS, isDeterministic, type DeterministicSolverSpec, type ParticleSolverSpec, type SolverKind } from './specSolvers'
export { ExperimentSpec, RunSpec, TimeSpec }
export { expandRuns, MAX_PARTICLES_PER_RUN, SweepSpec, type ExperimentSpecInput } from './specExperiment'

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

export { formatIssues, type SpecIssue } from './specIssues'

export type SpecCheck<T> = { ok: true; spec: T } | { ok: false; issues: SpecIssue[] }

/**
 * Parses without throwing; the issues name the field so every front end can show one clear line. They are
 * safe to print (specIssues.ts): control characters escaped, echoed text and messages cut, at most 20.
 * A new experiment must also keep within STORAGE_MAX_BYTES (storageEstimate.ts): a limit on what is
 * started, not a rule of the schema, so that the stored spec of an older, larger experiment still parses.
 */
export function checkExperiment(input: unknown): SpecCheck<ExperimentSpec> {
  const r = ExperimentSpec.safeParse(withSweepN(input))
  if (!r.success) return { ok: false, issues: toSpecIssues(r.error.issues) }
  const storage = storageIssue(r.data)
  return storage ? { ok: false, issues: toSpecIssues([storage]) } : { ok: true, spec: r.data }
}
