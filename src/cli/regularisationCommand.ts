// `landau regularisation`: the blob solver's two errors on a Coulomb shell, its entropy history against
// isotropic at the blob's ε (the same regularised equation) and that against plain isotropic (Landau).
import { InitialSpec, TimeSpec } from '../shared/spec'
import { regularisationStudy } from '../solvers/deterministic/regularisationStudy'
import { InputError } from './inputError'

export interface RegularisationCliOptions {
  n: number[]
  blobMax: number
  T: number
  dt: number
  r0: number
  S: number
  L: number
}

/** Grids beyond this make the radial runs slow (cells ∝ 1/√ε) and say nothing new. */
const REGULARISATION_MAX_N = 400

export function regularisationCommand(opts: RegularisationCliOptions) {
  const time = TimeSpec.safeParse({ T: opts.T, dt: opts.dt })
  if (!time.success) throw new InputError(`--T/--dt: ${time.error.issues.map((i) => i.message).join('; ')}`)
  const initial = InitialSpec.safeParse({ family: 'shell', r0: opts.r0, S: opts.S })
  if (!initial.success) throw new InputError(`--r0/--S: ${initial.error.issues.map((i) => i.message).join('; ')}`)
  if (opts.n.some((n) => n > REGULARISATION_MAX_N)) throw new InputError(`--n: grids up to ${REGULARISATION_MAX_N}`)
  if (opts.blobMax > 48) throw new InputError('--blob-max: the blob runs at n ≤ 48')
  const { rows } = regularisationStudy({
    levels: opts.n,
    blobMax: opts.blobMax,
    r0: opts.r0,
    S: opts.S,
    L: opts.L,
    T: opts.T,
    dt: opts.dt,
    rMax: 6,
    now: () => performance.now(),
  })
  const e = (x: number | null) => (x === null ? '—' : x.toExponential(3)).padStart(10)
  const f = (x: number | null, d = 4) => (x === null ? '—' : x.toFixed(d)).padStart(8)
  const out = process.stdout
  out.write(`Coulomb shell (r0 = ${opts.r0}, S = ${opts.S}), blob box L = ${opts.L}, entropy history on [0, ${opts.T}], dt = ${opts.dt}\n`)
  out.write(
    `drops H(0) − H(T): blob; isotropic at the blob's ε (the same regularised equation); plain isotropic (Landau): ${rows[0]?.dropPlain.toFixed(6) ?? '—'}\n`,
  )
  out.write(
    `${'n'.padStart(5)} ${'h'.padStart(7)} ${'ε'.padStart(9)} ${'blob'.padStart(8)} ${'iso(ε)'.padStart(8)} ${'b/iso(ε)'.padStart(8)} ${'|H_b−H_ε|'.padStart(10)} ${'iso(ε)/iso'.padStart(10)} ${'ΔH gap'.padStart(10)} ${'gap/ε'.padStart(8)} ${'seconds'.padStart(8)}\n`,
  )
  for (const r of rows) {
    out.write(
      `${String(r.n).padStart(5)} ${r.h.toFixed(4).padStart(7)} ${r.eps.toExponential(2).padStart(9)} ${f(r.dropBlob, 5)} ${f(r.dropRegularised, 5)} ` +
        `${f(r.dropBlob === null ? null : r.dropBlob / r.dropRegularised)} ${e(r.blobGap)} ${f(r.dropRegularised / r.dropPlain).padStart(10)} ${e(r.regularisationGap)} ` +
        `${f(r.regularisationGap / r.eps, 3)} ${r.seconds.toFixed(2).padStart(8)}\n`,
    )
  }
}
