// The sparse phase of solveAssignment (its header, 1–2): the candidate graph, JV's column reduction on it and
// shortest augmenting paths over candidate edges only; separate because it is the bulk of the code and of the speed.

/**
 * The candidate graph (solveAssignment.ts header, 1) in compressed rows: row i's columns are adj[start[i] … start[i+1]), its k
 * cheapest first, then the columns that have i among their k cheapest rows (no duplicates). Ties keep the
 * lower index. Also checks that every cost is finite.
 */
export function candidateGraph(c: Float64Array, n: number, k: number, gu: Float64Array, gv: Float64Array): { start: Int32Array; adj: Int32Array } {
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
export function sparseInit(
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
 * Shortest augmenting paths on the candidate graph (solveAssignment.ts header, 2), one free row after the other: Dijkstra with
 * an indexed binary heap on the path lengths d_j (reduced costs c_ij − v_j − u_i ≥ 0 along the way, u_i
 * implicit), stopped at the first free column settled; then the settled columns' v move by d_j − d_sink
 * (≤ 0), which keeps the invariant of sparseInit and makes the path tight, and the path is flipped. A row
 * from which no free column is reachable inside the graph stays free (for the dense phase): it is written
 * back into free[0 …), whose new length is returned.
 */
export function sparseAugment(
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
