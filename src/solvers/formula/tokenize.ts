// Tokenizer of the expression language (docs/NUMERICS.md, "Initial data"): numbers, names,
// the operators + − * / ^, parentheses and commas. Hand-written and total: every character is either
// consumed by a token or reported with its column, so nothing of the input ever reaches JavaScript.
import { FormulaError } from './formulaError'

export type Token =
  | { kind: 'number'; value: number; text: string; column: number }
  | { kind: 'name'; text: string; column: number }
  | { kind: 'op'; text: '+' | '-' | '*' | '/' | '^' | '(' | ')' | ','; column: number }
  | { kind: 'end'; text: ''; column: number }

const isDigit = (c: string) => c >= '0' && c <= '9'
const isNameStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_'
const isNamePart = (c: string) => isNameStart(c) || isDigit(c)

/** Splits `src` into tokens; the last is always `end`. Columns are 1-based. */
export function tokenize(src: string): Token[] {
  const out: Token[] = []
  let i = 0
  while (i < src.length) {
    const c = src[i]
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++
    } else if (isDigit(c) || (c === '.' && isDigit(src[i + 1] ?? ''))) {
      const start = i
      while (isDigit(src[i] ?? '')) i++
      if (src[i] === '.') {
        i++
        while (isDigit(src[i] ?? '')) i++
      }
      // An exponent only if digits follow ("2e3", "2e-3"); otherwise "e" is left for the name rule,
      // where "2e" then fails as a missing operator rather than silently meaning 2·e.
      if ((src[i] === 'e' || src[i] === 'E') && (isDigit(src[i + 1] ?? '') || ((src[i + 1] === '+' || src[i + 1] === '-') && isDigit(src[i + 2] ?? '')))) {
        i += 2
        while (isDigit(src[i] ?? '')) i++
      }
      const text = src.slice(start, i)
      const value = Number(text)
      if (!Number.isFinite(value)) throw new FormulaError(`number ${text} at ${start + 1} is too large`, start + 1)
      out.push({ kind: 'number', value, text, column: start + 1 })
    } else if (isNameStart(c)) {
      const start = i
      while (isNamePart(src[i] ?? '')) i++
      out.push({ kind: 'name', text: src.slice(start, i), column: start + 1 })
    } else if (c === '*' && src[i + 1] === '*') {
      throw new FormulaError(`unexpected '**' at ${i + 1} (write powers with ^, e.g. v^2)`, i + 1)
    } else if (c === '\u2212') {
      out.push({ kind: 'op', text: '-', column: i + 1 }) // U+2212 MINUS SIGN, as pasted from a paper
      i++
    } else if (c === '+' || c === '-' || c === '*' || c === '/' || c === '^' || c === '(' || c === ')' || c === ',') {
      out.push({ kind: 'op', text: c, column: i + 1 })
      i++
    } else {
      const ch = String.fromCodePoint(src.codePointAt(i) ?? 0)
      const shown = ch === "'" ? '"\'"' : `'${ch}'`
      throw new FormulaError(`unexpected character ${shown} at ${i + 1}`, i + 1)
    }
  }
  out.push({ kind: 'end', text: '', column: src.length + 1 })
  return out
}
