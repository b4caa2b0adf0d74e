// The functionals of docs/MATH.md §4 for a 3-D density given on quadrature nodes with its derivatives
// (PointDensity: grid cell centres of the blob and spectral solvers). Single-point functionals are node
// sums over every node (moments) or over the nodes where f stands above the representation's ripples
// (log f and its derivatives; see LOG_FLOOR: the rest count as 0·log 0 = 0). Pair functionals (D, Λ_f and
// the two cancellation residuals of V_f) are O(P²) node-pair sums on at most PAIR_NODES nodes: a
// sublattice of the grid when it has more (pairNodes; docs/NUMERICS.md "Functionals").
import type { FunctionalRow, PointDensity } from './types'
import { cKernel, powHalf, vfPair, type VfPoint } from './vfPair'

/** Pair sums cost ~2P² ≈ 2e7 pair terms (~0.3 s) at this cap. */
export const PAIR_NODES = 3000
/** Nodes with f·q below this share of the mass are left out of the pair sums (tails). */
const PAIR_MASS_FLOOR = 1e-12

/** Moments of the weighted points (x_p, m_p): mass, |momentum|, energy, Txx, Tyy, Tzz, ∫|v|⁴, ∫⟨v⟩⁶, ∫⟨v⟩⁸. */
export function momentColumns(x: Float64Array, m: Float64Array, row: Partial<FunctionalRow>): void {
  let mass = 0,
    px = 0,
    py = 0,
    pz = 0,
    xx = 0,
    yy = 0,
    zz = 0,
    m4 = 0,
    m6 = 0,
    m8 = 0
  for (let p = 0; p < m.length; p++) {
    const w = m[p]
    const a = x[3 * p],
      b = x[3 * p + 1],
      c = x[3 * p + 2]
    const v2 = a * a + b * b + c * c
    const br = 1 + v2
    mass += w
    px += w * a
    py += w * b
    pz += w * c
    xx += w * a * a
    yy += w * b * b
    zz += w * c * c
    m4 += w * v2 * v2
    m6 += w * br * br * br
    m8 += w * br * br * br * br
  }
  Object.assign(row, { mass, momentum: Math.hypot(px, py, pz), energy: xx + yy + zz, Txx: xx, Tyy: yy, Tzz: zz, moment4: m4, moment6: m6, moment8: m8 })
}

/**
 * Every DETERMINISTIC_METRICS column of d. `moments`, when given, supplies the moment columns instead of
 * the nodes (the blob solver's particles carry the exactly conserved moments; f_ε has energy 3 + 3ε).
 */
export function functionals3d(d: PointDensity, gamma: number, moments?: { x: Float64Array; m: Float64Array }, derivativeFloor = LOG_FLOOR): FunctionalRow {
  const row: Partial<FunctionalRow> = {}
  if (moments) momentColumns(moments.x, moments.m, row)
  else {
    const m = new Float64Array(d.n)
    for (let p = 0; p < d.n; p++) m[p] = d.q[p] * d.f[p]
    momentColumns(d.x, m, row)
  }
  Object.assign(row, logFunctionals(d, derivativeFloor), pairFunctionals(d, gamma))
  return row as FunctionalRow
}

/**
 * Nodes with f below LOG_FLOOR·max f are left out of H, and below max(derivativeFloor·max f, RIPPLE_FACTOR·
 * |min f|) out of I, J and the weighted I (derivativeFloor: LOG_FLOOR, or what the representation needs —
 * SPECTRAL_DERIVATIVE_FLOOR for the spectral method's interpolant).
 * A spectral representation carries ripples in its tails: round-off (~1e-16·max f) and, for data the grid
 * barely resolves, Gibbs oscillations whose size shows in the most negative value. Where f is not above
 * them, |∇f|²/f and ∇²log f measure the ripples, not f (they put I at 4e13 for a shell on h = 0.5). For data
 * that decay like Gaussians the left-out region holds ~1e-10·max f·|∇log f|²·volume ≈ 1e-6 of I.
 */
export const LOG_FLOOR = 1e-10
export const RIPPLE_FACTOR = 10
/**
 * The spectral interpolant's derivatives ripple at ~1e-8 of max f even on a grid that resolves the data
 * (shell datum, n = 48, h = 1/3: J = 4020 with the floor at 1e-8, 22.25 at 1e-7 against the isotropic
 * solver's 22.18; I 5.2036 against 5.2143). Leaving out f < 1e-7·max f costs a Maxwellian ~1.6e-5 of I.
 */
export const SPECTRAL_DERIVATIVE_FLOOR = 1e-7

/** H, I, J and the weighted I: node sums of f log f, |∇f|²/f, f|∇²log f|², |∇f|²⟨v⟩³/f. */
function logFunctionals(d: PointDensity, derivativeFloor: number): Pick<FunctionalRow, 'entropy' | 'fisher' | 'fisher2' | 'fisher_weighted'> {
  let H = 0,
    I = 0,
    J = 0,
    Iw = 0
  let fMax = 0,
    fMin = 0
  for (let p = 0; p < d.n; p++) {
    if (d.f[p] > fMax) fMax = d.f[p]
    if (d.f[p] < fMin) fMin = d.f[p]
  }
  // H is robust to ripples (f log f → 0): only the round-off floor; the derivative functionals also the ripple one.
  const hFloor = LOG_FLOOR * fMax
  const floor = Math.max(derivativeFloor * fMax, -RIPPLE_FACTOR * fMin)
  for (let p = 0; p < d.n; p++) {
    const f = d.f[p]
    if (!(f > hFloor)) continue
    H += d.q[p] * f * Math.log(f)
    if (!(f > floor)) continue
    const q = d.q[p]
    const gx = d.grad[3 * p] / f,
      gy = d.grad[3 * p + 1] / f,
      gz = d.grad[3 * p + 2] / f
    const g2 = gx * gx + gy * gy + gz * gz
    const h = 6 * p
    // ∇²log f = ∇²f/f − ∇log f ⊗ ∇log f; Frobenius norm² counts off-diagonals twice.
    const lxx = d.hess[h] / f - gx * gx,
      lyy = d.hess[h + 1] / f - gy * gy,
      lzz = d.hess[h + 2] / f - gz * gz
    const lxy = d.hess[h + 3] / f - gx * gy,
      lxz = d.hess[h + 4] / f - gx * gz,
      lyz = d.hess[h + 5] / f - gy * gz
    const x = d.x[3 * p],
      y = d.x[3 * p + 1],
      z = d.x[3 * p + 2]
    const bracket3 = (1 + x * x + y * y + z * z) ** 1.5
    I += q * f * g2
    J += q * f * (lxx * lxx + lyy * lyy + lzz * lzz + 2 * (lxy * lxy + lxz * lxz + lyz * lyz))
    Iw += q * f * g2 * bracket3
  }
  return { entropy: H, fisher: I, fisher2: J, fisher_weighted: Iw }
}

/**
 * The nodes of the pair sums: nodes with f > 0 and mass above the floor; on a grid with more than
 * PAIR_NODES of them, only the sublattice of every k-th node per axis (k the smallest that fits), each with
 * k³ times its volume. For smooth, rapidly decaying integrands a lattice sum is spectrally accurate
 * whatever its offset, so the sublattice keeps the accuracy of a k-times coarser grid; averaging blocks
 * of nodes instead would smooth f and break the equilibrium structure (D(M) = 0) at O(h²).
 * Nodes of equal volume h³ are assumed (all our 3-D densities are grids).
 */
export function pairNodes(d: PointDensity): PairNodes {
  let total = 0
  for (let p = 0; p < d.n; p++) if (d.f[p] > 0) total += d.q[p] * d.f[p]
  const kept: number[] = []
  for (let p = 0; p < d.n; p++) if (d.f[p] > 0 && d.q[p] * d.f[p] > PAIR_MASS_FLOOR * total) kept.push(p)
  const h = Math.cbrt(d.q[kept[0]] ?? 1)
  const lo = [0, 1, 2].map((a) => Math.min(...kept.map((p) => d.x[3 * p + a])))
  const index = (p: number, a: number) => Math.round((d.x[3 * p + a] - lo[a]) / h)
  let chosen = kept
  let k = 1
  while (chosen.length > PAIR_NODES) {
    k++
    chosen = kept.filter((p) => index(p, 0) % k === 0 && index(p, 1) % k === 0 && index(p, 2) % k === 0)
  }
  const P = chosen.length
  const out: PairNodes = {
    P,
    x: new Float64Array(3 * P),
    m: new Float64Array(P),
    f: new Float64Array(P),
    g: new Float64Array(3 * P),
    H: new Float64Array(6 * P),
    vol: new Float64Array(P),
  }
  chosen.forEach((n, i) => {
    const f = d.f[n]
    out.vol[i] = d.q[n] * k ** 3
    out.m[i] = out.vol[i] * f
    out.f[i] = f
    for (let a = 0; a < 3; a++) {
      out.x[3 * i + a] = d.x[3 * n + a]
      out.g[3 * i + a] = d.grad[3 * n + a] / f
    }
    for (let a = 0; a < 6; a++) out.H[6 * i + a] = d.hess[6 * n + a] / f
  })
  return out
}

export interface PairNodes {
  P: number
  x: Float64Array
  /** Mass of each node. */
  m: Float64Array
  f: Float64Array
  /** ∇log f. */
  g: Float64Array
  /** ∇²f/f: xx, yy, zz, xy, xz, yz. */
  H: Float64Array
  /** Volume of each node's cell. */
  vol: Float64Array
}

function pairFunctionals(d: PointDensity, gamma: number): Pick<FunctionalRow, 'dissipation' | 'lambda' | 'vf_residual_v' | 'vf_residual_w'> {
  const nodes = pairNodes(d)
  const { P, x, m, g } = nodes
  const points = Array.from({ length: P }, (_, p) => vfPoint(nodes, p, gamma))
  const out = new Float64Array(2)
  const rowSum = new Float64Array(P) // ∫V(v_p, w) f(w) dw
  const colSum = new Float64Array(P) // ∫V(v, w_q) f(v) dv
  let L2 = 0,
    D = 0
  for (let p = 0; p < P; p++) {
    const pt = points[p]
    for (let q = 0; q < P; q++) {
      vfPair(pt, x[3 * q], x[3 * q + 1], x[3 * q + 2], g[3 * q], g[3 * q + 1], g[3 * q + 2], gamma, out)
      const mm = m[p] * m[q]
      L2 += mm * out[0] * out[0]
      D += 0.5 * mm * out[1]
      rowSum[p] += m[q] * out[0]
      colSum[q] += m[p] * out[0]
    }
  }
  return residuals(
    L2,
    D,
    m,
    rowSum,
    colSum,
    Float64Array.from(points, (pt) => pt.scale),
  )
}

/**
 * Λ_f, D and the residual norms ‖∫V f‖_{L²(f)} relative to ‖(a∗f):∇²f/f‖ + ‖c∗f‖ in L²(f) (`scale` of each
 * first point): the size of the terms whose cancellation the residuals check. Not relative to Λ_f, which
 * tends to 0 at equilibrium and would turn a constant discretisation error into a growing ratio.
 */
export function residuals(
  L2: number,
  D: number,
  m: Float64Array,
  rowSum: Float64Array,
  colSum: Float64Array,
  scale: Float64Array,
  mCol: Float64Array = m,
): Pick<FunctionalRow, 'dissipation' | 'lambda' | 'vf_residual_v' | 'vf_residual_w'> {
  let rw = 0,
    rv = 0,
    s2 = 0
  for (let p = 0; p < m.length; p++) {
    rw += m[p] * rowSum[p] * rowSum[p]
    s2 += m[p] * scale[p] * scale[p]
  }
  for (let q = 0; q < mCol.length; q++) rv += mCol[q] * colSum[q] * colSum[q]
  const norm = Math.sqrt(s2)
  return { dissipation: D, lambda: Math.sqrt(L2), vf_residual_v: Math.sqrt(rv) / norm, vf_residual_w: Math.sqrt(rw) / norm }
}

/** V_f's first-point data at pair node p: ∇log f, ∇²f/f and (a∗f):∇²f/f − c∗f by node sums. */
function vfPoint(nd: PairNodes, p: number, gamma: number): VfPoint {
  const { x, m, g, H } = nd
  const h = 6 * p
  const pt: VfPoint = {
    x: x[3 * p],
    y: x[3 * p + 1],
    z: x[3 * p + 2],
    gx: g[3 * p],
    gy: g[3 * p + 1],
    gz: g[3 * p + 2],
    hxx: H[h],
    hyy: H[h + 1],
    hzz: H[h + 2],
    hxy: H[h + 3],
    hxz: H[h + 4],
    hyz: H[h + 5],
    tail: 0,
    scale: 0,
  }
  // (a∗f)(v):H = Σ_q m_q |z|^γ(|z|² tr H − zᵀHz), self term 0; c∗f likewise, or −8πf for Coulomb.
  const trH = pt.hxx + pt.hyy + pt.hzz
  let aH = 0,
    c = 0
  for (let q = 0; q < nd.P; q++) {
    if (q === p) continue
    const z0 = pt.x - x[3 * q],
      z1 = pt.y - x[3 * q + 1],
      z2 = pt.z - x[3 * q + 2]
    const r2 = z0 * z0 + z1 * z1 + z2 * z2
    const zHz = pt.hxx * z0 * z0 + pt.hyy * z1 * z1 + pt.hzz * z2 * z2 + 2 * (pt.hxy * z0 * z1 + pt.hxz * z0 * z2 + pt.hyz * z1 * z2)
    aH += m[q] * powHalf(r2, gamma) * (r2 * trH - zHz)
    if (gamma !== -3) c += m[q] * cKernel(r2, gamma)
  }
  // The node's own cell, as the ball of equal volume (radius R): ∫_{|z|<R} c = −8πR^{γ+3} (→ the δ₀ of
  // Coulomb as γ → −3; exactly −6·volume for γ = 0) and ∫_{|z|<R} a:H = (2/3)tr H·4πR^{γ+5}/(γ+5).
  const R = Math.cbrt((3 * nd.vol[p]) / (4 * Math.PI))
  c += -8 * Math.PI * nd.f[p] * R ** (gamma + 3)
  aH += nd.f[p] * (2 / 3) * trH * ((4 * Math.PI) / (gamma + 5)) * R ** (gamma + 5)
  pt.tail = aH - c
  pt.scale = Math.abs(aH) + Math.abs(c)
  return pt
}
