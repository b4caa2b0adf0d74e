// Exact, reproducible i.i.d. samples of a stored deterministic density (DensityRecord, types.ts), for the
// W2 comparisons of the chaos diagnostics: a particle run's empirical measure against a reference density, always read
// against the statistical floor W2(two independent samples of the reference of the same size).
// Pure: no Node, no DOM.
//
// THE SAMPLED DENSITY, per kind (normalised to mass 1; the record's own mass is irrelevant):
//  - radial: ρ(v) = f(|v|) with f(r) = f_0 on [0, r_0], linear between consecutive radii on [r_0, r_last], 0
//    beyond r_last — exactly how densityView.ts reads a radial record — and then the pointwise positive part
//    max(f(r), 0) (negative values should not occur; where a piece crosses zero it is cut at the crossing,
//    so the sampled density is still continuous and piecewise linear in r). Radii must be non-decreasing
//    and ≥ 0; pieces of zero width carry no mass.
//  - grid: the piecewise-constant density equal to max(f_c, 0) on each cell c of [−L, L]³ (the cell of the
//    centre x_c, of side h = 2L/n), 0 outside the box; a periodic record is sampled on its one period
//    [−L, L]³ in the same way. This is NOT the trilinear interpolant that densityView.ts draws: the two
//    share the cell-centre values and differ by O(h²) in every expectation of a smooth test function
//    (both are O(h²) from the underlying smooth f by the midpoint rule). Visible example: the cell-uniform
//    position adds h²/12 per axis, so E|v|² exceeds the cell-centre sum by h²/4 (0.0156 at h = 0.25).
//  - weighted: Σ_p w⁺_p ψ_ε(v − x_p) / Σ_p w⁺_p, w⁺ = max(w, 0) (negative weights should not occur and
//    are treated as 0), ψ_ε the centred Gaussian of variance ε per axis; ε = 0 gives the weighted
//    empirical measure itself (samples are then copies of the particle positions x_p).
//
// HOW, and why it is exact (up to the 2⁻⁵³ grid of the uniforms and the round-off of the cumulative sums):
//  - radial: on a piece [a, b] (h = b − a) with end values f_a, f_b ≥ 0, write r = a(1 − s) + b s, s ∈ [0, 1].
//    Then r² f(r) = Σ_{j=0}^{3} c_j B_{j,3}(s), the cubic Bernstein basis, with
//      c_0 = a² f_a,  c_1 = (a² f_b + 2ab f_a)/3,  c_2 = (b² f_a + 2ab f_b)/3,  c_3 = b² f_b
//    (product of r² = (a², ab, b²) in degree 2 and f = (f_a, f_b) in degree 1), all ≥ 0. Since ∫₀¹ B_{j,3} = ¼,
//    the law of |v| on the whole record, ∝ r² f(r) dr, is the mixture over (piece, j) with weights
//    h·c_j of the laws a + h·S_j, S_j ∼ Beta(j + 1, 4 − j) (B_{j,3}/¼ is that Beta density). Beta(k, 5 − k)
//    is the law of the k-th smallest of four independent uniforms. So: pick (piece, j) from one CDF table
//    by binary search, s = the (j+1)-th smallest of four uniforms, r = a + h s — a composition method with
//    no iteration and no rejection, so each sample uses a fixed number of draws. The core [0, r_0] is the
//    piece a = 0, b = r_0, f_a = f_b = f_0 (then c = (0, 0, r_0² f_0/3, r_0² f_0), i.e. r² f_0). Direction:
//    uniform on S² (Archimedes, uniformDirection.ts), independent of r.
//  - grid: cell from a CDF table over the n³ cells (∝ max(f, 0)) by binary search, then a uniform point
//    of the cell.
//  - weighted: particle from a CDF table over max(w, 0) by binary search, then x_p + √ε·(g₁, g₂, g₃) with
//    Box–Muller normals (normal.ts).
//  A CDF search with a uniform t = u·total ∈ (0, total] returns the first entry whose cumulative sum is
//  ≥ t, which is never an entry of zero mass (its cumulative sum equals its predecessor's, which is < t).
//
// RANDOM STREAM (docs/NUMERICS.md §1 rule: a draw is addressed by what it is for). Sample i uses the Philox
// blocks of counter (i, d, 0, DSMP) under the caller's key (k0, k1), d = 0, 1, …, and nothing else, so
// sample i does not depend on n, on the other samples, or on which worker draws it. DSMP = 0x44534D50
// ("DSMP"), disjoint from STRM, INIT, KICK, FGMN, FOUR, PERM, PAIR, SLIC. Uniform q of a sample is the
// 53-bit uniform (normal.ts' uniform53, values in (0, 1]) of words (0, 1) of block ⌊q/2⌋ for even q and
// words (2, 3) for odd q:
//    radial    q0 the (piece, j) atom; q1–q4 the four uniforms of the order statistic; q5, q6 the direction
//              (q5 → height z = 1 − 2u, q6 → azimuth); 4 blocks, q7 unused
//    grid      q0 the cell; q1, q2, q3 the position in the cell along x, y, z; 2 blocks
//    weighted  q0 the particle (q1 unused); block 1 → normalPair (g₁, g₂), block 2 → normalPair (g₃, ·);
//              3 blocks (blocks 1, 2 only when ε > 0)
import { normalPair, uniform53 } from '../random/normal'
import { philox4x32 } from '../random/philox'
import { uniformDirection } from '../random/uniformDirection'
import type { DensityRecord } from './types'

/** Purpose word of the density-sampling stream: "DSMP". */
export const DENSITY_SAMPLE_PURPOSE = 0x44534d50

export interface SampleKey {
  k0: number
  k1: number
}

/** A record prepared for sampling (its CDF table built once), for drawing several samples of it. */
export interface DensitySampler {
  /** The record's mass as sampled: ∫ of the positive part of the density defined above. */
  readonly mass: number
  /**
   * Samples first, …, first + count − 1 (3·count coordinates, sample first + k at [3k, 3k + 3)); the
   * values are those of sampleDensity(d, first + count, key) from index `first` on.
   */
  sampleRange(first: number, count: number, key: SampleKey, out?: Float64Array): Float64Array
}

/**
 * n i.i.d. samples (Float64Array(3n), sample i at [3i, 3i + 3)) of the density that the record defines,
 * as stated in this file's header. Sample i is a pure function of (record, key, i). Writes into `out` when
 * given (length ≥ 3n) and returns it.
 */
export function sampleDensity(d: DensityRecord, n: number, key: SampleKey, out?: Float64Array): Float64Array {
  return createDensitySampler(d).sampleRange(0, n, key, out)
}

export function createDensitySampler(d: DensityRecord): DensitySampler {
  switch (d.kind) {
    case 'radial':
      return radialSampler(d)
    case 'grid':
      return gridSampler(d)
    case 'weighted':
      return weightedSampler(d)
  }
}

// Shared --------------------------------------------------------------------------------------------

const TWO_32 = 4294967296

type Draw = (i: number, w: Uint32Array, out: Float64Array, at: number) => void

function makeSampler(mass: number, blocks: number, draw: Draw): DensitySampler {
  return {
    mass,
    sampleRange(first, count, key, out) {
      if (!Number.isInteger(first) || first < 0 || !Number.isInteger(count) || count < 0 || first + count > TWO_32) {
        throw new RangeError(`sampleDensity: indices must be integers in [0, 2^32): first = ${first}, count = ${count}`)
      }
      const res = out ?? new Float64Array(3 * count)
      if (res.length < 3 * count) throw new RangeError(`sampleDensity: out has ${res.length} entries, ${3 * count} needed`)
      const { k0, k1 } = key
      const w = new Uint32Array(4 * blocks)
      for (let s = 0; s < count; s++) {
        const i = first + s
        for (let b = 0; b < blocks; b++) philox4x32(i, b, 0, DENSITY_SAMPLE_PURPOSE, k0, k1, w, 4 * b)
        draw(i, w, res, 3 * s)
      }
      return res
    },
  }
}

/** Uniform q ∈ (0, 1] of a sample whose blocks are in w (see the header's layout). */
function uq(w: Uint32Array, q: number): number {
  const b = 2 * q // = 4·⌊q/2⌋ + 2·(q mod 2)
  return uniform53(w[b], w[b + 1])
}

/** Cumulative sums of max(m, 0); throws unless the total is positive and finite. */
function cumulative(m: ArrayLike<number>, what: string): Float64Array {
  const c = new Float64Array(m.length)
  let s = 0
  for (let k = 0; k < m.length; k++) {
    const x = m[k]
    if (Number.isNaN(x)) throw new RangeError(`sampleDensity: ${what} has a NaN value at ${k}`)
    if (x > 0) s += x
    c[k] = s
  }
  if (!(s > 0 && Number.isFinite(s))) throw new RangeError(`sampleDensity: ${what} has total mass ${s}`)
  return c
}

/** The first k with c[k] ≥ t, for t ∈ (0, c[last]]: an entry of positive mass. */
function search(c: Float64Array, t: number): number {
  let lo = 0
  let hi = c.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (c[mid] >= t) hi = mid
    else lo = mid + 1
  }
  return lo
}

// Radial --------------------------------------------------------------------------------------------

function radialSampler(d: Extract<DensityRecord, { kind: 'radial' }>): DensitySampler {
  const { r, f } = d
  const m = r.length
  if (m === 0 || f.length !== m) throw new RangeError(`sampleDensity: radial record with ${m} radii and ${f.length} values`)
  for (let i = 0; i < m; i++) {
    if (!Number.isFinite(r[i]) || !Number.isFinite(f[i])) throw new RangeError(`sampleDensity: radial record has a non-finite entry at ${i}`)
    if (i === 0 ? r[0] < 0 : r[i] < r[i - 1]) throw new RangeError('sampleDensity: radii must be ≥ 0 and non-decreasing')
  }
  // Pieces [a, b] with end values fa, fb ≥ 0 (positive part, cut at zero crossings).
  const pa: number[] = []
  const pb: number[] = []
  const pfa: number[] = []
  const pfb: number[] = []
  const add = (a: number, b: number, fa: number, fb: number) => {
    if (b > a && (fa > 0 || fb > 0)) {
      pa.push(a)
      pb.push(b)
      pfa.push(fa)
      pfb.push(fb)
    }
  }
  add(0, r[0], Math.max(f[0], 0), Math.max(f[0], 0))
  for (let i = 0; i + 1 < m; i++) {
    const a = r[i]
    const b = r[i + 1]
    const fa = f[i]
    const fb = f[i + 1]
    if (fa >= 0 && fb >= 0) add(a, b, fa, fb)
    else if (fa > 0)
      add(a, Math.min(b, a + (b - a) * (fa / (fa - fb))), fa, 0) // fb < 0: positive on [a, zero]
    else if (fb > 0) add(Math.max(a, b - (b - a) * (fb / (fb - fa))), b, 0, fb) // fa < 0: positive on [zero, b]
  }
  const P = pa.length
  // Atom 4p + j: weight h·c_j of piece p (the common factor 4π/4 dropped).
  const atoms = new Float64Array(4 * P)
  for (let p = 0; p < P; p++) {
    const a = pa[p]
    const b = pb[p]
    const h = b - a
    const fa = pfa[p]
    const fb = pfb[p]
    atoms[4 * p] = h * a * a * fa
    atoms[4 * p + 1] = (h * (a * a * fb + 2 * a * b * fa)) / 3
    atoms[4 * p + 2] = (h * (b * b * fa + 2 * a * b * fb)) / 3
    atoms[4 * p + 3] = h * b * b * fb
  }
  if (P === 0) throw new RangeError('sampleDensity: radial record has total mass 0')
  const cdf = cumulative(atoms, 'radial record')
  const total = cdf[cdf.length - 1]
  const mass = Math.PI * total // 4π ∫ r² f dr = 4π Σ h c_j / 4
  return makeSampler(mass, 4, (_i, w, out, at) => {
    const k = search(cdf, uq(w, 0) * total)
    const p = k >> 2
    const s = orderStatistic4(uq(w, 1), uq(w, 2), uq(w, 3), uq(w, 4), k & 3)
    const rad = pa[p] + (pb[p] - pa[p]) * s
    uniformDirection(uq(w, 5), uq(w, 6), out, at)
    out[at] *= rad
    out[at + 1] *= rad
    out[at + 2] *= rad
  })
}

/** The (j+1)-th smallest of x0..x3 (j = 0 … 3): Beta(j + 1, 4 − j) for independent uniforms. */
function orderStatistic4(x0: number, x1: number, x2: number, x3: number, j: number): number {
  // Sorting network for four: (0,1), (2,3), (0,2), (1,3), (1,2).
  let t: number
  /* eslint-disable @typescript-eslint/no-unused-expressions -- each line one compare-and-swap, a comma sequence that keeps the network readable */
  if (x1 < x0) ((t = x0), (x0 = x1), (x1 = t))
  if (x3 < x2) ((t = x2), (x2 = x3), (x3 = t))
  if (x2 < x0) ((t = x0), (x0 = x2), (x2 = t))
  if (x3 < x1) ((t = x1), (x1 = x3), (x3 = t))
  if (x2 < x1) ((t = x1), (x1 = x2), (x2 = t))
  /* eslint-enable @typescript-eslint/no-unused-expressions */
  return j === 0 ? x0 : j === 1 ? x1 : j === 2 ? x2 : x3
}

// Grid ----------------------------------------------------------------------------------------------

function gridSampler(d: Extract<DensityRecord, { kind: 'grid' }>): DensitySampler {
  const { n, L, f } = d
  if (!(Number.isInteger(n) && n > 0) || f.length !== n * n * n) throw new RangeError(`sampleDensity: grid record with n = ${n} and ${f.length} values`)
  if (!(L > 0 && Number.isFinite(L))) throw new RangeError(`sampleDensity: grid half-width L = ${L}`)
  for (let c = 0; c < f.length; c++) if (!Number.isFinite(f[c])) throw new RangeError(`sampleDensity: grid record has a non-finite value at ${c}`)
  const cdf = cumulative(f, 'grid record')
  const total = cdf[cdf.length - 1]
  const h = (2 * L) / n
  const mass = total * h * h * h
  return makeSampler(mass, 2, (_i, w, out, at) => {
    const c = search(cdf, uq(w, 0) * total)
    const k = c % n
    const ij = (c - k) / n
    const j = ij % n
    const i = (ij - j) / n
    out[at] = -L + (i + uq(w, 1)) * h
    out[at + 1] = -L + (j + uq(w, 2)) * h
    out[at + 2] = -L + (k + uq(w, 3)) * h
  })
}

// Weighted ------------------------------------------------------------------------------------------

function weightedSampler(d: Extract<DensityRecord, { kind: 'weighted' }>): DensitySampler {
  const { n, eps, x, w: weights } = d
  if (!(Number.isInteger(n) && n > 0) || x.length !== 3 * n || weights.length !== n) {
    throw new RangeError(`sampleDensity: weighted record with n = ${n}, ${x.length} coordinates, ${weights.length} weights`)
  }
  if (!(eps >= 0 && Number.isFinite(eps))) throw new RangeError(`sampleDensity: weighted record with eps = ${eps}`)
  for (let c = 0; c < x.length; c++) if (!Number.isFinite(x[c])) throw new RangeError(`sampleDensity: weighted record has a non-finite coordinate at ${c}`)
  for (let p = 0; p < n; p++) if (!Number.isFinite(weights[p])) throw new RangeError(`sampleDensity: weighted record has a non-finite weight at ${p}`)
  const cdf = cumulative(weights, 'weighted record')
  const total = cdf[cdf.length - 1]
  const sd = Math.sqrt(eps)
  const g = new Float64Array(4)
  return makeSampler(total, eps > 0 ? 3 : 1, (_i, w, out, at) => {
    const p = search(cdf, uq(w, 0) * total)
    out[at] = x[3 * p]
    out[at + 1] = x[3 * p + 1]
    out[at + 2] = x[3 * p + 2]
    if (eps > 0) {
      normalPair(w, 4, g, 0)
      normalPair(w, 8, g, 2)
      out[at] += sd * g[0]
      out[at + 1] += sd * g[1]
      out[at + 2] += sd * g[2]
    }
  })
}
