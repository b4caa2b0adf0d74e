// `landau refine`: a deterministic solver's grid-refinement study on BKW (γ = 0) against the exact
// solution, printed as a table of errors and observed orders.
import { InitialSpec, TimeSpec } from '../shared/spec'
import { refinementStudy, type RefinableKind } from '../solvers/deterministic/refinement'
import { InputError } from './inputError'

export interface RefineCliOptions {
  n?: number[]
  T: number
  dt?: number
  K0: number
  extent?: number
}

const REFINE_DEFAULTS: Record<RefinableKind, { levels: number[]; dt: number }> = {
  blob: { levels: [12, 16, 20], dt: 0.05 },
  spectral: { levels: [16, 24, 32], dt: 0.05 },
  isotropic: { levels: [50, 100, 200], dt: 0.05 },
}

export function refineCommand(kind: RefinableKind, opts: RefineCliOptions) {
  const d = REFINE_DEFAULTS[kind]
  const dt = opts.dt ?? d.dt
  // The experiment schema's own checks (whole number of steps, K0 ∈ [3/5, 1)), not copies of them.
  const time = TimeSpec.safeParse({ T: opts.T, dt })
  if (!time.success) throw new InputError(`--T/--dt: ${time.error.issues.map((i) => i.message).join('; ')}`)
  const initial = InitialSpec.safeParse({ family: 'bkw', K0: opts.K0 })
  if (!initial.success) throw new InputError(`--K0: ${initial.error.issues.map((i) => i.message).join('; ')}`)
  const { exact, rows } = refinementStudy({ kind, levels: opts.n ?? d.levels, K0: opts.K0, T: opts.T, dt, extent: opts.extent, now: () => performance.now() })
  const e = (x: number) => x.toExponential(3).padStart(10)
  const p = (x: number) => (Number.isNaN(x) ? '     —' : x.toFixed(2).padStart(6))
  process.stdout.write(
    `${kind} on BKW (γ = 0, K0 = ${opts.K0}) at t = ${opts.T}, dt = ${dt}: exact ∫|v|⁴f = ${exact.moment4.toFixed(10)}, H = ${exact.entropy.toFixed(10)}\n`,
  )
  process.stdout.write(
    `${'n'.padStart(5)} ${'h'.padStart(8)} ${'err ∫|v|⁴f'.padStart(10)} ${'order'.padStart(6)} ${'err H'.padStart(10)} ${'order'.padStart(6)} ${'seconds'.padStart(8)}\n`,
  )
  for (const r of rows)
    process.stdout.write(
      `${String(r.n).padStart(5)} ${r.h.toFixed(4).padStart(8)} ${e(r.errMoment4)} ${p(r.orderMoment4)} ${e(r.errEntropy)} ${p(r.orderEntropy)} ${r.seconds.toFixed(2).padStart(8)}\n`,
    )
}
