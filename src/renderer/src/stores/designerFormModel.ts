// The experiment form itself: its fields (text, as the user typed them), the family and solver-kind lists, the
// deterministic kinds' parameters and the defaults. The conversions to and from the spec build on it.
import type { DeterministicSolverSpec, InitialSpec, ParticleSolverSpec } from '../../../shared/spec'

export type Family = InitialSpec['family']
export type ParticleKind = ParticleSolverSpec['kind']
export type DeterministicKind = DeterministicSolverSpec['kind']
/** The form edits the first solver entry: a particle system or a deterministic method. */
export type SolverKind = ParticleKind | DeterministicKind
export type Integrator = 'rotation' | 'sbm' | 'euler'

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

/** The parameters of each deterministic kind, in form order (defaults as in src/shared/specSolvers.ts). */
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
