// One style (issue "house"): the figures' colours are written down once, in src/shared/figures/style.ts.
// No other figure builder, nor the renderer's scripts, spells a colour hex code (CSS in <style> blocks and
// styles.css are the page's, not the figures').
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cycle, DASHES, DASHES_NO_DOTTED, EMPTY_SYMBOLS, metricColor, SERIES_COLORS, SYMBOLS, withAlpha } from '../../../src/shared/figures/style'

const root = join(__dirname, '../../..')
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? files(p) : /\.(ts|vue)$/.test(f) ? [p] : []
  })
}
/** The code of a file: a .vue file's <script> blocks only. */
const code = (p: string) => {
  const s = readFileSync(p, 'utf8')
  return p.endsWith('.vue') ? [...s.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n') : s
}

describe('figure style', () => {
  it('is the only place that spells a colour', () => {
    const offenders = [...files(join(root, 'src/shared/figures')), ...files(join(root, 'src/renderer/src'))]
      .filter((p) => !p.endsWith('style.ts'))
      .flatMap((p) => [...code(p).matchAll(/['"]#[0-9a-f]{3,8}['"]/gi)].map((m) => `${p.slice(root.length + 1)}: ${m[0]}`))
    expect(offenders).toEqual([])
  })
  it('has as many colours, markers and dashes, and cycles them', () => {
    expect(SYMBOLS.length).toBe(SERIES_COLORS.length)
    expect(EMPTY_SYMBOLS.length).toBe(SERIES_COLORS.length)
    expect(DASHES.length).toBe(SERIES_COLORS.length)
    expect(DASHES_NO_DOTTED).not.toContain('dotted')
    expect(cycle(SERIES_COLORS, SERIES_COLORS.length + 1)).toBe(SERIES_COLORS[1])
    expect(metricColor('Txx', 5)).toBe('#d1495b')
    expect(metricColor('x', -1)).toBe(metricColor('x', 0))
    expect(withAlpha('#ff0080', 0.5)).toBe('rgba(255, 0, 128, 0.5)')
  })
})
