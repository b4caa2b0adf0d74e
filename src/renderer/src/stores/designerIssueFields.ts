// Issue path → form field: where the backend schema's messages (paths such as `solvers.0.N`) are shown on the
// form. Separate from the conversions: it reads paths, not specs.
import { DETERMINISTIC_PARAMS, type FieldKey } from './designerFormModel'

/** Parameter keys of any deterministic kind (what an issue path `solvers.0.<key>` may name). */
const DET_PARAM_KEYS: ReadonlySet<string> = new Set(Object.values(DETERMINISTIC_PARAMS).flatMap((ps) => ps.map((p) => p.key as string)))

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
