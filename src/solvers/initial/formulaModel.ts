// The formula family: f given by an expression (formula/), normalised numerically on [−L, L]³.
// The grid, its sampler table and functionals are cached per (expr, L) in a small LRU, so that the
// designer's preview (called as the user types) and the run's sampler reuse one evaluation.
import type { InitialSpec } from '../driver/runSpec'
import { buildFormulaGrid, type FormulaGrid } from './formulaGrid'
import { formulaFunctionals } from './formulaFunctionals'
import { formulaCdf, formulaSampler, type FormulaCdf } from './formulaSampler'
import type { Functionals, InitialModel } from './initialModel'
import { LruCache } from './lruCache'

interface Entry {
  grid: FormulaGrid
  cdf?: FormulaCdf
  functionals?: Functionals
}

/** Each entry holds two 97³ Float64Arrays (≈ 7 MB each); four entries bound the cache at ~60 MB. */
const cache = new LruCache<string, Entry>(4)
/** A rejected (expr, L) is remembered too, so retyping it costs nothing. */
const rejected = new LruCache<string, Error>(16)

export const DEFAULT_BOX = 8

function entryFor(expr: string, L: number): Entry {
  const key = `${L}\u0000${expr}`
  const hit = cache.get(key)
  if (hit) return hit
  const failed = rejected.get(key)
  if (failed) throw failed
  try {
    const entry: Entry = { grid: buildFormulaGrid(expr, L) }
    cache.set(key, entry)
    return entry
  } catch (e) {
    if (e instanceof Error) rejected.set(key, e)
    throw e
  }
}

/** The grid of a formula spec (cached); throws InitialDataError. */
export function formulaGrid(initial: Extract<InitialSpec, { family: 'formula' }>): FormulaGrid {
  return entryFor(initial.expr.trim(), initial.L ?? DEFAULT_BOX).grid
}

/** Share of the sampler's corrected weights clipped at 0 (0 for smooth f). */
export function formulaClippedShare(initial: Extract<InitialSpec, { family: 'formula' }>): number {
  const entry = entryFor(initial.expr.trim(), initial.L ?? DEFAULT_BOX)
  return (entry.cdf ??= formulaCdf(entry.grid)).clipped
}

export function formulaModel(initial: Extract<InitialSpec, { family: 'formula' }>): InitialModel {
  const entry = entryFor(initial.expr.trim(), initial.L ?? DEFAULT_BOX)
  const grid = entry.grid
  const { L, shift: u, scale: s, raw } = grid
  const Z = raw.mass
  const c = (s * s * s) / Z
  const f = grid.formula.value
  const grad = grid.formula.gradient
  const g = new Float64Array(3)
  const inBox = (x: number, y: number, z: number) => Math.abs(x) <= L && Math.abs(y) <= L && Math.abs(z) <= L
  return {
    raw,
    normalised: grid.normalised,
    shift: grid.shift,
    scale: s,
    density: (x, y, z) => {
      const X = u[0] + s * x
      const Y = u[1] + s * y
      const W = u[2] + s * z
      if (!inBox(X, Y, W)) return 0
      const val = f(X, Y, W, Math.sqrt(X * X + Y * Y + W * W))
      return Number.isFinite(val) && val > 0 ? c * val : 0 // checked ≥ 0 on the grid; between nodes shown as 0 if not
    },
    gradLog: (x, y, z, out) => {
      const X = u[0] + s * x
      const Y = u[1] + s * y
      const W = u[2] + s * z
      const val = grad(X, Y, W, Math.sqrt(X * X + Y * Y + W * W), g)
      const k = s / val // ∇_w log f₀ = s ∇f / f
      out[0] = k * g[0]
      out[1] = k * g[1]
      out[2] = k * g[2]
    },
    marginals: (v) => gridMarginals(grid, v),
    sampler: () => formulaSampler(grid, (entry.cdf ??= formulaCdf(grid))),
    functionals: () => (entry.functionals ??= formulaFunctionals(grid)),
  }
}

/**
 * Marginals of f₀ at the normalised points v: the midpoint sums over the other two axes at each grid
 * coordinate, then f₀,a(t) = s·m_a(u_a + s t)/Z by 6-point Lagrange interpolation (error ~h⁶f⁽⁶⁾, ≈ 1e-6 for
 * a unit Gaussian), 0 outside the box.
 */
function gridMarginals(grid: FormulaGrid, v: readonly number[]): { fx: number[]; fy: number[]; fz: number[] } {
  const { n, h, xs, values, L, shift: u, scale: s } = grid
  const w = h // midpoint weights
  const m = [new Float64Array(n), new Float64Array(n), new Float64Array(n)]
  for (let i = 0, q = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < n; k++, q++) {
        const f = values[q]
        if (f === 0) continue
        m[0][i] += f
        m[1][j] += f
        m[2][k] += f
      }
    }
  }
  const Z = grid.raw.mass
  const interp = (a: number, t: number) => {
    const X = u[a] + s * t
    if (!(X >= -L && X <= L)) return 0
    const pos = (X - xs[0]) / h // fractional index; the centres are xs[0] + i h
    const i0 = Math.min(Math.max(Math.floor(pos) - 2, 0), n - 6)
    let sum = 0
    for (let r = 0; r < 6; r++) {
      let lag = 1
      for (let c = 0; c < 6; c++) if (c !== r) lag *= (pos - (i0 + c)) / (r - c)
      sum += lag * m[a][i0 + r]
    }
    return Math.max(0, (s * w * w * sum) / Z)
  }
  return { fx: v.map((t) => interp(0, t)), fy: v.map((t) => interp(1, t)), fz: v.map((t) => interp(2, t)) }
}
