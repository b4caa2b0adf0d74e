// What a run is, in a legend: solver · N · γ · its name (the user's label, else the experiment's name),
// e.g. "kac · N = 250 · γ = 0 · baseline". When several runs are plotted, the parts they all share (the
// same γ, the same experiment's name) are said once, in `common` (the chart's title), and each legend
// entry keeps what tells the runs apart; the run's id closes an entry only when two would read the same.
import type { RunRecord } from '../api'
import { formatNumber } from '../formatNumber'

export interface RunLabelParts {
  solver: string
  N: string
  gamma: string
  name: string
}

export function runLabelParts(r: Pick<RunRecord, 'solver' | 'params' | 'spec' | 'label' | 'experimentName'>): RunLabelParts {
  const N = 'N' in r.params ? `N = ${r.params.N}` : ''
  const g = r.spec?.kernel?.gamma
  return { solver: r.solver, N, gamma: typeof g === 'number' ? `γ = ${formatNumber(g, 4)}` : '', name: r.label?.trim() || r.experimentName }
}

const join = (parts: string[]) => parts.filter((p) => p).join(' · ')

/** Legend labels by run id, and the parts every run shares (empty for one run: its label says all). */
export function runLegendLabels(records: readonly (Pick<RunRecord, 'id' | 'solver' | 'params' | 'spec' | 'label' | 'experimentName'> | undefined)[]): {
  labels: Map<number, string>
  common: string
} {
  const known = records.filter((r): r is NonNullable<typeof r> => !!r)
  const parts = known.map(runLabelParts)
  const keys: (keyof RunLabelParts)[] = ['solver', 'N', 'gamma', 'name']
  const shared = new Set(keys.filter((k) => known.length > 1 && parts.every((p) => p[k] === parts[0][k])))
  // The solver always stays in an entry: it is what the line is.
  shared.delete('solver')
  const labels = new Map<number, string>()
  const texts = parts.map((p) => join(keys.filter((k) => !shared.has(k)).map((k) => p[k])))
  known.forEach((r, i) => {
    const twin = texts.some((t, j) => j !== i && t === texts[i])
    labels.set(r.id, twin ? `${texts[i]} (#${r.id})` : texts[i])
  })
  const common = parts.length > 1 ? join(keys.filter((k) => shared.has(k)).map((k) => parts[0][k])) : ''
  return { labels, common }
}
