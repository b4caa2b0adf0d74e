// `landau refine-dt`: a particle system's time-step refinement study (src/solvers/particles/dtRefinement.ts):
// the weak error of E[Txx − Tzz](T) as Δt halves, against the exact law (γ = 0) or a Δt_min/4 reference, with
// the observed order and its 95 % interval; `all` runs every system and integrator. Table or --json.
import { dtRefinementStudy, type DtIntegrator, type DtStudyResult, type DtSystem } from '../solvers/particles/dtRefinement'
import { InputError } from './inputError'
import { cleanTimes } from '../shared/cleanTime'
import { DEFAULT_DTS, DT_INTEGRATORS, dtDivides } from '../shared/dtStudySpec'

export interface RefineDtCliOptions {
  integrator?: DtIntegrator
  gamma: number
  N: number
  replicas: number
  T: number
  dt?: number[]
  seed: number
  json?: boolean
}

// The integrators and default steps are the UI's too (src/shared/dtStudySpec.ts).
const INTEGRATORS = DT_INTEGRATORS

export function refineDtCommand(system: DtSystem | 'all', opts: RefineDtCliOptions): void {
  const dts = opts.dt ?? DEFAULT_DTS
  for (const dt of dts) if (!dtDivides(opts.T, dt)) throw new InputError(`--dt: ${dt} does not divide --T ${opts.T}`)
  if (dts.length < 2) throw new InputError('--dt: give at least two time steps')
  const systems = system === 'all' ? (Object.keys(INTEGRATORS) as DtSystem[]) : [system]
  const cases: [DtSystem, DtIntegrator][] = []
  for (const kind of systems) {
    const allowed = INTEGRATORS[kind]
    if (opts.integrator && !allowed.includes(opts.integrator)) {
      if (system !== 'all') throw new InputError(`--integrator: ${kind} has ${allowed.join(', ')}`)
      continue
    }
    for (const integrator of opts.integrator ? [opts.integrator] : system === 'all' ? allowed : [allowed[0]]) cases.push([kind, integrator])
  }
  const results: (DtStudyResult & { system: DtSystem; integrator: DtIntegrator })[] = []
  for (const [kind, integrator] of cases) {
    const r = dtRefinementStudy({ kind, integrator, gamma: opts.gamma, N: opts.N, replicas: opts.replicas, T: opts.T, dts, seed: opts.seed }, (label) =>
      process.stderr.write(`${kind}/${integrator} ${label}\n`),
    )
    results.push({ system: kind, integrator, ...r })
    if (!opts.json) process.stdout.write(formatDtStudy(kind, integrator, r, opts))
  }
  if (opts.json)
    process.stdout.write(`${JSON.stringify({ gamma: opts.gamma, N: opts.N, replicas: opts.replicas, T: opts.T, seed: opts.seed, results }, cleanTimes)}\n`)
}

function formatDtStudy(kind: DtSystem, integrator: DtIntegrator, r: DtStudyResult, o: RefineDtCliOptions): string {
  const e = (x: number) => x.toExponential(2).padStart(10)
  const against = r.reference === 'exact' ? 'the exact law' : `a Δt = ${r.reference} reference`
  const order = Number.isNaN(r.order)
    ? 'order undetermined (errors within 2 SE of 0)'
    : `observed order ${r.order.toFixed(2)} [${r.lo.toFixed(2)}, ${r.hi.toFixed(2)}] (95 %)`
  let out = `${kind}/${integrator}, γ = ${o.gamma}, N = ${o.N}, ${o.replicas} replicas, error of E[Txx − Tzz](${o.T}) against ${against}: ${order}\n`
  out += `${'dt'.padStart(9)} ${'error'.padStart(10)} ${'SE'.padStart(10)}\n`
  for (const row of r.rows) out += `${String(row.dt).padStart(9)} ${e(row.error)} ${e(row.se)}\n`
  return out
}
