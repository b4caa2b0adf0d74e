// The time-step refinement study of a particle system (`landau refine-dt`, docs/NUMERICS.md §4.16): the weak
// error of E[Txx − Tzz](T) (raw second moments, bi-Maxwellian data) as Δt halves, and the observed order.
//  - γ = 0 against the exact law of the continuous-time system (§4.11), per replica as the conditional residual
//    D(T) − E[D(T) | V₀] (only the dynamics' noise left): Kac and pairing E[D | V₀] = dP + (D₀ − dP)e^{−12T};
//    FGM and Fournier the coupled (x, y) law.
//  - any other γ against a reference run at Δt_min/4 with the same seed: the same initial ensemble, so the
//    per-replica difference D_Δt(T) − D_ref(T) cancels the initial data's spread.
// The observed order is the weighted least-squares slope of log|error| against log Δt (weights (error/SE)², the
// inverse variance of log|error|), with a 95 % interval ±1.96/√(Σw(x − x̄)²) from the sampling error alone;
// errors within 2 SE of 0 are left out of the fit (their logarithm is noise), and with fewer than two left the
// order is undetermined.
import type { InitialSpec } from '../driver/runSpec'
import type { ParticleRunSpec } from '../driver/runSpec'
import { createEnsemble } from './ensemble'
import { createStepper } from './steppers'

export type DtSystem = 'kac' | 'pairing' | 'fgm' | 'fournier'
export type DtIntegrator = 'rotation' | 'sbm' | 'euler'

export interface DtStudyOptions {
  kind: DtSystem
  integrator: DtIntegrator
  gamma: number
  N: number
  replicas: number
  T: number
  /** Time steps, each dividing T; the study sorts them from coarse to fine. */
  dts: number[]
  seed: number
  /** Temperatures of the bi-Maxwellian data. */
  temperatures?: [number, number, number]
}

export interface DtStudyRow {
  dt: number
  /** Replica mean of the error of D = Txx − Tzz at T, and its standard error. */
  error: number
  se: number
}

export interface DtStudyResult {
  /** 'exact' (γ = 0, continuous-time law) or the reference Δt. */
  reference: 'exact' | number
  rows: DtStudyRow[]
  /** Observed order and its 95 % interval; NaN when fewer than two errors stand out of the noise. */
  order: number
  lo: number
  hi: number
}

const DEFAULT_T: [number, number, number] = [2.8, 0.1, 0.1]

/** D = mean(vx² − vz²) and dP = px² − pz² of one replica. */
function anisotropy(v: Float64Array, N: number): { D: number; dP: number } {
  let D = 0
  let px = 0
  let pz = 0
  for (let i = 0; i < N; i++) {
    const x = v[3 * i]
    const z = v[3 * i + 2]
    D += x * x - z * z
    px += x
    pz += z
  }
  return { D: D / N, dP: (px * px - pz * pz) / (N * N) }
}

/** E[D(t) | D₀, dP₀] of the continuous-time system at γ = 0 (docs/NUMERICS.md §4.11). */
export function exactAnisotropy(kind: DtSystem, N: number, t: number, D0: number, dP0: number): number {
  if (kind === 'fgm' || kind === 'fournier') {
    const x0 = N * D0
    const y0 = N * dP0
    const w = (x0 - y0) * Math.exp(-(12 - 4 / N) * t)
    return (3 * N * w - (x0 - 3 * N * y0)) / (3 * N - 1) / N
  }
  const f = Math.exp(-12 * t)
  return f * D0 + (1 - f) * dP0
}

/** D(T) and (D₀, dP₀) of every replica of one run at time step dt. */
function runAnisotropy(o: DtStudyOptions, dt: number): { D: Float64Array; D0: Float64Array; dP0: Float64Array } {
  const initial: InitialSpec = { family: 'bimaxwellian', T: o.temperatures ?? DEFAULT_T }
  const spec: ParticleRunSpec = {
    initial,
    kernel: { gamma: o.gamma },
    solver: { kind: o.kind, N: o.N, replicas: o.replicas, integrator: o.integrator } as ParticleRunSpec['solver'],
    time: { T: o.T, dt, every: 1 },
    snapshots: [],
    seed: o.seed,
    runIndex: 0,
  }
  const ens = createEnsemble(initial, o.N, o.replicas, o.seed, 0)
  const stepper = createStepper(spec, ens)
  const steps = Math.round(o.T / dt)
  const D = new Float64Array(o.replicas)
  const D0 = new Float64Array(o.replicas)
  const dP0 = new Float64Array(o.replicas)
  for (let m = 0; m < o.replicas; m++) {
    const a = anisotropy(ens.v[m], o.N)
    D0[m] = a.D
    dP0[m] = a.dP
    for (let s = 0; s < steps; s++) for (let p = 0; p < stepper.parts; p++) stepper.run(m, s, p)
    D[m] = anisotropy(ens.v[m], o.N).D
  }
  return { D, D0, dP0 }
}

function meanSe(x: Float64Array): { mean: number; se: number } {
  let s = 0
  for (const v of x) s += v
  const mean = s / x.length
  let q = 0
  for (const v of x) q += (v - mean) ** 2
  return { mean, se: Math.sqrt(q / (x.length - 1) / x.length) }
}

/** The weighted least-squares slope of log|error| on log Δt and its 95 % interval (module comment). */
export function observedOrder(rows: DtStudyRow[]): { order: number; lo: number; hi: number } {
  const used = rows.filter((r) => Math.abs(r.error) > 2 * r.se && r.se >= 0)
  if (used.length < 2) return { order: Number.NaN, lo: Number.NaN, hi: Number.NaN }
  const x = used.map((r) => Math.log(r.dt))
  const y = used.map((r) => Math.log(Math.abs(r.error)))
  // Var(log|e|) ≈ (SE/e)²; an error with SE = 0 (exact) gets the weight of a 1e-12 relative error.
  const w = used.map((r) => (r.error / Math.max(r.se, 1e-12 * Math.abs(r.error))) ** 2)
  const W = w.reduce((a, b) => a + b, 0)
  const xm = w.reduce((a, wi, i) => a + wi * x[i], 0) / W
  const ym = w.reduce((a, wi, i) => a + wi * y[i], 0) / W
  let sxx = 0
  let sxy = 0
  for (let i = 0; i < used.length; i++) {
    sxx += w[i] * (x[i] - xm) ** 2
    sxy += w[i] * (x[i] - xm) * (y[i] - ym)
  }
  const order = sxy / sxx
  const half = 1.96 / Math.sqrt(sxx)
  return { order, lo: order - half, hi: order + half }
}

/** Runs the study (one run per Δt, plus the reference for γ ≠ 0). Progress: onRun(label) before each run. */
export function dtRefinementStudy(o: DtStudyOptions, onRun: (label: string) => void = () => {}): DtStudyResult {
  const dts = [...o.dts].sort((a, b) => b - a)
  const exact = o.gamma === 0
  const refDt = dts[dts.length - 1] / 4
  let ref: Float64Array | null = null
  if (!exact) {
    onRun(`reference Δt = ${refDt}`)
    ref = runAnisotropy(o, refDt).D
  }
  const rows: DtStudyRow[] = []
  for (const dt of dts) {
    onRun(`Δt = ${dt}`)
    const r = runAnisotropy(o, dt)
    const err = new Float64Array(o.replicas)
    for (let m = 0; m < o.replicas; m++) err[m] = ref ? r.D[m] - ref[m] : r.D[m] - exactAnisotropy(o.kind, o.N, o.T, r.D0[m], r.dP0[m])
    const { mean, se } = meanSe(err)
    rows.push({ dt, error: mean, se })
  }
  return { reference: exact ? 'exact' : refDt, rows, ...observedOrder(rows) }
}
