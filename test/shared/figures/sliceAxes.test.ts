// The slice chart's axis labels (previewCharts.ts sliceOption): integers only, with the one number format's
// minus sign (a label read back with Number() once printed NaN for every negative), and thinned so that
// neighbouring labels keep ≈ 28 px apart on a small square (they ran together as "−4−20246" at 1100×700).
import { describe, expect, it } from 'vitest'
import { sliceGrid, sliceOption } from '../../../src/shared/figures/previewCharts'

const v = Array.from({ length: 49 }, (_, i) => -6 + i * 0.25)
const slice = { v, values: v.map(() => v.map(() => 0.01)) }

function labels(width: number, height: number): { text: string[]; at: number[] } {
  const o = sliceOption(slice as never, { width, height }) as {
    xAxis: { axisLabel: { interval(i: number): boolean; formatter(x: string, i: number): string } }
  }
  const idx = v.map((_, i) => i).filter((i) => o.xAxis.axisLabel.interval(i))
  return { text: idx.map((i) => o.xAxis.axisLabel.formatter('', i)), at: idx.map((i) => v[i]) }
}

describe('slice axis labels', () => {
  it('print negative integers with the minus sign, never NaN', () => {
    const { text } = labels(900, 600)
    expect(text).toContain('\u22124')
    expect(text.some((t) => t.includes('NaN'))).toBe(false)
  })

  it.each([
    [900, 600],
    [330, 200],
  ])('keep labels ≥ 28 px apart at %i × %i', (w, h) => {
    const { at } = labels(w, h)
    const pxPerUnit = sliceGrid(w, h).width / 12
    for (let k = 1; k < at.length; k++) expect((at[k] - at[k - 1]) * pxPerUnit).toBeGreaterThanOrEqual(28)
    expect(at.length).toBeGreaterThanOrEqual(3)
  })
})
