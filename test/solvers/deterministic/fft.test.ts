// Oracle: the naive O(N²) DFT, X_k = Σ_j x_j e^{sign·2πijk/N}, with the phase reduced to jk mod N so that
// its own round-off stays ~N·ε. Tolerances: both sides accumulate N terms of size ≤ ½ (inputs uniform in
// [−½, ½]), so a difference of 1e-15·N·(a few) is round-off; we allow 1e-14·N (and 1e-14·m³ in 3-D).
import { describe, expect, it } from 'vitest'
import { Fft3, fft1d, fftBatch, fftPlan, isFftLength } from '../../../src/solvers/deterministic/spectral/fft'

/** Deterministic pseudo-random numbers in [−½, ½) (a 32-bit LCG), so that failures reproduce. */
function noise(count: number, seed: number): Float64Array {
  const out = new Float64Array(count)
  let s = seed >>> 0
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    out[i] = s / 2 ** 32 - 0.5
  }
  return out
}

function naiveDft(re: Float64Array, im: Float64Array, sign: number): [Float64Array, Float64Array] {
  const n = re.length
  const outRe = new Float64Array(n)
  const outIm = new Float64Array(n)
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < n; j++) {
      const theta = (sign * 2 * Math.PI * ((j * k) % n)) / n
      const c = Math.cos(theta)
      const s = Math.sin(theta)
      outRe[k] += re[j] * c - im[j] * s
      outIm[k] += re[j] * s + im[j] * c
    }
  }
  return [outRe, outIm]
}

/** Naive 3-D DFT of an m³ cube as three passes of the naive 1-D DFT. */
function naiveDft3(re: Float64Array, im: Float64Array, m: number, sign: number): [Float64Array, Float64Array] {
  const r = re.slice()
  const i = im.slice()
  for (const stride of [1, m, m * m]) {
    for (let base = 0; base < m ** 3; base++) {
      // Lines along `stride` start where that coordinate is 0.
      if (Math.floor(base / stride) % m !== 0) continue
      const lr = new Float64Array(m)
      const li = new Float64Array(m)
      for (let t = 0; t < m; t++) {
        lr[t] = r[base + t * stride]
        li[t] = i[base + t * stride]
      }
      const [or, oi] = naiveDft(lr, li, sign)
      for (let t = 0; t < m; t++) {
        r[base + t * stride] = or[t]
        i[base + t * stride] = oi[t]
      }
    }
  }
  return [r, i]
}

function maxDiff(a: Float64Array, b: Float64Array, mask?: (p: number) => boolean): number {
  let d = 0
  for (let p = 0; p < a.length; p++) if (!mask || mask(p)) d = Math.max(d, Math.abs(a[p] - b[p]))
  return d
}

const LENGTHS = [1, 2, 3, 4, 6, 8, 9, 12, 16, 18, 24, 27, 32, 36, 48, 64, 96]

describe('1-D FFT', () => {
  it.each(LENGTHS)('N = %d matches the naive DFT (both signs)', (n) => {
    for (const sign of [-1, 1] as const) {
      const re = noise(n, 7 * n + (sign + 1))
      const im = noise(n, 11 * n + 3)
      const [nr, ni] = naiveDft(re, im, sign)
      fft1d(re, im, sign)
      expect(Math.max(maxDiff(re, nr), maxDiff(im, ni))).toBeLessThan(1e-14 * n + 1e-15)
    }
  })

  it('rejects lengths with a prime factor other than 2 and 3', () => {
    expect(isFftLength(48)).toBe(true)
    expect(isFftLength(10)).toBe(false)
    expect(() => fftPlan(10)).toThrow(/2\^a·3\^b/)
    expect(() => fftPlan(0)).toThrow()
  })

  it('a batched transform equals the transforms of its lines', () => {
    const n = 12
    const batch = 5
    const re = noise(n * batch, 1)
    const im = noise(n * batch, 2)
    const plan = fftPlan(n)
    const expected: Array<[Float64Array, Float64Array]> = []
    for (let b = 0; b < batch; b++) {
      const lr = new Float64Array(n)
      const li = new Float64Array(n)
      for (let t = 0; t < n; t++) {
        lr[t] = re[t * batch + b]
        li[t] = im[t * batch + b]
      }
      expected.push(naiveDft(lr, li, -1))
    }
    fftBatch(plan, re, im, 0, batch, -1, new Float64Array(n * batch), new Float64Array(n * batch))
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < n; t++) {
        expect(Math.abs(re[t * batch + b] - expected[b][0][t])).toBeLessThan(1e-13)
        expect(Math.abs(im[t * batch + b] - expected[b][1][t])).toBeLessThan(1e-13)
      }
    }
  })
})

describe('3-D FFT', () => {
  it.each([4, 6, 12])('m = %d matches the naive 3-D DFT (both signs)', (m) => {
    for (const sign of [-1, 1] as const) {
      const re = noise(m ** 3, 5 + m)
      const im = noise(m ** 3, 9 + m)
      const [nr, ni] = naiveDft3(re, im, m, sign)
      new Fft3(m).transform(re, im, sign)
      expect(Math.max(maxDiff(re, nr), maxDiff(im, ni))).toBeLessThan(1e-14 * m ** 3)
    }
  })

  it.each([24, 32])('m = %d: forward then inverse / m³ is the identity', (m) => {
    const re0 = noise(m ** 3, 21)
    const im0 = noise(m ** 3, 22)
    const re = re0.slice()
    const im = im0.slice()
    const fft = new Fft3(m)
    fft.transform(re, im, -1)
    fft.transform(re, im, 1)
    for (let p = 0; p < re.length; p++) {
      re[p] /= m ** 3
      im[p] /= m ** 3
    }
    // Each value passes through 2·3·log2(m) butterflies: round-off ~1e-15 per pass on O(1) data.
    expect(Math.max(maxDiff(re, re0), maxDiff(im, im0))).toBeLessThan(1e-13)
  })

  it('pruned transforms equal the full ones where they are defined', () => {
    // The padded grid of the spectral solver: m = 18 = 3n/2 for n = 12, active wavenumbers |k| ≤ 5.
    const m = 18
    const active = new Uint8Array(m)
    for (let a = 0; a < m; a++) active[a] = a <= 5 || a >= m - 5 ? 1 : 0
    const index = (p: number) => [Math.floor(p / (m * m)), Math.floor(p / m) % m, p % m]
    const inside = (p: number) => index(p).every((a) => active[a] === 1)
    const fft = new Fft3(m)
    // Inverse: input vanishing outside active³.
    const re = noise(m ** 3, 31).map((x, p) => (inside(p) ? x : 0))
    const im = noise(m ** 3, 32).map((x, p) => (inside(p) ? x : 0))
    const fullRe = re.slice()
    const fullIm = im.slice()
    fft.transform(re, im, 1, active)
    fft.transform(fullRe, fullIm, 1)
    expect(Math.max(maxDiff(re, fullRe), maxDiff(im, fullIm))).toBeLessThan(1e-12)
    // Forward: only active³ outputs are defined.
    const fRe = noise(m ** 3, 33)
    const fIm = noise(m ** 3, 34)
    const gRe = fRe.slice()
    const gIm = fIm.slice()
    fft.transform(fRe, fIm, -1, active)
    fft.transform(gRe, gIm, -1)
    expect(Math.max(maxDiff(fRe, gRe, inside), maxDiff(fIm, gIm, inside))).toBeLessThan(1e-12)
  })
})
