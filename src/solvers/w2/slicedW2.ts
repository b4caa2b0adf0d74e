// Sliced W2 (Rabin, Peyré, Delon & Bernot, "Wasserstein barycenter and its application to texture
// mixing", SSVM 2011; Bonneel et al., J. Math. Imaging Vis. 51, 2015): SW2² = E_θ W2²(θ·X, θ·Y) over
// θ uniform on S², each 1-D term exact by the sorted formula (sortedW2.ts). O(m n log n) for m directions
// instead of the assignment's O(n³), so it scales beyond a few thousand points. It is a different
// distance, not an estimate of W2: for every θ, W2(θ·X, θ·Y) ≤ W2(X, Y) (projection is 1-Lipschitz), and
// averaging over the sphere shrinks a shift d to |d|²/3.
// Directions are a pure function of (key, index) through Philox, purpose word SLIC, so a reported value
// can be reproduced from its seed and count alone.
import { uniform53 } from '../random/normal'
import { philox4x32 } from '../random/philox'
import { sortedW2SquaredInPlace } from './sortedW2'

/** Purpose word of the direction stream: "SLIC", disjoint from STRM, INIT, KICK, FGMN, FOUR, PERM, PAIR. */
export const SLICE_PURPOSE = 0x534c4943

const TWO_PI = 6.283185307179586

/**
 * m unit vectors, uniform on S², as Float64Array(3m): direction d from the Philox block of counter
 * (d, 0, 0, SLIC) under key (k0, k1). Archimedes' hat-box theorem: z uniform on [−1, 1] and an
 * independent uniform azimuth give the uniform measure on the sphere, so one block (two 53-bit uniforms)
 * makes one direction with no rejection.
 */
export function sliceDirections(m: number, k0: number, k1: number): Float64Array {
  const dirs = new Float64Array(3 * m)
  const w = new Uint32Array(4)
  for (let d = 0; d < m; d++) {
    philox4x32(d, 0, 0, SLICE_PURPOSE, k0, k1, w, 0)
    const z = 2 * uniform53(w[0], w[1]) - 1
    const phi = TWO_PI * uniform53(w[2], w[3])
    const rho = Math.sqrt(Math.max(0, 1 - z * z))
    dirs[3 * d] = rho * Math.cos(phi)
    dirs[3 * d + 1] = rho * Math.sin(phi)
    dirs[3 * d + 2] = z
  }
  return dirs
}

export interface SlicedW2 {
  /** √(mean over directions of the 1-D W2²). */
  sw2: number
  /** The 1-D W2² along each direction, in direction order (its spread gives the Monte Carlo error). */
  perDirection: Float64Array
}

/**
 * Sliced W2 along the given directions (Float64Array(3m), used as given: pass unit vectors). x and y are
 * Float64Array(3n), point p at [3p, 3p+3).
 */
export function slicedW2Along(x: Float64Array, y: Float64Array, n: number, dirs: Float64Array): SlicedW2 {
  if (x.length < 3 * n || y.length < 3 * n) throw new RangeError('slicedW2: x and y need 3n coordinates')
  const m = Math.floor(dirs.length / 3)
  const px = new Float64Array(n)
  const py = new Float64Array(n)
  const perDirection = new Float64Array(m)
  let sum = 0
  for (let d = 0; d < m; d++) {
    const t0 = dirs[3 * d]
    const t1 = dirs[3 * d + 1]
    const t2 = dirs[3 * d + 2]
    for (let p = 0; p < n; p++) {
      px[p] = t0 * x[3 * p] + t1 * x[3 * p + 1] + t2 * x[3 * p + 2]
      py[p] = t0 * y[3 * p] + t1 * y[3 * p + 1] + t2 * y[3 * p + 2]
    }
    px.sort()
    py.sort()
    const w2sq = sortedW2SquaredInPlace(px, py)
    perDirection[d] = w2sq
    sum += w2sq
  }
  return { sw2: m === 0 ? 0 : Math.sqrt(sum / m), perDirection }
}

/** Sliced W2 over `directions` Philox-drawn uniform directions of key (k0, k1) (see sliceDirections). */
export function slicedW2(x: Float64Array, y: Float64Array, n: number, directions: number, k0: number, k1: number): SlicedW2 {
  return slicedW2Along(x, y, n, sliceDirections(directions, k0, k1))
}
