// Anderson acceleration (Walker–Ni 2011, "type II", depth m) for a fixed-point problem x = g(x).
// With residuals f_k = g(x_k) − x_k and the last m differences ΔF, ΔG of f and g, the next iterate is
//   x_{k+1} = g(x_k) − ΔG γ,   γ = argmin ‖f_k − ΔF γ‖₂   (least squares by modified Gram–Schmidt).
// x_{k+1} is an affine combination of the images g(x_j) (weights summing to 1), so every linear
// invariant the images share (the blob's momentum) is kept by every iterate. Columns that are nearly
// dependent on the earlier ones are left out of the least-squares fit.

export interface Anderson {
  /** Forget the history (at the start of each time step). */
  reset(): void
  /** Given iterate x and its image gx, writes the next iterate into out (out may alias neither). */
  next(x: Float64Array, gx: Float64Array, out: Float64Array): void
}

/** Relative size below which a Gram–Schmidt column counts as dependent on the earlier ones. */
const DEPENDENT = 1e-10

export function createAnderson(dim: number, depth: number): Anderson {
  const dF = Array.from({ length: depth }, () => new Float64Array(dim))
  const dG = Array.from({ length: depth }, () => new Float64Array(dim))
  const Q = Array.from({ length: depth }, () => new Float64Array(dim))
  const R = new Float64Array(depth * depth)
  const keep = new Uint8Array(depth)
  const fPrev = new Float64Array(dim)
  const gPrev = new Float64Array(dim)
  const f = new Float64Array(dim)
  const gam = new Float64Array(depth)
  let stored = 0
  let head = 0
  let havePrev = false

  /** Appends f − fPrev, g − gPrev as the newest columns (a ring of `depth`). */
  function push(gx: Float64Array): void {
    const a = dF[head]
    const b = dG[head]
    for (let i = 0; i < dim; i++) {
      a[i] = f[i] - fPrev[i]
      b[i] = gx[i] - gPrev[i]
    }
    head = (head + 1) % depth
    if (stored < depth) stored++
  }

  /** Column c of the history, oldest first. */
  const col = (c: number) => (head - stored + c + depth) % depth

  /** γ by modified Gram–Schmidt on the stored ΔF columns, skipping dependent ones; γ = 0 for skipped. */
  function solve(): void {
    for (let c = 0; c < stored; c++) {
      const v = Q[c]
      v.set(dF[col(c)])
      const norm0 = Math.sqrt(dot(v, v))
      for (let i = 0; i < c; i++) {
        if (!keep[i]) continue
        const r = dot(Q[i], v)
        R[i * depth + c] = r
        axpy(-r, Q[i], v)
      }
      const rcc = Math.sqrt(dot(v, v))
      keep[c] = rcc > DEPENDENT * norm0 ? 1 : 0
      R[c * depth + c] = rcc
      if (keep[c]) for (let i = 0; i < dim; i++) v[i] /= rcc
    }
    for (let c = stored - 1; c >= 0; c--) {
      if (!keep[c]) {
        gam[c] = 0
        continue
      }
      let s = dot(Q[c], f)
      for (let j = c + 1; j < stored; j++) if (keep[j]) s -= R[c * depth + j] * gam[j]
      gam[c] = s / R[c * depth + c]
    }
  }

  return {
    reset() {
      stored = 0
      head = 0
      havePrev = false
    },
    next(x, gx, out) {
      for (let i = 0; i < dim; i++) f[i] = gx[i] - x[i]
      if (havePrev) push(gx)
      fPrev.set(f)
      gPrev.set(gx)
      havePrev = true
      out.set(gx)
      if (stored === 0) return
      solve()
      for (let c = 0; c < stored; c++) if (gam[c] !== 0) axpy(-gam[c], dG[col(c)], out)
    },
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i] * b[i]
  return s
}

function axpy(s: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += s * x[i]
}
