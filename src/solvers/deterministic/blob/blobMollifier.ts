// The Gaussian mollifier of the blob method (Carrillo–Hu–Wang–Wu 2020, docs/MATH.md §6) on the lattice of cell
// centres c = −L + (I + ½)h, I ∈ Z, h = 2L/n: the n³ centres of [−L, L]³ continued beyond the box.
// The quadrature for G runs over the whole lattice (in practice over a box of it, LatticeBox, that holds
// every centre within R of a particle): cut at [−L, L]³, G is wrong by O(|log f_ε|/√ε) for particles
// within R of a face (R ≈ 6.9h at the default ε), which makes the ODE stiff enough that no useful Δt works.
//   ψ_ε(z) = (2πε)^{−3/2} e^{−|z|²/2ε}   (variance ε per axis),   ∇ψ_ε(z) = −(z/ε) ψ_ε(z).
// ψ_ε is cut off at |z| = R with e^{−R²/2ε} = 1e−16 (below round-off relative to the peak). The Gaussian
// is separable, so a particle's stencil is three 1-D windows of offsets d and factors e^{−d²/2ε}; the
// ball |d| ≤ R is visited row by row (each (i, j) row is one contiguous k-range), no exp in the 3-D loops.
// Scatter (f_ε at the centres) and gather (G at a particle) use the same ball, so every centre a gather
// reads has f_ε ≥ w_p ψ_ε(R) > 0 from the particle itself: log f_ε is finite wherever it is read.

/** e^{−R²/2ε} at the cut-off radius. */
export const CUTOFF = 1e-16

export interface BlobGrid {
  n: number
  L: number
  h: number
  /** Variance of ψ_ε per axis. */
  eps: number
  /** Cut-off radius R and R². */
  R: number
  R2: number
  /** (2πε)^{−3/2}. */
  norm: number
}

/** The default ε = 0.64 h^1.98 (paper §4, as read by PETSc's ex27): ε ∝ h² keeps the O(ε) bias second order. */
export function defaultEps(h: number): number {
  return 0.64 * Math.pow(h, 1.98)
}

export function blobGrid(n: number, L: number, eps: number): BlobGrid {
  const R2 = 2 * eps * Math.log(1 / CUTOFF)
  return { n, L, h: (2 * L) / n, eps, R: Math.sqrt(R2), R2, norm: Math.pow(2 * Math.PI * eps, -1.5) }
}

/** Lattice nodes beyond which (or NaN positions) a blob run has blown up: 160 MB of f_ε. */
export const MAX_LATTICE_NODES = 2e7
/**
 * Lattice nodes of the functionals' f_ε, ∇f_ε, ∇²f_ε (14 doubles a node: 280 MB): a history row needs them
 * all (blobPointDensity). A default-ε run at n = 48 has 2.4e5 at t = 0.
 */
export const MAX_DENSITY_NODES = 2.5e6

/**
 * Nodes of the lattice box at t = 0, when the particles sit on the n³ centres: n + 2⌊R/h⌋ per axis (fitBox),
 * bounded here by n + 2⌈R/h⌉. What the spec checks against MAX_DENSITY_NODES before a run allocates it.
 */
export function initialLatticeNodes(n: number, L: number, eps: number): number {
  const g = blobGrid(n, L, eps)
  return (n + 2 * Math.ceil(g.R / g.h)) ** 3
}

/** Centre of global lattice index I (I = 0 .. n − 1 are the cells of [−L, L]³). */
export function cellCentre(g: BlobGrid, I: number): number {
  return -g.L + (I + 0.5) * g.h
}

/** A box of the lattice: global indices o[a] .. o[a] + s[a] − 1 per axis, node ((i·s1 + j)·s2 + k) relative. */
export interface LatticeBox {
  o: Int32Array
  s: Int32Array
}

/** The smallest box holding every centre within R of some particle (so no stencil is ever clipped). */
export function fitBox(g: BlobGrid, x: Float64Array, count: number, box: LatticeBox): void {
  for (let a = 0; a < 3; a++) {
    let lo = Infinity
    let hi = -Infinity
    for (let p = 0; p < count; p++) {
      const v = x[3 * p + a]
      if (v < lo) lo = v
      if (v > hi) hi = v
    }
    const first = Math.ceil((lo - g.R + g.L) / g.h - 0.5)
    const last = Math.floor((hi + g.R + g.L) / g.h - 0.5)
    box.o[a] = first
    box.s[a] = Math.max(0, last - first + 1)
  }
}

export function boxSize(box: LatticeBox): number {
  return box.s[0] * box.s[1] * box.s[2]
}

/** One axis of a stencil: box-relative indices start .. start + count − 1, offsets d = c − p, e^{−d²/2ε}. */
export interface AxisWindow {
  start: number
  count: number
  d: Float64Array
  e: Float64Array
}

/** More than the number of centres within R of a point along one axis. */
function windowCap(g: BlobGrid): number {
  return 2 * Math.ceil(g.R / g.h) + 2
}

export function axisWindow(g: BlobGrid): AxisWindow {
  const cap = windowCap(g)
  return { start: 0, count: 0, d: new Float64Array(cap), e: new Float64Array(cap) }
}

/** Fills `win` with the centres c_I, |c_I − p| ≤ R, clipped to box axis o .. o + size − 1 (possibly empty). */
export function placeAxis(g: BlobGrid, o: number, size: number, p: number, win: AxisWindow): void {
  const { h, L, R, eps } = g
  const lo = Math.max(o, Math.ceil((p - R + L) / h - 0.5))
  const hi = Math.min(o + size - 1, Math.floor((p + R + L) / h - 0.5))
  const c = hi - lo + 1
  win.start = lo - o
  win.count = c > 0 ? c : 0
  const s = -0.5 / eps
  for (let a = 0; a < win.count; a++) {
    const d = -L + (lo + a + 0.5) * h - p
    win.d[a] = d
    win.e[a] = Math.exp(s * d * d)
  }
}

/**
 * A reusable stencil on a box: three axis windows and, for each row (a, b) of the x–y windows, the
 * z-window range kA[r] .. kB[r] (r = a·cap + b) inside the ball |d| ≤ R (kB < kA: the row misses it).
 */
export interface Stencil {
  g: BlobGrid
  box: LatticeBox
  x: AxisWindow
  y: AxisWindow
  z: AxisWindow
  cap: number
  kA: Int32Array
  kB: Int32Array
}

export function createStencil(g: BlobGrid, box: LatticeBox): Stencil {
  const cap = windowCap(g)
  return { g, box, x: axisWindow(g), y: axisWindow(g), z: axisWindow(g), cap, kA: new Int32Array(cap * cap), kB: new Int32Array(cap * cap) }
}

/** Places the stencil at particle (px, py, pz): windows, then the ball's row ranges. */
export function placeStencil(st: Stencil, px: number, py: number, pz: number): void {
  const { o, s } = st.box
  const g = st.g
  placeAxis(g, o[0], s[0], px, st.x)
  placeAxis(g, o[1], s[1], py, st.y)
  placeAxis(g, o[2], s[2], pz, st.z)
  const { x: wx, y: wy, z: wz, kA, kB, cap } = st
  const ih = 1 / g.h
  const d0 = wz.d[0]
  const last = wz.count - 1
  for (let a = 0; a < wx.count; a++) {
    const rx = g.R2 - wx.d[a] * wx.d[a]
    for (let b = 0; b < wy.count; b++) {
      const rem = rx - wy.d[b] * wy.d[b]
      const r = a * cap + b
      if (rem < 0 || last < 0) {
        kA[r] = 0
        kB[r] = -1
        continue
      }
      const sq = Math.sqrt(rem)
      const lo = Math.ceil((-sq - d0) * ih)
      const hi = Math.floor((sq - d0) * ih)
      kA[r] = lo > 0 ? lo : 0
      kB[r] = hi < last ? hi : last
    }
  }
}
