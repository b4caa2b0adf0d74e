// Minimum-cost perfect assignment of a dense n × n cost matrix, the solver behind assignmentW2: the driver of
// its phases (candidates, sparse phase, full check, dense phase), kept apart from the W2 wrapper and the phases.
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
import { denseAugment, denseInit } from './assignmentDensePhase'
import { candidateGraph, sparseAugment, sparseInit } from './assignmentSparsePhase'

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
