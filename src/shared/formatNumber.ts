// Compact numbers for tables, tooltips and figures: shared by the renderer and the headless chart
// (convergenceChart.ts), which cannot import the renderer's DOM helpers.

/** Compact number for tables and tooltips: 6 significant digits, exponent outside [1e-4, 1e6). */
export function formatNumber(x: number | null | undefined, digits = 6): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—'
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞'
  if (x === 0) return '0'
  const a = Math.abs(x)
  if (a >= 1e6 || a < 1e-4) return x.toExponential(Math.max(0, digits - 2))
  return String(Number(x.toPrecision(digits)))
}
