// The round-robin tournament schedule by the classical circle method (a 1-factorisation of the complete
// graph K_N): all N(N−1)/2 unordered pairs of N particles split into rounds of disjoint pairs. Within a round no
// particle appears twice, so the pair updates of a round commute and can run in any order or in
// parallel with bit-identical results; rounds run one after another in round order.
//
// Even N: particle N−1 stays fixed, the others sit on a circle of N−1 seats and rotate one seat per
// round; round r pairs (r, N−1) and ((r+k) mod (N−1), (r−k) mod (N−1)) for k = 1 … N/2−1, which gives
// N−1 rounds of N/2 pairs. Odd N: add a ghost particle N (schedule N+1 players); whoever meets the ghost
// sits out that round, giving N rounds of (N−1)/2 pairs.

/** Number of rounds of one time step: N−1 for even N, N for odd N. */
export function roundCount(N: number): number {
  return N % 2 === 0 ? N - 1 : N
}

/**
 * Writes the pairs of round `round` (0 ≤ round < roundCount(N)) into out as (i, j) with i < j at
 * out[2k], out[2k+1]; returns the number of pairs, ⌊N/2⌋. out needs 2⌊N/2⌋ entries.
 */
export function roundPairs(N: number, round: number, out: Uint32Array): number {
  const players = N % 2 === 0 ? N : N + 1 // with the ghost for odd N
  const seats = players - 1 // the fixed player is players − 1 (the ghost when N is odd)
  let count = 0
  if (N % 2 === 0) {
    // The fixed player is a real particle (for odd N it is the ghost, and its partner round sits out).
    out[0] = round
    out[1] = seats
    count = 1
  }
  for (let k = 1; k < players / 2; k++) {
    let a = round + k
    if (a >= seats) a -= seats
    let b = round - k
    if (b < 0) b += seats
    out[2 * count] = a < b ? a : b
    out[2 * count + 1] = a < b ? b : a
    count++
  }
  return count
}
