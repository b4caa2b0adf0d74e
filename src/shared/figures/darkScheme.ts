// The on-screen charts in the dark scheme (applied by src/renderer/src/chart/screenScheme.ts). The chart
// options (src/shared/figures) are shared with the exports, which are always on white, so they name
// light-scheme colours: a pale grid, a near-black energy line, grey text, dark series colours. On a dark page
// those glare or vanish. Rather than teach every figure two palettes, the screen's setOption passes each option
// through forDarkPage: the grid colours become the page's grid colour, and every other colour with less than
// 3 : 1 contrast against the page (WCAG 1.4.11, graphical objects) is mixed toward white until it has it, so
// hues keep their identity (the temperatures stay red, green and blue). Series data are not walked (they can
// hold 10⁵ points), nor functions (the error bars read their colour from the series: errorBars.ts).
import { GRID_LINE, MINOR_GRID_LINE, SCREEN_GRID_LINE } from './style'

const HEX = /^#([0-9a-f]{6}|[0-9a-f]{3})$/i

function rgb(hex: string): [number, number, number] {
  const h = hex.length === 4 ? hex.replace(/^#(.)(.)(.)$/, '#$1$1$2$2$3$3') : hex
  return [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number]
}

/** WCAG relative luminance of an sRGB colour. */
function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

export function contrast(a: string, b: string): number {
  const [la, lb] = [luminance(rgb(a)), luminance(rgb(b))]
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05)
}

const toHex = (c: number[]) => `#${c.map((x) => Math.round(x).toString(16).padStart(2, '0')).join('')}`

/** `color` mixed toward white in steps of 5 % until it has `min` : 1 contrast with `background`. */
export function liftToContrast(color: string, background: string, min = 3): string {
  const c = rgb(color)
  for (let k = 0; k <= 20; k++) {
    const mixed = toHex(c.map((x) => x + ((255 - x) * k) / 20))
    if (contrast(mixed, background) >= min) return mixed
  }
  return toHex([255, 255, 255])
}

/** The colours of a dark page: its background and its grid lines. */
export interface DarkPage {
  background: string
  grid: string
}

/** The option as the dark page should draw it (see the file's comment); the option itself is not changed. */
export function forDarkPage<T>(option: T, { background, grid }: DarkPage): T {
  const gridColours = new Set([GRID_LINE, MINOR_GRID_LINE, SCREEN_GRID_LINE].map((c) => c.toLowerCase()))
  const memo = new Map<string, string>()
  const recolour = (c: string): string => {
    const key = c.toLowerCase()
    if (gridColours.has(key)) return grid
    let out = memo.get(key)
    if (out === undefined) {
      out = contrast(c, background) >= 3 ? c : liftToContrast(c, background)
      memo.set(key, out)
    }
    return out
  }
  const walk = (x: unknown, key: string): unknown => {
    if (typeof x === 'string') return HEX.test(x) ? recolour(x) : x
    if (key === 'data' || key === 'dataset' || x === null || typeof x !== 'object' || ArrayBuffer.isView(x)) return x
    if (Array.isArray(x)) return x.map((v) => walk(v, ''))
    if (Object.getPrototypeOf(x) !== Object.prototype) return x // class instances (graphics) pass as they are
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(x)) out[k] = walk(v, k)
    return out
  }
  return walk(option, '') as T
}
