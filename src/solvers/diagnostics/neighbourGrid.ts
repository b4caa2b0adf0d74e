// The cell-grid search of kthNeighbourDistances (nearestNeighbours.ts, whose header says why it returns
// the tree's bits): cells are products of per-axis bins cut at the sample quantiles of each coordinate, so
// a product density (a Maxwellian, a bi-Maxwellian, two beams along an axis) puts about CELL_OCCUPANCY
// points in every cell, bulk and tails alike; a query scans shells of cells around its own, skips every cell
// whose box is no nearer than the k-th best so far, and stops once the next shell's nearest face is no
// nearer.
import { buildTree, checkNeighbourArgs, scan, treeSearch, type Tree } from './neighbourTree'

/** Points per cell the grid aims at: fewer means more empty cells to skip, more means more distances. */
const CELL_OCCUPANCY = 2
/**
 * The grid is used when Σ_cells count² ≤ this · n (about 1 + CELL_OCCUPANCY for points spread like their
 * marginals' product); above it the distances a query computes grow with the crowding, and the tree is used.
 */
const CROWDING_LIMIT = 8
/**
 * z rows of cells the searches beyond a point's 3×3×3 block may visit, per point, before the remaining
 * such searches go to the tree: far-tail cells are wide bins, so a tail heavy enough (Cauchy-like, no
 * finite energy) makes those searches span many shells, and the tree's cost does not depend on that.
 */
const WORK_LIMIT = 64
const GOLDEN = (Math.sqrt(5) - 1) / 2
/**
 * Coordinates sorted to place the bin edges: a sample of at most this many points per bin of an axis (about
 * ±18 % in a bin's count, which the crowding check tolerates). Sorting a fixed 4096 cost ≈ 1.5 ms a search,
 * most of a small group's (the SE's, moments.ts) and a fifth of a 32 768-point pool's; the edges only place
 * the cells, the distances found are exact whatever they are.
 */
const EDGE_SAMPLE_PER_BIN = 32

/**
 * The grid search of kthNeighbourDistances. Returns false, writing nothing, when the cells come out
 * crowded (Σ count² > CROWDING_LIMIT · n): the caller then runs the tree. Once the searches have spent
 * WORK_LIMIT, the points still to search are answered by a k-d tree over all points, built then.
 */
export function kthNeighbourDistancesGrid(points: Float64Array, n: number, k: number, out: Float64Array): boolean {
  checkNeighbourArgs(n, k)
  const b = Math.max(1, Math.round(Math.cbrt(n / CELL_OCCUPANCY)))
  // Bin edges e_d[1 .. b−1] at the sample quantiles j/b of coordinate d; bin j of axis d holds the x with
  // e_d[j] ≤ x < e_d[j+1] (e_d[0] = −∞, e_d[b] = +∞ are never read). Any non-decreasing edges are correct;
  // quantiles make the cells even. The sample is spread over the indices by the golden ratio, so no
  // period in the points' order (replicas end to end, beams alternating) can bias it.
  const E = b + 1
  const edges = new Float64Array(3 * E)
  const m = Math.min(n, EDGE_SAMPLE_PER_BIN * b)
  const sample = new Float64Array(m)
  const at = new Int32Array(m)
  for (let s = 0; s < m; s++) at[s] = m === n ? s : Math.floor(((s * GOLDEN) % 1) * n)
  for (let d = 0; d < 3; d++) {
    for (let s = 0; s < m; s++) sample[s] = points[3 * at[s] + d]
    sample.sort()
    edges[d * E] = -Infinity
    for (let j = 1; j < b; j++) edges[d * E + j] = sample[Math.floor((j * m) / b)]
    edges[d * E + b] = Infinity
  }
  const cells = b * b * b
  const cellOf = new Int32Array(n)
  const start = new Int32Array(cells + 1)
  const lut = binLookup(edges, b)
  for (let i = 0; i < n; i++) {
    const c = (bin(edges, lut, 0, b, points[3 * i]) * b + bin(edges, lut, 1, b, points[3 * i + 1])) * b + bin(edges, lut, 2, b, points[3 * i + 2])
    cellOf[i] = c
    start[c + 1]++
  }
  let crowding = 0
  for (let c = 1; c <= cells; c++) crowding += start[c] * start[c]
  if (crowding > CROWDING_LIMIT * n) return false
  for (let c = 0; c < cells; c++) start[c + 1] += start[c]
  // Coordinates in cell order (a counting sort), so a cell, and a z row of cells, is contiguous in memory.
  const p = new Float64Array(3 * n)
  const idx = new Int32Array(n)
  const fill = start.slice(0, cells)
  for (let i = 0; i < n; i++) {
    const t = fill[cellOf[i]]++
    idx[t] = i
    p[3 * t] = points[3 * i]
    p[3 * t + 1] = points[3 * i + 1]
    p[3 * t + 2] = points[3 * i + 2]
  }

  const W = 2 * b + 1
  const g: Grid = { b, E, edges, start, p, k, bestD: new Float64Array(k), gap2: new Float64Array(3 * W), W, work: 0, budget: WORK_LIMIT * n }
  let tree: Tree | undefined
  let treePos: Int32Array | undefined
  const outlier = (t: number): number => {
    if (!tree || !treePos) {
      tree = buildTree(points, n, k)
      treePos = new Int32Array(n)
      for (let u = 0; u < n; u++) treePos[tree.idx[u]] = u
    }
    return treeSearch(tree, treePos[idx[t]])
  }
  // For k = 1 (the entropy's), the nearest neighbour of most points lies in the 3×3×3 block of cells around
  // its own. One sweep over the pairs of neighbouring cells, each pair once (the squared distance does not
  // depend on which point is the query: negating a rounded difference is exact), finds every point's
  // nearest in its block for little more than the distances; only the points whose block's faces may be
  // nearer than that are searched further, from shell 2.
  const block = k === 1 ? nearestInBlocks(p, start, b) : undefined
  for (let cx = 0; cx < b; cx++)
    for (let cy = 0; cy < b; cy++)
      for (let cz = 0; cz < b; cz++) {
        const own = (cx * b + cy) * b + cz
        for (let t = start[own]; t < start[own + 1]; t++) {
          let d2: number
          if (block) {
            const w = block[t]
            const qx = p[3 * t]
            const qy = p[3 * t + 1]
            const qz = p[3 * t + 2]
            // Cells outside the block are no nearer than the nearest slab two bins away.
            const further =
              (cx >= 2 && sq(qx - edges[cx - 1]) < w) ||
              (cx + 2 < b && sq(edges[cx + 2] - qx) < w) ||
              (cy >= 2 && sq(qy - edges[E + cy - 1]) < w) ||
              (cy + 2 < b && sq(edges[E + cy + 2] - qy) < w) ||
              (cz >= 2 && sq(qz - edges[2 * E + cz - 1]) < w) ||
              (cz + 2 < b && sq(edges[2 * E + cz + 2] - qz) < w)
            d2 = further ? searchGrid(g, t, cx, cy, cz, 2, w) : w
          } else {
            d2 = searchGrid(g, t, cx, cy, cz, 0, Infinity)
          }
          out[idx[t]] = Math.sqrt(d2 < 0 ? outlier(t) : d2)
        }
      }
  return true
}

interface Grid {
  b: number
  E: number
  edges: Float64Array
  start: Int32Array
  p: Float64Array
  bestD: Float64Array
  gap2: Float64Array
  W: number
  k: number
  /** z rows of cells visited beyond the first shells so far, and the most allowed (WORK_LIMIT · n). */
  work: number
  budget: number
}

/**
 * The k-th smallest squared distance from point t (in cell order; its cell (cx, cy, cz)) to the others.
 * With r0 > 0 (k = 1 only), the shells below r0 are known to hold no point nearer than w0, the best so far.
 * Returns −1, the search unfinished, once the grid's searches together have spent their budget.
 */
function searchGrid(g: Grid, t: number, cx: number, cy: number, cz: number, r0: number, w0: number): number {
  const { b, E, edges, start, p, bestD, gap2, W, k } = g
  const qx = p[3 * t]
  const qy = p[3 * t + 1]
  const qz = p[3 * t + 2]
  bestD.fill(Infinity)
  bestD[0] = w0
  let worst = k === 1 ? w0 : Infinity
  const bb = b * b
  const X = b
  const Y = W + b
  const Z = 2 * W + b
  gap2[X] = 0
  gap2[Y] = 0
  gap2[Z] = 0
  for (let o = 1; o <= r0; o++) {
    if (cx - o >= 0) gap2[X - o] = sq(qx - edges[cx - o + 1])
    if (cx + o < b) gap2[X + o] = sq(edges[cx + o] - qx)
    if (cy - o >= 0) gap2[Y - o] = sq(qy - edges[E + cy - o + 1])
    if (cy + o < b) gap2[Y + o] = sq(edges[E + cy + o] - qy)
    if (cz - o >= 0) gap2[Z - o] = sq(qz - edges[2 * E + cz - o + 1])
    if (cz + o < b) gap2[Z + o] = sq(edges[2 * E + cz + o] - qz)
  }
  for (let r = r0; ; r++) {
    // Shell r: the cells whose bin offsets (ox, oy, oz) from the query's have max |o| = r. A cell is no
    // nearer than the sum of its slabs' squared gaps: for o < 0 the slab lies below e[c+o+1] ≤ q, for o > 0
    // at or above e[c+o] > q (the sum in the distance's order, so it never exceeds a computed distance).
    const xlo = Math.max(-r, -cx)
    const xhi = Math.min(r, b - 1 - cx)
    const ylo = Math.max(-r, -cy)
    const yhi = Math.min(r, b - 1 - cy)
    const zlo = Math.max(-r, -cz)
    const zhi = Math.min(r, b - 1 - cz)
    for (let ox = xlo; ox <= xhi; ox++) {
      const gx2 = gap2[X + ox]
      if (gx2 >= worst) continue
      for (let oy = ylo; oy <= yhi; oy++) {
        const gxy = gx2 + gap2[Y + oy]
        if (gxy >= worst) continue
        const row = (cx + ox) * bb + (cy + oy) * b + cz
        // On the shell's x or y faces the whole z row belongs to shell r: its cells are contiguous in cell
        // order, so they are scanned as one range, bounded by the row's x, y gaps alone (the z gaps only
        // prune further, and at r = 1 a row holds 3 cells of ≈ CELL_OCCUPANCY points). Inside those faces
        // only the row's two z-face cells belong to shell r.
        if (ox === -r || ox === r || oy === -r || oy === r) {
          worst = scan(p, bestD, k, t, qx, qy, qz, start[row + zlo], start[row + zhi + 1], worst)
        } else {
          if (-r >= zlo && gxy + gap2[Z - r] < worst) worst = scan(p, bestD, k, t, qx, qy, qz, start[row - r], start[row - r + 1], worst)
          if (r > 0 && r <= zhi && gxy + gap2[Z + r] < worst) worst = scan(p, bestD, k, t, qx, qy, qz, start[row + r], start[row + r + 1], worst)
        }
      }
    }
    // Every cell not yet scanned lies beyond shell r on some axis, so it is no nearer than the nearest of
    // the next shell's slabs that exist; stop when that is no nearer than the k-th best.
    const nr = r + 1
    let bound = Infinity
    if (cx - nr >= 0) bound = Math.min(bound, (gap2[X - nr] = sq(qx - edges[cx - nr + 1])))
    if (cx + nr < b) bound = Math.min(bound, (gap2[X + nr] = sq(edges[cx + nr] - qx)))
    if (cy - nr >= 0) bound = Math.min(bound, (gap2[Y - nr] = sq(qy - edges[E + cy - nr + 1])))
    if (cy + nr < b) bound = Math.min(bound, (gap2[Y + nr] = sq(edges[E + cy + nr] - qy)))
    if (cz - nr >= 0) bound = Math.min(bound, (gap2[Z - nr] = sq(qz - edges[2 * E + cz - nr + 1])))
    if (cz + nr < b) bound = Math.min(bound, (gap2[Z + nr] = sq(edges[2 * E + cz + nr] - qz)))
    if (bound >= worst) return worst // also when no cell is left (bound = ∞ ≥ worst)
    g.work += (2 * nr + 1) * (2 * nr + 1)
    if (g.work > g.budget) return -1
  }
}

/**
 * For each point t (in cell order), the smallest squared distance to another point in the 3×3×3 block of
 * cells around t's own (∞ if none): every pair of points in one cell or in two neighbouring cells, once.
 */
function nearestInBlocks(p: Float64Array, start: Int32Array, b: number): Float64Array {
  const n = start[b * b * b]
  const best = new Float64Array(n).fill(Infinity)
  const bb = b * b
  for (let cx = 0; cx < b; cx++)
    for (let cy = 0; cy < b; cy++)
      for (let cz = 0; cz < b; cz++) {
        const own = (cx * b + cy) * b + cz
        const a0 = start[own]
        const a1 = start[own + 1]
        if (a0 === a1) continue
        // The cell with itself, then with the 13 neighbours after it in cell order: the next cell of its z
        // row, and the z rows (three contiguous cells, clipped to the grid) at (0, +1), (+1, −1), (+1, 0),
        // (+1, +1) in (x, y).
        pairsWithin(p, best, a0, a1)
        if (cz + 1 < b) pairsBetween(p, best, a0, a1, a1, start[own + 2])
        const zlo = cz > 0 ? -1 : 0
        const zhi = cz + 1 < b ? 2 : 1
        if (cy + 1 < b) pairsBetween(p, best, a0, a1, start[own + b + zlo], start[own + b + zhi])
        if (cx + 1 < b) {
          const up = own + bb
          if (cy > 0) pairsBetween(p, best, a0, a1, start[up - b + zlo], start[up - b + zhi])
          pairsBetween(p, best, a0, a1, start[up + zlo], start[up + zhi])
          if (cy + 1 < b) pairsBetween(p, best, a0, a1, start[up + b + zlo], start[up + b + zhi])
        }
      }
  return best
}

function pairsWithin(p: Float64Array, best: Float64Array, a0: number, a1: number): void {
  for (let a = a0; a < a1; a++) {
    const ax = p[3 * a]
    const ay = p[3 * a + 1]
    const az = p[3 * a + 2]
    let wa = best[a]
    for (let u = a + 1; u < a1; u++) {
      const dx = p[3 * u] - ax
      const dy = p[3 * u + 1] - ay
      const dz = p[3 * u + 2] - az
      const d2 = dx * dx + dy * dy + dz * dz
      if (d2 < wa) wa = d2
      if (d2 < best[u]) best[u] = d2
    }
    best[a] = wa
  }
}

function pairsBetween(p: Float64Array, best: Float64Array, a0: number, a1: number, u0: number, u1: number): void {
  for (let a = a0; a < a1; a++) {
    const ax = p[3 * a]
    const ay = p[3 * a + 1]
    const az = p[3 * a + 2]
    let wa = best[a]
    for (let u = u0; u < u1; u++) {
      const dx = p[3 * u] - ax
      const dy = p[3 * u + 1] - ay
      const dz = p[3 * u + 2] - az
      const d2 = dx * dx + dy * dy + dz * dz
      if (d2 < wa) wa = d2
      if (d2 < best[u]) best[u] = d2
    }
    best[a] = wa
  }
}

const sq = (x: number) => x * x

/** Buckets a axis in binLookup's table: a few per bin, so that bin() walks a step or two from its guess. */
const LOOKUP_PER_BIN = 4

/**
 * Per axis d, a table of the bin at the low end of each of L = LOOKUP_PER_BIN·b equal buckets spanning
 * [e_d[1], e_d[b−1]], and the bucket scale, so bin() starts from a guess instead of a binary search
 * (branchy, and the costliest part of building the grid). The guess only saves steps: bin() checks it
 * against the edges themselves.
 */
function binLookup(edges: Float64Array, b: number): { table: Int32Array; lo: Float64Array; scale: Float64Array; L: number } {
  const E = b + 1
  const L = LOOKUP_PER_BIN * b
  const table = new Int32Array(3 * L)
  const lo = new Float64Array(3)
  const scale = new Float64Array(3)
  for (let d = 0; d < 3; d++) {
    const a = edges[d * E + Math.min(1, b - 1)]
    const z = edges[d * E + Math.max(1, b - 1)]
    lo[d] = a
    scale[d] = z > a ? L / (z - a) : 0
    let j = 0
    for (let q = 0; q < L; q++) {
      const x = scale[d] > 0 ? a + q / scale[d] : a
      while (j < b - 1 && edges[d * E + j + 1] <= x) j++
      table[d * L + q] = j
    }
  }
  return { table, lo, scale, L }
}

/** The bin of x on axis d: the j with e_d[j] ≤ x < e_d[j+1] (e_d[0] = −∞, e_d[b] = +∞), exactly. */
function bin(edges: Float64Array, lut: ReturnType<typeof binLookup>, d: number, b: number, x: number): number {
  if (b === 1) return 0 // one bin, and no finite edge for the table to start from
  const E = b + 1
  const f = (x - lut.lo[d]) * lut.scale[d]
  let j = f < 0 ? 0 : f >= lut.L ? b - 1 : lut.table[d * lut.L + Math.floor(f)]
  while (j > 0 && edges[d * E + j] > x) j--
  while (j < b - 1 && edges[d * E + j + 1] <= x) j++
  return j
}
