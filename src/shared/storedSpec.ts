// Specs read back from a project file. Each was validated, when it was stored, by the workbench version
// whose code version the run records; today's value rules may be stricter (a bound added since). A record
// whose structure is sound but whose values break such a later rule is still the true record of what ran,
// and an archive must reopen years later: it is read as stored. Anything structural (a wrong type, an
// unknown or missing key, a union no member matches) still fails: such a record is corrupt, not old.
// Stored specs are the parsed ones, defaults filled, so reading one as stored loses no default.
import type { z } from 'zod'

/** Issue codes about a value's range or a refinement, not its shape. */
const VALUE_RULES = new Set<string>(['too_small', 'too_big', 'not_multiple_of', 'custom'])

/** `schema`'s parse of a stored value; the value itself if only value rules fail; throws if its shape is wrong. */
export function parseStored<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value)
  if (r.success) return r.data
  if (r.error.issues.length > 0 && r.error.issues.every((i) => VALUE_RULES.has(i.code))) return value as T
  throw r.error
}
