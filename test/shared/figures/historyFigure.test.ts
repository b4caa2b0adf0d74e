// The History tab's exported figure (src/shared/figures/historyFigure.ts) draws what the screen draws
// (historyPlot.ts): the same panels, series, axes and notes, each line carrying the history's own values.
import { describe, expect, it } from 'vitest'
import { buildHistoryFigureOption, historyFigureCsv } from '../../../src/shared/figures/historyFigure'
import { buildHistoryPlot } from '../../../src/shared/figures/historyPlot'
import type { LiveHistory } from '../../../src/shared/figures/historyColumns'
import { commentJson } from '../../../src/shared/csvComment'

const T = [0, 0.25, 0.5, 0.75, 1]
const hist = (runId: number, values: Record<string, number[]>): LiveHistory => ({ runId, t: T, values, loading: false, error: null })

// A particle run (temperatures, a kNN entropy) and a deterministic one (entropy, Fisher), as a comparison has them.
const particle = hist(1, { Txx: [1.5, 1.3, 1.2, 1.1, 1.05], Tyy: [1, 1, 1, 1, 1], entropy: [-4, -4.05, -4.1, -4.12, -4.13] })
const exact = hist(2, { entropy: [-4, -4.06, -4.1, -4.11, -4.12], fisher: [3, 2.5, 2.2, 2.1, 2.05], Txx: [1.5, 1.3, 1.2, 1.1, 1.05] })
const input = {
  runs: [
    { id: 1, label: 'kac · N = 50' },
    { id: 2, label: 'bkw-exact' },
  ],
  histories: new Map([
    [1, particle],
    [2, exact],
  ]),
  metrics: ['Txx', 'Tyy', 'entropy', 'fisher'],
  metricsOf: (id: number) => (id === 1 ? ['Txx', 'Tyy', 'entropy'] : ['entropy', 'fisher']),
}

interface Line {
  id: string
  name: string
  xAxisIndex: number
  yAxisIndex: number
  symbol: string
  data: { value: [number, number] }[]
  lineStyle: { type: unknown; color: string }
}
interface Figure {
  series: Line[]
  grid: { top: number; height: number }[]
  yAxis: { type: string; name: string }[]
  xAxis: { type: string }[]
  legend: { data: { name: string }[]; top: number }
  graphic: { style: { text: string } }[]
}

describe('the exported History figure', () => {
  it('has the screen’s panels, series and legend, every line with its history’s values', () => {
    const screen = buildHistoryPlot({ ...input, showBands: false })
    const fig = buildHistoryFigureOption(input, { width: 700, height: 500 }) as unknown as Figure
    expect(fig.grid).toHaveLength(screen.panels.length)
    expect(screen.panels).toEqual(['temperatures', 'entropy', 'fisher'])
    expect(fig.yAxis.map((a) => a.name)).toEqual((screen.option.yAxis as { name: string }[]).map((a) => a.name))
    const screenLines = screen.option.series as Line[]
    expect(fig.series.map((s) => [s.id, s.yAxisIndex, s.lineStyle.type, s.lineStyle.color])).toEqual(
      screenLines.map((s) => [s.id, s.yAxisIndex, s.lineStyle.type, s.lineStyle.color]),
    )
    // Each run its own metrics: the deterministic run's Txx is not drawn, as on screen.
    expect(fig.series.map((s) => s.id)).toEqual(['line:1:Txx', 'line:1:Tyy', 'line:1:entropy', 'line:2:entropy', 'line:2:fisher'])
    for (const s of fig.series) {
      const [, run, metric] = s.id.split(':')
      const h = run === '1' ? particle : exact
      expect(s.data.map((d) => d.value)).toEqual(T.map((t, i) => [t, h.values[metric][i]]))
    }
    // The legend lists the runs; on paper a marker says the run too (colour alone does not survive grey).
    expect(fig.legend.data.map((d) => d.name)).toEqual(['kac · N = 50', 'bkw-exact'])
    const symbolOf = new Map(fig.series.map((s) => [s.id.split(':')[1], s.symbol]))
    expect(symbolOf.get('1')).not.toBe(symbolOf.get('2'))
  })

  it('keeps the screen’s log axes and writes its notes into the figure', () => {
    const screen = buildHistoryPlot({ ...input, showBands: false, logY: true })
    const fig = buildHistoryFigureOption({ ...input, logY: true }, { width: 700, height: 500 }) as unknown as Figure
    expect(fig.yAxis.map((a) => a.type)).toEqual(['log', 'log', 'log'])
    expect(fig.graphic.map((g) => g.style.text)).toEqual(screen.notes)
    expect(screen.notes.some((n) => n.includes('drawn as −(entropy)'))).toBe(true)
    // The entropy panel (all < 0) is drawn as −entropy, the value the screen draws.
    const entropy = fig.series.find((s) => s.id === 'line:2:entropy')!
    expect(entropy.data.map((d) => d.value[1])).toEqual(exact.values.entropy.map((v) => -v))
  })

  it('fits its panels between the legend and the notes, none overlapping, at a journal column’s size', () => {
    for (const [width, height] of [
      [340, 300],
      [700, 500],
    ]) {
      const fig = buildHistoryFigureOption({ ...input, logY: true }, { width, height }) as unknown as Figure
      expect(fig.grid[0].top).toBeGreaterThan(fig.legend.top + 20) // a legend row and the first axis name
      for (let i = 1; i < fig.grid.length; i++) expect(fig.grid[i].top).toBeGreaterThanOrEqual(fig.grid[i - 1].top + fig.grid[i - 1].height + 20)
      const last = fig.grid[fig.grid.length - 1]
      // Under the last panel: the t labels and name (≈ 40 px) and one line per note.
      expect(last.top + last.height).toBeLessThanOrEqual(height - 40 - fig.graphic.length * 12)
    }
  })

  it('is null when nothing would be drawn', () => {
    expect(buildHistoryFigureOption({ ...input, metrics: [] })).toBeNull()
  })

  it('writes each run’s drawn metrics only into its CSV', () => {
    const runs = input.runs.map((r) => ({ ...r, ...input.histories.get(r.id)! }))
    const csv = historyFigureCsv(runs, input.metrics, { kind: 'test' }, input.metricsOf).trim().split('\n')
    expect(csv.filter((l) => l.startsWith('2,') && l.includes(',Txx,'))).toEqual([])
    expect(csv.filter((l) => l.startsWith('2,') && l.includes(',fisher,'))).toHaveLength(T.length)
    expect(csv.filter((l) => l.startsWith('1,') && l.includes(',Txx,'))).toHaveLength(T.length)
  })
})

describe('comment lines', () => {
  it('escape a formula character that opens a string right after a comma (an array item starts a cell)', () => {
    const tags = commentJson(JSON.stringify(['bkw', '=SUM(A1)', '-2', '+x', '@y']))
    expect(tags).toBe('["bkw","\\u003dSUM(A1)","\\u002d2","\\u002bx","\\u0040y"]')
    expect(JSON.parse(tags)).toEqual(['bkw', '=SUM(A1)', '-2', '+x', '@y'])
    // Numbers after a comma are data, not text: left as they are; so is a string not after a comma.
    expect(commentJson('[1,-1,"=a"]')).toBe('[1,-1,"\\u003da"]')
    expect(commentJson('["=a"]')).toBe('["=a"]')
  })
})
