// The lattice sums of the blob method, each O(N · stencil) through the truncated separable Gaussian
// (blobMollifier.ts), on the nodes of the stencil's box (node l = (i·s1 + j)·s2 + k, box-relative):
//   f_ε(c_l) = Σ_q w_q ψ_ε(c_l − v_q)                         (scatter)
//   G_p      = Σ_l h³ ∇ψ_ε(v_p − c_l) log f_ε(c_l)             (gather; the paper's midpoint quadrature)
//   E        = Σ_l h³ f_ε(c_l)(log f_ε(c_l) − 1) + Σ_q w_q     (the regularised entropy)
// ∂E/∂v_p = w_p G_p exactly (∂f_ε(c_l)/∂v_p = w_p ∇ψ_ε(v_p − c_l), and the −1 cancels the +1 of
// d(f log f)/df), so the particle ODE dissipates E. Without the −1 the quadrature error of ∫∇ψ_ε = 0
// would break that identity; adding the conserved Σw makes E ≈ h³ Σ f_ε log f_ε to quadrature accuracy.
import type { PointDensity } from '../types'
import { boxSize, cellCentre, createStencil, fitBox, MAX_DENSITY_NODES, placeStencil, type BlobGrid, type LatticeBox, type Stencil } from './blobMollifier'

/** f_ε at the box's nodes into f[0 .. boxSize) (overwritten). */
export function scatterDensity(st: Stencil, x: Float64Array, w: Float64Array, count: number, f: Float64Array): void {
  const g = st.g
  const s1 = st.box.s[1]
  const s2 = st.box.s[2]
  const { x: wx, y: wy, z: wz, kA, kB, cap } = st
  const ex = wx.e
  const ey = wy.e
  const ez = wz.e
  f.fill(0, 0, boxSize(st.box))
  for (let p = 0; p < count; p++) {
    placeStencil(st, x[3 * p], x[3 * p + 1], x[3 * p + 2])
    const wp = w[p] * g.norm
    const nx = wx.count
    const ny = wy.count
    const j0 = wy.start
    const k0 = wz.start
    for (let a = 0; a < nx; a++) {
      const ax = wp * ex[a]
      const rowI = (wx.start + a) * s1 + j0
      for (let b = 0; b < ny; b++) {
        const amp = ax * ey[b]
        const base = (rowI + b) * s2 + k0
        const r = a * cap + b
        const hi = kB[r]
        for (let c = kA[r]; c <= hi; c++) f[base + c] += amp * ez[c]
      }
    }
  }
}

/** log f[0 .. size) in place (−∞ where f = 0: a gather never reads such a node, see blobMollifier.ts). */
export function logInPlace(f: Float64Array, size: number): void {
  for (let l = 0; l < size; l++) f[l] = Math.log(f[l])
}

/** G_p = Σ_l h³ ∇ψ_ε(v_p − c_l) log f_ε(c_l) = (h³/ε) Σ_l (c_l − v_p) ψ_ε(c_l − v_p) log f_ε(c_l). */
export function gatherScore(st: Stencil, x: Float64Array, count: number, logf: Float64Array, G: Float64Array): void {
  const g = st.g
  const s1 = st.box.s[1]
  const s2 = st.box.s[2]
  const { x: wx, y: wy, z: wz, kA, kB, cap } = st
  const coef = (g.h * g.h * g.h * g.norm) / g.eps
  const ez = wz.e
  const dz = wz.d
  for (let p = 0; p < count; p++) {
    placeStencil(st, x[3 * p], x[3 * p + 1], x[3 * p + 2])
    let gx = 0
    let gy = 0
    let gz = 0
    for (let a = 0; a < wx.count; a++) {
      const dx = wx.d[a]
      const i = wx.start + a
      for (let b = 0; b < wy.count; b++) {
        const dy = wy.d[b]
        const base = (i * s1 + wy.start + b) * s2 + wz.start
        let s0 = 0
        let sz = 0
        const hi = kB[a * cap + b]
        for (let c = kA[a * cap + b]; c <= hi; c++) {
          const t = ez[c] * logf[base + c]
          s0 += t
          sz += dz[c] * t
        }
        const exy = wx.e[a] * wy.e[b]
        gx += dx * exy * s0
        gy += dy * exy * s0
        gz += exy * sz
      }
    }
    G[3 * p] = coef * gx
    G[3 * p + 1] = coef * gy
    G[3 * p + 2] = coef * gz
  }
}

/** E = h³ Σ_l f_l (log f_l − 1) + Σ w from f_ε at a box's nodes f[0 .. size) (0 log 0 = 0). */
export function regularisedEntropyOf(g: BlobGrid, f: Float64Array, size: number, w: Float64Array, count: number): number {
  let s = 0
  for (let l = 0; l < size; l++) if (f[l] > 0) s += f[l] * (Math.log(f[l]) - 1)
  let m = 0
  for (let p = 0; p < count; p++) m += w[p]
  return g.h * g.h * g.h * s + m
}

/**
 * f_ε, ∇f_ε, ∇²f_ε from the Gaussians (∇ψ = −(d/ε)ψ, ∇²ψ = (d⊗d/ε² − I/ε)ψ, d = c − v) at the cell centres
 * of the lattice box fitted to the particles (the [−L, L]³ grid continued as far as any blob reaches), so
 * the functionals see all of f_ε's mass: cutting it at the box lost 0.5 % of the mass at n = 8, L = 4.
 */
export function blobPointDensity(g: BlobGrid, x: Float64Array, w: Float64Array, count: number): PointDensity {
  const box: LatticeBox = { o: new Int32Array(3), s: new Int32Array(3) }
  fitBox(g, x, count, box)
  const m = boxSize(box)
  // Positions come from a step that checked only its midpoints' lattice: particles flung far (or NaN) by a
  // blow-up would ask for billions of nodes here.
  if (!(m <= MAX_DENSITY_NODES))
    throw new Error(`blob: the particles span ${m} lattice nodes, more than a history row can hold (${MAX_DENSITY_NODES}): a blow-up (reduce dt)`)
  const out: PointDensity = {
    n: m,
    x: centres(g, box),
    q: new Float64Array(m).fill(g.h * g.h * g.h),
    f: new Float64Array(m),
    grad: new Float64Array(3 * m),
    hess: new Float64Array(6 * m),
  }
  const st = createStencil(g, box)
  for (let p = 0; p < count; p++) {
    placeStencil(st, x[3 * p], x[3 * p + 1], x[3 * p + 2])
    addParticleDerivatives(st, w[p], out)
  }
  return out
}

function centres(g: BlobGrid, box: LatticeBox): Float64Array {
  const [s0, s1, s2] = box.s
  const x = new Float64Array(3 * s0 * s1 * s2)
  for (let i = 0; i < s0; i++) {
    for (let j = 0; j < s1; j++) {
      for (let k = 0; k < s2; k++) {
        const l = (i * s1 + j) * s2 + k
        x[3 * l] = cellCentre(g, box.o[0] + i)
        x[3 * l + 1] = cellCentre(g, box.o[1] + j)
        x[3 * l + 2] = cellCentre(g, box.o[2] + k)
      }
    }
  }
  return x
}

function addParticleDerivatives(st: Stencil, wp: number, out: PointDensity): void {
  const g = st.g
  const [, s1, s2] = st.box.s
  const { x: wx, y: wy, z: wz, kA, kB, cap } = st
  const ie = 1 / g.eps
  const { f, grad, hess } = out
  for (let a = 0; a < wx.count; a++) {
    const dx = wx.d[a]
    for (let b = 0; b < wy.count; b++) {
      const dy = wy.d[b]
      const amp = wp * g.norm * wx.e[a] * wy.e[b]
      const base = ((wx.start + a) * s1 + wy.start + b) * s2 + wz.start
      const hi = kB[a * cap + b]
      for (let c = kA[a * cap + b]; c <= hi; c++) {
        const dz = wz.d[c]
        const v = amp * wz.e[c]
        const l = base + c
        f[l] += v
        grad[3 * l] -= v * dx * ie
        grad[3 * l + 1] -= v * dy * ie
        grad[3 * l + 2] -= v * dz * ie
        const ve = v * ie
        hess[6 * l] += ve * (dx * dx * ie - 1)
        hess[6 * l + 1] += ve * (dy * dy * ie - 1)
        hess[6 * l + 2] += ve * (dz * dz * ie - 1)
        hess[6 * l + 3] += ve * dx * dy * ie
        hess[6 * l + 4] += ve * dx * dz * ie
        hess[6 * l + 5] += ve * dy * dz * ie
      }
    }
  }
}
