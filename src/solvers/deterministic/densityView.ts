// What the run view draws of a stored density (DensityRecord, types.ts): the three 1-D marginals on the
// designer's grid (MARGINAL_GRID) and the slice f(vx, vy, 0) on its slice grid (SLICE_GRID), so a run's
// density and the designer's f₀ look alike. Pure: no Node, no DOM.
import type { InitialPreview } from '../initial/previewTypes'
import { MARGINAL_GRID, SLICE_GRID } from '../initial/preview'
import type { DensityRecord } from './types'

export interface DensityPlot {
  marginals: InitialPreview['marginals']
  slice: InitialPreview['slice']
  /** How the record was turned into the plot (grid size, bandwidth, …), for the caption. */
  note: string
}

type GridRecord = Extract<DensityRecord, { kind: 'grid' }>
type RadialRecord = Extract<DensityRecord, { kind: 'radial' }>
type WeightedRecord = Extract<DensityRecord, { kind: 'weighted' }>

export function densityView(d: DensityRecord): DensityPlot {
  switch (d.kind) {
    case 'grid':
      return gridView(d)
    case 'radial':
      return radialView(d)
    case 'weighted':
      return weightedView(d)
  }
}

// Grid ---------------------------------------------------------------------------------------------

/**
 * Linear interpolation weights of the cell-centred axis x_i = −L + (i + ½)h at v: [i0, i1, w1] with
 * value ≈ (1 − w1)·f[i0] + w1·f[i1], or null outside [−L, L] (the density is 0 there). In the outer half
 * cells a bounded box holds the edge value; a periodic one interpolates across the boundary.
 */
function axisWeights(v: number, n: number, L: number, periodic: boolean): [number, number, number] | null {
  if (!(v >= -L && v <= L)) return null
  const h = (2 * L) / n
  const s = (v + L) / h - 0.5 // fractional cell index
  let i0 = Math.floor(s)
  const w = s - i0
  if (periodic) {
    const i1 = (i0 + 1 + n) % n
    i0 = (i0 + n) % n
    return [i0, i1, w]
  }
  if (i0 < 0) return [0, 0, 0]
  if (i0 >= n - 1) return [n - 1, n - 1, 0]
  return [i0, i0 + 1, w]
}

function gridView(d: GridRecord): DensityPlot {
  const { n, L, periodic, f } = d
  if (f.length !== n * n * n) throw new Error(`grid density: ${f.length} values for n = ${n}`)
  const h = (2 * L) / n
  const h2 = h * h
  // Cell sums of the other two axes, times h²: the marginals at the cell centres.
  const mx = new Float64Array(n)
  const my = new Float64Array(n)
  const mz = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const base = (i * n + j) * n
      for (let k = 0; k < n; k++) {
        const x = f[base + k]
        mx[i] += x
        my[j] += x
        mz[k] += x
      }
    }
  }
  const at = (m: Float64Array, v: number) => {
    const a = axisWeights(v, n, L, periodic)
    return a ? h2 * ((1 - a[2]) * m[a[0]] + a[2] * m[a[1]]) : 0
  }
  const marg = (m: Float64Array) => MARGINAL_GRID.map((v) => at(m, v))
  // Trilinear at z = 0.
  const az = axisWeights(0, n, L, periodic)
  const ax = SLICE_GRID.map((v) => axisWeights(v, n, L, periodic))
  const values = SLICE_GRID.map((_, iy) =>
    SLICE_GRID.map((_, ix) => {
      const a = ax[ix]
      const b = ax[iy]
      if (!a || !b || !az) return 0
      let s = 0
      for (const [i, wi] of [
        [a[0], 1 - a[2]],
        [a[1], a[2]],
      ] as const) {
        if (wi === 0) continue
        for (const [j, wj] of [
          [b[0], 1 - b[2]],
          [b[1], b[2]],
        ] as const) {
          if (wj === 0) continue
          const base = (i * n + j) * n
          s += wi * wj * ((1 - az[2]) * f[base + az[0]] + az[2] * f[base + az[1]])
        }
      }
      return s
    }),
  )
  return {
    marginals: { v: [...MARGINAL_GRID], fx: marg(mx), fy: marg(my), fz: marg(mz) },
    slice: { v: [...SLICE_GRID], values },
    note: `${n}³ cells on [−${fmt(L)}, ${fmt(L)}]³${periodic ? ', periodic' : ''}, h = ${fmt(h)}`,
  }
}

// Radial -------------------------------------------------------------------------------------------

/**
 * f(r) linear between the radii, f(r₀) below r₀, 0 beyond the last radius. The marginal of a radial
 * density is fx(t) = 2π∫_{|t|}^∞ f(r) r dr; f(r)·r is quadratic on each piece, so Simpson's rule
 * integrates it exactly.
 */
function radialView(d: RadialRecord): DensityPlot {
  const { r, f } = d
  const m = r.length
  if (m === 0 || f.length !== m) throw new Error(`radial density: ${r.length} radii, ${f.length} values`)
  const fr = (x: number): number => {
    if (x <= r[0]) return f[0]
    if (x > r[m - 1]) return 0
    let lo = 0
    let hi = m - 1
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1
      if (r[mid] <= x) lo = mid
      else hi = mid
    }
    const w = r[hi] > r[lo] ? (x - r[lo]) / (r[hi] - r[lo]) : 0
    return (1 - w) * f[lo] + w * f[hi]
  }
  // ∫_a^b f(s) s ds on one linear piece whose ends are a, b.
  const piece = (a: number, b: number) => ((b - a) / 6) * (fr(a) * a + 4 * fr((a + b) / 2) * ((a + b) / 2) + fr(b) * b)
  // tail[i] = ∫_{r_i}^{r_{m−1}} f(s) s ds.
  const tail = new Float64Array(m)
  for (let i = m - 2; i >= 0; i--)
    tail[i] = tail[i + 1] + ((r[i + 1] - r[i]) / 6) * (f[i] * r[i] + 2 * (f[i] + f[i + 1]) * ((r[i] + r[i + 1]) / 2) + f[i + 1] * r[i + 1])
  const marginal = (t: number): number => {
    const a = Math.abs(t)
    if (a >= r[m - 1]) return 0
    if (a <= r[0]) return 2 * Math.PI * ((f[0] * (r[0] * r[0] - a * a)) / 2 + tail[0])
    let i = 0
    while (r[i + 1] < a) i++
    return 2 * Math.PI * (piece(a, r[i + 1]) + tail[i + 1])
  }
  const fm = MARGINAL_GRID.map(marginal)
  const values = SLICE_GRID.map((y) => SLICE_GRID.map((x) => fr(Math.hypot(x, y))))
  return {
    marginals: { v: [...MARGINAL_GRID], fx: fm, fy: [...fm], fz: [...fm] },
    slice: { v: [...SLICE_GRID], values },
    note: `${m} radii on [${fmt(r[0])}, ${fmt(r[m - 1])}]`,
  }
}

// Weighted -----------------------------------------------------------------------------------------

/**
 * Σ_p w_p ψ_ε(v − x_p): each blob's marginal is a 1-D Gaussian of variance ε and its slice a 3-D
 * Gaussian at z = 0, so both are exact sums. ε = 0 (the weighted empirical measure) has no density: it
 * is smoothed for display with a Gaussian of standard deviation σ by the normal-reference rule, σ₁ =
 * 1.06·s·n_eff^(−1/5) for the marginals and σ₃ = s·n_eff^(−1/7) for the slice (s² the mean variance per
 * axis, n_eff = (Σw)²/Σw²), as the note says.
 */
function weightedView(d: WeightedRecord): DensityPlot {
  const { n, eps, x, w } = d
  if (x.length !== 3 * n || w.length !== n) throw new Error(`weighted density: n = ${n}, ${x.length} coordinates, ${w.length} weights`)
  let note: string
  let var1 = eps
  let var3 = eps
  if (eps > 0) note = `${n} Gaussian blobs, ε = ${fmt(eps)}`
  else {
    const { s2, nEff } = spread(x, w)
    const s = Math.sqrt(s2)
    const s1 = 1.06 * s * Math.pow(nEff, -1 / 5)
    const s3 = s * Math.pow(nEff, -1 / 7)
    var1 = s1 * s1
    var3 = s3 * s3
    note = `${n} weighted particles, smoothed for display: σ = ${fmt(s1)} (marginals), ${fmt(s3)} (slice)`
  }
  const marg = (axis: number) => {
    const out = new Array<number>(MARGINAL_GRID.length).fill(0)
    if (!(var1 > 0)) return out
    const c = 1 / Math.sqrt(2 * Math.PI * var1)
    const cut = 8 * Math.sqrt(var1)
    for (let p = 0; p < n; p++) {
      const xp = x[3 * p + axis]
      const [lo, hi] = nearby(MARGINAL_GRID, xp, cut)
      for (let i = lo; i < hi; i++) {
        const u = MARGINAL_GRID[i] - xp
        out[i] += w[p] * c * Math.exp((-u * u) / (2 * var1))
      }
    }
    return out
  }
  // The slice separates: Σ_p [w_p g(z_p)] g(x − x_p) g(y − y_p), one outer product per blob.
  const S = SLICE_GRID.length
  const values = Array.from({ length: S }, () => new Array<number>(S).fill(0))
  if (var3 > 0) {
    const c = 1 / Math.sqrt(2 * Math.PI * var3)
    const cut = 8 * Math.sqrt(var3)
    const gx = new Float64Array(S)
    for (let p = 0; p < n; p++) {
      const zp = x[3 * p + 2]
      if (Math.abs(zp) >= cut) continue
      const a = w[p] * c * c * c * Math.exp((-zp * zp) / (2 * var3))
      const [x0, x1] = nearby(SLICE_GRID, x[3 * p], cut)
      const [y0, y1] = nearby(SLICE_GRID, x[3 * p + 1], cut)
      for (let ix = x0; ix < x1; ix++) gx[ix] = Math.exp(-((SLICE_GRID[ix] - x[3 * p]) ** 2) / (2 * var3))
      for (let iy = y0; iy < y1; iy++) {
        const gy = a * Math.exp(-((SLICE_GRID[iy] - x[3 * p + 1]) ** 2) / (2 * var3))
        const row = values[iy]
        for (let ix = x0; ix < x1; ix++) row[ix] += gy * gx[ix]
      }
    }
  }
  return {
    marginals: { v: [...MARGINAL_GRID], fx: marg(0), fy: marg(1), fz: marg(2) },
    slice: { v: [...SLICE_GRID], values },
    note,
  }
}

/** Index range [lo, hi) of the uniform grid g within `cut` of c (the Gaussian is negligible outside). */
function nearby(g: readonly number[], c: number, cut: number): [number, number] {
  const d = g[1] - g[0]
  const lo = Math.max(0, Math.ceil((c - cut - g[0]) / d))
  const hi = Math.min(g.length, Math.floor((c + cut - g[0]) / d) + 1)
  return [lo, Math.max(lo, hi)]
}

/** Mean per-axis variance of the weighted points and their effective number. */
function spread(x: Float64Array, w: Float64Array): { s2: number; nEff: number } {
  const n = w.length
  let W = 0
  let W2 = 0
  const mean = [0, 0, 0]
  for (let p = 0; p < n; p++) {
    W += w[p]
    W2 += w[p] * w[p]
    for (let a = 0; a < 3; a++) mean[a] += w[p] * x[3 * p + a]
  }
  if (!(W > 0)) return { s2: 1, nEff: 1 }
  for (let a = 0; a < 3; a++) mean[a] /= W
  let v = 0
  for (let p = 0; p < n; p++) for (let a = 0; a < 3; a++) v += w[p] * (x[3 * p + a] - mean[a]) ** 2
  const s2 = v / (3 * W)
  return { s2: s2 > 0 ? s2 : 1, nEff: Math.max(1, (W * W) / W2) }
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(3).replace(/\.?0+$/, '')
}
