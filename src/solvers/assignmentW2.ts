// Exact W2 between two empirical measures of n equally weighted points in R^d (d = 3 by default; d = 6 for the
// 2-marginal, pairs of velocities), by an optimal assignment on the squared-distance cost (with
// equal weights and equal counts the optimal plan is a permutation: Birkhoff–von Neumann).
//
// Solver: shortest augmenting paths with dual potentials (Jonker & Volgenant, "A shortest augmenting path
// algorithm for dense and sparse linear assignment problems", Computing 38 (1987)), run first on a sparse
// candidate graph and then checked, and if need be finished, on the full matrix:
//  1. Candidates: each row's k cheapest columns and each column's k cheapest rows (k = 16), read off the
//     cost matrix in one pass — cheapest under reduced costs c_ij − u_i − v_j for a dual guess: assignmentW2
//     passes the duals of the plan x ↦ s x + b that matches the clouds' means and spreads (scaleShiftGuess),
//     so the candidates of x_i are the near neighbours of s x_i + b, where nearly every optimal partner lies
//     (plain near neighbours fail for translated or dilated clouds: all rows pick the near side of the other).
//  2. Sparse phase on those ≈ 2kn edges: JV's column reduction and reduction transfer, then for each free
//     row a Dijkstra (binary heap) on reduced costs over candidate edges only, with JV's lazy dual update
//     (only the columns settled before the sink move). Invariant kept, as in JV: every assigned row's column
//     attains min_j (c_ij − v_j) over the row's candidates, u_i being that minimum.
//  3. Full check, O(n²): u_i = c_{i,σ(i)} − v_{σ(i)} for every assigned row, and every u_i + v_j − c_ij of the
//     full matrix. A row with a positive value beyond round-off (REPAIR_TOL) — an edge outside the candidates
//     that the sparse optimum would want — is unassigned. Every remaining assigned row then satisfies the
//     invariant over all n columns, so the duals are feasible on the full matrix. If no row is left free,
//     this pass is also the certificate (the only O(n²) pass after the candidates').
//  4. Dense phase, only for the rows left free by 2 (no augmenting path inside the candidate graph) or by 3:
//     the same shortest-path augmentation on the full matrix (JV's dense `augment`, scanning the not yet
//     settled columns from a compacted index list), which keeps full dual feasibility; then the O(n²) pass
//     of 3 once more for the certificate. On n = 2000 normal clouds 0–20 rows get here. If more than n/32
//     do (RESTART_FRACTION: 1-D data, many coincident points), the dense algorithm starts afresh from JV's
//     column reduction of the full matrix instead: that costs what the dense algorithm alone costs.
// Whatever k, the guess and the data (ties, duplicate points, clouds where the candidates hold no perfect
// matching), the result is an optimum of the full problem: phase 4 is the exact dense algorithm, started
// from duals feasible on the full matrix. Worst case O(n³), as for the dense algorithm alone. That
// algorithm alone, in the lazy-potential form of Crouse (IEEE Trans. AES 52 (2016)) that scipy's
// linear_sum_assignment runs, makes ≈ 10⁸ column scans at n = 2000 (≈ 0.6 s), where the sparse phase
// relaxes ≈ 10⁶ candidate edges (≈ 50 ms): the whole call takes ≈ 0.13 s instead of ≈ 0.83 s.
// The duals are returned as an optimality certificate: u_i + v_j ≤ c_ij everywhere (feasibility, up to
// round-off) and Σ c_{i,σ(i)} = Σu + Σv (zero gap) together prove σ optimal by LP weak duality,
// independently of the code; maxDualViolation is computed over the full matrix from the returned u and v.

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
 * candidates (header, 1) are the near neighbours of T(x_i) among the y's. Only the candidates use it: for a
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

/** Candidate edges per row and per column of the sparse phase (header, 1). */
export const DEFAULT_CANDIDATES = 16

/**
 * The full check (header, 3) unassigns row i only if some u_i + v_j − c_ij exceeds
 * REPAIR_TOL·(|u_i| + |v_j| + |c_ij|), 16 ulps of the magnitudes it is computed from: below that the sign is
 * round-off (the dense algorithm leaves such values too, ~1e-16 on unit-scale costs), above it the row goes
 * to the dense phase.
 */
const REPAIR_TOL = 2 ** -48

/**
 * When more than this fraction of the rows is left for the dense phase, it starts afresh from a column
 * reduction of the full matrix instead of repairing the sparse phase's result: a dense search from a freed
 * row costs up to O(n²) (in 1-D, where optimal partners sit ≈ √n ranks apart, far outside the candidates, a
 * thousand such repairs took 3× the dense algorithm alone), while the fresh start costs what the dense
 * algorithm always did, plus the ≈ 0.1 s already spent.
 */
const RESTART_FRACTION = 1 / 32

export interface AssignmentSolution {
  /** col4row: row i is assigned column assignment[i]. A permutation of 0 … n−1. */
  assignment: Int32Array
  /** Row potentials, u_i = c_{i,σ(i)} − v_{σ(i)}. */
  u: Float64Array
  /** Column potentials. */
  v: Float64Array
  /** max over all (i, j) of u_i + v_j − c_ij, over the full matrix with the returned u and v (0 for n = 0). */
  maxDualViolation: number
  /** Edges of the candidate graph; rows the sparse phase could not place; rows the full check sent to the
   * dense phase (header, 2–4). For tests and benchmarks. */
  stats: { candidateEdges: number; sparseUnplaced: number; repairedRows: number; restarted: boolean }
}

/**
 * Minimum-cost perfect assignment of the dense n × n cost matrix c (row-major, finite entries; header, 1–4).
 * Returns col4row and the duals (u rows, v columns) with u_i + v_j ≤ c_ij up to round-off and equality on the
 * assignment. `candidates` is k of the sparse phase (default DEFAULT_CANDIDATES); `guess`, dual potentials
 * expected to be near the optimal ones, makes the candidates the k smallest c_ij − u_i − v_j instead of the
 * k smallest c_ij (assignmentW2 passes scaleShiftGuess); `restartFraction` (default RESTART_FRACTION; tests
 * set 0 or 1 to force or forbid the fresh start) chooses between repair and restart. None of them changes the
 * result, an optimum whatever they are: they only move work between the sparse and the dense phase.
 */
export function solveAssignment(
  c: Float64Array,
  n: number,
  options: { candidates?: number; guess?: { u: Float64Array; v: Float64Array }; restartFraction?: number } = {},
): AssignmentSolution {
  if (!(Number.isInteger(n) && n >= 0) || c.length < n * n) throw new RangeError(`solveAssignment: need an integer n ≥ 0 and n² = ${n * n} costs`)
  const v = new Float64Array(n)
  const u = new Float64Array(n)
  const col4row = new Int32Array(n).fill(-1)
  const row4col = new Int32Array(n).fill(-1)
  if (n === 0) return { assignment: col4row, u, v, maxDualViolation: 0, stats: { candidateEdges: 0, sparseUnplaced: 0, repairedRows: 0, restarted: false } }
  const k = Math.max(1, Math.min(n, Math.floor(options.candidates ?? DEFAULT_CANDIDATES)))
  // A guess with too few or non-finite entries is ignored (zero potentials: candidates by c_ij alone).
  const g = options.guess
  const usable = (a: Float64Array) => a.length >= n && a.subarray(0, n).every(Number.isFinite)
  const zero = new Float64Array(n)
  const useGuess = g !== undefined && usable(g.u) && usable(g.v)
  const { start, adj } = candidateGraph(c, n, k, useGuess ? g.u : zero, useGuess ? g.v : zero)
  const free = new Int32Array(n)
  let numFree = sparseInit(c, n, start, adj, v, col4row, row4col, free)
  numFree = sparseAugment(c, n, start, adj, v, col4row, row4col, free, numFree)
  const sparseUnplaced = numFree
  let check = fullCheck(c, n, v, col4row, row4col, u, free, numFree, true)
  const repairedRows = check.numFree - sparseUnplaced
  const restarted = check.numFree > (options.restartFraction ?? RESTART_FRACTION) * n
  if (restarted) {
    // The candidates missed too much: start the dense algorithm afresh (header, 4) rather than repair.
    col4row.fill(-1)
    row4col.fill(-1)
    denseAugment(c, n, v, col4row, row4col, free, denseInit(c, n, v, col4row, row4col, free))
  } else if (check.numFree > 0) denseAugment(c, n, v, col4row, row4col, free, check.numFree)
  if (check.numFree > 0) check = fullCheck(c, n, v, col4row, row4col, u, free, 0, false)
  return { assignment: col4row, u, v, maxDualViolation: check.maxDualViolation, stats: { candidateEdges: adj.length, sparseUnplaced, repairedRows, restarted } }
}

/**
 * The candidate graph (header, 1) in compressed rows: row i's columns are adj[start[i] … start[i+1]), its k
 * cheapest first, then the columns that have i among their k cheapest rows (no duplicates). Ties keep the
 * lower index. Also checks that every cost is finite.
 */
function candidateGraph(c: Float64Array, n: number, k: number, gu: Float64Array, gv: Float64Array): { start: Int32Array; adj: Int32Array } {
  const rowBest = new Int32Array(n * k)
  const colBest = new Int32Array(n * k) // column j's k cheapest rows at [jk, jk + k), ascending cost
  const colBestC = new Float64Array(n * k)
  const colCount = new Int32Array(n)
  const colThreshold = new Float64Array(n).fill(Infinity) // the k-th cheapest cost so far, once k are held
  const bestC = new Float64Array(k)
  const bestJ = new Int32Array(k)
  for (let i = 0; i < n; i++) {
    const row = i * n
    let count = 0
    let threshold = Infinity
    let finite = 0 // stays 0 unless some x − x is NaN (x = ±∞ or NaN)
    const ui = gu[i]
    for (let j = 0; j < n; j++) {
      const cij = c[row + j]
      finite += cij - cij
      const x = cij - ui - gv[j]
      if (x < threshold) {
        let p = count < k ? count++ : k - 1
        while (p > 0 && bestC[p - 1] > x) {
          bestC[p] = bestC[p - 1]
          bestJ[p] = bestJ[p - 1]
          p--
        }
        bestC[p] = x
        bestJ[p] = j
        if (count === k) threshold = bestC[k - 1]
      }
      if (x < colThreshold[j]) {
        const base = j * k
        const m = colCount[j]
        let p = base + (m < k ? m : k - 1)
        if (m < k) colCount[j] = m + 1
        while (p > base && colBestC[p - 1] > x) {
          colBestC[p] = colBestC[p - 1]
          colBest[p] = colBest[p - 1]
          p--
        }
        colBestC[p] = x
        colBest[p] = i
        if (m + 1 >= k) colThreshold[j] = colBestC[base + k - 1]
      }
    }
    if (finite !== 0) throw new RangeError(`solveAssignment: costs must be finite (row ${i})`)
    rowBest.set(bestJ, i * k)
  }
  // Rows' own candidates, then the column candidates, each row's list deduplicated with a stamp.
  const bound = new Int32Array(n + 1)
  for (let i = 0; i < n; i++) bound[i + 1] = k
  for (let q = 0; q < n * k; q++) bound[colBest[q] + 1]++
  for (let i = 0; i < n; i++) bound[i + 1] += bound[i]
  const raw = new Int32Array(bound[n])
  const fill = bound.slice(0, n)
  for (let i = 0; i < n; i++) for (let a = 0; a < k; a++) raw[fill[i]++] = rowBest[i * k + a]
  for (let j = 0; j < n; j++) for (let a = 0; a < k; a++) raw[fill[colBest[j * k + a]]++] = j
  const stamp = new Int32Array(n).fill(-1)
  const start = new Int32Array(n + 1)
  let e = 0
  for (let i = 0; i < n; i++) {
    start[i] = e
    for (let q = bound[i]; q < bound[i + 1]; q++) {
      const j = raw[q]
      if (stamp[j] !== i) {
        stamp[j] = i
        raw[e++] = j
      }
    }
  }
  start[n] = e
  return { start, adj: raw.slice(0, e) }
}

/**
 * JV's column reduction and reduction transfer on the candidate graph. v_j = min over column j's candidate
 * rows; a row that is some column's minimum takes one such column (in reverse column order, the one with the
 * smallest v if several), and a row taking exactly one moves its reduction to v: v_j1 −= min over its other
 * candidates of c_ij − v_j. Afterwards u_i := min_j∈cand(i) (c_ij − v_j) is attained at σ(i) for every
 * assigned row. Fills free with the unassigned rows and returns their number.
 */
function sparseInit(
  c: Float64Array,
  n: number,
  start: Int32Array,
  adj: Int32Array,
  v: Float64Array,
  col4row: Int32Array,
  row4col: Int32Array,
  free: Int32Array,
): number {
  const argmin = new Int32Array(n)
  v.fill(Infinity)
  for (let i = 0; i < n; i++) {
    const row = i * n
    for (let q = start[i]; q < start[i + 1]; q++) {
      const j = adj[q]
      const x = c[row + j]
      if (x < v[j]) {
        v[j] = x
        argmin[j] = i
      }
    }
  }
  const matches = new Int32Array(n)
  for (let j = n - 1; j >= 0; j--) {
    const i = argmin[j]
    if (++matches[i] === 1) {
      col4row[i] = j
      row4col[j] = i
    } else if (v[j] < v[col4row[i]]) {
      row4col[col4row[i]] = -1
      col4row[i] = j
      row4col[j] = i
    }
  }
  let numFree = 0
  for (let i = 0; i < n; i++) {
    if (matches[i] === 0) free[numFree++] = i
    else if (matches[i] === 1) {
      const j1 = col4row[i]
      const row = i * n
      let m = Infinity
      for (let q = start[i]; q < start[i + 1]; q++) {
        const j = adj[q]
        if (j !== j1) {
          const h = c[row + j] - v[j]
          if (h < m) m = h
        }
      }
      if (m < Infinity) v[j1] -= m // a row with one candidate keeps its reduction
    }
  }
  return numFree
}

/**
 * Shortest augmenting paths on the candidate graph (header, 2), one free row after the other: Dijkstra with
 * an indexed binary heap on the path lengths d_j (reduced costs c_ij − v_j − u_i ≥ 0 along the way, u_i
 * implicit), stopped at the first free column settled; then the settled columns' v move by d_j − d_sink
 * (≤ 0), which keeps the invariant of sparseInit and makes the path tight, and the path is flipped. A row
 * from which no free column is reachable inside the graph stays free (for the dense phase): it is written
 * back into free[0 …), whose new length is returned.
 */
function sparseAugment(
  c: Float64Array,
  n: number,
  start: Int32Array,
  adj: Int32Array,
  v: Float64Array,
  col4row: Int32Array,
  row4col: Int32Array,
  free: Int32Array,
  numFree: number,
): number {
  const d = new Float64Array(n).fill(Infinity)
  const pred = new Int32Array(n)
  const pos = new Int32Array(n).fill(-1) // heap slot of column j; -1 not reached, -2 settled
  const heap = new Int32Array(n)
  const touched = new Int32Array(n)
  const settled = new Int32Array(n)
  let unplaced = 0
  for (let f = 0; f < numFree; f++) {
    const f0 = free[f]
    let size = 0
    let nTouched = 0
    let nSettled = 0
    let sink = -1
    let dMin = -Infinity // the radius: no early stop while scanning the free row itself (its d_j are not yet ≥ it)
    let i = f0
    let h = 0 // u_i + path length to row i's column: d_j = c_ij − v_j − h for j reached from row i
    for (;;) {
      const row = i * n
      for (let q = start[i]; q < start[i + 1]; q++) {
        const j = adj[q]
        const p0 = pos[j]
        if (p0 === -2) continue
        const x = c[row + j] - v[j] - h
        if (x < d[j]) {
          pred[j] = i
          d[j] = x
          if (x <= dMin && row4col[j] < 0) {
            sink = j // a free column at the current radius: it would be settled next
            break
          }
          if (p0 === -1) touched[nTouched++] = j
          let p = p0 === -1 ? size++ : p0
          while (p > 0) {
            const parent = (p - 1) >> 1
            const jp = heap[parent]
            if (d[jp] <= x) break
            heap[p] = jp
            pos[jp] = p
            p = parent
          }
          heap[p] = j
          pos[j] = p
        }
      }
      if (sink >= 0 || size === 0) break
      // Settle the closest column.
      const j1 = heap[0]
      pos[j1] = -2
      if (--size > 0) {
        const jl = heap[size]
        const xl = d[jl]
        let p = 0
        for (;;) {
          let ch = 2 * p + 1
          if (ch >= size) break
          if (ch + 1 < size && d[heap[ch + 1]] < d[heap[ch]]) ch++
          const jc = heap[ch]
          if (d[jc] >= xl) break
          heap[p] = jc
          pos[jc] = p
          p = ch
        }
        heap[p] = jl
        pos[jl] = p
      }
      dMin = d[j1]
      if (row4col[j1] < 0) {
        sink = j1
        break
      }
      settled[nSettled++] = j1
      i = row4col[j1]
      h = c[i * n + j1] - v[j1] - dMin
    }
    if (sink >= 0) {
      for (let s = 0; s < nSettled; s++) {
        const j = settled[s]
        v[j] += d[j] - dMin
      }
      let j = sink
      for (;;) {
        const r = pred[j]
        row4col[j] = r
        const prev = col4row[r]
        col4row[r] = j
        if (r === f0) break
        j = prev
      }
    } else free[unplaced++] = f0
    for (let t = 0; t < nTouched; t++) {
      const j = touched[t]
      d[j] = Infinity
      pos[j] = -1
    }
    if (sink >= 0) {
      d[sink] = Infinity
      pos[sink] = -1
    }
  }
  return unplaced
}

/**
 * The O(n²) pass over the full matrix (header, 3): u_i = c_{i,σ(i)} − v_{σ(i)} for each assigned row and the
 * largest u_i + v_j − c_ij. With repair, a row with a value beyond REPAIR_TOL is unassigned and appended to
 * free (after its first numFree entries) instead of counting towards the maximum.
 */
function fullCheck(
  c: Float64Array,
  n: number,
  v: Float64Array,
  col4row: Int32Array,
  row4col: Int32Array,
  u: Float64Array,
  free: Int32Array,
  numFree: number,
  repair: boolean,
): { maxDualViolation: number; numFree: number } {
  let max = -Infinity
  for (let i = 0; i < n; i++) {
    const j0 = col4row[i]
    if (j0 < 0) continue
    const row = i * n
    const ui = c[row + j0] - v[j0]
    u[i] = ui
    let rowMax = -Infinity
    let bad = false
    for (let j = 0; j < n; j++) {
      const cij = c[row + j]
      const r = ui + v[j] - cij
      if (r > rowMax) rowMax = r
      if (r > 0 && r > REPAIR_TOL * (Math.abs(ui) + Math.abs(v[j]) + Math.abs(cij))) bad = true
    }
    if (bad && repair) {
      col4row[i] = -1
      row4col[j0] = -1
      free[numFree++] = i
    } else if (rowMax > max) max = rowMax
  }
  return { maxDualViolation: max, numFree }
}

/**
 * JV's column reduction and reduction transfer on the full matrix (as sparseInit, with every column a
 * candidate), for a fresh start of the dense phase. v_j = min_i c_ij is taken row by row (the matrix is
 * row-major). Fills free with the unassigned rows and returns their number.
 */
function denseInit(c: Float64Array, n: number, v: Float64Array, col4row: Int32Array, row4col: Int32Array, free: Int32Array): number {
  const argmin = new Int32Array(n)
  for (let j = 0; j < n; j++) v[j] = c[j]
  for (let i = 1; i < n; i++) {
    const row = i * n
    for (let j = 0; j < n; j++) {
      const x = c[row + j]
      if (x < v[j]) {
        v[j] = x
        argmin[j] = i
      }
    }
  }
  const matches = new Int32Array(n)
  for (let j = n - 1; j >= 0; j--) {
    const i = argmin[j]
    if (++matches[i] === 1) {
      col4row[i] = j
      row4col[j] = i
    } else if (v[j] < v[col4row[i]]) {
      row4col[col4row[i]] = -1
      col4row[i] = j
      row4col[j] = i
    }
  }
  let numFree = 0
  for (let i = 0; i < n; i++) {
    if (matches[i] === 0) free[numFree++] = i
    else if (matches[i] === 1) {
      const j1 = col4row[i]
      const row = i * n
      let m = Infinity
      for (let j = 0; j < n; j++) {
        if (j !== j1) {
          const h = c[row + j] - v[j]
          if (h < m) m = h
        }
      }
      if (m < Infinity) v[j1] -= m
    }
  }
  return numFree
}

/**
 * Shortest augmenting paths on the full matrix for the rows in free[0 … numFree) (header, 4): JV's dense
 * `augment`. Requires duals feasible on the full matrix (min_j c_ij − v_j attained at σ(i) for every assigned
 * row). Columns sit in one index list: [0, low) settled, [low, up) at the current minimum distance, [up, n)
 * not yet reached at it; each scan runs over [up, n) only.
 */
function denseAugment(c: Float64Array, n: number, v: Float64Array, col4row: Int32Array, row4col: Int32Array, free: Int32Array, numFree: number): void {
  const d = new Float64Array(n)
  const pred = new Int32Array(n)
  const cols = new Int32Array(n)
  for (let f = 0; f < numFree; f++) {
    const f0 = free[f]
    const frow = f0 * n
    for (let j = 0; j < n; j++) {
      d[j] = c[frow + j] - v[j]
      pred[j] = f0
      cols[j] = j
    }
    let low = 0
    let up = 0
    let last = 0
    let dMin = 0
    let sink = -1
    search: for (;;) {
      if (up === low) {
        // Collect the columns at the next smallest distance into [low, up); a free one ends the search.
        last = low
        dMin = d[cols[up++]]
        for (let q = up; q < n; q++) {
          const j = cols[q]
          const x = d[j]
          if (x <= dMin) {
            if (x < dMin) {
              up = low
              dMin = x
            }
            cols[q] = cols[up]
            cols[up++] = j
          }
        }
        if (!(dMin < Infinity)) throw new Error('solveAssignment: no augmenting path (non-finite costs?)')
        for (let q = low; q < up; q++) {
          if (row4col[cols[q]] < 0) {
            sink = cols[q]
            break search
          }
        }
      }
      const j1 = cols[low++]
      const i = row4col[j1]
      const row = i * n
      const h = c[row + j1] - v[j1] - dMin
      for (let q = up; q < n; q++) {
        const j = cols[q]
        const x = c[row + j] - v[j] - h
        if (x < d[j]) {
          pred[j] = i
          if (x === dMin) {
            if (row4col[j] < 0) {
              sink = j
              break search
            }
            cols[q] = cols[up]
            cols[up++] = j
          }
          d[j] = x
        }
      }
    }
    for (let q = 0; q < last; q++) {
      const j = cols[q]
      v[j] += d[j] - dMin
    }
    let j = sink
    for (;;) {
      const r = pred[j]
      row4col[j] = r
      const prev = col4row[r]
      col4row[r] = j
      if (r === f0) break
      j = prev
    }
  }
}
