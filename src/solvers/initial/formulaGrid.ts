// The formula family on its box [−L, L]³: the box is cut into n³ cubes of side h = 2L/n (n = 96,
// 96³ ≈ 8.8·10⁵ cubes), f is evaluated at their centres, validated, and integrated by the product
// midpoint rule (h³ Σ f), which for a smooth f that has decayed at the box boundary converges faster than
// any power of h (it is the trapezoid rule of a function that vanishes at the ends). Centres avoid the
// planes v_a = 0 and the origin, where user formulas most often vanish or are singular (vx² e^{−|v|²},
// e^{−|v|}/|v|). A second midpoint grid of (n/2)³ cubes of side 2h (centres at odd multiples of h, so
// not nested: the even-index centres of the fine grid would only mirror it, giving identical sums for
// every f even in each coordinate) gives a second estimate of every integral: their difference is the
// resolution check. It costs 1/8 of the fine evaluation.
import type { MomentSummary } from './previewTypes'
import { compileFormula, type CompiledFormula } from '../formula/compile'
import { ROW, rowValues } from '../formula/compileRows'
import { FormulaError } from '../formula/formulaError'
import { InitialDataError } from './initialDataError'
import { affineNormalisation, momentSummary, type Vec3 } from './initialModel'

/** Cubes per axis of the fine grid (even, so that no centre lies on a plane v_a = 0). */
export const GRID_CELLS = 96 // ≤ ROW of compileRows.ts
/** A grid point is in the outer band when max_a |v_a| > BAND·L. */
export const BAND = 0.9
/** Largest fraction of the mass, or of the centred energy, allowed in the outer band. */
export const BAND_TOL = 1e-3
/**
 * Largest relative change of mass, energy or mean (in units of the scale) between spacings 2h and h.
 * Smooth f change by ~1e-10; f with a kink on a surface (max(0, 4 − |v|²)) converge as h², so the
 * fine grid's error is about a third of the change, ≤ 2e-3: below the sampling noise of the energy for
 * N ≤ 10⁵ particles (relative SE √(Var|v|²/N)/3 ≈ 3e-3).
 */
export const RESOLUTION_TOL = 5e-3

/** f at the centres of an n³ midpoint grid of [−L, L]³. */
export interface MidpointGrid {
  n: number
  h: number
  /** centres x_i = L(2i + 1 − n)/n, i = 0 … n − 1 (symmetric about 0) */
  xs: Float64Array
  /** f at (x_i, x_j, x_k), index (i n + j) n + k */
  values: Float64Array
}

export interface FormulaGrid extends MidpointGrid {
  expr: string
  L: number
  formula: CompiledFormula
  /** The 2h grid (for the resolution check and the functionals' second estimate). */
  coarse: MidpointGrid
  raw: MomentSummary
  normalised: MomentSummary
  shift: Vec3
  scale: number
  /** Relative changes between the 2h and h grids, and the outer-band fractions (for the notes). */
  check: { mass: number; energy: number; mean: number; bandMass: number; bandEnergy: number }
}

const fmt = (x: number) => {
  const s = Math.abs(x) < 1e-12 ? '0' : Number(x.toPrecision(3)).toString()
  return s === '-0' ? '0' : s
}
const percent = (q: number) => `${Number((100 * q).toPrecision(2))} %`

/** Evaluates f on the n³ centres and refuses NaN, ∞ and negative values, naming the velocity. */
function evaluate(formula: CompiledFormula, L: number, n: number): MidpointGrid {
  const h = (2 * L) / n
  const xs = Float64Array.from({ length: n }, (_, i) => (L * (2 * i + 1 - n)) / n)
  const values = new Float64Array(n * n * n)
  // one call of the row evaluator per (i, j): the row is z = xs (n ≤ ROW points)
  const f = rowValues(formula.tree)
  const usesR = formula.usesRadius
  const X = new Float64Array(ROW)
  const Y = new Float64Array(ROW)
  const R = new Float64Array(ROW)
  let firstNaN = -1
  let firstInf = -1
  let mostNegative = -1
  let minValue = 0
  for (let i = 0, q = 0; i < n; i++) {
    X.fill(xs[i], 0, n)
    for (let j = 0; j < n; j++) {
      Y.fill(xs[j], 0, n)
      const xy2 = xs[i] * xs[i] + xs[j] * xs[j]
      if (usesR) for (let k = 0; k < n; k++) R[k] = Math.sqrt(xy2 + xs[k] * xs[k])
      const row = f(X, Y, xs, R, n)
      for (let k = 0; k < n; k++, q++) {
        const val = row[k]
        values[q] = val
        if (!(val >= 0 && val < Infinity)) {
          if (Number.isNaN(val)) {
            if (firstNaN < 0) firstNaN = q
          } else if (val === Infinity) {
            if (firstInf < 0) firstInf = q
          } else if (val < minValue) {
            minValue = val
            mostNegative = q
          }
        }
      }
    }
  }
  const point = (q: number) => `(${fmt(xs[Math.floor(q / (n * n))])}, ${fmt(xs[Math.floor(q / n) % n])}, ${fmt(xs[q % n])})`
  if (firstNaN >= 0) throw new InitialDataError(`f is undefined (NaN) at v = ${point(firstNaN)}: e.g. log or sqrt of a negative number, or 0/0`)
  if (firstInf >= 0) {
    throw new InitialDataError(
      `f is infinite at v = ${point(firstInf)}; the density must be finite at the centres of the grid's cubes (spacing ${fmt(h)}) on the box [−${fmt(L)}, ${fmt(L)}]³`,
    )
  }
  if (mostNegative >= 0) {
    throw new InitialDataError(
      `f is negative at v = ${point(mostNegative)} (f = ${Number(minValue.toPrecision(3))}); a density must be ≥ 0 everywhere (use a square, abs(…) or max(0, …))`,
    )
  }
  return { n, h, xs, values }
}

interface GridMoments {
  mass: number
  mean: Vec3
  /** centred second moments per unit mass */
  T: Vec3
  bandMass: number
  bandEnergy: number
}

/** Midpoint-rule mass, mean, centred T and the outer-band shares (two passes, so T has no cancellation). */
function moments({ n, h, xs, values }: MidpointGrid, edge: number): GridMoments {
  const w = h * h * h
  let m = 0
  let mx = 0
  let my = 0
  let mz = 0
  for (let i = 0, q = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0
      let sz = 0
      for (let k = 0; k < n; k++, q++) {
        s += values[q]
        sz += values[q] * xs[k]
      }
      m += s
      mx += s * xs[i]
      my += s * xs[j]
      mz += sz
    }
  }
  const mean: Vec3 = [mx / m, my / m, mz / m]
  const T = [0, 0, 0]
  let bandMass = 0
  let bandEnergy = 0
  for (let i = 0, q = 0; i < n; i++) {
    const dx = xs[i] - mean[0]
    for (let j = 0; j < n; j++) {
      const dy = xs[j] - mean[1]
      const outerIJ = Math.abs(xs[i]) > edge || Math.abs(xs[j]) > edge
      for (let k = 0; k < n; k++, q++) {
        const f = values[q]
        if (f === 0) continue
        const dz = xs[k] - mean[2]
        T[0] += f * dx * dx
        T[1] += f * dy * dy
        T[2] += f * dz * dz
        if (outerIJ || Math.abs(xs[k]) > edge) {
          bandMass += f
          bandEnergy += f * (dx * dx + dy * dy + dz * dz)
        }
      }
    }
  }
  const energy = T[0] + T[1] + T[2]
  return { mass: m * w, mean, T: [T[0] / m, T[1] / m, T[2] / m], bandMass: bandMass / m, bandEnergy: energy > 0 ? bandEnergy / energy : 0 }
}

/** Compiles, evaluates, checks and integrates the formula on [−L, L]³; throws InitialDataError. */
export function buildFormulaGrid(expr: string, L: number): FormulaGrid {
  if (!(Number.isFinite(L) && L > 0)) throw new InitialDataError('formula L must be a finite number > 0')
  let formula: CompiledFormula
  try {
    formula = compileFormula(expr)
  } catch (e) {
    if (e instanceof FormulaError) throw new InitialDataError(e.message, e.column)
    throw e
  }
  const n = GRID_CELLS
  const box = `[−${fmt(L)}, ${fmt(L)}]³`
  const fine = evaluate(formula, L, n)
  const edge = BAND * L
  const mf = moments(fine, edge)
  if (mf.mass === 0) throw new InitialDataError(`f is 0 at every grid point of the box ${box}: there is nothing to normalise`)
  if (!Number.isFinite(mf.mass)) throw new InitialDataError('f is too large: its integral over the box overflows')
  const energy = mf.T[0] + mf.T[1] + mf.T[2]
  if (!(energy > 0)) throw new InitialDataError(`f is concentrated at a single grid point (spacing ${fmt(fine.h)}); reduce L or widen f`)
  if (mf.bandMass > BAND_TOL) {
    throw new InitialDataError(
      `f does not decay inside the box ${box}: ${percent(mf.bandMass)} of its mass lies in the outer cells (|v_a| > ${fmt(edge)}); increase L or check the formula`,
    )
  }
  if (mf.bandEnergy > BAND_TOL) {
    throw new InitialDataError(
      `f does not decay fast enough inside the box ${box}: ${percent(mf.bandEnergy)} of its energy ∫|v − u|²f lies in the outer cells (|v_a| > ${fmt(edge)}); its energy may be infinite — increase L or check the formula`,
    )
  }
  const coarse = evaluate(formula, L, n / 2)
  const mc = moments(coarse, edge)
  const scale = Math.sqrt(energy / 3)
  const energyC = mc.T[0] + mc.T[1] + mc.T[2]
  const check = {
    mass: Math.abs(mc.mass / mf.mass - 1),
    energy: Math.abs(energyC / energy - 1),
    mean: Math.hypot(mc.mean[0] - mf.mean[0], mc.mean[1] - mf.mean[1], mc.mean[2] - mf.mean[2]) / scale,
    bandMass: mf.bandMass,
    bandEnergy: mf.bandEnergy,
  }
  const worst = Math.max(check.mass, check.energy, check.mean)
  if (!(worst <= RESOLUTION_TOL)) {
    const what = worst === check.mass || !(mc.mass > 0) ? 'mass' : worst === check.energy ? 'energy' : 'mean (in units of its spread)'
    const change = Number.isFinite(worst) ? `changes by ${percent(worst)}` : 'is 0 on the coarser grid'
    throw new InitialDataError(
      `f is not resolved by the grid: its ${what} ${change} between grid spacings ${fmt(coarse.h)} and ${fmt(fine.h)} (${n} cubes per axis on ${box}); reduce L or use a smoother formula`,
    )
  }
  const raw = momentSummary(mf.mass, mf.mean, mf.T)
  const { shift, normalised } = affineNormalisation(raw)
  return { ...fine, expr, L, formula, coarse, raw, normalised, shift, scale: Math.sqrt(energy / 3), check }
}
