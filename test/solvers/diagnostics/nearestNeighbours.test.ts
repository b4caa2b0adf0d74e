// The cell-grid kNN search (nearestNeighbours.ts, kthNeighbourDistancesGrid) against the k-d tree it replaced
// as the default (kthNeighbourDistancesTree): the same distances BIT FOR BIT, so a history row (entropy_knn,
// entropy_knn_se) does not depend on which search ran. Both compute the exact k-th smallest of the same
// rounded squared distances; these cases exercise every path of the grid: the 3×3×3 block sweep (k = 1),
// the shell search beyond it, the shell search alone (k > 1), the tree answering the rest once the grid's
// work budget is spent (Cauchy tails), and the crowding test that hands the whole search to the tree
// (points on a line, all points equal). The dispatcher's result must match the tree as well.
import { describe, expect, it } from 'vitest'
import { sampleInitial } from '../../../src/solvers/initial/initialData'
import { kthNeighbourDistances, kthNeighbourDistancesGrid, kthNeighbourDistancesTree } from '../../../src/solvers/diagnostics/nearestNeighbours'

/** A small seeded uniform generator (mulberry32), enough to shape the point sets below. */
function uniforms(seed: number): () => number {
  let s = seed | 0
  return () => {
    s = (s + 0x6d2b79f5) | 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296
  }
}

function normals(n: number, key: number): Float64Array {
  const v = new Float64Array(3 * n)
  sampleInitial({ family: 'maxwellian' }, n, 0x6e6e, key, v) // N(0, I₃), i.i.d.
  return v
}

type Shape = (n: number) => Float64Array

const SHAPES: Record<string, Shape> = {
  gaussian: (n) => normals(n, 1),
  // Two beams along x, alternating in the point order (a period the bin-edge sample must not alias).
  'two beams': (n) => {
    const v = normals(n, 2)
    for (let i = 0; i < n; i++) v[3 * i] = 0.3 * v[3 * i] + (i % 2 ? 2 : -2)
    return v
  },
  // Student t₃ coordinates (finite variance, heavy tails): the shell search runs far for tail points.
  'student t3': (n) => {
    const v = normals(n, 3)
    const w = normals(n, 4)
    for (let i = 0; i < n; i++) {
      const chi2 = (w[3 * i] ** 2 + w[3 * i + 1] ** 2 + w[3 * i + 2] ** 2) / 3
      for (let d = 0; d < 3; d++) v[3 * i + d] /= Math.sqrt(chi2)
    }
    return v
  },
  // Cauchy coordinates: tails heavy enough that the grid spends its budget and the tree answers the rest.
  cauchy: (n) => {
    const u = uniforms(5)
    const v = new Float64Array(3 * n)
    for (let i = 0; i < 3 * n; i++) v[i] = Math.tan(Math.PI * (u() - 0.5))
    return v
  },
  // Coordinates on a lattice of step 1/8: many equal distances, equal coordinates on bin edges.
  'ties on a lattice': (n) => {
    const v = normals(n, 6)
    for (let i = 0; i < 3 * n; i++) v[i] = Math.round(v[i] * 8) / 8
    return v
  },
  // Exact duplicates (distance 0) among Gaussian points.
  duplicates: (n) => {
    const v = normals(n, 7)
    for (let i = 0; i < n; i += 5) v.copyWithin(3 * (i + 1), 3 * i, 3 * i + 3)
    return v
  },
}

function bitsEqual(a: Float64Array, b: Float64Array): number {
  let differ = 0
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) differ++
  return differ
}

describe('kNN: the grid search returns the k-d tree’s distances bit for bit', () => {
  for (const [name, shape] of Object.entries(SHAPES))
    it.each([
      [300, 1],
      [2048, 1],
      [2048, 3],
      [20000, 1],
    ])(`${name}, n = %i, k = %i`, (n, k) => {
      const p = shape(n)
      const tree = new Float64Array(n)
      const grid = new Float64Array(n)
      const auto = new Float64Array(n)
      kthNeighbourDistancesTree(p, n, k, tree)
      expect(kthNeighbourDistancesGrid(p, n, k, grid)).toBe(true)
      kthNeighbourDistances(p, n, k, auto)
      expect(bitsEqual(grid, tree)).toBe(0)
      expect(bitsEqual(auto, tree)).toBe(0)
    })

  it('tiny n: every n from k + 1 to 40 (the grid down to one cell)', () => {
    const all = normals(40, 8)
    for (const k of [1, 2])
      for (let n = k + 1; n <= 40; n++) {
        const p = all.subarray(0, 3 * n)
        const tree = new Float64Array(n)
        const grid = new Float64Array(n)
        kthNeighbourDistancesTree(p, n, k, tree)
        // A tiny set may count as crowded (the tree then answers); when the grid answers, it must agree.
        if (kthNeighbourDistancesGrid(p, n, k, grid)) expect(bitsEqual(grid, tree)).toBe(0)
      }
  })

  it('crowded cells (points on a line, all points equal): the grid declines and the dispatcher uses the tree', () => {
    const n = 4000
    const line = normals(n, 9)
    for (let i = 0; i < n; i++) line[3 * i + 1] = line[3 * i + 2] = line[3 * i]
    const same = new Float64Array(3 * n).fill(0.5)
    for (const p of [line, same]) {
      const tree = new Float64Array(n)
      const auto = new Float64Array(n)
      expect(kthNeighbourDistancesGrid(p, n, 1, new Float64Array(n))).toBe(false)
      kthNeighbourDistancesTree(p, n, 1, tree)
      kthNeighbourDistances(p, n, 1, auto)
      expect(bitsEqual(auto, tree)).toBe(0)
    }
  })
})
