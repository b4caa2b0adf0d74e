// Form → spec: the (unvalidated) spec the form describes, for the backend and the JSON view; blank fields are
// left out so the schema's defaults apply, unreadable numbers sent as typed so the schema names them.
import { DETERMINISTIC_PARAMS, isDeterministicKind, type DesignerForm } from './designerFormModel'

/** Text → the value sent to the backend: a number when it reads as one, nothing when blank (so the
 * schema's default or its "required" message applies), else the raw text (so the schema says what is wrong). */
export function fieldValue(text: string): number | string | undefined {
  const s = text.trim()
  if (s === '') return undefined
  // The UI prints negatives with a real minus sign (util/format.ts, "−3 Coulomb"), so a value copied from it
  // or typed the same way reads as the number it shows; the schema then says what is wrong with it.
  const x = Number(s.replace(/^[\u2212\u2013]/, '-'))
  return Number.isNaN(x) ? s : x
}

/** "100, 200 400" → [100, 200, 400]; a token that is not a number is sent as typed for the schema to name. */
export function listValue(text: string): (number | string)[] {
  return text
    .split(/[\s,;]+/)
    .filter((s) => s !== '')
    .map((s) => fieldValue(s) as number | string)
}

function triple(t: readonly [string, string, string]): unknown[] {
  return t.map((s) => fieldValue(s))
}

/** The initial datum the form describes. */
export function initialFromForm(f: DesignerForm): Record<string, unknown> {
  switch (f.family) {
    case 'bimaxwellian':
      return { family: 'bimaxwellian', T: [fieldValue(f.Tx), fieldValue(f.Ty), fieldValue(f.Tz)] }
    case 'two-beam':
      return { family: 'two-beam', u: fieldValue(f.u), theta: fieldValue(f.theta) }
    case 'bkw':
      return { family: 'bkw', K0: fieldValue(f.K0) }
    case 'shell':
      return { family: 'shell', r0: fieldValue(f.r0), S: fieldValue(f.S) }
    case 'mixture':
      return { family: 'mixture', components: f.mix.map((c) => ({ weight: fieldValue(c.weight), mean: triple(c.mean), T: triple(c.T) })) }
    case 'formula':
      return { family: 'formula', expr: f.expr, L: fieldValue(f.L) }
    default:
      return { family: f.family }
  }
}

/** The solver entry the form describes: a particle system's N, replicas and integrator, or a
 * deterministic kind's parameters (a blank one is left out, so the schema's default applies). */
export function solverFromForm(f: DesignerForm): Record<string, unknown> {
  const kind = f.kind
  if (!isDeterministicKind(kind)) return { kind, N: fieldValue(f.N), replicas: fieldValue(f.replicas), integrator: f.integrator }
  const entry: Record<string, unknown> = { kind }
  for (const p of DETERMINISTIC_PARAMS[kind]) {
    const v = fieldValue(f[p.field])
    if (v !== undefined) entry[p.key] = v
  }
  return entry
}

/** The spec the form describes (not validated: the backend's schema is the judge). */
export function specFromForm(f: DesignerForm): Record<string, unknown> {
  const spec: Record<string, unknown> = {
    name: f.name,
    initial: initialFromForm(f),
    kernel: { gamma: fieldValue(f.gamma) },
    solvers: [solverFromForm(f)],
  }
  // A deterministic entry is one run: the sweep (kept in the form for the particle kinds) is not sent.
  if (f.sweep.trim() !== '' && !isDeterministicKind(f.kind)) {
    const sweep: Record<string, unknown> = { N: listValue(f.sweep) }
    if (f.sweepReplicas.trim() !== '') sweep.replicas = fieldValue(f.sweepReplicas)
    spec.sweep = sweep
  }
  spec.time = { T: fieldValue(f.T), dt: fieldValue(f.dt), every: fieldValue(f.every) }
  if (f.snapshots.trim() !== '') spec.snapshots = listValue(f.snapshots)
  spec.seed = fieldValue(f.seed)
  return spec
}
