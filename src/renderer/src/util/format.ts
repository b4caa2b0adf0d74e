// Small formatting helpers shared by the components.

/** "850 ms", "12.3 s", "4 min 05 s", "2 h 03 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return ''
  if (ms < 1000) return `${Math.round(ms)} ms`
  const s = ms / 1000
  if (s < 60) return `${s < 10 ? s.toFixed(2) : s.toFixed(1)} s`
  const totalS = Math.round(s)
  const m = Math.floor(totalS / 60)
  if (m < 60) return `${m} min ${String(totalS % 60).padStart(2, '0')} s`
  const h = Math.floor(m / 60)
  return `${h} h ${String(m % 60).padStart(2, '0')} min`
}

/** Compact ETA: "ETA 12 s", "ETA 4:05", "ETA 2 h 03". Empty when unknown. */
export function formatEta(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return ''
  const s = Math.round(seconds)
  if (s < 1) return 'ETA <1 s'
  if (s < 60) return `ETA ${s} s`
  if (s < 3600) return `ETA ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
  return `ETA ${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`
}

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

/** Integer with thin grouping: 1 000 000. */
export function formatInt(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return ''
  return Math.round(x).toLocaleString('en-US').replace(/,/g, '\u2009')
}

/** Local date-time, minutes precision. */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

/** Triggers a browser download of text content. */
export function downloadText(filename: string, text: string, mime: string): void {
  downloadBlob(filename, new Blob([text], { type: mime }))
}

/** Triggers a browser download of bytes (an exported PDF or PNG). */
export function downloadBytes(filename: string, bytes: Uint8Array, mime: string): void {
  downloadBlob(filename, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime }))
}

/** Saves what a same-origin URL answers as a download (a blob, or web mode's streamed exports). */
export function downloadUrl(filename: string, href: string): void {
  const a = document.createElement('a')
  a.href = href
  a.download = filename
  a.rel = 'noopener'
  a.style.display = 'none'
  document.body.append(a)
  a.click()
  a.remove()
}

/** Saves a blob as a download (the desktop app shows its save dialog). */
function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  downloadUrl(filename, url)
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
