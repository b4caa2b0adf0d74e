// Row-wise evaluation of a compiled formula: the same closure tree, but each node maps whole rows of up
// to ROW points (typed arrays) at once, so the cost of a closure call is paid once per row instead of
// once per point. Used for the 96³-point grids of the formula family; every element is computed by the
// same floating-point operations in the same order as the pointwise closures of compile.ts, so the two
// agree bit for bit, up to the sign of zero in gradients (tested).
import { UNARY, UNARY_DERIVATIVE } from './compile'
import type { Expr } from './parse'

/** Longest row (the grids use 96). */
export const ROW = 128

/** Returns the node's values for the first n points of the rows (a buffer the node owns: read it before the next call). */
export type RowValueFn = (x: Float64Array, y: Float64Array, z: Float64Array, r: Float64Array, n: number) => Float64Array

export interface RowGradient {
  v: Float64Array
  gx: Float64Array
  gy: Float64Array
  gz: Float64Array
}
export type RowGradientFn = (x: Float64Array, y: Float64Array, z: Float64Array, r: Float64Array, n: number) => RowGradient

const ZEROS = new Float64Array(ROW)
const ONES = new Float64Array(ROW).fill(1)

export function rowValues(e: Expr): RowValueFn {
  switch (e.kind) {
    case 'number': {
      const out = new Float64Array(ROW).fill(e.value)
      return () => out
    }
    case 'variable':
      if (e.name === 'vx') return (x) => x
      if (e.name === 'vy') return (_x, y) => y
      if (e.name === 'vz') return (_x, _y, z) => z
      return (_x, _y, _z, r) => r
    case 'negate': {
      const a = rowValues(e.arg)
      const out = new Float64Array(ROW)
      return (x, y, z, r, n) => {
        const va = a(x, y, z, r, n)
        for (let i = 0; i < n; i++) out[i] = -va[i]
        return out
      }
    }
    case 'binary': {
      const a = rowValues(e.left)
      const b = rowValues(e.right)
      const out = new Float64Array(ROW)
      const op = e.op
      if (op === '^' && e.right.kind === 'number' && e.right.value === 2) {
        return (x, y, z, r, n) => {
          const va = a(x, y, z, r, n)
          for (let i = 0; i < n; i++) out[i] = va[i] * va[i]
          return out
        }
      }
      return (x, y, z, r, n) => {
        const va = a(x, y, z, r, n)
        const vb = b(x, y, z, r, n)
        if (op === '+') for (let i = 0; i < n; i++) out[i] = va[i] + vb[i]
        else if (op === '-') for (let i = 0; i < n; i++) out[i] = va[i] - vb[i]
        else if (op === '*') for (let i = 0; i < n; i++) out[i] = va[i] * vb[i]
        else if (op === '/') for (let i = 0; i < n; i++) out[i] = va[i] / vb[i]
        else for (let i = 0; i < n; i++) out[i] = Math.pow(va[i], vb[i])
        return out
      }
    }
    case 'call': {
      const args = e.args.map(rowValues)
      const out = new Float64Array(ROW)
      if (e.fn === 'min' || e.fn === 'max') {
        const pick = e.fn === 'min' ? Math.min : Math.max
        return (x, y, z, r, n) => {
          out.set(args[0](x, y, z, r, n).subarray(0, n))
          for (let k = 1; k < args.length; k++) {
            const vk = args[k](x, y, z, r, n)
            for (let i = 0; i < n; i++) out[i] = pick(out[i], vk[i])
          }
          return out
        }
      }
      if (e.fn === 'pow') {
        const [a, b] = args
        return (x, y, z, r, n) => {
          const va = a(x, y, z, r, n)
          const vb = b(x, y, z, r, n)
          for (let i = 0; i < n; i++) out[i] = Math.pow(va[i], vb[i])
          return out
        }
      }
      const f = UNARY[e.fn]
      const a = args[0]
      return (x, y, z, r, n) => {
        const va = a(x, y, z, r, n)
        for (let i = 0; i < n; i++) out[i] = f(va[i])
        return out
      }
    }
  }
}

const grad = (): RowGradient => ({ v: new Float64Array(ROW), gx: new Float64Array(ROW), gy: new Float64Array(ROW), gz: new Float64Array(ROW) })

/**
 * out.g ← d·a.g. A product 0·∞ (NaN) is recomputed with the rule that an exact zero of a.g stays 0
 * (compile.ts); otherwise the plain product is kept, so results equal the pointwise closures' up to the
 * sign of a zero.
 */
function scaleInto(out: RowGradient, a: RowGradient, d: Float64Array, n: number): void {
  const { gx, gy, gz } = out
  const ax = a.gx
  const ay = a.gy
  const az = a.gz
  for (let i = 0; i < n; i++) {
    const di = d[i]
    let tx = di * ax[i]
    let ty = di * ay[i]
    let tz = di * az[i]
    if (tx !== tx) tx = ax[i] === 0 ? 0 : tx
    if (ty !== ty) ty = ay[i] === 0 ? 0 : ty
    if (tz !== tz) tz = az[i] === 0 ? 0 : tz
    gx[i] = tx
    gy[i] = ty
    gz[i] = tz
  }
}

/** out.g ← α·a.g + β·b.g, with the same treatment of 0·∞. */
function combineInto(out: RowGradient, a: RowGradient, alpha: Float64Array, b: RowGradient, beta: Float64Array, n: number): void {
  const { gx, gy, gz } = out
  const [ax, ay, az, bx, by, bz] = [a.gx, a.gy, a.gz, b.gx, b.gy, b.gz]
  for (let i = 0; i < n; i++) {
    const al = alpha[i]
    const be = beta[i]
    let tx = al * ax[i] + be * bx[i]
    let ty = al * ay[i] + be * by[i]
    let tz = al * az[i] + be * bz[i]
    if (tx !== tx) tx = (ax[i] === 0 ? 0 : al * ax[i]) + (bx[i] === 0 ? 0 : be * bx[i])
    if (ty !== ty) ty = (ay[i] === 0 ? 0 : al * ay[i]) + (by[i] === 0 ? 0 : be * by[i])
    if (tz !== tz) tz = (az[i] === 0 ? 0 : al * az[i]) + (bz[i] === 0 ? 0 : be * bz[i])
    gx[i] = tx
    gy[i] = ty
    gz[i] = tz
  }
}

const PLUS = new Float64Array(ROW).fill(1)
const MINUS = new Float64Array(ROW).fill(-1)

export function rowGradients(e: Expr): RowGradientFn {
  switch (e.kind) {
    case 'number': {
      const out: RowGradient = { v: new Float64Array(ROW).fill(e.value), gx: ZEROS, gy: ZEROS, gz: ZEROS }
      return () => out
    }
    case 'variable': {
      if (e.name === 'v') {
        const out = grad()
        return (x, y, z, r, n) => {
          for (let i = 0; i < n; i++) {
            const ri = r[i]
            out.v[i] = ri
            if (ri > 0) {
              out.gx[i] = x[i] / ri
              out.gy[i] = y[i] / ri
              out.gz[i] = z[i] / ri
            } else out.gx[i] = out.gy[i] = out.gz[i] = 0
          }
          return out
        }
      }
      const out: RowGradient = { v: ZEROS, gx: e.name === 'vx' ? ONES : ZEROS, gy: e.name === 'vy' ? ONES : ZEROS, gz: e.name === 'vz' ? ONES : ZEROS }
      const axis = e.name === 'vx' ? 0 : e.name === 'vy' ? 1 : 2
      return (x, y, z) => {
        out.v = axis === 0 ? x : axis === 1 ? y : z
        return out
      }
    }
    case 'negate': {
      const a = rowGradients(e.arg)
      const out = grad()
      return (x, y, z, r, n) => {
        const ga = a(x, y, z, r, n)
        for (let i = 0; i < n; i++) {
          out.v[i] = -ga.v[i]
          out.gx[i] = -ga.gx[i]
          out.gy[i] = -ga.gy[i]
          out.gz[i] = -ga.gz[i]
        }
        return out
      }
    }
    case 'binary': {
      const a = rowGradients(e.left)
      const b = rowGradients(e.right)
      const out = grad()
      const alpha = new Float64Array(ROW)
      const beta = new Float64Array(ROW)
      const op = e.op
      if (op === '^') {
        const c = e.right.kind === 'number' ? e.right.value : null
        return powRows(a, b, c, out, alpha, beta)
      }
      return (x, y, z, r, n) => {
        const ga = a(x, y, z, r, n)
        const gb = b(x, y, z, r, n)
        const va = ga.v
        const vb = gb.v
        if (op === '+') {
          for (let i = 0; i < n; i++) out.v[i] = va[i] + vb[i]
          combineInto(out, ga, PLUS, gb, PLUS, n)
        } else if (op === '-') {
          for (let i = 0; i < n; i++) out.v[i] = va[i] - vb[i]
          combineInto(out, ga, PLUS, gb, MINUS, n)
        } else if (op === '*') {
          for (let i = 0; i < n; i++) out.v[i] = va[i] * vb[i]
          combineInto(out, ga, vb, gb, va, n)
        } else {
          for (let i = 0; i < n; i++) {
            out.v[i] = va[i] / vb[i]
            alpha[i] = 1 / vb[i]
            beta[i] = -va[i] / (vb[i] * vb[i])
          }
          combineInto(out, ga, alpha, gb, beta, n)
        }
        return out
      }
    }
    case 'call': {
      const args = e.args.map(rowGradients)
      const out = grad()
      if (e.fn === 'min' || e.fn === 'max') {
        const isMin = e.fn === 'min'
        return (x, y, z, r, n) => {
          const g0 = args[0](x, y, z, r, n)
          out.v.set(g0.v.subarray(0, n))
          out.gx.set(g0.gx.subarray(0, n))
          out.gy.set(g0.gy.subarray(0, n))
          out.gz.set(g0.gz.subarray(0, n))
          for (let k = 1; k < args.length; k++) {
            const gk = args[k](x, y, z, r, n)
            for (let i = 0; i < n; i++) {
              if (isMin ? gk.v[i] < out.v[i] : gk.v[i] > out.v[i]) {
                out.v[i] = gk.v[i]
                out.gx[i] = gk.gx[i]
                out.gy[i] = gk.gy[i]
                out.gz[i] = gk.gz[i]
              }
            }
          }
          return out
        }
      }
      if (e.fn === 'pow') {
        const c = e.args[1].kind === 'number' ? e.args[1].value : null
        return powRows(args[0], args[1], c, out, new Float64Array(ROW), new Float64Array(ROW))
      }
      const f = UNARY[e.fn]
      const df = UNARY_DERIVATIVE[e.fn]
      const a = args[0]
      const d = new Float64Array(ROW)
      return (x, y, z, r, n) => {
        const ga = a(x, y, z, r, n)
        for (let i = 0; i < n; i++) {
          const va = ga.v[i]
          const fa = f(va)
          out.v[i] = fa
          d[i] = df(va, fa)
        }
        scaleInto(out, ga, d, n)
        return out
      }
    }
  }
}

function powRows(a: RowGradientFn, b: RowGradientFn, c: number | null, out: RowGradient, alpha: Float64Array, beta: Float64Array): RowGradientFn {
  if (c !== null) {
    return (x, y, z, r, n) => {
      const ga = a(x, y, z, r, n)
      for (let i = 0; i < n; i++) {
        const va = ga.v[i]
        if (c === 0) {
          out.v[i] = 1
          alpha[i] = 0
        } else {
          out.v[i] = c === 2 ? va * va : Math.pow(va, c)
          alpha[i] = c === 2 ? 2 * va : c * Math.pow(va, c - 1)
        }
      }
      scaleInto(out, ga, alpha, n)
      if (c === 0) for (let i = 0; i < n; i++) out.gx[i] = out.gy[i] = out.gz[i] = 0
      return out
    }
  }
  return (x, y, z, r, n) => {
    const ga = a(x, y, z, r, n)
    const gb = b(x, y, z, r, n)
    for (let i = 0; i < n; i++) {
      const va = ga.v[i]
      const vb = gb.v[i]
      const p = Math.pow(va, vb)
      out.v[i] = p
      alpha[i] = vb === 0 ? 0 : vb * Math.pow(va, vb - 1)
      beta[i] = gb.gx[i] !== 0 || gb.gy[i] !== 0 || gb.gz[i] !== 0 ? p * Math.log(va) : 0
    }
    combineInto(out, ga, alpha, gb, beta, n)
    return out
  }
}
