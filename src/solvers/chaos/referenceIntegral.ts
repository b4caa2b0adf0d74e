// ∫φ dρ for a stored density ρ and a test function φ (testFunctions.ts): the f-part of the weak chaos
// functional, computed without sampling. ρ is the density that densitySampler.ts samples (its header): the
// positive part, normalised to mass 1 — the same law the W2 reference samples come from, so "particles that
// are i.i.d. samples of the record" give exactly zero expected weak error.
//
// Per record kind, and how exact:
//  - weighted Σ w⁺_p N(x_p, εI): closed forms. Gaussian: ∫N(x, εI)(v) e^{−|v−c|²/2s²} dv
//    = (s²/(s²+ε))^{3/2} e^{−|x−c|²/(2(s²+ε))}; cosine: E cos(k·(x + √ε g)) = cos(k·x) e^{−ε|k|²/2}. Round-off only.
//  - grid, piecewise constant on cells: φ factorises over the axes (the gaussian as a product, the cosine as
//    Re Π e^{i k_a v_a}), so each cell integral is a product of three 1-D integrals: erf differences
//    (initial/erf.ts, taken as erfc differences in the tails to keep relative accuracy) and
//    h·sinc(k_a h/2)·e^{i k_a x}. Round-off only (≲ 1e-14 relative).
//  - radial, f piecewise linear in r: E φ(V) = ∫ r² f(r) K(r) dr / ∫ r² f(r) dr with K the average of φ over
//    the sphere of radius r, in closed form: gaussian K = e^{−(r−|c|)²/2s²}·(1 − e^{−2r|c|/s²})/(2r|c|/s²)
//    (the sphere average of e^{a·v} is sinh(|a|r)/(|a|r)); cosine K = sin(|k|r)/(|k|r). Then 8-point
//    Gauss–Legendre on every piece, split into sub-intervals no longer than the scale of K (s, resp. 1/|k|):
//    K is entire and varies by O(1) per sub-interval, where the 8-point rule (exact to degree 15) errs by
//    < 1e-13 relative (tested against a 4× finer split); the mass integral (degree 3) is exact.
import { erf, erfc } from '../special/erf'
import type { DensityRecord } from '../deterministic/types'
import { validateTestFunction, type TestFunction } from './testFunctions'

export interface ReferenceIntegral {
  /** ∫φ dρ, ρ the record's positive part normalised to mass 1. */
  value: number
  /** The record's positive mass as the sampler sees it (4π∫r²f⁺ dr, Σf⁺h³, Σw⁺): a cross-check for tests. */
  mass: number
}

export function referenceIntegral(d: DensityRecord, phi: TestFunction): ReferenceIntegral {
  validateTestFunction(phi)
  const res = d.kind === 'radial' ? radial(d, phi) : d.kind === 'grid' ? grid(d, phi) : weighted(d, phi)
  if (!(res.mass > 0 && Number.isFinite(res.mass))) throw new RangeError(`referenceIntegral: record has positive mass ${res.mass}`)
  return res
}

// Weighted --------------------------------------------------------------------------------------------

function weighted(d: Extract<DensityRecord, { kind: 'weighted' }>, phi: TestFunction): ReferenceIntegral {
  const { n, eps, x, w } = d
  let num = 0
  let mass = 0
  for (let p = 0; p < n; p++) {
    const wp = w[p] > 0 ? w[p] : 0
    if (wp === 0) continue
    mass += wp
    num += wp * blobIntegral(phi, eps, x[3 * p], x[3 * p + 1], x[3 * p + 2])
  }
  return { value: num / mass, mass }
}

function blobIntegral(phi: TestFunction, eps: number, x0: number, x1: number, x2: number): number {
  if (phi.kind === 'gaussian') {
    const s2 = phi.width * phi.width
    const t = s2 + eps
    const [c0, c1, c2] = phi.center
    const r2 = (x0 - c0) ** 2 + (x1 - c1) ** 2 + (x2 - c2) ** 2
    return (s2 / t) ** 1.5 * Math.exp(-r2 / (2 * t))
  }
  const [k0, k1, k2] = phi.k
  return Math.cos(k0 * x0 + k1 * x1 + k2 * x2) * Math.exp((-eps * (k0 * k0 + k1 * k1 + k2 * k2)) / 2)
}

// Grid ------------------------------------------------------------------------------------------------

function grid(d: Extract<DensityRecord, { kind: 'grid' }>, phi: TestFunction): ReferenceIntegral {
  const { n, L, f } = d
  const h = (2 * L) / n
  // Per-axis cell integrals: real (gaussian) or complex (cosine: re + i·im).
  const re = [new Float64Array(n), new Float64Array(n), new Float64Array(n)]
  const im = [new Float64Array(n), new Float64Array(n), new Float64Array(n)]
  for (let a = 0; a < 3; a++) {
    for (let i = 0; i < n; i++) {
      const lo = -L + i * h
      if (phi.kind === 'gaussian') re[a][i] = gaussianInterval(lo, lo + h, phi.center[a], phi.width)
      else {
        const k = phi.k[a]
        const xc = lo + h / 2
        const amp = h * sinc((k * h) / 2)
        re[a][i] = amp * Math.cos(k * xc)
        im[a][i] = amp * Math.sin(k * xc)
      }
    }
  }
  let num = 0
  let fsum = 0
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      // P = E_x[i]·E_y[j]; Σ_k f⁺ Re(P·E_z[k]) = Re P·Σ f⁺ Re E_z − Im P·Σ f⁺ Im E_z.
      const pr = re[0][i] * re[1][j] - im[0][i] * im[1][j]
      const pi = re[0][i] * im[1][j] + im[0][i] * re[1][j]
      const row = (i * n + j) * n
      let sr = 0
      let si = 0
      for (let k = 0; k < n; k++) {
        const fk = f[row + k]
        if (!(fk > 0)) continue
        fsum += fk
        sr += fk * re[2][k]
        si += fk * im[2][k]
      }
      num += pr * sr - pi * si
    }
  }
  const mass = fsum * h * h * h
  return { value: num / mass, mass }
}

/** ∫_a^b e^{−(x−c)²/(2s²)} dx, as an erfc difference when [a, b] lies in one tail (no cancellation of 1 − 1). */
export function gaussianInterval(a: number, b: number, c: number, s: number): number {
  const k = 1 / (s * Math.SQRT2)
  const lo = (a - c) * k
  const hi = (b - c) * k
  const diff = lo >= 0 ? erfc(lo) - erfc(hi) : hi <= 0 ? erfc(-hi) - erfc(-lo) : erf(hi) - erf(lo)
  return s * Math.sqrt(Math.PI / 2) * diff
}

function sinc(u: number): number {
  return u === 0 ? 1 : Math.sin(u) / u
}

// Radial ----------------------------------------------------------------------------------------------

const GL_X = [
  -0.9602898564975362, -0.7966664774136267, -0.525532409916329, -0.18343464249564978, 0.18343464249564978, 0.525532409916329, 0.7966664774136267,
  0.9602898564975362,
]
const GL_W = [
  0.10122853629037706, 0.22238103445337443, 0.3137066458778869, 0.36268378337836166, 0.36268378337836166, 0.3137066458778869, 0.22238103445337443,
  0.10122853629037706,
]

/** The positive-part pieces [a, b] with end values of the sampler (densitySampler.ts radialSampler): same cuts. */
export function radialPieces(r: Float64Array, f: Float64Array): { a: number[]; b: number[]; fa: number[]; fb: number[] } {
  const out = { a: [] as number[], b: [] as number[], fa: [] as number[], fb: [] as number[] }
  const add = (a: number, b: number, fa: number, fb: number) => {
    if (b > a && (fa > 0 || fb > 0)) {
      out.a.push(a)
      out.b.push(b)
      out.fa.push(fa)
      out.fb.push(fb)
    }
  }
  const m = r.length
  if (m === 0 || f.length !== m) throw new RangeError(`referenceIntegral: radial record with ${m} radii and ${f.length} values`)
  add(0, r[0], Math.max(f[0], 0), Math.max(f[0], 0))
  for (let i = 0; i + 1 < m; i++) {
    const a = r[i]
    const b = r[i + 1]
    const fa = f[i]
    const fb = f[i + 1]
    if (fa >= 0 && fb >= 0) add(a, b, fa, fb)
    else if (fa > 0) add(a, Math.min(b, a + (b - a) * (fa / (fa - fb))), fa, 0)
    else if (fb > 0) add(Math.max(a, b - (b - a) * (fb / (fb - fa))), b, 0, fb)
  }
  return out
}

/** Sub-interval length for 8-point Gauss–Legendre, see the header (scale s, resp. 1/|k|; no limit for k = 0). */
function radialScale(phi: TestFunction): number {
  if (phi.kind === 'gaussian') return phi.width
  const kk = Math.hypot(phi.k[0], phi.k[1], phi.k[2])
  return kk > 0 ? 1 / kk : Infinity
}

/** The sphere average K(r) of φ over |v| = r (header). */
function sphereAverage(phi: TestFunction): (r: number) => number {
  if (phi.kind === 'gaussian') {
    const c = Math.hypot(phi.center[0], phi.center[1], phi.center[2])
    const s2 = phi.width * phi.width
    return (r) => {
      const x = (2 * r * c) / s2
      const g = x === 0 ? 1 : -Math.expm1(-x) / x
      return Math.exp(-((r - c) ** 2) / (2 * s2)) * g
    }
  }
  const kk = Math.hypot(phi.k[0], phi.k[1], phi.k[2])
  return (r) => sinc(kk * r)
}

function radial(d: Extract<DensityRecord, { kind: 'radial' }>, phi: TestFunction, refine = 1): ReferenceIntegral {
  const P = radialPieces(d.r, d.f)
  const K = sphereAverage(phi)
  const scale = radialScale(phi) / refine
  let num = 0
  let den = 0
  for (let p = 0; p < P.a.length; p++) {
    const a = P.a[p]
    const b = P.b[p]
    const m = Number.isFinite(scale) ? Math.max(1, Math.ceil((b - a) / scale)) : 1
    const h = (b - a) / m
    for (let q = 0; q < m; q++) {
      const lo = a + q * h
      for (let g = 0; g < 8; g++) {
        const r = lo + (h * (1 + GL_X[g])) / 2
        const t = (r - a) / (b - a)
        const fr = P.fa[p] + (P.fb[p] - P.fa[p]) * t
        const wr = ((GL_W[g] * h) / 2) * r * r * fr
        den += wr
        num += wr * K(r)
      }
    }
  }
  return { value: num / den, mass: 4 * Math.PI * den }
}

/** Test hook: the radial rule with sub-intervals `refine` times shorter (its error estimate). */
export function radialIntegralRefined(d: Extract<DensityRecord, { kind: 'radial' }>, phi: TestFunction, refine: number): ReferenceIntegral {
  validateTestFunction(phi)
  return radial(d, phi, refine)
}
