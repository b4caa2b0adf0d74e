// Functionals of the normalised formula density f₀(w) = s³ f(u + s w)/Z by the midpoint rule on the
// formula's grid (formulaGrid.ts), in the raw variable v = u + s w:
//   H(f₀) = (1/Z)∫ f log f − log Z + 3 log s,         I(f₀) = (s²/Z)∫_{f>0} |∇f|²/f,
//   weighted I = (s²/Z)∫_{f>0} |∇f|²/f ⟨(v−u)/s⟩³,     ∫⟨w⟩^m f₀ = (1/Z)∫ f ⟨(v−u)/s⟩^m.
// ∇f is exact at each node (forward-mode differentiation of the formula, formula/compile.ts), so the only
// error is the quadrature's; each integral is also taken on the 2h grid and the two compared.
// Nodes with f ≤ 1e-15·max f are skipped for I (their share of ∫|∇log f|² f is of that order unless
// ∇log f is astronomically large there). Where f vanishes, I is the integral over {f > 0}: f₀ may be
// zero on a set and still have finite I (e.g. vx² e^{−|v|²/2}), and the notes say so.
import type { FunctionalValue } from './previewTypes'
import { notComputable, settle } from './functionalValue'
import { ROW, rowGradients } from '../formula/compileRows'
import type { FormulaGrid, MidpointGrid } from './formulaGrid'
import type { Functionals } from './initialModel'

const SKIP = 1e-15
/** Formula integrals converge only as fast as f is smooth: accept agreement of the two grids to 0.5 %. */
const TOL = 5e-3

interface Sums {
  /** [Z, ∫f log f, ∫|∇f|²/f, weighted, ∫f⟨w⟩⁶, ∫f⟨w⟩⁸, number of zeros] */
  sums: Float64Array
  badGradient: string | null
}

function integrate(grid: FormulaGrid, { n, h, xs, values }: MidpointGrid): Sums {
  const { shift: u, scale: s } = grid
  let fmax = 0
  for (let q = 0; q < values.length; q++) if (values[q] > fmax) fmax = values[q]
  const skip = SKIP * fmax
  const grad = rowGradients(grid.formula.tree)
  const usesR = grid.formula.usesRadius
  const X = new Float64Array(ROW)
  const Y = new Float64Array(ROW)
  const R = new Float64Array(ROW)
  const S = new Float64Array(7)
  let badGradient: string | null = null
  const inv2 = 1 / (s * s)
  for (let i = 0, q = 0; i < n; i++) {
    const x = xs[i]
    const dx = x - u[0]
    X.fill(x, 0, n)
    for (let j = 0; j < n; j++, q += n) {
      const y = xs[j]
      const dy = y - u[1]
      Y.fill(y, 0, n)
      // the gradient only where some f in the row exceeds the skip threshold
      let rowMax = 0
      for (let k = 0; k < n; k++) if (values[q + k] > rowMax) rowMax = values[q + k]
      let gx: Float64Array | null = null
      let gy: Float64Array | null = null
      let gz: Float64Array | null = null
      if (rowMax > skip) {
        if (usesR) for (let k = 0; k < n; k++) R[k] = Math.sqrt(x * x + y * y + xs[k] * xs[k])
        const g = grad(X, Y, xs, R, n)
        gx = g.gx
        gy = g.gy
        gz = g.gz
      }
      for (let k = 0; k < n; k++) {
        const f = values[q + k]
        if (f === 0) {
          S[6]++
          continue
        }
        const dz = xs[k] - u[2]
        const b2 = 1 + (dx * dx + dy * dy + dz * dz) * inv2 // ⟨w⟩²
        const b6 = b2 * b2 * b2
        let fisher = 0
        if (f > skip && gx !== null) {
          fisher = (gx[k] * gx[k] + gy![k] * gy![k] + gz![k] * gz![k]) / f
          if (!Number.isFinite(fisher) && badGradient === null) badGradient = `(${x.toPrecision(3)}, ${y.toPrecision(3)}, ${xs[k].toPrecision(3)})`
        }
        S[0] += f
        S[1] += f * Math.log(f)
        S[2] += fisher
        S[3] += fisher * b2 * Math.sqrt(b2)
        S[4] += f * b6
        S[5] += f * b6 * b2
      }
    }
  }
  const w = h * h * h
  for (let a = 0; a < 6; a++) S[a] *= w
  return { sums: S, badGradient }
}

export function formulaFunctionals(grid: FormulaGrid): Functionals {
  const { n, h, scale: s } = grid
  const F = integrate(grid, grid)
  const C = integrate(grid, grid.coarse)
  const logS3 = 3 * Math.log(s)
  const est = (A: Float64Array) => ({
    entropy: A[1] / A[0] - Math.log(A[0]) + logS3,
    fisher: (s * s * A[2]) / A[0],
    fisherWeighted: (s * s * A[3]) / A[0],
    moment6: A[4] / A[0],
    moment8: A[5] / A[0],
  })
  const fine = est(F.sums)
  const coarse = est(C.sums)
  const method = (what: string) =>
    `${what}: midpoint rule on the box [−${grid.L}, ${grid.L}]³, ${n}³ cubes (spacing ${h.toPrecision(3)}) vs ${n / 2}³ (spacing ${(2 * h).toPrecision(3)})`
  const vanishes = F.sums[6] > 0 ? '; f vanishes at some grid points, and I is the integral over {f > 0}' : ''
  const badGradient = F.badGradient ?? C.badGradient
  const fisherValue = (fv: number, cv: number, what: string): FunctionalValue => {
    if (badGradient !== null)
      return notComputable(`${what}: ∇f is not finite at v = ${badGradient} where f > 0 (f is not differentiable there); I may be infinite`)
    const r = settle(fv, cv, method(what) + ', ∇f exact by automatic differentiation', TOL)
    return r.note ? { ...r, note: r.note + vanishes } : r
  }
  return {
    entropy: settle(fine.entropy, coarse.entropy, method('H'), TOL),
    fisher: fisherValue(fine.fisher, coarse.fisher, 'I'),
    fisherWeighted: fisherValue(fine.fisherWeighted, coarse.fisherWeighted, 'weighted I'),
    moment6: settle(fine.moment6, coarse.moment6, method('∫⟨v⟩⁶f'), TOL),
    moment8: settle(fine.moment8, coarse.moment8, method('∫⟨v⟩⁸f'), TOL),
  }
}
