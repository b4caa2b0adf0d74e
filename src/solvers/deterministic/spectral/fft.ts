// A small complex FFT for lengths 2^a·3^b (Stockham autosort, radices 4, 2 and 3), written for the spectral
// Landau solver: batched 1-D transforms along one index of a block, and 3-D transforms of an m³ cube that
// can skip lines known to be zero on input (inverse of a zero-padded spectrum) or not wanted on output
// (forward transform truncated to the low modes). Pure TypeScript, no dependencies.
//
// Convention: sign = −1 is the forward transform X_k = Σ_j x_j e^{−2πijk/N}, sign = +1 the inverse
// without the 1/N factor (callers scale).

export interface FftPlan {
  readonly n: number
  /** One entry per Stockham stage: radix p, current length len, and cos/sin of 2π·j·t/len (j < len/p, t < p). */
  readonly stages: ReadonlyArray<{ p: number; len: number; cos: Float64Array; sin: Float64Array }>
}

const plans = new Map<number, FftPlan>()

/** Factor n = 2^a·3^b into radices (4s first, then a 2, then 3s); throws for other lengths. */
function radices(n: number): number[] {
  if (!Number.isInteger(n) || n < 1) throw new Error(`fft length must be a positive integer, got ${n}`)
  const out: number[] = []
  let m = n
  while (m % 4 === 0) {
    out.push(4)
    m /= 4
  }
  if (m % 2 === 0) {
    out.push(2)
    m /= 2
  }
  while (m % 3 === 0) {
    out.push(3)
    m /= 3
  }
  if (m !== 1) throw new Error(`fft length must be 2^a·3^b, got ${n}`)
  return out
}

export function fftPlan(n: number): FftPlan {
  const hit = plans.get(n)
  if (hit) return hit
  const stages: FftPlan['stages'][number][] = []
  let len = n
  for (const p of radices(n)) {
    const m = len / p
    const cos = new Float64Array(m * p)
    const sin = new Float64Array(m * p)
    for (let j = 0; j < m; j++) {
      for (let t = 0; t < p; t++) {
        const theta = (2 * Math.PI * j * t) / len
        cos[j * p + t] = Math.cos(theta)
        sin[j * p + t] = Math.sin(theta)
      }
    }
    stages.push({ p, len, cos, sin })
    len = m
  }
  const plan = { n, stages }
  plans.set(n, plan)
  return plan
}

/** Whether n is a length this FFT handles. */
export function isFftLength(n: number): boolean {
  try {
    radices(n)
    return true
  } catch {
    return false
  }
}

/**
 * Transforms, along its first index, the block of plan.n × batch complex values with element (t, b) at
 * off + t·batch + b (batch = 1: one contiguous line). Scratch arrays need plan.n·batch entries; the second
 * pair, when given, lets a transform with an odd number of stages end in place without a copy.
 */
export function fftBatch(
  plan: FftPlan,
  re: Float64Array,
  im: Float64Array,
  off: number,
  batch: number,
  sign: 1 | -1,
  sRe: Float64Array,
  sIm: Float64Array,
  s2Re?: Float64Array,
  s2Im?: Float64Array,
): void {
  // Stockham decimation in frequency: stage (p, len) maps x[u + S(j + r·m)] to y[u + S(p·j + t)], with
  // S the running stride (batch × product of earlier radices), m = len/p and twiddle e^{sign·2πi·j·t/len}.
  // Stages ping-pong between buffers; the last one writes back into (re, im) when a free buffer allows.
  const stages = plan.stages
  const count = stages.length
  const direct = count >= 2 && (count % 2 === 0 || s2Re !== undefined)
  let xr = re
  let xi = im
  let xo = off
  let stride = batch
  for (let k = 0; k < count; k++) {
    const st = stages[k]
    let yr: Float64Array
    let yi: Float64Array
    let yo = 0
    if (direct && k === count - 1) {
      yr = re
      yi = im
      yo = off
    } else if (count % 2 === 1 && direct && k % 2 === 1) {
      yr = s2Re as Float64Array
      yi = s2Im as Float64Array
    } else if (xr === sRe) {
      yr = re
      yi = im
      yo = off
    } else {
      yr = sRe
      yi = sIm
    }
    const m = st.len / st.p
    if (st.p === 4) radix4(xr, xi, xo, yr, yi, yo, m, stride, st.cos, st.sin, sign)
    else if (st.p === 2) radix2(xr, xi, xo, yr, yi, yo, m, stride, st.cos, st.sin, sign)
    else radix3(xr, xi, xo, yr, yi, yo, m, stride, st.cos, st.sin, sign)
    stride *= st.p
    xr = yr
    xi = yi
    xo = yo
  }
  if (xr !== re) {
    const total = plan.n * batch
    for (let u = 0; u < total; u++) {
      re[off + u] = xr[u]
      im[off + u] = xi[u]
    }
  }
}

function radix2(
  xr: Float64Array,
  xi: Float64Array,
  xo: number,
  yr: Float64Array,
  yi: Float64Array,
  yo: number,
  m: number,
  s: number,
  cos: Float64Array,
  sin: Float64Array,
  sign: number,
): void {
  for (let j = 0; j < m; j++) {
    const wr = cos[2 * j + 1]
    const wi = sign * sin[2 * j + 1]
    const a0 = xo + s * j
    const a1 = xo + s * (j + m)
    const b0 = yo + s * 2 * j
    const b1 = b0 + s
    for (let u = 0; u < s; u++) {
      const pr = xr[a0 + u]
      const pi = xi[a0 + u]
      const qr = xr[a1 + u]
      const qi = xi[a1 + u]
      yr[b0 + u] = pr + qr
      yi[b0 + u] = pi + qi
      const dr = pr - qr
      const di = pi - qi
      yr[b1 + u] = dr * wr - di * wi
      yi[b1 + u] = dr * wi + di * wr
    }
  }
}

function radix4(
  xr: Float64Array,
  xi: Float64Array,
  xo: number,
  yr: Float64Array,
  yi: Float64Array,
  yo: number,
  m: number,
  s: number,
  cos: Float64Array,
  sin: Float64Array,
  sign: number,
): void {
  for (let j = 0; j < m; j++) {
    const w1r = cos[4 * j + 1]
    const w1i = sign * sin[4 * j + 1]
    const w2r = cos[4 * j + 2]
    const w2i = sign * sin[4 * j + 2]
    const w3r = cos[4 * j + 3]
    const w3i = sign * sin[4 * j + 3]
    const a0 = xo + s * j
    const a1 = a0 + s * m
    const a2 = a1 + s * m
    const a3 = a2 + s * m
    const b0 = yo + s * 4 * j
    const b1 = b0 + s
    const b2 = b1 + s
    const b3 = b2 + s
    for (let u = 0; u < s; u++) {
      const x0r = xr[a0 + u],
        x0i = xi[a0 + u]
      const x1r = xr[a1 + u],
        x1i = xi[a1 + u]
      const x2r = xr[a2 + u],
        x2i = xi[a2 + u]
      const x3r = xr[a3 + u],
        x3i = xi[a3 + u]
      const s02r = x0r + x2r,
        s02i = x0i + x2i
      const d02r = x0r - x2r,
        d02i = x0i - x2i
      const s13r = x1r + x3r,
        s13i = x1i + x3i
      // W·(x1 − x3) with W = sign·i.
      const e13r = -sign * (x1i - x3i)
      const e13i = sign * (x1r - x3r)
      yr[b0 + u] = s02r + s13r
      yi[b0 + u] = s02i + s13i
      const t1r = d02r + e13r,
        t1i = d02i + e13i
      const t2r = s02r - s13r,
        t2i = s02i - s13i
      const t3r = d02r - e13r,
        t3i = d02i - e13i
      yr[b1 + u] = t1r * w1r - t1i * w1i
      yi[b1 + u] = t1r * w1i + t1i * w1r
      yr[b2 + u] = t2r * w2r - t2i * w2i
      yi[b2 + u] = t2r * w2i + t2i * w2r
      yr[b3 + u] = t3r * w3r - t3i * w3i
      yi[b3 + u] = t3r * w3i + t3i * w3r
    }
  }
}

const SQRT3_2 = Math.sqrt(3) / 2

function radix3(
  xr: Float64Array,
  xi: Float64Array,
  xo: number,
  yr: Float64Array,
  yi: Float64Array,
  yo: number,
  m: number,
  s: number,
  cos: Float64Array,
  sin: Float64Array,
  sign: number,
): void {
  for (let j = 0; j < m; j++) {
    const w1r = cos[3 * j + 1]
    const w1i = sign * sin[3 * j + 1]
    const w2r = cos[3 * j + 2]
    const w2i = sign * sin[3 * j + 2]
    const a0 = xo + s * j
    const a1 = a0 + s * m
    const a2 = a1 + s * m
    const b0 = yo + s * 3 * j
    const b1 = b0 + s
    const b2 = b1 + s
    for (let u = 0; u < s; u++) {
      const x0r = xr[a0 + u],
        x0i = xi[a0 + u]
      const x1r = xr[a1 + u],
        x1i = xi[a1 + u]
      const x2r = xr[a2 + u],
        x2i = xi[a2 + u]
      const sr = x1r + x2r,
        si = x1i + x2i
      const mr = x0r - 0.5 * sr,
        mi = x0i - 0.5 * si
      // sign·i·(√3/2)(x1 − x2).
      const er = -sign * SQRT3_2 * (x1i - x2i)
      const ei = sign * SQRT3_2 * (x1r - x2r)
      yr[b0 + u] = x0r + sr
      yi[b0 + u] = x0i + si
      const t1r = mr + er,
        t1i = mi + ei
      const t2r = mr - er,
        t2i = mi - ei
      yr[b1 + u] = t1r * w1r - t1i * w1i
      yi[b1 + u] = t1r * w1i + t1i * w1r
      yr[b2 + u] = t2r * w2r - t2i * w2i
      yi[b2 + u] = t2r * w2i + t2i * w2r
    }
  }
}

/** In-place 1-D transform of a whole array (allocates scratch; for tests and small jobs). */
export function fft1d(re: Float64Array, im: Float64Array, sign: 1 | -1): void {
  const plan = fftPlan(re.length)
  fftBatch(plan, re, im, 0, 1, sign, new Float64Array(re.length), new Float64Array(re.length))
}

/**
 * A reusable 3-D transform of an m³ cube, value (i, j, k) at index (i·m + j)·m + k. `active`, when given,
 * marks the indices (per axis) of the only lines that matter: for sign = +1 the input is taken to vanish
 * outside active³ (a zero-padded spectrum; it must be zero there), for sign = −1 only outputs in active³
 * are computed (the rest is left as garbage). Without it the transform is the full one.
 */
export class Fft3 {
  readonly m: number
  private readonly plan: FftPlan
  private readonly sRe: Float64Array
  private readonly sIm: Float64Array
  private readonly s2Re: Float64Array
  private readonly s2Im: Float64Array
  /** A plane's worth of transposed z-lines, and the indices of the lines taken. */
  private readonly tRe: Float64Array
  private readonly tIm: Float64Array
  private readonly lines: Int32Array

  constructor(m: number) {
    this.m = m
    this.plan = fftPlan(m)
    this.sRe = new Float64Array(m * m * m)
    this.sIm = new Float64Array(m * m * m)
    this.s2Re = new Float64Array(m * m * m)
    this.s2Im = new Float64Array(m * m * m)
    this.tRe = new Float64Array(m * m)
    this.tIm = new Float64Array(m * m)
    this.lines = new Int32Array(m)
  }

  transform(re: Float64Array, im: Float64Array, sign: 1 | -1, active?: Uint8Array): void {
    if (sign === 1) {
      // Zero input outside active³: z-lines with active (i, j) first, then y for active i, then all x.
      this.axisZ(re, im, sign, active)
      this.axisY(re, im, sign, active)
      this.axisX(re, im, sign)
    } else {
      // Only active³ outputs wanted: all x, then y for active i, then z for active (i, j).
      this.axisX(re, im, sign)
      this.axisY(re, im, sign, active)
      this.axisZ(re, im, sign, active)
    }
  }

  private axisX(re: Float64Array, im: Float64Array, sign: 1 | -1): void {
    const m = this.m
    fftBatch(this.plan, re, im, 0, m * m, sign, this.sRe, this.sIm, this.s2Re, this.s2Im)
  }

  private axisY(re: Float64Array, im: Float64Array, sign: 1 | -1, active?: Uint8Array): void {
    const m = this.m
    for (let i = 0; i < m; i++) {
      if (active && !active[i]) continue
      fftBatch(this.plan, re, im, i * m * m, m, sign, this.sRe, this.sIm, this.s2Re, this.s2Im)
    }
  }

  private axisZ(re: Float64Array, im: Float64Array, sign: 1 | -1, active?: Uint8Array): void {
    // Lines along the contiguous index are gathered, per plane i, into a transposed block (k, j) so that
    // one batched transform handles them all with unit-stride inner loops, then scattered back.
    const m = this.m
    const { tRe, tIm, lines } = this
    let count = 0
    for (let j = 0; j < m; j++) if (!active || active[j]) lines[count++] = j
    for (let i = 0; i < m; i++) {
      if (active && !active[i]) continue
      const base = i * m * m
      for (let b = 0; b < count; b++) {
        const row = base + lines[b] * m
        for (let k = 0; k < m; k++) {
          tRe[k * count + b] = re[row + k]
          tIm[k * count + b] = im[row + k]
        }
      }
      fftBatch(this.plan, tRe, tIm, 0, count, sign, this.sRe, this.sIm, this.s2Re, this.s2Im)
      for (let b = 0; b < count; b++) {
        const row = base + lines[b] * m
        for (let k = 0; k < m; k++) {
          re[row + k] = tRe[k * count + b]
          im[row + k] = tIm[k * count + b]
        }
      }
    }
  }
}
