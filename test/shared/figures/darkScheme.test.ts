// The dark scheme's chart colours (src/shared/figures/darkScheme.ts, applied on screen by screenScheme.ts): every colour an option names gets
// at least 3 : 1 contrast with the dark page (WCAG 1.4.11, graphical objects) while keeping its hue, the grid
// colours become the scheme's grid, series data are left alone and the figure's own option is not touched.
import { describe, expect, it } from 'vitest'
import { contrast, forDarkPage, liftToContrast } from '../../../src/shared/figures/darkScheme'
import { METRIC_COLORS, SCREEN_GRID_LINE, SERIES_COLORS } from '../../../src/shared/figures/style'

const DARK_BG = '#16191d'

describe('forScheme', () => {
  it('computes WCAG contrast (black on white is 21 : 1) and lifts a colour just enough', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 10)
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2) // the WCAG reference value for #777 on white
    for (const c of [...SERIES_COLORS, ...Object.values(METRIC_COLORS)]) {
      const lifted = liftToContrast(c, DARK_BG)
      expect(contrast(lifted, DARK_BG)).toBeGreaterThanOrEqual(3)
    }
    expect(liftToContrast('#ffd700', DARK_BG)).toBe('#ffd700') // already enough: unchanged
  })

  it('recolours what the dark page cannot show and leaves data alone', () => {
    const data = [[0, 1]]
    const option = {
      color: '#333333',
      xAxis: { splitLine: { lineStyle: { color: SCREEN_GRID_LINE } } },
      series: [{ type: 'line', lineStyle: { color: SERIES_COLORS[0] }, data }],
    }
    const dark = forDarkPage(option, { background: DARK_BG, grid: '#2b3138' })
    expect(dark.xAxis.splitLine.lineStyle.color).toBe('#2b3138')
    expect(contrast(dark.color, DARK_BG)).toBeGreaterThanOrEqual(3)
    expect(contrast(dark.series[0].lineStyle.color, DARK_BG)).toBeGreaterThanOrEqual(3)
    expect(dark.series[0].data).toBe(data)
    expect(option.color).toBe('#333333') // the figure's own option is not touched (exports use it)
  })
})
