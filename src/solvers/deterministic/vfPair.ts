// The integrands of the pair functionals of docs/MATH.md §3–4 for one pair of velocities (v, w):
//   V_f(v, w) = −a(z):(∇²f/f(v) − ∇log f(v) ⊗ ∇log f(w)) − b(z)·(∇log f(v) − ∇log f(w)) + (a∗f)(v):∇²f/f(v) − (c∗f)(v)
// (the paper's test function, Sec. 3.1, z = v − w, c = ∇·b) and the entropy-dissipation integrand
//   d(v, w) = (∇log f(v) − ∇log f(w))·a(z)(∇log f(v) − ∇log f(w)),  D(f) = ½∬ f f d.
// One formula serves the 3-D node sums (functionals3d.ts) and the radial (r, s, μ) sums (functionalsRadial.ts),
// so the two cannot drift apart. The convention a(0) = b(0) = 0 of the paper (no self-interaction) holds.

/** |z|^γ for r2 = |z|² > 0 (Coulomb and Maxwell without Math.pow: these are the hot cases). */
export function powHalf(r2: number, gamma: number): number {
  if (gamma === 0) return 1
  if (gamma === -3) return 1 / (r2 * Math.sqrt(r2))
  return Math.pow(r2, 0.5 * gamma)
}

/**
 * c(z) = ∇·b(z) = −2(γ + 3)|z|^γ away from 0 (for γ = −3 it is −8πδ₀, handled by the callers as
 * c∗f = −8πf, docs/MATH.md §1).
 */
export function cKernel(r2: number, gamma: number): number {
  return -2 * (gamma + 3) * powHalf(r2, gamma)
}

/**
 * What V_f needs at the first point v: ∇log f(v) (g), ∇²f/f(v) (H: xx, yy, zz, xy, xz, yz), and the
 * precomputed A:H = (a∗f)(v):∇²f/f(v) minus (c∗f)(v) (the w-independent part, `tail`).
 */
export interface VfPoint {
  x: number
  y: number
  z: number
  gx: number
  gy: number
  gz: number
  hxx: number
  hyy: number
  hzz: number
  hxy: number
  hxz: number
  hyz: number
  tail: number
  /** |(a∗f)(v):∇²f/f(v)| + |(c∗f)(v)|: the size of the terms that cancel in ∫V_f(v, w)f(w)dw (residual scale). */
  scale: number
}

/**
 * V_f(v, w) and d(v, w) for v = p, w = (wx, wy, wz) with ∇log f(w) = (qx, qy, qz); out[0] = V, out[1] = d.
 * For w = v (z = 0) the kernel terms vanish and V = tail, d = 0.
 */
export function vfPair(p: VfPoint, wx: number, wy: number, wz: number, qx: number, qy: number, qz: number, gamma: number, out: Float64Array): void {
  const z0 = p.x - wx
  const z1 = p.y - wy
  const z2 = p.z - wz
  const r2 = z0 * z0 + z1 * z1 + z2 * z2
  if (r2 === 0) {
    out[0] = p.tail
    out[1] = 0
    return
  }
  const rg = powHalf(r2, gamma)
  // a:H = |z|^γ (|z|² tr H − zᵀHz)
  const trH = p.hxx + p.hyy + p.hzz
  const zHz = p.hxx * z0 * z0 + p.hyy * z1 * z1 + p.hzz * z2 * z2 + 2 * (p.hxy * z0 * z1 + p.hxz * z0 * z2 + p.hyz * z1 * z2)
  const aH = rg * (r2 * trH - zHz)
  // ∇log f(v)·a ∇log f(w) = |z|^γ (|z|² g·q − (z·g)(z·q))
  const zg = z0 * p.gx + z1 * p.gy + z2 * p.gz
  const zq = z0 * qx + z1 * qy + z2 * qz
  const gaq = rg * (r2 * (p.gx * qx + p.gy * qy + p.gz * qz) - zg * zq)
  // −b·(g − q) = 2|z|^γ z·(g − q)
  const bTerm = 2 * rg * (zg - zq)
  out[0] = -aH + gaq + bTerm + p.tail
  // (g − q)·a(g − q) = |z|^γ (|z|²|g − q|² − (z·(g − q))²)
  const d0 = p.gx - qx
  const d1 = p.gy - qy
  const d2 = p.gz - qz
  const zd = zg - zq
  out[1] = rg * (r2 * (d0 * d0 + d1 * d1 + d2 * d2) - zd * zd)
}
