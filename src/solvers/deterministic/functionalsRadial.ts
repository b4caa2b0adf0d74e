// The functionals of docs/MATH.md §4 for a radially symmetric density f(|v|) (bkw-exact, isotropic). Single-point
// functionals are sums over the density's own nodes with its own weights. For radial f:
//   ∇log f = (f′/f) v̂,  ∇²f/f = (f″/f) v̂⊗v̂ + (f′/(rf))(I − v̂⊗v̂),  |∇²log f|² = (log f)″² + 2((log f)′/r)².
// Pair functionals (D, Λ_f, the V_f residuals) use the 3-D pair integrand of vfPair.ts at v = r e_x and
// w = s(μ, √(1−μ²), 0): for radial f they depend on (r, s, μ) only, with measure f(v)f(w) dv dw =
// (4πr²f)(4πs²f) dr ds ½dμ. Quadrature: r at the centres of PAIR_CELLS equal cells, s at the two Gauss
// points of each cell (never equal to an r node: the integrands are singular at z = 0 for Coulomb), μ =
// 1 − 2t² with Gauss–Legendre in t (removes the (1 − μ)^{−1/2} behaviour of |z|^{γ+2}), f, f′, f″ by linear
// interpolation of the nodes. (a∗f)(v) is the same sum, averaged over the azimuth (diag(λ∥, λ⊥, λ⊥)).
import { gaussLegendre } from '../special/gaussLegendre'
import { residuals } from './functionals3d'
import type { FunctionalRow, RadialDensity } from './types'
import { cKernel, powHalf, vfPair, type VfPoint } from './vfPair'

export const PAIR_CELLS = 200
export const MU_POINTS = 24

export function functionalsRadial(d: RadialDensity, gamma: number): FunctionalRow {
  return { ...pointColumns(d), ...pairColumns(d, gamma) } as FunctionalRow
}

/** The moment columns of d: what a regularised isotropic run takes from f itself (its conserved ones), not f_ε. */
export function radialMoments(
  d: RadialDensity,
): Pick<FunctionalRow, 'mass' | 'momentum' | 'energy' | 'Txx' | 'Tyy' | 'Tzz' | 'moment4' | 'moment6' | 'moment8'> {
  const { mass, momentum, energy, Txx, Tyy, Tzz, moment4, moment6, moment8 } = pointColumns(d)
  return { mass, momentum, energy, Txx, Tyy, Tzz, moment4, moment6, moment8 }
}

function pointColumns(d: RadialDensity): Omit<FunctionalRow, 'dissipation' | 'lambda' | 'vf_residual_v' | 'vf_residual_w'> {
  let mass = 0,
    e = 0,
    m4 = 0,
    m6 = 0,
    m8 = 0,
    H = 0,
    I = 0,
    J = 0,
    Iw = 0
  for (let i = 0; i < d.r.length; i++) {
    const r = d.r[i],
      f = d.f[i],
      w = d.q[i] * f
    const r2 = r * r,
      br = 1 + r2
    mass += w
    e += w * r2
    m4 += w * r2 * r2
    m6 += w * br * br * br
    m8 += w * br * br * br * br
    if (!(f > 0)) continue
    const g1 = d.df[i] / f
    const g2 = d.d2f[i] / f - g1 * g1
    H += w * Math.log(f)
    I += w * g1 * g1
    J += w * (g2 * g2 + 2 * (g1 / r) ** 2)
    Iw += w * g1 * g1 * br ** 1.5
  }
  const T = e / 3
  return { mass, momentum: 0, energy: e, Txx: T, Tyy: T, Tzz: T, moment4: m4, moment6: m6, moment8: m8, entropy: H, fisher: I, fisher2: J, fisher_weighted: Iw }
}

/** f, f′, f″ at radius r by linear interpolation of the nodes (0 beyond the last node, f′(0) by symmetry). */
function interpolator(d: RadialDensity): (r: number, out: Float64Array) => void {
  const n = d.r.length
  return (r, out) => {
    if (r >= d.r[n - 1]) return void out.fill(0)
    let lo = 0,
      hi = n - 1
    if (r <= d.r[0]) {
      out[0] = d.f[0]
      out[1] = (d.df[0] * r) / d.r[0]
      out[2] = d.d2f[0]
      return
    }
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1
      if (d.r[mid] <= r) lo = mid
      else hi = mid
    }
    const s = (r - d.r[lo]) / (d.r[hi] - d.r[lo])
    out[0] = d.f[lo] + s * (d.f[hi] - d.f[lo])
    out[1] = d.df[lo] + s * (d.df[hi] - d.df[lo])
    out[2] = d.d2f[lo] + s * (d.d2f[hi] - d.d2f[lo])
  }
}

interface Nodes {
  r: Float64Array
  m: Float64Array
  f: Float64Array
  df: Float64Array
  d2f: Float64Array
}

function pairGrids(d: RadialDensity): { rn: Nodes; sn: Nodes } {
  const R = d.r[d.r.length - 1]
  const h = R / PAIR_CELLS
  const at = interpolator(d)
  const tmp = new Float64Array(3)
  const make = (radii: number[], vol: (k: number) => number): Nodes => {
    const n = radii.length
    const out: Nodes = { r: Float64Array.from(radii), m: new Float64Array(n), f: new Float64Array(n), df: new Float64Array(n), d2f: new Float64Array(n) }
    radii.forEach((r, k) => {
      at(r, tmp)
      out.f[k] = tmp[0]
      out.df[k] = tmp[1]
      out.d2f[k] = tmp[2]
      out.m[k] = tmp[0] > 0 ? vol(k) * tmp[0] : 0 // f ≤ 0: no mass, no log (0·log 0 = 0)
    })
    return out
  }
  const rc = Array.from({ length: PAIR_CELLS }, (_, i) => (i + 0.5) * h)
  const rn = make(rc, (i) => ((4 * Math.PI) / 3) * h ** 3 * ((i + 1) ** 3 - i ** 3))
  const off = h / (2 * Math.sqrt(3)) // 2-point Gauss–Legendre on each cell
  const sc = rc.flatMap((c) => [c - off, c + off])
  const sn = make(sc, (j) => 0.5 * h * 4 * Math.PI * sc[j] * sc[j])
  return { rn, sn }
}

function pairColumns(d: RadialDensity, gamma: number): Pick<FunctionalRow, 'dissipation' | 'lambda' | 'vf_residual_v' | 'vf_residual_w'> {
  const { rn, sn } = pairGrids(d)
  const gl = gaussLegendre(MU_POINTS)
  // ½∫_{−1}^{1} φ(μ) dμ = ∫_0^1 2t φ(1 − 2t²) dt, Gauss–Legendre on t ∈ [0, 1].
  const mu = new Float64Array(MU_POINTS),
    sinMu = new Float64Array(MU_POINTS),
    W = new Float64Array(MU_POINTS)
  for (let k = 0; k < MU_POINTS; k++) {
    const t = 0.5 * (gl.x[k] + 1)
    mu[k] = 1 - 2 * t * t
    sinMu[k] = Math.sqrt(Math.max(0, 1 - mu[k] * mu[k]))
    W[k] = 0.5 * gl.w[k] * 2 * t
  }
  const NR = rn.r.length,
    NS = sn.r.length
  const gs = new Float64Array(NS) // (log f)′ at the s nodes
  for (let j = 0; j < NS; j++) gs[j] = sn.m[j] > 0 ? sn.df[j] / sn.f[j] : 0
  const out = new Float64Array(2)
  const rowSum = new Float64Array(NR),
    colSum = new Float64Array(NS),
    scale = new Float64Array(NR)
  let L2 = 0,
    D = 0
  for (let i = 0; i < NR; i++) {
    if (!(rn.m[i] > 0)) continue
    const pt = radialPoint(rn, i, sn, mu, sinMu, W, gamma)
    scale[i] = pt.scale
    for (let j = 0; j < NS; j++) {
      if (!(sn.m[j] > 0)) continue
      const s = sn.r[j]
      for (let k = 0; k < MU_POINTS; k++) {
        const wx = s * mu[k],
          wy = s * sinMu[k]
        vfPair(pt, wx, wy, 0, gs[j] * mu[k], gs[j] * sinMu[k], 0, gamma, out)
        const mm = rn.m[i] * sn.m[j] * W[k]
        L2 += mm * out[0] * out[0]
        D += 0.5 * mm * out[1]
        rowSum[i] += sn.m[j] * W[k] * out[0]
        colSum[j] += rn.m[i] * W[k] * out[0]
      }
    }
  }
  return residuals(L2, D, rn.m, rowSum, colSum, scale, sn.m)
}

/** V_f's first-point data at r node i: v = r e_x, with (a∗f)(v) and (c∗f)(v) from the s-node sums. */
function radialPoint(rn: Nodes, i: number, sn: Nodes, mu: Float64Array, sinMu: Float64Array, W: Float64Array, gamma: number): VfPoint {
  const r = rn.r[i],
    f = rn.f[i]
  const g1 = rn.df[i] / f
  const P = rn.d2f[i] / f,
    S = g1 / r
  let par = 0,
    perp = 0,
    c = 0
  for (let j = 0; j < sn.r.length; j++) {
    if (!(sn.m[j] > 0)) continue
    const s = sn.r[j]
    for (let k = 0; k < mu.length; k++) {
      const z0 = r - s * mu[k],
        z1 = -s * sinMu[k]
      const r2 = z0 * z0 + z1 * z1
      const rg = powHalf(r2, gamma)
      const w = sn.m[j] * W[k]
      par += w * rg * (r2 - z0 * z0) // a_xx
      perp += w * rg * (r2 - 0.5 * z1 * z1) // (a_yy + a_zz)/2: the azimuthal average
      if (gamma !== -3) c += w * cKernel(r2, gamma)
    }
  }
  if (gamma === -3) c = -8 * Math.PI * f
  const aH = par * P + 2 * perp * S
  return { x: r, y: 0, z: 0, gx: g1, gy: 0, gz: 0, hxx: P, hyy: S, hzz: S, hxy: 0, hxz: 0, hyz: 0, tail: aH - c, scale: Math.abs(aH) + Math.abs(c) }
}
