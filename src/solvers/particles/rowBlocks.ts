// The all-pairs sweeps of the Euler–Maruyama integrators (kacEuler.ts, fgm.ts, fournier.ts) visit the pairs
// i < j row by row: row i holds the N−1−i pairs (i, j > i). A time step is cut into row blocks of about equal
// pair counts, so that a long step can report progress between blocks. The cut changes no arithmetic: the
// blocks run in order and every pair's contribution is added in the same sequence either way.

/** Number of pairs (i, j), i < j, in rows 0 … i−1 of an N-particle sweep. */
export function pairsBeforeRow(N: number, i: number): number {
  return i * (N - 1) - (i * (i - 1)) / 2
}

/**
 * Boundaries of `blocks` row blocks: block b covers rows [out[b], out[b+1]); out[0] = 0, out[blocks] = N.
 * Block b ends at the first row boundary where at least (b+1)/blocks of all pairs are done.
 */
export function rowBlocks(N: number, blocks: number): Int32Array {
  const out = new Int32Array(blocks + 1)
  const total = pairsBeforeRow(N, N)
  let row = 0
  for (let b = 1; b < blocks; b++) {
    const target = (total * b) / blocks
    while (row < N && pairsBeforeRow(N, row) < target) row++
    out[b] = row
  }
  out[blocks] = N
  return out
}

/** v += inc and inc = 0 over the first n entries: the end of an Euler step (increments from the old state). */
export function applyIncrements(v: Float64Array, inc: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) {
    v[k] += inc[k]
    inc[k] = 0
  }
}
