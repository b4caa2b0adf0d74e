// Safe text for the '#' comment lines of CSV files: the run exports (backend) and the figure CSVs (renderer)
// write user text only there, through these functions. Pure: no DOM, no Node.
//
// User text (the experiment name, strings inside the spec such as a formula) and text read from the file
// (the code version) appear only in '#' comment lines. Two ways it could still do harm:
// - a line break (or U+0085, U+2028, U+2029, which some readers also break on) would start a line of its
//   own: a forged data row or provenance line. Every such character is written as a JSON \uXXXX escape;
// - a spreadsheet splits comment lines at commas too, so a name like `x,=cmd|' /C calc'!A0` would put a
//   formula at the start of a cell. A comma inside user text that is followed (after blanks) by = + - @
//   is written as \u002c, so no cell starts with user text that a spreadsheet would evaluate. In JSON,
//   a string that follows a comma of the structure (an array item: tags, legend labels) starts a cell
//   with its quote, and a spreadsheet unquotes a cell before it reads a formula: such a string's leading
//   = + - @ is \u-escaped too.
// The name is written as a JSON string (quotes and backslashes escaped too), which for a name without
// these characters is the same text as before; likewise the spec line. Data cells are numbers (String(x):
// digits, '-', '.', 'e', NaN, Infinity) and column names, which are the solvers' own.

export const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g
const FORMULA_AFTER_COMMA = /,(?=\s*[=+\-@])/g
export const hex4 = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`

/** Plain text (a code version, a metadata value) for a comment line. */
export function commentText(s: string): string {
  return s.replace(LINE_BREAKING, hex4).replace(FORMULA_AFTER_COMMA, '\\u002c')
}

/**
 * JSON text for a comment line: inside its string literals, line-breaking characters and commas before
 * a formula character, and the formula character that opens a string right after a comma, are \u-escaped
 * (still valid JSON, with the same value); structure is untouched.
 */
export function commentJson(json: string): string {
  if (!/[\u007f-\u009f\u2028\u2029]|,\s*"?[=+\-@]/.test(json)) return json // the usual case: nothing to do
  let out = ''
  let inString = false
  for (let i = 0; i < json.length; i++) {
    const c = json[i]
    if (inString) {
      if (c === '\\') {
        out += c + json[++i]
        continue
      }
      if (c === '"') inString = false
      else if (c === ',' && formulaFollows(json, i + 1)) {
        out += '\\u002c'
        continue
      } else if (/[\u007f-\u009f\u2028\u2029]/.test(c)) {
        out += hex4(c)
        continue
      }
    } else if (c === '"') {
      inString = true
      if (i + 1 < json.length && '=+-@'.includes(json[i + 1]) && afterComma(json, i)) {
        out += c + hex4(json[++i]) // a string that starts a cell: its formula character escaped
        continue
      }
    }
    out += c
  }
  return out
}

/** Whether json[at] is preceded, after blanks, by a comma. */
function afterComma(json: string, at: number): boolean {
  let j = at - 1
  while (j >= 0 && /\s/.test(json[j])) j--
  return j >= 0 && json[j] === ','
}

/** Whether, after blanks, json[from…] starts with a character a spreadsheet takes as a formula's start. */
function formulaFollows(json: string, from: number): boolean {
  let j = from
  while (j < json.length && /\s/.test(json[j])) j++
  return j < json.length && '=+-@'.includes(json[j])
}
