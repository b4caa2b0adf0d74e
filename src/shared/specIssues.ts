// Spec issues as every front end shows them (a terminal line, a field's message, an API error): user text
// echoed in a message (an unknown key, say) can hold terminal escapes or be megabytes long, and a spec can
// break thousands of rules at once (a 10⁶-element array of bad values). So control characters are shown as
// JSON shows them (\u001b), echoed text is cut at MAX_ECHO characters, a message at MAX_MESSAGE, and a list at
// MAX_ISSUES entries, the last saying how many were left out.

export interface SpecIssue {
  /** Dotted path of the offending field, e.g. "solvers.0.N"; "" for the whole spec. */
  path: string
  message: string
}

/** Issues listed at most (the last of them says how many more there were). */
export const MAX_ISSUES = 20
/** Characters of user text echoed in a message. */
export const MAX_ECHO = 60
/** Characters of a message (ours are under 300). */
export const MAX_MESSAGE = 300

/**
 * C0 and C1 controls, DEL, the line and paragraph separators, and the bidirectional controls (which can
 * make a shown key read as another, "Trojan source").
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' }

/** Control characters written as JSON writes them: \n, \t, \u001b, … */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** The first `max` characters (code points, so no surrogate pair is split), with "…" if cut. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text
  const head = Array.from(text.slice(0, 2 * max)).slice(0, max)
  return `${head.join('')}…`
}

/** User text as a message may quote it: escaped, cut at MAX_ECHO, in double quotes. */
export function echo(text: string): string {
  return `"${cut(escapeControl(text), MAX_ECHO)}"`
}

/** Any message or path made safe to print: controls escaped, at most `max` characters. */
export function clean(text: string, max = MAX_MESSAGE): string {
  return cut(escapeControl(text), max)
}

/** `unknown field "Tx"`, `unknown fields "a", "b", "c" and 12 more`: at most five keys, each echoed. */
export function unknownKeysMessage(keys: readonly string[]): string {
  const shown = keys.slice(0, 5).map(echo).join(', ')
  const more = keys.length > 5 ? ` and ${keys.length - 5} more` : ''
  return `unknown field${keys.length === 1 ? '' : 's'} ${shown}${more}`
}

/**
 * At most MAX_ISSUES entries, each clean; when cut, the last says how many were left out. `total`: how many
 * issues `issues` is the start of (default: all of them).
 */
export function capIssues(issues: readonly SpecIssue[], total = issues.length): SpecIssue[] {
  const keep = total > MAX_ISSUES ? issues.slice(0, MAX_ISSUES - 1) : issues
  const out = keep.map((i) => ({ path: clean(i.path, 200), message: clean(i.message) }))
  if (total > MAX_ISSUES) out.push({ path: '', message: `and ${total - keep.length} more issues` })
  return out
}

/** Zod issues (or their like) as SpecIssues: dotted paths under `prefix`, unknown keys named safely, capped. */
export function toSpecIssues(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code?: string; keys?: readonly string[] }>,
  prefix: readonly string[] = [],
): SpecIssue[] {
  const shown = issues.slice(0, MAX_ISSUES).map((i) => ({
    path: [...prefix, ...i.path.map(String)].join('.'),
    message: i.code === 'unrecognized_keys' && i.keys ? unknownKeysMessage(i.keys) : i.message,
  }))
  return capIssues(shown, issues.length)
}

/** One line naming the fields: `solvers.0.N: N must be ≥ 2; time.dt: …` (clean and capped, whatever the input). */
export function formatIssues(issues: readonly SpecIssue[]): string {
  return capIssues(issues)
    .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
    .join('; ')
}
