// The experiment form as the user typed it (text, so a half-typed number is kept as typed) and the two
// directions of its link with the spec: form → spec for the backend and the JSON view, spec → form for
// JSON edits and loaded designs. Nothing here validates: the backend's schema is the judge, and the
// issue paths it returns are mapped back onto the fields that caused them.
import type { DeterministicSolverSpec, InitialSpec, ParticleSolverSpec } from '../../../shared/spec'

export type Family = InitialSpec['family']
export type ParticleKind = ParticleSolverSpec['kind']
export type DeterministicKind = DeterministicSolverSpec['kind']
/** The form edits the first solver entry: a particle system or a deterministic method. */
export type SolverKind = ParticleKind | DeterministicKind
export type Integrator = 'rotation' | 'euler'

export const FAMILIES: readonly Family[] = ['maxwellian', 'bimaxwellian', 'two-beam', 'bkw', 'shell', 'ball', 'mixture', 'formula']
export const PARTICLE_KINDS: readonly ParticleKind[] = ['kac', 'fgm', 'fournier', 'pairing']
/** In the order the form offers them (docs/SPEC.md, "Deterministic solvers"). */
export const DETERMINISTIC_KINDS = ['bkw-exact', 'isotropic', 'blob', 'spectral'] as const satisfies readonly DeterministicKind[]
// Every deterministic kind of the spec is listed (a new one fails to compile here until the form knows it).
const allDeterministicListed: [Exclude<DeterministicKind, (typeof DETERMINISTIC_KINDS)[number]>] extends [never] ? true : false = true
void allDeterministicListed
export const SOLVER_KINDS: readonly SolverKind[] = [...PARTICLE_KINDS, ...DETERMINISTIC_KINDS]

export function isDeterministicKind(k: string): k is DeterministicKind {
  return (DETERMINISTIC_KINDS as readonly string[]).includes(k)
}

/** Form fields of the deterministic kinds' parameters (each kind keeps its own; blank = the schema's default). */
export type DetField = 'bkwPoints' | 'bkwRMax' | 'isoCells' | 'isoRMax' | 'isoEps' | 'blobN' | 'blobL' | 'blobEps' | 'specN' | 'specL' | 'specR'

/** One parameter of a deterministic kind: its key in the solver entry, the form field that holds it, and
 * the schema's default (none where the default depends on the other parameters). */
export interface DetParam<K extends DeterministicKind = DeterministicKind> {
  key: Exclude<keyof Extract<DeterministicSolverSpec, { kind: K }>, 'kind'>
  field: DetField
  default?: number
}

/** The parameters of each deterministic kind, in form order (defaults as in src/shared/spec.ts). */
export const DETERMINISTIC_PARAMS: { readonly [K in DeterministicKind]: readonly DetParam<K>[] } = {
  'bkw-exact': [
    { key: 'points', field: 'bkwPoints', default: 400 },
    { key: 'rMax', field: 'bkwRMax', default: 10 },
  ],
  isotropic: [
    { key: 'cells', field: 'isoCells', default: 200 },
    { key: 'rMax', field: 'isoRMax', default: 10 },
    { key: 'eps', field: 'isoEps' },
  ],
  blob: [
    { key: 'n', field: 'blobN', default: 16 },
    { key: 'L', field: 'blobL', default: 5 },
    { key: 'eps', field: 'blobEps' },
  ],
  spectral: [
    { key: 'n', field: 'specN', default: 32 },
    { key: 'L', field: 'specL', default: 8 },
    { key: 'R', field: 'specR' },
  ],
}

/** Parameter keys of any deterministic kind (what an issue path `solvers.0.<key>` may name). */
const DET_PARAM_KEYS: ReadonlySet<string> = new Set(Object.values(DETERMINISTIC_PARAMS).flatMap((ps) => ps.map((p) => p.key as string)))

/** Kinds without a pairwise exact-conservation step: their integrator is Euler–Maruyama only. */
export const EULER_ONLY: readonly SolverKind[] = ['fgm', 'fournier']

/** One mixture component, as typed. */
export interface MixtureRow {
  weight: string
  mean: [string, string, string]
  T: [string, string, string]
}

export interface DesignerForm {
  name: string
  family: Family
  // bimaxwellian
  Tx: string
  Ty: string
  Tz: string
  // two-beam
  u: string
  theta: string
  // bkw
  K0: string
  // shell
  r0: string
  S: string
  // mixture
  mix: MixtureRow[]
  // formula
  expr: string
  L: string
  gamma: string
  kind: SolverKind
  /** The particle fields below are kept (and not sent) while a deterministic kind is chosen. */
  integrator: Integrator
  N: string
  replicas: string
  /** Comma-separated N list of an N-sweep; blank for none. */
  sweep: string
  /** Replicas of every swept run; blank for the entry's. */
  sweepReplicas: string
  // deterministic kinds (DETERMINISTIC_PARAMS): as typed, blank for the schema's default
  bkwPoints: string
  bkwRMax: string
  isoCells: string
  isoEps: string
  isoRMax: string
  blobN: string
  blobL: string
  blobEps: string
  specN: string
  specL: string
  specR: string
  /** Comma-separated snapshot times; blank for none. */
  snapshots: string
  T: string
  dt: string
  every: string
  seed: string
}

/** Names the issues of a spec can point at (form fields, mixture cells `mix.<k>.<field>[.<axis>]`, a
 * deterministic kind's parameters `det.<key>`, groups). */
export type FieldKey = string

export function defaultMixture(): MixtureRow[] {
  return [
    { weight: '0.5', mean: ['-1.5', '0', '0'], T: ['0.5', '0.5', '0.5'] },
    { weight: '0.5', mean: ['1.5', '0', '0'], T: ['0.5', '0.5', '0.5'] },
  ]
}

export function defaultForm(): DesignerForm {
  return {
    name: 'anisotropic relaxation',
    family: 'bimaxwellian',
    Tx: '1.5',
    Ty: '1',
    Tz: '0.5',
    u: '2',
    theta: '0.5',
    K0: '0.7',
    r0: '2',
    S: '4',
    mix: defaultMixture(),
    expr: 'exp(-v^2/2) * (1 + 0.5*cos(2*vx))',
    L: '8',
    gamma: '0',
    kind: 'kac',
    integrator: 'rotation',
    N: '1000',
    replicas: '4',
    sweep: '',
    sweepReplicas: '',
    bkwPoints: '',
    bkwRMax: '',
    isoCells: '',
    isoEps: '',
    isoRMax: '',
    blobN: '',
    blobL: '',
    blobEps: '',
    specN: '',
    specL: '',
    specR: '',
    snapshots: '',
    T: '2',
    dt: '0.01',
    every: '1',
    seed: '1',
  }
}

/** Text → the value sent to the backend: a number when it reads as one, nothing when blank (so the
 * schema's default or its "required" message applies), else the raw text (so the schema says what is wrong). */
export function fieldValue(text: string): number | string | undefined {
  const s = text.trim()
  if (s === '') return undefined
  const x = Number(s)
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
      solver.integrator === 'rotation' || solver.integrator === 'euler' ? solver.integrator : EULER_ONLY.includes(kind) ? 'euler' : 'rotation'
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

const INITIAL_FIELDS: Record<string, FieldKey> = { u: 'u', theta: 'theta', K0: 'K0', r0: 'r0', S: 'S', expr: 'expr', L: 'L' }
const AXES = ['x', 'y', 'z']

/** Which form field an issue path names. */
export function fieldOfPath(path: string): FieldKey {
  const p = path.split('.')
  switch (p[0]) {
    case 'name':
      return 'name'
    case 'initial':
      if (p[1] === 'T') return p[2] === '0' ? 'Tx' : p[2] === '1' ? 'Ty' : p[2] === '2' ? 'Tz' : 'temperatures'
      if (p[1] === 'components') {
        if (p[2] === undefined) return 'mixture'
        if (p[3] === 'weight') return `mix.${p[2]}.weight`
        if ((p[3] === 'mean' || p[3] === 'T') && p[4] !== undefined && AXES[Number(p[4])]) return `mix.${p[2]}.${p[3]}.${AXES[Number(p[4])]}`
        return `mix.${p[2]}`
      }
      if (p[1] && INITIAL_FIELDS[p[1]]) return INITIAL_FIELDS[p[1]]
      return 'family'
    case 'kernel':
      return 'gamma'
    case 'solvers':
      if (p[2] === 'N') return 'N'
      if (p[2] === 'replicas') return 'replicas'
      if (p[2] === 'kind') return 'kind'
      if (p[2] === 'integrator') return 'integrator'
      if (p[2] !== undefined && DET_PARAM_KEYS.has(p[2])) return `det.${p[2]}`
      return 'solver'
    case 'sweep':
      return p[1] === 'replicas' ? 'sweepReplicas' : 'sweep'
    case 'snapshots':
      return 'snapshots'
    case 'time':
      if (p[1] === 'T') return 'T'
      if (p[1] === 'dt') return 'dt'
      if (p[1] === 'every') return 'every'
      return 'time'
    case 'seed':
      return 'seed'
    default:
      return 'general'
  }
}

/** True for the keys of the initial-data editor (their messages may be folded into its error line). */
export function isInitialField(k: FieldKey): boolean {
  return ['family', 'temperatures', 'Tx', 'Ty', 'Tz', 'mixture', ...Object.values(INITIAL_FIELDS)].includes(k) || k.startsWith('mix.')
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
