// Deterministic test clouds for the W2 tests: standard-normal or uniform points in R³ from Philox blocks.
// Counter (b, cloud, 0, 0) under a fixed test key, so distinct `cloud` indices are independent samples.
import { normalPair, uniform53 } from '../../../src/solvers/random/normal'
import { philox4x32 } from '../../../src/solvers/random/philox'

const K0 = 0x57325445 // "W2TE": a key used by these tests only
const K1 = 0x53545331

/** n standard-normal points in R³ (Float64Array(3n)); block b gives coordinates 2b, 2b+1. */
export function normalCloud(n: number, cloud: number): Float64Array {
  const out = new Float64Array(3 * n + 1)
  const w = new Uint32Array(4)
  for (let b = 0; 2 * b < 3 * n; b++) {
    philox4x32(b, cloud, 0, 0, K0, K1, w, 0)
    normalPair(w, 0, out, 2 * b)
  }
  return out.slice(0, 3 * n)
}

/** n uniforms on (0, 1] (block b gives values 2b, 2b+1). */
export function uniforms(n: number, cloud: number): Float64Array {
  const out = new Float64Array(n + 1)
  const w = new Uint32Array(4)
  for (let b = 0; 2 * b < n; b++) {
    philox4x32(b, cloud, 1, 0, K0, K1, w, 0)
    out[2 * b] = uniform53(w[0], w[1])
    out[2 * b + 1] = uniform53(w[2], w[3])
  }
  return out.slice(0, n)
}

/** Minimum of Σ_i c[i·n + σ(i)] over all n! permutations σ, by depth-first enumeration (n ≤ 9). */
export function bruteForceAssignmentCost(c: Float64Array, n: number): number {
  const used = new Uint8Array(n)
  let best = Infinity
  const visit = (i: number, acc: number): void => {
    if (i === n) {
      if (acc < best) best = acc
      return
    }
    for (let j = 0; j < n; j++) {
      if (used[j]) continue
      used[j] = 1
      visit(i + 1, acc + c[i * n + j])
      used[j] = 0
    }
  }
  visit(0, 0)
  return best
}
