// Display decimation against brute force: every bucket's min and max of every metric survive, the first
// and last rows are kept, the output fits the budget, se columns travel with their rows, and a history
// that fits the budget passes through untouched.
import { describe, expect, it } from 'vitest'
import { MinMaxDecimator, bucketOf, decimateColumns, pickRows, rowsPerBucket } from '../../src/shared/decimate'

function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 15), z | 1)
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61)
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296
  }
}

interface Hist {
  t: number[]
  values: Record<string, number[]>
}

function makeHistory(n: number, seed: number, opts: { uniform?: boolean; nan?: boolean } = {}): Hist {
  const r = rng(seed)
  const t: number[] = []
  let tk = 0
  for (let i = 0; i < n; i++) {
    t.push(tk)
    tk += opts.uniform === false ? r() * r() * 3 : 0.01
  }
  const noisy = t.map(() => r() - 0.5)
  const smooth = t.map((x) => Math.exp(-x / 5))
  const walk: number[] = []
  let w = 0
  for (let i = 0; i < n; i++) walk.push((w += r() - 0.5))
  const flat = t.map(() => 1)
  // Spikes at random places, up and down.
  for (let s = 0; s < 5; s++) noisy[Math.floor(r() * n)] = (s % 2 ? -1 : 1) * (100 + s)
  if (opts.nan) for (let i = 0; i < n; i += 7) walk[i] = NaN
  const values: Record<string, number[]> = { noisy, smooth, walk, flat }
  values.noisy_se = noisy.map((v) => Math.abs(v) / 10 + 0.001)
  values.walk_se = walk.map((v, i) => i * 1e-6)
  return { t, values }
}

/** Checks a decimation of `h` to `budget` rows against a brute-force scan of every bucket. */
function checkAgainstBruteForce(h: Hist, budget: number) {
  const n = h.t.length
  const d = decimateColumns(h, budget)
  const metrics = Object.keys(h.values).filter((k) => !k.endsWith('_se'))
  expect(d.decimated).toBe(true)
  expect(d.indices.length).toBeLessThanOrEqual(Math.max(budget, rowsPerBucket(metrics.length)))
  expect(d.indices.length).toBeLessThan(n)
  // Ascending, distinct, in range.
  for (let i = 1; i < d.indices.length; i++) expect(d.indices[i]).toBeGreaterThan(d.indices[i - 1])
  expect(d.indices[0]).toBe(0)
  expect(d.indices.at(-1)).toBe(n - 1)
  const kept = new Set(d.indices)

  // Brute force: the bucket of each row (fine bucket merged `group` at a time), then per bucket the
  // first and last row and each metric's min and max value.
  const bucket = (i: number) => Math.floor(bucketOf(h.t[i], d.t0, d.t1, d.fine) / d.group)
  const buckets = new Map<number, number[]>()
  for (let i = 0; i < n; i++) {
    const b = bucket(i)
    if (!buckets.has(b)) buckets.set(b, [])
    buckets.get(b)!.push(i)
  }
  for (const rows of buckets.values()) {
    expect(kept.has(rows[0])).toBe(true)
    expect(kept.has(rows.at(-1)!)).toBe(true)
    const keptHere = rows.filter((i) => kept.has(i))
    for (const m of metrics) {
      const col = h.values[m]
      const finite = rows.map((i) => col[i]).filter((v) => !Number.isNaN(v))
      if (!finite.length) continue
      const lo = Math.min(...finite)
      const hi = Math.max(...finite)
      const keptVals = keptHere.map((i) => col[i]).filter((v) => !Number.isNaN(v))
      expect(Math.min(...keptVals)).toBe(lo)
      expect(Math.max(...keptVals)).toBe(hi)
    }
  }
  // Global extremes (the spikes) survive.
  for (const m of metrics) {
    const col = h.values[m].filter((v) => !Number.isNaN(v))
    const keptCol = d.indices.map((i) => h.values[m][i]).filter((v) => !Number.isNaN(v))
    expect(Math.max(...keptCol)).toBe(Math.max(...col))
    expect(Math.min(...keptCol)).toBe(Math.min(...col))
  }
  return d
}

describe('decimateColumns (min/max per bucket over t)', () => {
  it('keeps every bucket’s extremes, the first and last rows, and fits the budget', () => {
    for (const [n, budget, seed] of [
      [10_000, 1000, 1],
      [20_000, 4000, 2],
      [5_001, 5_000, 3],
      [3_000, 100, 4],
      [50_000, 2_000, 5],
    ] as const) {
      const d = checkAgainstBruteForce(makeHistory(n, seed), budget)
      // With 4 noisy-ish metrics a bucket keeps at most 10 rows; the budget allows many buckets.
      expect(Math.ceil(d.fine / d.group)).toBeGreaterThanOrEqual(Math.floor(budget / rowsPerBucket(4)))
    }
  })

  it('handles non-uniform t, NaN values and a budget below one bucket’s need', () => {
    checkAgainstBruteForce(makeHistory(8_000, 11, { uniform: false }), 500)
    checkAgainstBruteForce(makeHistory(8_000, 12, { nan: true }), 700)
    const h = makeHistory(1_000, 13)
    const d = decimateColumns(h, 3) // raised to 2 + 2·4 = 10 rows: one bucket
    expect(d.indices.length).toBeLessThanOrEqual(10)
    expect(d.indices[0]).toBe(0)
    expect(d.indices.at(-1)).toBe(999)
  })

  it('smooth monotone data keeps about two rows per bucket, so buckets are many', () => {
    const n = 100_000
    const t = Array.from({ length: n }, (_, i) => i * 1e-3)
    const h = { t, values: { a: t.map((x) => Math.exp(-x)), b: t.map((x) => x * x) } }
    const d = decimateColumns(h, 4000)
    expect(d.group).toBe(1)
    expect(d.indices.length).toBeLessThanOrEqual(4000)
    expect(d.indices.length).toBeGreaterThan(3900)
  })

  it('passes a history within the budget through exactly', () => {
    const h = makeHistory(500, 21)
    const d = decimateColumns(h, 500)
    expect(d.decimated).toBe(false)
    expect(d.indices).toEqual(Array.from({ length: 500 }, (_, i) => i))
    const p = pickRows(h, d.indices)
    expect(p.t).toEqual(h.t)
    expect(p.values).toEqual(h.values)
    expect(decimateColumns({ t: [], values: {} }, 10).indices).toEqual([])
  })

  it('moves a metric’s se column with its rows', () => {
    const h = makeHistory(30_000, 31)
    const d = decimateColumns(h, 1000)
    const p = pickRows(h, d.indices)
    d.indices.forEach((i, k) => {
      expect(p.t[k]).toBe(h.t[i])
      expect(p.values.noisy[k]).toBe(h.values.noisy[i])
      expect(p.values.noisy_se[k]).toBe(h.values.noisy_se[i])
      expect(p.values.walk_se[k]).toBe(h.values.walk_se[i])
    })
  })

  it('streams: the decimator returns the payloads of the kept rows in order', () => {
    const d = new MinMaxDecimator<string>(0, 9, 1, 4) // 2 fine buckets, one column
    const v = [5, 1, 9, 3, 4, 8, 0, 7, 6, 2]
    v.forEach((x, i) => d.add(i, [x], `r${i}`))
    expect(d.rows).toBe(10)
    const r = d.finish(4)
    // Buckets t∈[0,4.5) and [4.5,9]: first/last/min/max = r0,r4,r1,r2 and r5,r9,r6,r5 → 7 rows > 4, so
    // the two buckets merge: r0, r9, min r6, max r2.
    expect(r.group).toBe(2)
    expect(r.rows).toEqual(['r0', 'r2', 'r6', 'r9'])
  })
})
