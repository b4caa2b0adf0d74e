// The k-d tree search of kthNeighbourDistances (nearestNeighbours.ts; Bentley, "Multidimensional binary
// search trees used for associative searching", CACM 1975; Friedman, Bentley & Finkel, ACM TOMS 1977):
// balanced by median splits on the axis of largest spread (Wirth's selection), buckets of ≤ LEAF points,
// an implicit node layout (children 2k+1, 2k+2; a node's index range follows from its parent's), and a
// depth-first search that visits the nearer side first and prunes by the distance to the splitting plane.
// O(n log n) to build, about O(log n) per query. The reference the grid search (neighbourGrid.ts) matches
// bit for bit, and its fallback where cells come out crowded.

/** The contract of every search: n > k ≥ 1. */
export function checkNeighbourArgs(n: number, k: number): void {
  if (!(Number.isInteger(k) && k >= 1 && n > k)) throw new RangeError(`need n > k ≥ 1 (n = ${n}, k = ${k})`)
}

const LEAF = 8

/** The k-d tree search of kthNeighbourDistances (same contract, same bits). */
export function kthNeighbourDistancesTree(points: Float64Array, n: number, k: number, out: Float64Array): void {
  checkNeighbourArgs(n, k)
  const tree = buildTree(points, n, k)
  for (let t = 0; t < n; t++) out[tree.idx[t]] = Math.sqrt(treeSearch(tree, t))
}

export interface Tree {
  n: number
  k: number
  splitDim: Uint8Array
  splitVal: Float64Array
  /** idx[t]: the point at tree position t. */
  idx: Int32Array
  /** Coordinates in tree order, so a bucket is contiguous in memory. */
  p: Float64Array
  bestD: Float64Array
  /** The search stack: (node, lo, hi, lower bound²). */
  qs: Float64Array
}

export function buildTree(points: Float64Array, n: number, k: number): Tree {
  let depth = 0
  for (let s = n; s > LEAF; s = Math.ceil(s / 2)) depth++
  const nodes = 2 ** (depth + 1)
  const splitDim = new Uint8Array(nodes)
  const splitVal = new Float64Array(nodes)
  const idx = new Int32Array(n)
  for (let i = 0; i < n; i++) idx[i] = i

  // Build, depth first with an explicit stack of (node, lo, hi).
  const stack = new Float64Array(4 * (depth + 2) + 8)
  let sp = 0
  stack[sp++] = 0
  stack[sp++] = 0
  stack[sp++] = n
  while (sp > 0) {
    const hi = stack[--sp]
    const lo = stack[--sp]
    const node = stack[--sp]
    if (hi - lo <= LEAF) continue
    let best = 0
    let spread = -1
    for (let d = 0; d < 3; d++) {
      let mn = Infinity
      let mx = -Infinity
      for (let t = lo; t < hi; t++) {
        const x = points[3 * idx[t] + d]
        if (x < mn) mn = x
        if (x > mx) mx = x
      }
      if (mx - mn > spread) {
        spread = mx - mn
        best = d
      }
    }
    const mid = (lo + hi) >>> 1
    select(points, idx, best, lo, hi - 1, mid)
    splitDim[node] = best
    splitVal[node] = points[3 * idx[mid] + best]
    stack[sp++] = 2 * node + 1
    stack[sp++] = lo
    stack[sp++] = mid
    stack[sp++] = 2 * node + 2
    stack[sp++] = mid
    stack[sp++] = hi
  }

  const p = new Float64Array(3 * n)
  for (let t = 0; t < n; t++) {
    p[3 * t] = points[3 * idx[t]]
    p[3 * t + 1] = points[3 * idx[t] + 1]
    p[3 * t + 2] = points[3 * idx[t] + 2]
  }
  const bestD = new Float64Array(k) // the k smallest squared distances so far, ascending
  const qs = new Float64Array(4 * (depth + 2) + 8)
  return { n, k, splitDim, splitVal, idx, p, bestD, qs }
}

/** The k-th smallest squared distance from the point at tree position t to the others. */
export function treeSearch(tree: Tree, t: number): number {
  const { n, k, splitDim, splitVal, p, bestD, qs } = tree
  const qx = p[3 * t]
  const qy = p[3 * t + 1]
  const qz = p[3 * t + 2]
  bestD.fill(Infinity)
  let worst = Infinity
  let top = 0
  qs[top++] = 0
  qs[top++] = 0
  qs[top++] = n
  qs[top++] = 0
  while (top > 0) {
    const bound = qs[--top]
    const hi = qs[--top]
    const lo = qs[--top]
    const node = qs[--top]
    if (bound >= worst) continue
    if (hi - lo <= LEAF) {
      worst = scan(p, bestD, k, t, qx, qy, qz, lo, hi, worst)
      continue
    }
    const mid = (lo + hi) >>> 1
    const dim = splitDim[node]
    const diff = (dim === 0 ? qx : dim === 1 ? qy : qz) - splitVal[node]
    const far2 = Math.max(bound, diff * diff)
    // Push the far side first, so the near side (which shrinks `worst` fastest) is searched first.
    if (diff < 0) {
      qs[top++] = 2 * node + 2
      qs[top++] = mid
      qs[top++] = hi
      qs[top++] = far2
      qs[top++] = 2 * node + 1
      qs[top++] = lo
      qs[top++] = mid
      qs[top++] = bound
    } else {
      qs[top++] = 2 * node + 1
      qs[top++] = lo
      qs[top++] = mid
      qs[top++] = far2
      qs[top++] = 2 * node + 2
      qs[top++] = mid
      qs[top++] = hi
      qs[top++] = bound
    }
  }
  return worst
}

/**
 * Wirth's selection (Wirth, "Algorithms + Data Structures = Programs", 1976): permutes idx[l .. r] so that
 * the coordinate d of idx[m] is the one a sort would put there, with none larger before it and none smaller
 * after it.
 */
function select(points: Float64Array, idx: Int32Array, d: number, l: number, r: number, m: number): void {
  while (l < r) {
    const x = points[3 * idx[m] + d]
    let i = l
    let j = r
    do {
      while (points[3 * idx[i] + d] < x) i++
      while (x < points[3 * idx[j] + d]) j--
      if (i <= j) {
        const s = idx[i]
        idx[i] = idx[j]
        idx[j] = s
        i++
        j--
      }
    } while (i <= j)
    if (j < m) l = i
    if (m < i) r = j
  }
}

/**
 * Points u in [from, to) but t against the k best so far (bestD, ascending); returns the new k-th best.
 * The one place both searches compute a pair's squared distance: the same expression, so the same bits.
 */
export function scan(
  p: Float64Array,
  bestD: Float64Array,
  k: number,
  t: number,
  qx: number,
  qy: number,
  qz: number,
  from: number,
  to: number,
  worst: number,
): number {
  for (let u = from; u < to; u++) {
    if (u === t) continue
    const dx = p[3 * u] - qx
    const dy = p[3 * u + 1] - qy
    const dz = p[3 * u + 2] - qz
    const d2 = dx * dx + dy * dy + dz * dz
    if (d2 < worst) {
      let s = k - 1
      while (s > 0 && bestD[s - 1] > d2) {
        bestD[s] = bestD[s - 1]
        s--
      }
      bestD[s] = d2
      worst = bestD[k - 1]
    }
  }
  return worst
}
