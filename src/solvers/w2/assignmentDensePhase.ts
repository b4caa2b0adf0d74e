// The dense phase of solveAssignment (its header, 4): JV's column reduction and shortest augmenting paths on the
// full matrix, for the rows the sparse phase left free or for a fresh start; the exact algorithm on its own.

/**
 * JV's column reduction and reduction transfer on the full matrix (as sparseInit, with every column a
 * candidate), for a fresh start of the dense phase. v_j = min_i c_ij is taken row by row (the matrix is
 * row-major). Fills free with the unassigned rows and returns their number.
 */
export function denseInit(c: Float64Array, n: number, v: Float64Array, col4row: Int32Array, row4col: Int32Array, free: Int32Array): number {
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
 * Shortest augmenting paths on the full matrix for the rows in free[0 … numFree) (solveAssignment.ts header, 4): JV's dense
 * `augment`. Requires duals feasible on the full matrix (min_j c_ij − v_j attained at σ(i) for every assigned
 * row). Columns sit in one index list: [0, low) settled, [low, up) at the current minimum distance, [up, n)
 * not yet reached at it; each scan runs over [up, n) only.
 */
export function denseAugment(c: Float64Array, n: number, v: Float64Array, col4row: Int32Array, row4col: Int32Array, free: Int32Array, numFree: number): void {
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
