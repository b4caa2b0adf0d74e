// Recursive-descent parser of the expression language. Grammar (lowest precedence first):
//   expr    := term (('+' | '-') term)*
//   term    := unary (('*' | '/') unary)*
//   unary   := ('-' | '+') unary | power
//   power   := primary ('^' unary)?          right-associative: a^b^c = a^(b^c); -v^2 = -(v^2)
//   primary := number | constant | variable | function '(' expr (',' expr)* ')' | '(' expr ')'
// Names are looked up in Maps of the allowed words only, never as properties of a JavaScript object,
// so "constructor" or "__proto__" are unknown names like any other.
import { FormulaError } from './formulaError'
import { tokenize, type Token } from './tokenize'

export type Variable = 'vx' | 'vy' | 'vz' | 'v'
export type UnaryFunction = 'exp' | 'log' | 'sqrt' | 'abs' | 'sin' | 'cos' | 'tan' | 'tanh' | 'cosh' | 'sinh'
export type FunctionName = UnaryFunction | 'min' | 'max' | 'pow'

export type Expr =
  | { kind: 'number'; value: number }
  | { kind: 'variable'; name: Variable }
  | { kind: 'negate'; arg: Expr }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/' | '^'; left: Expr; right: Expr }
  | { kind: 'call'; fn: FunctionName; args: Expr[] }

const VARIABLES = new Map<string, Variable>([
  ['vx', 'vx'],
  ['vy', 'vy'],
  ['vz', 'vz'],
  ['v', 'v'],
])
const CONSTANTS = new Map<string, number>([
  ['pi', Math.PI],
  ['e', Math.E],
])
/** Allowed functions and their number of arguments (min, max take two or more). */
const FUNCTIONS = new Map<string, { fn: FunctionName; minArgs: number; maxArgs: number }>([
  ...(['exp', 'log', 'sqrt', 'abs', 'sin', 'cos', 'tan', 'tanh', 'cosh', 'sinh'] as const).map((fn) => [fn, { fn, minArgs: 1, maxArgs: 1 }] as const),
  ['min', { fn: 'min', minArgs: 2, maxArgs: Infinity }],
  ['max', { fn: 'max', minArgs: 2, maxArgs: Infinity }],
  ['pow', { fn: 'pow', minArgs: 2, maxArgs: 2 }],
])

export const FUNCTION_NAMES = [...FUNCTIONS.keys()]
const VARIABLE_HINT = '(use vx, vy, vz, v)'

/** Nesting deeper than this is refused (it would only risk the call stack; no density needs it). */
const MAX_DEPTH = 200

function describe(t: Token): string {
  if (t.kind === 'end') return 'end of formula'
  return `'${t.text}'`
}

/** Parses a formula of the expression language into its syntax tree; throws FormulaError. */
export function parseFormula(src: string): Expr {
  const tokens = tokenize(src)
  let pos = 0
  let depth = 0
  const peek = () => tokens[pos]
  const next = () => tokens[pos++]
  const isOp = (t: Token, text: string) => t.kind === 'op' && t.text === text

  function enter(t: Token) {
    if (++depth > MAX_DEPTH) throw new FormulaError(`formula nested too deeply at ${t.column} (more than ${MAX_DEPTH} levels)`, t.column)
  }

  function expr(): Expr {
    let left = term()
    for (let t = peek(); isOp(t, '+') || isOp(t, '-'); t = peek()) {
      next()
      left = { kind: 'binary', op: t.text as '+' | '-', left, right: term() }
    }
    return left
  }

  function term(): Expr {
    let left = unary()
    for (let t = peek(); isOp(t, '*') || isOp(t, '/'); t = peek()) {
      next()
      left = { kind: 'binary', op: t.text as '*' | '/', left, right: unary() }
    }
    return left
  }

  function unary(): Expr {
    const t = peek()
    if (isOp(t, '-') || isOp(t, '+')) {
      next()
      enter(t)
      const arg = unary()
      depth--
      return t.text === '-' ? { kind: 'negate', arg } : arg
    }
    return power()
  }

  function power(): Expr {
    const base = primary()
    const t = peek()
    if (!isOp(t, '^')) return base
    next()
    enter(t)
    const exponent = unary() // right-associative, and allows v^-2
    depth--
    return { kind: 'binary', op: '^', left: base, right: exponent }
  }

  function primary(): Expr {
    const t = next()
    if (t.kind === 'number') return { kind: 'number', value: t.value }
    if (t.kind === 'name') return named(t)
    if (isOp(t, '(')) {
      enter(t)
      const inner = expr()
      const close = next()
      if (!isOp(close, ')')) throw unclosed(t, close)
      depth--
      return inner
    }
    if (t.kind === 'end') throw new FormulaError(`the formula ends too early at ${t.column}: expected a number, a variable or '('`, t.column)
    throw new FormulaError(`unexpected ${describe(t)} at ${t.column}`, t.column)
  }

  function named(t: Token & { kind: 'name' }): Expr {
    const called = isOp(peek(), '(')
    const variable = VARIABLES.get(t.text)
    const constant = CONSTANTS.get(t.text)
    const fn = FUNCTIONS.get(t.text)
    if (fn === undefined) {
      if (variable === undefined && constant === undefined) {
        if (called) throw new FormulaError(`unknown function '${t.text}' at ${t.column} (functions: ${FUNCTION_NAMES.join(', ')})`, t.column)
        throw new FormulaError(`unknown variable '${t.text}' at ${t.column} ${VARIABLE_HINT}`, t.column)
      }
      if (called) throw new FormulaError(`'${t.text}' at ${t.column} is not a function (missing '*' before '('?)`, t.column)
      return variable !== undefined ? { kind: 'variable', name: variable } : { kind: 'number', value: constant! }
    }
    if (!called) throw new FormulaError(`'${t.text}' at ${t.column} is a function: write ${t.text}(…)`, t.column)
    const open = next()
    enter(open)
    const args: Expr[] = []
    if (isOp(peek(), ')')) {
      next()
    } else {
      for (;;) {
        args.push(expr())
        const sep = next()
        if (isOp(sep, ')')) break
        if (!isOp(sep, ',')) throw unclosed(open, sep)
      }
    }
    depth--
    if (args.length < fn.minArgs || args.length > fn.maxArgs) {
      const wanted = fn.maxArgs === Infinity ? `at least ${fn.minArgs} arguments` : fn.minArgs === 1 ? '1 argument' : `${fn.minArgs} arguments`
      throw new FormulaError(`${t.text} at ${t.column} takes ${wanted}, got ${args.length}`, t.column)
    }
    return { kind: 'call', fn: fn.fn, args }
  }

  function unclosed(open: Token, found: Token): FormulaError {
    if (found.kind === 'end') return new FormulaError(`missing ')' for the '(' at ${open.column}`, open.column)
    return missingOperatorOr(found)
  }

  function missingOperatorOr(t: Token): FormulaError {
    if (t.kind === 'number' || t.kind === 'name' || isOp(t, '(')) {
      return new FormulaError(`missing operator before ${describe(t)} at ${t.column}`, t.column)
    }
    return new FormulaError(`unexpected ${describe(t)} at ${t.column}`, t.column)
  }

  const tree = expr()
  const rest = peek()
  if (rest.kind !== 'end') throw missingOperatorOr(rest)
  return tree
}

/** The variables a tree reads (to skip computing |v| when only vx, vy, vz appear). */
export function variablesOf(e: Expr, into = new Set<Variable>()): Set<Variable> {
  if (e.kind === 'variable') into.add(e.name)
  else if (e.kind === 'negate') variablesOf(e.arg, into)
  else if (e.kind === 'binary') {
    variablesOf(e.left, into)
    variablesOf(e.right, into)
  } else if (e.kind === 'call') for (const a of e.args) variablesOf(a, into)
  return into
}
