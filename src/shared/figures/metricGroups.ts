// Which history metrics share a y axis in the History tab's small multiples (docs/SPEC.md "History
// metrics"): quantities of one kind and scale (the temperatures and the energy, ≈ 1 and 3) share a panel;
// quantities of other kinds (the entropy ≈ −4, the Fisher information ≈ 3 and falling, the moments ≈ 10²)
// get their own, so that no one axis squeezes another's variation flat. Unknown columns get a panel each.
export interface MetricGroup {
  id: string
  label: string
  metrics: string[]
}

const GROUPS: { id: string; label: string; test: (m: string) => boolean }[] = [
  { id: 'temperatures', label: 'temperatures, energy', test: (m) => m === 'Txx' || m === 'Tyy' || m === 'Tzz' || m === 'energy' },
  { id: 'entropy', label: 'entropy', test: (m) => m === 'entropy' || m === 'entropy_knn' },
  { id: 'fisher', label: 'Fisher information, dissipation', test: (m) => m.startsWith('fisher') || m === 'dissipation' },
  { id: 'lambda', label: 'Λ_f', test: (m) => m === 'lambda' },
  { id: 'moments', label: 'higher moments', test: (m) => /^moment\d+$/.test(m) },
  { id: 'conserved', label: 'mass, momentum', test: (m) => m === 'mass' || m === 'momentum' },
  { id: 'w2', label: 'W2', test: (m) => /^w2/i.test(m) },
  { id: 'selfcheck', label: 'V_f self-checks', test: (m) => m.startsWith('vf_residual') },
]

/** The metrics in groups, groups in the order of their first metric in `metrics`, metrics in their order. */
export function groupMetrics(metrics: readonly string[]): MetricGroup[] {
  const out = new Map<string, MetricGroup>()
  for (const m of metrics) {
    const g = GROUPS.find((x) => x.test(m))
    const id = g ? g.id : `metric:${m}`
    const group = out.get(id) ?? { id, label: g ? g.label : m, metrics: [] }
    group.metrics.push(m)
    out.set(id, group)
  }
  return [...out.values()]
}
