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

export { formatFixed, formatNumber, MINUS } from './formatNumber'

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
