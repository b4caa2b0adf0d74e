// Exact W2 between two empirical measures of n equally weighted points in R^d (d = 3 by default; d = 6 for the
// 2-marginal, pairs of velocities), by an optimal assignment on the squared-distance cost (with
// equal weights and equal counts the optimal plan is a permutation: Birkhoff–von Neumann).
// The assignment itself is solveAssignment.ts (sparse candidate phase, full check, dense phase; its header has
// the algorithm and its cost); this file builds the cost matrix and the dual guess, and reads off W2.
// The duals are returned as an optimality certificate: u_i + v_j ≤ c_ij everywhere (feasibility, up to
// round-off) and Σ c_{i,σ(i)} = Σu + Σv (zero gap) together prove σ optimal by LP weak duality,
// independently of the code; maxDualViolation is computed over the full matrix from the returned u and v.
import { solveAssignment } from './solveAssignment'

export { DEFAULT_CANDIDATES, solveAssignment, type AssignmentSolution } from './solveAssignment'

export interface AssignmentW2 {
  /** √((1/n) Σ_i |x_i − y_σ(i)|²). */
  w2: number
  /** Σ_i |x_i − y_σ(i)|², the optimal primal cost (not divided by n). */
  cost: number
  /** σ: x point i is matched to y point assignment[i]. A permutation of 0 … n−1. */
  assignment: Int32Array
  /** Row (x) potentials. */
  u: Float64Array
  /** Column (y) potentials. */
  v: Float64Array
  /** cost − Σu − Σv: zero up to round-off at the optimum. */
  dualGap: number
  /** max over all (i, j) of u_i + v_j − c_ij: ≤ 0 up to round-off for feasible duals. */
  maxDualViolation: number
}

/**
 * Squared distances c_ij = |x_i − y_j|², row-major n × n, for points in R^dim (point p at [dim·p, dim·p + dim)).
 * Differences, not |x|² + |y|² − 2x·y, so c_ii = 0 exactly when x_i = y_i. dim = 3 keeps its unrolled loop
 * (the common case, and the bits the 3-D callers had before the dimension became a parameter).
 */
export function squaredDistanceMatrix(x: Float64Array, y: Float64Array, n: number, dim = 3): Float64Array {
  const c = new Float64Array(n * n)
  if (dim === 3) {
    for (let i = 0; i < n; i++) {
      const x0 = x[3 * i]
      const x1 = x[3 * i + 1]
      const x2 = x[3 * i + 2]
      const row = i * n
      for (let j = 0; j < n; j++) {
        const d0 = x0 - y[3 * j]
        const d1 = x1 - y[3 * j + 1]
        const d2 = x2 - y[3 * j + 2]
        c[row + j] = d0 * d0 + d1 * d1 + d2 * d2
      }
    }
    return c
  }
  for (let i = 0; i < n; i++) {
    const xi = dim * i
    const row = i * n
    for (let j = 0; j < n; j++) {
      const yj = dim * j
      let s = 0
      for (let a = 0; a < dim; a++) {
        const d = x[xi + a] - y[yj + a]
        s += d * d
      }
      c[row + j] = s
    }
  }
  return c
}

/**
 * Exact W2 between the empirical measures of x and y (Float64Array(dim·n), point p at [dim·p, dim·p + dim);
 * dim = 3 unless given). Memory: one Float64Array(n²) cost matrix (32 MB at n = 2000), plus O(kn) for the
 * candidate graph.
 */
export function assignmentW2(x: Float64Array, y: Float64Array, n: number, dim = 3): AssignmentW2 {
  if (!(Number.isInteger(dim) && dim >= 1)) throw new RangeError(`assignmentW2: dimension must be an integer ≥ 1: ${dim}`)
  if (x.length < dim * n || y.length < dim * n) throw new RangeError(`assignmentW2: x and y need ${dim}n coordinates`)
  const c = squaredDistanceMatrix(x, y, n, dim)
  const { assignment, u, v, maxDualViolation } = solveAssignment(c, n, { guess: scaleShiftGuess(x, y, n, dim) })
  let cost = 0
  for (let i = 0; i < n; i++) cost += c[i * n + assignment[i]]
  let dual = 0
  for (let i = 0; i < n; i++) dual += u[i] + v[i]
  return { w2: n === 0 ? 0 : Math.sqrt(cost / n), cost, assignment, u, v, dualGap: cost - dual, maxDualViolation }
}

/**
 * Dual potentials of the optimal plan between N(μx, σx² I) and N(μy, σy² I) — the map T(x) = s x + b with
 * s = σy/σx, b = μy − s μx, whose Brenier potential is φ(x) = s|x|²/2 + b·x — evaluated at the points:
 * u_i = |x_i|² − 2φ(x_i), v_j = |y_j|² − 2φ*(y_j). Then c_ij − u_i − v_j = |T(x_i) − y_j|²/s, so the
 * candidates (solveAssignment.ts header, 1) are the near neighbours of T(x_i) among the y's. Only the candidates use it: for a
 * translated or dilated cloud the plain near neighbours are the wrong ones (the rows all pick the same
 * columns on the near side of the other cloud), and the dense phase would then do all the work.
 */
function scaleShiftGuess(x: Float64Array, y: Float64Array, n: number, dim: number): { u: Float64Array; v: Float64Array } {
  const u = new Float64Array(n)
  const v = new Float64Array(n)
  if (n === 0) return { u, v }
  const mx = new Float64Array(dim)
  const my = new Float64Array(dim)
  for (let p = 0; p < n; p++)
    for (let a = 0; a < dim; a++) {
      mx[a] += x[dim * p + a] / n
      my[a] += y[dim * p + a] / n
    }
  let vx = 0
  let vy = 0
  for (let p = 0; p < n; p++)
    for (let a = 0; a < dim; a++) {
      vx += (x[dim * p + a] - mx[a]) ** 2
      vy += (y[dim * p + a] - my[a]) ** 2
    }
  const s = vx > 0 && vy > 0 ? Math.sqrt(vy / vx) : 1
  if (!Number.isFinite(s)) return { u, v }
  for (let p = 0; p < n; p++) {
    let xx = 0
    let bx = 0
    let yy = 0
    let yb = 0
    for (let a = 0; a < dim; a++) {
      const b = my[a] - s * mx[a]
      const xa = x[dim * p + a]
      const ya = y[dim * p + a]
      xx += xa * xa
      bx += b * xa
      yy += ya * ya
      yb += (ya - b) * (ya - b)
    }
    u[p] = xx - s * xx - 2 * bx
    v[p] = yy - yb / s
  }
  return { u, v }
}
