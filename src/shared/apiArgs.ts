// The arguments of the WorkbenchApi methods as zod schemas, checked once where calls arrive from a
// transport (dispatchApiCall, api.ts: the desktop IPC and POST /api/call), so the Workbench behind it gets
// typed values and holds no hand checks. A bad argument is an 'invalid-argument' error naming the method,
// what was expected and what came. Specs and initial data are not checked here: they are the spec schema's
// (spec.ts), whose issues travel as 'invalid-spec'; project paths are projectPath.ts's, which says what is
// wrong with a path on this machine; figurePdf's request is FigurePdfRequest's (figureExport.ts).
import { z } from 'zod'
import { CHAOS_METRIC_KEYS } from './api'
import type { ApiMethod } from './api'
import { validateTestFunction } from '../solvers/chaos/testFunctions'
import type { TestFunction } from '../solvers/chaos/testFunctions'
import { RunAnnotationPatch } from './runAnnotations'

const positiveInt = (what: string) => {
  const error = `${what} must be a positive integer`
  return z.number({ error }).int({ error }).min(1, { error })
}

/** An optional argument or field: absent and null both become undefined. */
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined)

/** φ of the weak chaos columns: data from a closed set (never code), only its kind's fields kept. */
const testFunction = z.unknown().transform((x, ctx): TestFunction => {
  try {
    if (!x || typeof x !== 'object') throw new RangeError('test function must be an object')
    validateTestFunction(x as TestFunction)
    const p = x as TestFunction
    return p.kind === 'gaussian'
      ? { kind: 'gaussian', center: [p.center[0], p.center[1], p.center[2]], width: p.width }
      : { kind: 'cosine', k: [p.k[0], p.k[1], p.k[2]] }
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message })
    return z.NEVER
  }
})

/**
 * The schemas, built on first use: api.ts imports this file and this file takes CHAOS_METRIC_KEYS from
 * api.ts, so nothing of api.ts may be read while the modules load.
 */
function buildSchemas() {
  const runId = positiveInt('run id')
  const runIds = z
    .array(runId, { error: 'run ids must be an array' })
    .min(1, { error: 'name at least one run' })
    .max(10_000, { error: 'at most 10000 runs at once' })
    .transform((ids) => [...new Set(ids)])
  const args = <T extends [z.ZodType, ...z.ZodType[]]>(...items: T) => z.tuple(items).rest(z.unknown()) // extra arguments are ignored
  const historyQuery = optional(
    z.object(
      {
        maxPoints: optional(
          z
            .number({ error: 'maxPoints must be an integer ≥ 2' })
            .int({ error: 'maxPoints must be an integer ≥ 2' })
            .min(2, { error: 'maxPoints must be an integer ≥ 2' }),
        ),
        tMin: optional(z.number({ error: 'tMin must be a finite number' })),
        tMax: optional(z.number({ error: 'tMax must be a finite number' })),
      },
      { error: 'history options must be an object' },
    ),
  )
  const metric = z.enum(CHAOS_METRIC_KEYS, { error: `metric must be one of ${CHAOS_METRIC_KEYS.join(', ')}` })
  const chaosOptions = z.object(
    {
      time: z.number({ error: 'time must be a number ≥ 0' }).min(0, { error: 'time must be a number ≥ 0' }),
      metric,
      reference: optional(positiveInt('reference run id')),
      phi: optional(testFunction),
    },
    { error: 'chaos options must be an object with time and metric' },
  )
  const step = z
    .number({ error: 'step must be a non-negative integer' })
    .int({ error: 'step must be a non-negative integer' })
    .min(0, { error: 'step must be a non-negative integer' })
  const name = z.string({ error: 'a design needs a name' }).refine((s) => s.trim() !== '', { error: 'a design needs a name' })
  const schemas: Partial<Record<ApiMethod, z.ZodType<unknown[]>>> = {
    pickProjectPath: args(z.enum(['open', 'create', 'merge'], { error: 'mode must be "open", "create" or "merge"' })),
    // The path itself is projectPath.ts's to judge (see above); here only the request's shape.
    mergeProject: args(z.object({ path: z.string({ error: 'path must be a string' }) }, { error: 'mergeProject takes { path }' })),
    createProject: args(
      z.unknown(), // projectPath.ts's
      optional(
        z.object({ createFolders: optional(z.boolean({ error: 'createFolders must be true or false' })) }, { error: 'create options must be an object' }),
      ),
    ),
    browseFolder: args(optional(z.string({ error: 'a folder path must be a string' }))),
    getRun: args(runId),
    getHistory: args(runId, historyQuery),
    cancelRun: args(runId),
    resumeRun: args(
      runId,
      optional(z.object({ force: optional(z.boolean({ error: 'force must be true or false' })) }, { error: 'resume options must be an object' })),
    ),
    rerunRun: args(runId, z.object({ seed: z.enum(['same', 'new'], { error: 'seed must be "same" or "new"' }) }, { error: 'rerun options must be { seed }' })),
    annotateRun: args(runId, RunAnnotationPatch),
    deleteRuns: args(runIds),
    restoreRuns: args(runIds),
    saveDesign: args(name, z.unknown()),
    listSnapshots: args(runId),
    listDensities: args(runId),
    getDensityView: args(runId, step),
    exportRun: args(
      z.union([runId, runIds], { error: 'run ids must be a positive integer or an array of them' }),
      z.enum(['csv', 'json'], { error: 'export format must be csv or json' }),
    ),
    chaosConvergence: args(positiveInt('experiment id'), chaosOptions),
    startChaosStudy: args(z.unknown()),
    refineDt: args(z.unknown()),
    getChaosStudy: args(positiveInt('study id')),
  }
  return schemas
}

let schemas: ReturnType<typeof buildSchemas> | undefined

/** What came at `path` of the arguments, for the message (short: a bad argument may be large). */
function got(args: unknown[], path: PropertyKey[]): string {
  let v: unknown = args
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined
  const text = v === undefined ? 'undefined' : (JSON.stringify(v) ?? String(v))
  return text.length > 100 ? `${text.slice(0, 100)}…` : text
}

/**
 * Checks `args` of `method` against its schema: the parsed arguments (optional ones absent or null as
 * undefined, unknown fields dropped), or the message of the first problem. Methods without a schema take
 * their arguments as they come.
 */
export function checkApiArgs(method: ApiMethod, args: unknown[]): { ok: true; args: unknown[] } | { ok: false; message: string } {
  const schema = (schemas ??= buildSchemas())[method]
  if (!schema) return { ok: true, args }
  const r = schema.safeParse(args)
  if (r.success) return { ok: true, args: r.data }
  const issue = r.error.issues[0]
  return { ok: false, message: `${method}: ${issue.message}, got ${got(args, issue.path)}` }
}
