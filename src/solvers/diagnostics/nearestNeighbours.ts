// Exact k-nearest-neighbour distances of n points in R³, by two searches that return the same bits:
//  - a cell grid (kthNeighbourDistancesGrid), the default: cells are products of per-axis bins cut at the
//    sample quantiles of each coordinate, so a product density (a Maxwellian, a bi-Maxwellian, two beams
//    along an axis) puts about CELL_OCCUPANCY points in every cell, bulk and tails alike; a query scans
//    shells of cells around its own, skips every cell whose box is no nearer than the k-th best so far,
//    and stops once the next shell's nearest face is no nearer. About 10× faster than the tree on the
//    history rows' samples (docs/BENCHMARKS.md, "history row").
//  - a k-d tree (kthNeighbourDistancesTree; Bentley, "Multidimensional binary search trees used for
//    associative searching", CACM 1975; Friedman, Bentley & Finkel, ACM TOMS 1977), the fallback where
//    the grid's cells come out crowded (points on a curve or a plane, heavy ties, tiny n): its cost does
//    not depend on how the points lie.
// Both compute the squared distance of a pair as (p_u − p_t)_x² + (p_u − p_t)_y² + (p_u − p_t)_z², summed
// in that order, and prune only by lower bounds that floating point cannot push above that computed value
// (a gap to a cell face or a splitting plane is itself a rounded coordinate difference no larger in
// magnitude than the pair's, and rounding, squaring and adding non-negative terms are monotone). So each
// returns the exact k-th smallest of the same n − 1 rounded numbers, and the two agree bit for bit
// (test/solvers/diagnostics/nearestNeighbours.test.ts): which search ran never changes a stored history.
import { kthNeighbourDistancesGrid } from './neighbourGrid'
import { checkNeighbourArgs, kthNeighbourDistancesTree } from './neighbourTree'

export { kthNeighbourDistancesGrid } from './neighbourGrid'
export { kthNeighbourDistancesTree } from './neighbourTree'

/**
 * Below this many points the tree is used: the grid's fixed costs (bins, counting sort) do not pay. Measured
 * on 32 Maxwellian samples each: grid/tree time 4.7 at 16 points, 3.0 at 32, 0.85 at 64, 0.71 at 128, 0.55
 * at 243 (the SE's smallest groups, moments.ts).
 */
const GRID_MIN_POINTS = 64

/**
 * Writes to out[i] the Euclidean distance from point i (points[3i .. 3i+3)) to its k-th nearest OTHER
 * point, for i < n. Requires n > k ≥ 1 and finite coordinates. Exact (no approximation); ties count once
 * each. The grid search where it is fast, the k-d tree otherwise: the same bits either way.
 */
export function kthNeighbourDistances(points: Float64Array, n: number, k: number, out: Float64Array): void {
  checkNeighbourArgs(n, k)
  if (n < GRID_MIN_POINTS || !kthNeighbourDistancesGrid(points, n, k, out)) kthNeighbourDistancesTree(points, n, k, out)
}
