// Figure sizes and the SVG's physical size: a figure sized in mm prints at that size.
import { describe, expect, it } from 'vitest'
import { csvMetadataLines, cssPixels, figureSizeError, pngPixels, points, svgAtPaperSize, withSvgMetadata } from '../../src/shared/figureExport'

describe('figure sizes', () => {
  it('converts millimetres exactly by the inch: 25.4 mm = 96 CSS px = 72 pt = DPI pixels', () => {
    expect(cssPixels(25.4)).toBe(96)
    expect(points(25.4)).toBeCloseTo(72, 12)
    expect(pngPixels(25.4, 300)).toBe(300)
    expect(pngPixels(85, 600)).toBe(2008) // 85/25.4·600 = 2007.87
  })

  it('accepts journal sizes and explains what it refuses', () => {
    expect(figureSizeError({ widthMm: 85, heightMm: 60, dpi: 300 })).toBeNull()
    expect(figureSizeError({ widthMm: 10, heightMm: 60, dpi: 300 })).toMatch(/width must be ≥ 30 mm/)
    expect(figureSizeError({ widthMm: 85, heightMm: 60, dpi: 299.5 })).toMatch(/DPI must be a whole number/)
    expect(figureSizeError({ widthMm: 600, heightMm: 60, dpi: 1200 })).toMatch(/12 000 px/)
    expect(figureSizeError({ widthMm: '85', heightMm: 60, dpi: 300 })).toMatch(/width must be a number/)
  })
})

describe('svgAtPaperSize', () => {
  it('states the size in mm and keeps the drawing in a viewBox of its pixels', () => {
    const svg = '<svg width="642" height="397" xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>'
    const out = svgAtPaperSize(withSvgMetadata(svg, { runs: [1] }, 'landau-history'), 170, 105)
    expect(out).toMatch(/^<svg width="170mm" height="105mm" xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 642 397">/)
    expect(out).toContain('<metadata id="landau-history">{"runs":[1]}</metadata>')
    // An existing viewBox is kept.
    expect(svgAtPaperSize('<svg width="10" height="5" viewBox="0 0 20 10"></svg>', 40, 20)).toBe('<svg width="40mm" height="20mm" viewBox="0 0 20 10"></svg>')
    expect(() => svgAtPaperSize('<svg></svg>', 40, 20)).toThrow(/no pixel width/)
  })
})

describe('figure CSV metadata', () => {
  it('keeps user text on its comment line and out of the start of any cell', () => {
    const meta = { experiment: 'sweep\n1.0,2.0\r\n# forged', runs: [{ name: 'a, =HYPERLINK("x")' }], note: 'x,\t@SUM(A1)' }
    const lines = csvMetadataLines(meta)
    // One line per key, each a comment: a line break in a value would forge a data row.
    expect(lines).toHaveLength(3)
    for (const line of lines) {
      expect(line.startsWith('# ')).toBe(true)
      expect(line).not.toMatch(/[\n\r]/)
      // A spreadsheet splits at commas: no cell may start (after blanks) with a formula character.
      for (const cell of line.split(',').slice(1)) expect(cell).not.toMatch(/^\s*[=+\-@]/)
    }
    expect(lines[0]).toBe('# experiment: sweep\\u000a1.0,2.0\\u000d\\u000a# forged')
    // JSON values keep their value: the escape is a JSON escape inside the string.
    expect(JSON.parse(lines[1].slice('# runs: '.length))).toEqual(meta.runs)
  })
})
