// Compiles a parsed formula into a tree of closures (never eval / new Function): one closure for the
// value f(vx, vy, vz) and one for the value with its exact gradient ∇f by forward-mode automatic
// differentiation (each node returns its value and writes its three partial derivatives).
// Subtrees without variables are folded to constants first.
import { parseFormula, variablesOf, type Expr, type FunctionName } from './parse'

/** f(x, y, z, r) with r = |v| precomputed by the caller (it is only read when the formula uses v). */
export type ValueFn = (x: number, y: number, z: number, r: number) => number
/** Returns f and writes ∂f/∂vx, ∂f/∂vy, ∂f/∂vz to g[0..2]. */
export type GradientFn = (x: number, y: number, z: number, r: number, g: Float64Array) => number

export interface CompiledFormula {
  value: ValueFn
  gradient: GradientFn
  /** Whether the formula reads v = |v| (if not, the caller may pass any r). */
  usesRadius: boolean
  /** The constant-folded tree (compileRows builds the row-wise evaluators from it). */
  tree: Expr
}

/** Parses and compiles; throws FormulaError with the column of the problem. */
export function compileFormula(src: string): CompiledFormula {
  const tree = fold(parseFormula(src))
  return { value: valueOf(tree), gradient: gradientOf(tree), usesRadius: variablesOf(tree).has('v'), tree }
}

export const UNARY: Record<string, (a: number) => number> = {
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  tanh: Math.tanh,
  cosh: Math.cosh,
  sinh: Math.sinh,
}

function apply(op: '+' | '-' | '*' | '/' | '^', a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b
    case '-':
      return a - b
    case '*':
      return a * b
    case '/':
      return a / b
    case '^':
      return Math.pow(a, b)
  }
}

function callConstant(fn: FunctionName, args: number[]): number {
  if (fn === 'min') return Math.min(...args)
  if (fn === 'max') return Math.max(...args)
  if (fn === 'pow') return Math.pow(args[0], args[1])
  return UNARY[fn](args[0])
}

/** Constant folding: a subtree whose leaves are all numbers becomes one number. */
function fold(e: Expr): Expr {
  switch (e.kind) {
    case 'number':
    case 'variable':
      return e
    case 'negate': {
      const arg = fold(e.arg)
      return arg.kind === 'number' ? { kind: 'number', value: -arg.value } : { kind: 'negate', arg }
    }
    case 'binary': {
      const left = fold(e.left)
      const right = fold(e.right)
      if (left.kind === 'number' && right.kind === 'number') return { kind: 'number', value: apply(e.op, left.value, right.value) }
      return { kind: 'binary', op: e.op, left, right }
    }
    case 'call': {
      const args = e.args.map(fold)
      if (args.every((a) => a.kind === 'number'))
        return {
          kind: 'number',
          value: callConstant(
            e.fn,
            args.map((a) => (a as { value: number }).value),
          ),
        }
      return { kind: 'call', fn: e.fn, args }
    }
  }
}

function valueOf(e: Expr): ValueFn {
  switch (e.kind) {
    case 'number': {
      const c = e.value
      return () => c
    }
    case 'variable':
      if (e.name === 'vx') return (x) => x
      if (e.name === 'vy') return (_x, y) => y
      if (e.name === 'vz') return (_x, _y, z) => z
      return (_x, _y, _z, r) => r
    case 'negate': {
      const a = valueOf(e.arg)
      return (x, y, z, r) => -a(x, y, z, r)
    }
    case 'binary': {
      const a = valueOf(e.left)
      const b = valueOf(e.right)
      if (e.op === '^' && e.right.kind === 'number' && e.right.value === 2)
        return (x, y, z, r) => {
          const t = a(x, y, z, r)
          return t * t
        }
      switch (e.op) {
        case '+':
          return (x, y, z, r) => a(x, y, z, r) + b(x, y, z, r)
        case '-':
          return (x, y, z, r) => a(x, y, z, r) - b(x, y, z, r)
        case '*':
          return (x, y, z, r) => a(x, y, z, r) * b(x, y, z, r)
        case '/':
          return (x, y, z, r) => a(x, y, z, r) / b(x, y, z, r)
        case '^':
          return (x, y, z, r) => Math.pow(a(x, y, z, r), b(x, y, z, r))
      }
      break
    }
    case 'call': {
      const args = e.args.map(valueOf)
      if (e.fn === 'min' || e.fn === 'max') {
        const pick = e.fn === 'min' ? Math.min : Math.max
        return (x, y, z, r) => {
          let m = args[0](x, y, z, r)
          for (let k = 1; k < args.length; k++) m = pick(m, args[k](x, y, z, r))
          return m
        }
      }
      if (e.fn === 'pow') {
        const [a, b] = args
        return (x, y, z, r) => Math.pow(a(x, y, z, r), b(x, y, z, r))
      }
      const f = UNARY[e.fn]
      const a = args[0]
      return (x, y, z, r) => f(a(x, y, z, r))
    }
  }
  throw new Error('unreachable')
}

/**
 * g ← d·g. Where a product is 0·∞ (NaN) it is recomputed keeping exact zeros of g as 0 (so, e.g.,
 * sqrt(vx²) at vx = 0 has gradient 0, not NaN); elsewhere the plain product stands.
 */
function scaleGrad(g: Float64Array, d: number): void {
  for (let k = 0; k < 3; k++) {
    const t = d * g[k]
    g[k] = t !== t && g[k] === 0 ? 0 : t
  }
}

/** g ← α·g + β·h with the same treatment of 0·∞. */
function combine(g: Float64Array, alpha: number, h: Float64Array, beta: number): void {
  for (let k = 0; k < 3; k++) {
    let t = alpha * g[k] + beta * h[k]
    if (t !== t) t = (g[k] === 0 ? 0 : alpha * g[k]) + (h[k] === 0 ? 0 : beta * h[k])
    g[k] = t
  }
}

/** Derivative of a unary function at a, given its value fa. */
export const UNARY_DERIVATIVE: Record<string, (a: number, fa: number) => number> = {
  exp: (_a, fa) => fa,
  log: (a) => 1 / a,
  sqrt: (_a, fa) => 0.5 / fa,
  abs: (a) => Math.sign(a),
  sin: (a) => Math.cos(a),
  cos: (a) => -Math.sin(a),
  tan: (a) => {
    const c = Math.cos(a)
    return 1 / (c * c)
  },
  tanh: (_a, fa) => 1 - fa * fa,
  cosh: (a) => Math.sinh(a),
  sinh: (a) => Math.cosh(a),
}

function gradientOf(e: Expr): GradientFn {
  switch (e.kind) {
    case 'number': {
      const c = e.value
      return (_x, _y, _z, _r, g) => {
        g[0] = g[1] = g[2] = 0
        return c
      }
    }
    case 'variable': {
      if (e.name === 'v') {
        // ∇|v| = v/|v|; at the origin |v| has no gradient and 0 is used (a null set for every integral).
        return (x, y, z, r, g) => {
          if (r > 0) {
            g[0] = x / r
            g[1] = y / r
            g[2] = z / r
          } else g[0] = g[1] = g[2] = 0
          return r
        }
      }
      const axis = e.name === 'vx' ? 0 : e.name === 'vy' ? 1 : 2
      return (x, y, z, _r, g) => {
        g[0] = g[1] = g[2] = 0
        g[axis] = 1
        return axis === 0 ? x : axis === 1 ? y : z
      }
    }
    case 'negate': {
      const a = gradientOf(e.arg)
      return (x, y, z, r, g) => {
        const va = a(x, y, z, r, g)
        g[0] = -g[0]
        g[1] = -g[1]
        g[2] = -g[2]
        return -va
      }
    }
    case 'binary': {
      const a = gradientOf(e.left)
      const b = gradientOf(e.right)
      const h = new Float64Array(3) // the right operand's gradient (the left one uses the caller's g)
      switch (e.op) {
        case '+':
          return (x, y, z, r, g) => {
            const va = a(x, y, z, r, g)
            const vb = b(x, y, z, r, h)
            combine(g, 1, h, 1)
            return va + vb
          }
        case '-':
          return (x, y, z, r, g) => {
            const va = a(x, y, z, r, g)
            const vb = b(x, y, z, r, h)
            combine(g, 1, h, -1)
            return va - vb
          }
        case '*':
          return (x, y, z, r, g) => {
            const va = a(x, y, z, r, g)
            const vb = b(x, y, z, r, h)
            combine(g, vb, h, va)
            return va * vb
          }
        case '/':
          return (x, y, z, r, g) => {
            const va = a(x, y, z, r, g)
            const vb = b(x, y, z, r, h)
            combine(g, 1 / vb, h, -va / (vb * vb))
            return va / vb
          }
        case '^':
          return powGradient(a, b, e.right.kind === 'number' ? e.right.value : null, h)
      }
      break
    }
    case 'call': {
      const args = e.args.map(gradientOf)
      if (e.fn === 'min' || e.fn === 'max') {
        const isMin = e.fn === 'min'
        const h = new Float64Array(3)
        return (x, y, z, r, g) => {
          let m = args[0](x, y, z, r, g)
          for (let k = 1; k < args.length; k++) {
            const vk = args[k](x, y, z, r, h)
            if (isMin ? vk < m : vk > m) {
              m = vk
              g.set(h)
            }
          }
          return m
        }
      }
      if (e.fn === 'pow') return powGradient(args[0], args[1], e.args[1].kind === 'number' ? e.args[1].value : null, new Float64Array(3))
      const f = UNARY[e.fn]
      const df = UNARY_DERIVATIVE[e.fn]
      const a = args[0]
      return (x, y, z, r, g) => {
        const va = a(x, y, z, r, g)
        const fa = f(va)
        scaleGrad(g, df(va, fa))
        return fa
      }
    }
  }
  throw new Error('unreachable')
}

/** d(a^b) = b a^(b−1) da + a^b log(a) db; the log term only where b varies. */
function powGradient(a: GradientFn, b: GradientFn, constantExponent: number | null, h: Float64Array): GradientFn {
  if (constantExponent !== null) {
    const c = constantExponent
    return (x, y, z, r, g) => {
      const va = a(x, y, z, r, g)
      if (c === 0) {
        g[0] = g[1] = g[2] = 0
        return 1
      }
      scaleGrad(g, c === 2 ? 2 * va : c * Math.pow(va, c - 1))
      return c === 2 ? va * va : Math.pow(va, c)
    }
  }
  return (x, y, z, r, g) => {
    const va = a(x, y, z, r, g)
    const vb = b(x, y, z, r, h)
    const p = Math.pow(va, vb)
    const da = vb === 0 ? 0 : vb * Math.pow(va, vb - 1)
    const hasDb = h[0] !== 0 || h[1] !== 0 || h[2] !== 0
    combine(g, da, h, hasDb ? p * Math.log(va) : 0)
    return p
  }
}
