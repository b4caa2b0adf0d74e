// An N-sweep supplies N: every particle entry runs once per sweep value (expandRuns), so an entry's own N is
// never used and the user need not invent one. checkExperiment fills a missing N from the sweep before the
// schema reads the spec, so ExperimentSpec (and the solvers' core types) keep N required and every stored
// spec, old or new, has one.
import { DETERMINISTIC_KINDS } from '../solvers/driver/runSpec'

function record(x: unknown): Record<string, unknown> | null {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : null
}

/**
 * The input with each particle entry's missing N set to the sweep's first value, when the sweep lists a
 * number first; otherwise the input itself (the schema then names what is missing or wrong). Never mutates.
 */
export function withSweepN(input: unknown): unknown {
  const spec = record(input)
  const sweepN = record(spec?.sweep)?.N
  const first = Array.isArray(sweepN) ? (sweepN[0] as unknown) : undefined
  if (!spec || typeof first !== 'number' || !Array.isArray(spec.solvers)) return input
  const solvers = spec.solvers.map((s: unknown) => {
    const entry = record(s)
    if (!entry || entry.N !== undefined || typeof entry.kind !== 'string') return s
    if ((DETERMINISTIC_KINDS as readonly string[]).includes(entry.kind)) return s
    return { ...entry, N: first }
  })
  return { ...spec, solvers }
}
