// Oracle: the expression language's grammar (docs/NUMERICS.md, "Initial data"): values of accepted
// formulas equal the same arithmetic written in JavaScript (exactly, or to 1 ulp-level tolerance where
// the compiled tree may associate differently); precedence and associativity as documented; every
// rejection names its column (1-based); names are looked up in the allowed lists only, so JavaScript
// words ("constructor", "__proto__", "process") are unknown names, and nothing is ever executed.
// The exact gradient (forward-mode differentiation) is checked against central differences with step
// 1e-5: truncation O(h²f''') ≈ 1e-10 and round-off O(ε f/h) ≈ 1e-11 for these O(1) functions, so a
// tolerance of 1e-7 (relative to max(1, |∇f|)) is far above both and far below any wrong derivative.
// The row-wise evaluators (compileRows.ts) must give the pointwise closures' bits (gradients up to the
// sign of a zero), including NaN and ±∞ where the formula has them.
import { describe, expect, it } from 'vitest'
import { compileFormula } from '../../../src/solvers/formula/compile'
import { rowGradients, rowValues } from '../../../src/solvers/formula/compileRows'
import { FormulaError } from '../../../src/solvers/formula/formulaError'
import { parseFormula } from '../../../src/solvers/formula/parse'

const at = (src: string, x: number, y: number, z: number) => compileFormula(src).value(x, y, z, Math.hypot(x, y, z))

function errorOf(src: string): FormulaError {
  try {
    compileFormula(src)
  } catch (e) {
    expect(e).toBeInstanceOf(FormulaError)
    return e as FormulaError
  }
  throw new Error(`"${src}" was accepted`)
}

describe('formula language: accepted formulas', () => {
  const [x, y, z] = [0.3, -1.2, 0.7]
  const r = Math.hypot(x, y, z)
  const cases: [string, number][] = [
    ['exp(-v^2/2)', Math.exp(-(r ** 2) / 2)],
    ['-v^2', -(r ** 2)], // unary minus binds looser than ^
    ['2^3^2', 2 ** 9], // right-associative
    ['2^-1', 0.5],
    ['-2^2', -4],
    ['(-2)^2', 4],
    ['1 - 2 - 3', -4], // left-associative
    ['8 / 4 / 2', 1],
    ['2 + 3 * 4', 14],
    ['(vx + vy) * vz', (x + y) * z],
    ['sqrt(vx^2 + vy^2 + vz^2) - v', Math.sqrt(x * x + y * y + z * z) - r],
    ['pi * e', Math.PI * Math.E],
    ['1.5e-1 + .5 + 2. + 3E2', 0.15 + 0.5 + 2 + 300],
    ['min(vx, vy, vz) + max(1, 2) + pow(2, 10)', Math.min(x, y, z) + 2 + 1024],
    [
      'abs(vy) + log(2) + tanh(vx) + cosh(vx) + sinh(vx) + sin(vz) + cos(vz) + tan(vz)',
      Math.abs(y) + Math.log(2) + Math.tanh(x) + Math.cosh(x) + Math.sinh(x) + Math.sin(z) + Math.cos(z) + Math.tan(z),
    ],
    ['  vx\t*\n2 ', 2 * x],
    ['3 \u2212 1', 2], // a pasted minus sign
  ]
  for (const [src, expected] of cases) {
    it(`${src} = ${expected}`, () => {
      expect(at(src, x, y, z)).toBeCloseTo(expected, 13)
    })
  }

  it('parses to the documented tree shape', () => {
    expect(parseFormula('-v^2')).toEqual({
      kind: 'negate',
      arg: { kind: 'binary', op: '^', left: { kind: 'variable', name: 'v' }, right: { kind: 'number', value: 2 } },
    })
  })
})

describe('formula language: rejected formulas, with the column', () => {
  const cases: [string, RegExp, number][] = [
    ['exp(-v))', /^unexpected '\)' at 8$/, 8],
    ['x^2', /^unknown variable 'x' at 1 \(use vx, vy, vz, v\)$/, 1],
    ['foo(v)', /^unknown function 'foo' at 1 \(functions: exp, log, sqrt/, 1],
    ['exp(-v', /^missing '\)' for the '\(' at 4$/, 4],
    ['2 v', /^missing operator before 'v' at 3$/, 3],
    ['2e', /^missing operator before 'e' at 2$/, 2],
    ['v^', /^the formula ends too early at 3/, 3],
    ['', /^the formula ends too early at 1/, 1],
    ['v ** 2', /^unexpected '\*\*' at 3 \(write powers with \^/, 3],
    ['exp', /^'exp' at 1 is a function: write exp\(…\)$/, 1],
    ['v(2)', /^'v' at 1 is not a function/, 1],
    ['exp(1, 2)', /^exp at 1 takes 1 argument, got 2$/, 1],
    ['pow(2)', /^pow at 1 takes 2 arguments, got 1$/, 1],
    ['max(2)', /^max at 1 takes at least 2 arguments, got 1$/, 1],
    ['v $ 2', /^unexpected character '\$' at 3$/, 3],
    ['1, 2', /^unexpected ',' at 2$/, 2],
    ['()', /^unexpected '\)' at 2$/, 2],
  ]
  for (const [src, message, column] of cases) {
    it(JSON.stringify(src), () => {
      const e = errorOf(src)
      expect(e.message).toMatch(message)
      expect(e.column).toBe(column)
    })
  }

  it('never executes JavaScript: JS words are unknown names, JS syntax is a syntax error', () => {
    expect(errorOf('constructor').message).toMatch(/^unknown variable 'constructor'/)
    expect(errorOf('__proto__').message).toMatch(/^unknown variable '__proto__'/)
    expect(errorOf('toString').message).toMatch(/^unknown variable 'toString'/)
    expect(errorOf('valueOf()').message).toMatch(/^unknown function 'valueOf'/)
    expect(errorOf('hasOwnProperty(v)').message).toMatch(/^unknown function 'hasOwnProperty'/)
    expect(errorOf('process.exit()').message).toBe("unexpected character '.' at 8")
    expect(errorOf('globalThis').message).toMatch(/^unknown variable/)
    expect(errorOf('`${1}`').message).toMatch(/^unexpected character '`' at 1$/)
    expect(errorOf('v; 1').message).toMatch(/^unexpected character ';' at 2$/)
    expect(errorOf('Function("return 1")()').message).toMatch(/^unexpected character '"' at 10$/)
    expect(errorOf('Math.exp(v)').message).toMatch(/^unexpected character '\.' at 5$/)
    expect(errorOf('v => v').message).toMatch(/^unexpected character '=' at 3$/)
  })

  it('refuses pathological nesting instead of overflowing the stack', () => {
    expect(errorOf('('.repeat(300) + 'v' + ')'.repeat(300)).message).toMatch(/nested too deeply/)
    expect(errorOf('-'.repeat(300) + 'v').message).toMatch(/nested too deeply/)
    expect(at('('.repeat(150) + 'v' + ')'.repeat(150), 3, 4, 0)).toBe(5)
  })
})

describe('formula language: exact gradient', () => {
  const formulas = [
    'exp(-v^2/2)',
    'vx^2 * exp(-(vx^2 + 2*vy^2 + vz^2)/2)',
    '(1 + tanh(vx - vy)) * exp(-v) / (1 + v^2)',
    'pow(1 + v^2, -2) + sqrt(1 + vx^2) * cos(vy) ^ 2 + log(2 + sin(vz))',
    'max(exp(-v^2), 0.5 * exp(-(vx-1)^2 - vy^2 - vz^2)) + min(v, 1) + abs(vx - 0.1)',
    'cosh(vx/3) * sinh(0.2 + vy^2) + tan(vz/4) + (1 + vx^2)^(vy/3)',
    '-(vx - vz) / (2 + vy^2) + 3 * vz - e^vx',
  ]
  const points: [number, number, number][] = [
    [0.3, -1.2, 0.7],
    [1.1, 0.4, -0.9],
    [-0.6, 0.25, 1.3],
  ]
  for (const src of formulas) {
    it(src, () => {
      const f = compileFormula(src)
      const g = new Float64Array(3)
      for (const [x, y, z] of points) {
        const r = Math.hypot(x, y, z)
        const value = f.gradient(x, y, z, r, g)
        expect(value).toBeCloseTo(f.value(x, y, z, r), 14)
        const d = 1e-5
        const num = [0, 1, 2].map((a) => {
          const p = [x, y, z]
          const m = [x, y, z]
          p[a] += d
          m[a] -= d
          return (f.value(p[0], p[1], p[2], Math.hypot(...p)) - f.value(m[0], m[1], m[2], Math.hypot(...m))) / (2 * d)
        })
        const scale = Math.max(1, Math.hypot(...num))
        for (let a = 0; a < 3; a++) expect(Math.abs(g[a] - num[a])).toBeLessThan(1e-7 * scale)
      }
    })
  }

  it('gives ∇|v| = 0 at the origin and keeps exact zeros (no 0·∞ = NaN)', () => {
    const g = new Float64Array(3)
    compileFormula('v').gradient(0, 0, 0, 0, g)
    expect(Array.from(g)).toEqual([0, 0, 0])
    compileFormula('sqrt(vx^2) + 1').gradient(0, 1, 1, Math.SQRT2, g)
    expect(Array.from(g)).toEqual([0, 0, 0]) // ∂(vx²)=0 at vx=0, times (sqrt)'(0)=∞: kept 0
  })
})

describe('row-wise evaluation equals the pointwise closures', () => {
  const formulas = [
    'exp(-v^2/2)',
    'vx^2 * exp(-(vx^2 + 2*vy^2 + vz^2)/2)',
    '(1 + tanh(vx - vy)) * exp(-v) / (1 + v^2)',
    'pow(1 + v^2, -2) + sqrt(abs(vx)) * cos(vy) ^ 2 + log(2 + sin(vz))',
    'max(exp(-v^2), 0.5 * exp(-(vx-1)^2 - vy^2 - vz^2), 0.1) + min(v, 1) + abs(vx - 0.1)',
    'cosh(vx/3) * sinh(0.2 + vy^2) + tan(vz/4) + (1 + vx^2)^(vy/3) + vx^0 + 2^3',
    'log(vx) + sqrt(vy) + 1/vz + v^0.5', // NaN, −∞, ±∞ at some points
  ]
  const n = 41
  const xs = Float64Array.from({ length: n }, (_, i) => -2 + i / 10) // includes 0 exactly
  const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b))
  for (const src of formulas) {
    it(src, () => {
      const c = compileFormula(src)
      const V = rowValues(c.tree)
      const G = rowGradients(c.tree)
      const X = new Float64Array(128)
      const Y = new Float64Array(128)
      const R = new Float64Array(128)
      const g = new Float64Array(3)
      let mismatches = 0
      for (const [x, y] of [
        [0.3, -1.2],
        [0, 0],
        [-1.5, 0.7],
      ]) {
        X.fill(x, 0, n)
        Y.fill(y, 0, n)
        for (let k = 0; k < n; k++) R[k] = Math.hypot(x, y, xs[k])
        const row = Float64Array.from(V(X, Y, xs, R, n).subarray(0, n))
        const rg = G(X, Y, xs, R, n)
        for (let k = 0; k < n; k++) {
          const val = c.value(x, y, xs[k], R[k])
          const gval = c.gradient(x, y, xs[k], R[k], g)
          if (!Object.is(row[k], val) || !Object.is(rg.v[k], gval)) mismatches++
          if (!same(rg.gx[k], g[0]) || !same(rg.gy[k], g[1]) || !same(rg.gz[k], g[2])) mismatches++
        }
      }
      expect(mismatches).toBe(0)
    })
  }
})
