// Exact W2 between two empirical measures of n equally weighted points in R^d (d = 3 by default; d = 6 for the
// 2-marginal of issue 5, pairs of velocities), by an optimal assignment on
// the squared-distance cost (with equal weights and equal counts the optimal plan is a permutation:
// Birkhoff–von Neumann). Solver: shortest augmenting paths with dual potentials — Jonker & Volgenant,
// "A shortest augmenting path algorithm for dense and sparse linear assignment problems", Computing 38
// (1987) — in the lazy-potential form of Crouse, "On implementing 2D rectangular assignment algorithms",
// IEEE Trans. AES 52 (2016), which is what scipy's linear_sum_assignment runs. O(n³) worst case.
// The duals are returned as an optimality certificate: u_i + v_j ≤ c_ij everywhere (feasibility) and
// Σ c_{i,σ(i)} = Σu + Σv (zero gap) together prove σ optimal by LP weak duality, independently of the code.

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
 * dim = 3 unless given). Memory: one Float64Array(n²) cost matrix (32 MB at n = 2000).
 */
export function assignmentW2(x: Float64Array, y: Float64Array, n: number, dim = 3): AssignmentW2 {
  if (!(Number.isInteger(dim) && dim >= 1)) throw new RangeError(`assignmentW2: dimension must be an integer ≥ 1: ${dim}`)
  if (x.length < dim * n || y.length < dim * n) throw new RangeError(`assignmentW2: x and y need ${dim}n coordinates`)
  const c = squaredDistanceMatrix(x, y, n, dim)
  const { assignment, u, v } = solveAssignment(c, n)
  let cost = 0
  for (let i = 0; i < n; i++) cost += c[i * n + assignment[i]]
  let dual = 0
  for (let i = 0; i < n; i++) dual += u[i] + v[i]
  let maxDualViolation = n === 0 ? 0 : -Infinity
  for (let i = 0; i < n; i++) {
    const ui = u[i]
    const row = i * n
    for (let j = 0; j < n; j++) {
      const r = ui + v[j] - c[row + j]
      if (r > maxDualViolation) maxDualViolation = r
    }
  }
  return { w2: n === 0 ? 0 : Math.sqrt(cost / n), cost, assignment, u, v, dualGap: cost - dual, maxDualViolation }
}

/**
 * Minimum-cost perfect assignment of the dense n × n cost matrix c (row-major, finite entries).
 * Returns col4row and the duals (u rows, v columns) with u_i + v_j ≤ c_ij and equality on the assignment.
 */
export function solveAssignment(c: Float64Array, n: number): { assignment: Int32Array; u: Float64Array; v: Float64Array } {
  const u = new Float64Array(n)
  const v = new Float64Array(n)
  const col4row = new Int32Array(n).fill(-1)
  const row4col = new Int32Array(n).fill(-1)
  const path = new Int32Array(n) // predecessor row of each column on the shortest-path tree
  const spc = new Float64Array(n) // shortest reduced-path cost from the free row to each column
  const remaining = new Int32Array(n) // columns not yet scanned in this Dijkstra, unordered
  const scannedRows = new Int32Array(n)
  const scannedCols = new Int32Array(n)

  // Column reduction (JV's first phase, simplified): v_j = min_i c_ij, u = 0 is dual feasible and makes
  // every column's cheapest row a zero-reduced-cost edge, which shortens the first augmenting paths.
  for (let j = 0; j < n; j++) v[j] = Infinity
  for (let i = 0; i < n; i++) {
    const row = i * n
    for (let j = 0; j < n; j++) if (c[row + j] < v[j]) v[j] = c[row + j]
  }

  for (let curRow = 0; curRow < n; curRow++) {
    // Dijkstra on reduced costs c_ij − u_i − v_j ≥ 0 from curRow until it reaches a free column (the sink).
    let numRemaining = n
    for (let j = 0; j < n; j++) {
      remaining[j] = n - 1 - j
      spc[j] = Infinity
    }
    let nsr = 0
    let nsc = 0
    let minVal = 0
    let i = curRow
    let sink = -1
    while (sink === -1) {
      scannedRows[nsr++] = i
      let lowest = Infinity
      let index = -1
      const row = i * n
      const base = minVal - u[i]
      for (let it = 0; it < numRemaining; it++) {
        const j = remaining[it]
        const r = base + c[row + j] - v[j]
        if (r < spc[j]) {
          path[j] = i
          spc[j] = r
        }
        // Ties go to a free column: that ends the search at once (Crouse 2016, §III).
        if (spc[j] < lowest || (spc[j] === lowest && row4col[j] === -1)) {
          lowest = spc[j]
          index = it
        }
      }
      minVal = lowest
      if (index < 0 || minVal === Infinity) throw new Error('solveAssignment: no augmenting path (non-finite costs?)')
      const j = remaining[index]
      if (row4col[j] === -1) sink = j
      else i = row4col[j]
      scannedCols[nsc++] = j
      remaining[index] = remaining[--numRemaining]
    }

    // Lazy dual update: only scanned rows and columns move, by how far they sit inside the final radius
    // minVal. This keeps reduced costs ≥ 0 and makes the new path's edges tight (JV 1987, step 4).
    u[curRow] += minVal
    for (let k = 1; k < nsr; k++) {
      const r = scannedRows[k]
      u[r] += minVal - spc[col4row[r]]
    }
    for (let k = 0; k < nsc; k++) {
      const j = scannedCols[k]
      v[j] -= minVal - spc[j]
    }

    // Augment along the path back to curRow.
    let j = sink
    for (;;) {
      const r = path[j]
      row4col[j] = r
      const prev = col4row[r]
      col4row[r] = j
      if (r === curRow) break
      j = prev
    }
  }
  return { assignment: col4row, u, v }
}
