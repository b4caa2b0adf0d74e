// Vertical error bars as an ECharts custom series, shared by every figure that draws intervals
// (convergenceChart.ts, chaosStudyChart.ts): a line from lo to hi with caps; a bar whose lower end was
// clipped for a log axis is dashed and has no lower cap (it runs off the bottom: open-ended).

/** N (x), lo, hi, clipped (0/1). */
export type ErrorBar = [number, number, number, number]

/** The bars of one series, on the axes of grid `grid` (default the first). */
export function errorBarSeries(name: string, id: string, data: ErrorBar[], color: string, grid = 0): object {
  return {
    type: 'custom',
    id,
    name,
    data,
    xAxisIndex: grid,
    yAxisIndex: grid,
    encode: { x: 0, y: [1, 2] },
    silent: true,
    clip: true,
    z: 1,
    legendHoverLink: false,
    // The colour travels as the series' own (not only in the closure), so that the dark scheme's recolouring
    // (darkScheme.ts) reaches the bars too: renderItem reads it back through api.visual.
    itemStyle: { color },
    renderItem: (_params: unknown, api: { value(i: number): number; coord(p: [number, number]): number[]; visual?(key: string): unknown }) => {
      const N = api.value(0)
      const top = api.coord([N, api.value(2)])
      const bottom = api.coord([N, api.value(1)])
      const clipped = api.value(3) === 1
      const cap = 5
      const shown = api.visual?.('color')
      const style = { stroke: typeof shown === 'string' ? shown : color, lineWidth: 1.2, fill: 'none' }
      const children: object[] = [
        { type: 'line', shape: { x1: top[0], y1: top[1], x2: bottom[0], y2: bottom[1] }, style: clipped ? { ...style, lineDash: [3, 3] } : style },
        { type: 'line', shape: { x1: top[0] - cap, y1: top[1], x2: top[0] + cap, y2: top[1] }, style },
      ]
      if (!clipped) children.push({ type: 'line', shape: { x1: bottom[0] - cap, y1: bottom[1], x2: bottom[0] + cap, y2: bottom[1] }, style })
      return { type: 'group', children }
    },
  }
}
