// Spec → form, best effort: JSON edits and loaded designs copied back into the form's text fields (with notes on
// what the form cannot show), and the one-line description of a saved design's initial datum.
import type { InitialSpec } from '../../../shared/spec'
import {
  DETERMINISTIC_PARAMS,
  EULER_ONLY,
  FAMILIES,
  SOLVER_KINDS,
  isDeterministicKind,
  type DesignerForm,
  type Family,
  type Integrator,
  type SolverKind,
} from './designerFormModel'

function text(x: unknown): string {
  if (x === undefined || x === null) return ''
  if (typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean') return String(x)
  return JSON.stringify(x)
}

function obj(x: unknown): Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : {}
}

function arr(x: unknown): unknown[] {
  return Array.isArray(x) ? x : []
}

function triText(x: unknown): [string, string, string] {
  const a = arr(x)
  return [text(a[0]), text(a[1]), text(a[2])]
}

function listText(x: unknown): string {
  return Array.isArray(x) ? x.map(text).join(', ') : text(x)
}

const isFamily = (x: unknown): x is Family => typeof x === 'string' && (FAMILIES as readonly string[]).includes(x)
const isKind = (x: unknown): x is SolverKind => typeof x === 'string' && (SOLVER_KINDS as readonly string[]).includes(x)

/** Copies the fields of `initial` into `form` (the other families' fields keep their values). Returns
 * false when the family is unknown (the form is then left as it was). */
export function applyInitial(form: DesignerForm, initial: unknown): boolean {
  const i = obj(initial)
  if (!isFamily(i.family)) return false
  form.family = i.family
  switch (i.family) {
    case 'bimaxwellian':
      ;[form.Tx, form.Ty, form.Tz] = triText(i.T)
      break
    case 'two-beam':
      form.u = text(i.u)
      form.theta = text(i.theta)
      break
    case 'bkw':
      form.K0 = text(i.K0)
      break
    case 'shell':
      form.r0 = text(i.r0)
      form.S = text(i.S)
      break
    case 'mixture':
      form.mix = arr(i.components).map((c) => {
        const o = obj(c)
        return { weight: text(o.weight), mean: triText(o.mean), T: triText(o.T) }
      })
      break
    case 'formula':
      form.expr = typeof i.expr === 'string' ? i.expr : text(i.expr)
      form.L = text(i.L)
      break
    default:
      break
  }
  return true
}

/** Best-effort: the form fields a parsed JSON value describes, plus notes on what the form cannot show. */
export function formFromSpec(spec: unknown, base: DesignerForm): { form: DesignerForm; notes: string[] } {
  const s = obj(spec)
  const notes: string[] = []
  const solvers = arr(s.solvers)
  const solver = obj(solvers[0])
  const time = obj(s.time)
  const sweep = obj(s.sweep)
  if (solvers.length > 1) notes.push(`the spec lists ${solvers.length} solvers; the form shows the first`)
  const form: DesignerForm = { ...base, mix: base.mix.map((c) => ({ weight: c.weight, mean: [...c.mean], T: [...c.T] })) }
  if (!applyInitial(form, s.initial)) notes.push('the initial family is not one the form knows; the form keeps its own')
  const kind = isKind(solver.kind) ? solver.kind : base.kind
  if (!isKind(solver.kind) && solver.kind !== undefined) notes.push(`unknown solver kind ${text(solver.kind)}; the form keeps ${base.kind}`)
  Object.assign(form, {
    name: text(s.name),
    gamma: text(obj(s.kernel).gamma),
    kind,
    snapshots: listText(s.snapshots),
    T: text(time.T),
    dt: text(time.dt),
    every: text(time.every),
    seed: text(s.seed),
  })
  if (isDeterministicKind(kind)) {
    // The particle fields keep what they held (for a switch back); this kind's parameters come from the entry.
    for (const p of DETERMINISTIC_PARAMS[kind]) form[p.field] = text(solver[p.key])
    if (s.sweep !== undefined) {
      notes.push(`${kind} is one run: the sweep does not apply to it (the form keeps it for the particle systems)`)
      form.sweep = listText(sweep.N)
      form.sweepReplicas = text(sweep.replicas)
    }
  } else {
    const integrator: Integrator =
      solver.integrator === 'rotation' || solver.integrator === 'sbm' || solver.integrator === 'euler'
        ? solver.integrator
        : EULER_ONLY.includes(kind)
          ? 'euler'
          : 'rotation'
    Object.assign(form, {
      integrator,
      N: text(solver.N),
      replicas: text(solver.replicas),
      sweep: s.sweep === undefined ? '' : listText(sweep.N),
      sweepReplicas: s.sweep === undefined ? '' : text(sweep.replicas),
    })
  }
  return { form, notes }
}

/** A short description of a saved design (the picker's tooltip). */
export function describeInitial(init: InitialSpec): string {
  switch (init.family) {
    case 'bimaxwellian':
      return `bimaxwellian T = [${init.T.join(', ')}]`
    case 'two-beam':
      return `two-beam u = ${init.u}, θ = ${init.theta}`
    case 'bkw':
      return `bkw K0 = ${init.K0}`
    case 'shell':
      return `shell r0 = ${init.r0}, S = ${init.S}`
    case 'mixture':
      return `mixture of ${init.components.length} Gaussian${init.components.length === 1 ? '' : 's'}`
    case 'formula':
      return `formula ${init.expr.length > 60 ? `${init.expr.slice(0, 57)}…` : init.expr} on [−${init.L}, ${init.L}]³`
    default:
      return init.family
  }
}
