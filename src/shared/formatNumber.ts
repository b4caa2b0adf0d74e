// The workbench's one number format: the UI's tables, tooltips and notes and the figures' axes, legends and
// labels (src/shared/figures, drawn on screen and exported) all print a number the same way. Pure, so that the
// headless figures and the renderer share it (the renderer re-exports it from util/formatNumber.ts).

/** The minus sign every number on screen uses (U+2212, as in the prose and the paper), never a hyphen. */
export const MINUS = '\u2212'

/**
 * The one number format of the UI's tables, tooltips and notes: `digits` significant digits, trailing zeros
 * dropped; plain notation in [1e-4, 1e6), else scientific as "3e−16", "1.25e6" (no "+", no padded exponent);
 * negatives with a real minus sign "−3". Exports (CSV, JSON) keep the full machine numbers instead.
 */
export function formatNumber(x: number | null | undefined, digits = 6): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—'
  if (!Number.isFinite(x)) return x > 0 ? '∞' : `${MINUS}∞`
  if (x === 0) return '0'
  const a = Math.abs(x)
  const sign = x < 0 ? MINUS : ''
  if (a >= 1e6 || a < 1e-4) {
    const [mantissa, exponent] = a.toExponential(Math.max(0, digits - 1)).split('e')
    const m = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa
    const e = Number(exponent)
    return `${sign}${m}e${e < 0 ? MINUS : ''}${Math.abs(e)}`
  }
  return `${sign}${Number(a.toPrecision(digits))}`
}

/** A fixed number of decimals with the UI's minus sign ("−0.250"); "—" for a missing value. */
export function formatFixed(x: number | null | undefined, decimals: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—'
  const s = x.toFixed(decimals)
  return s.startsWith('-') ? `${MINUS}${s.slice(1)}` : s
}
