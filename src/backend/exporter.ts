// Exports of a run's history: CSV for spreadsheets and numpy/pandas, JSON with the full provenance.
// Every export carries the run id, spec, seed and code version it came from.
import type { History, RunRecord } from '../shared/api'

/** The run object of `landau run --json` and of JSON exports. NaN (an undefined standard error) becomes null. */
export function runJson(run: RunRecord, history: History) {
  return {
    id: run.id,
    experiment: run.experimentId,
    solver: run.solver,
    status: run.status,
    seed: run.seed,
    params: run.params,
    spec: run.spec,
    codeVersion: run.codeVersion,
    wallMs: run.wallMs,
    error: run.error,
    history: { t: history.t, ...history.values },
  }
}

export function exportJson(run: RunRecord, history: History): string {
  return JSON.stringify(runJson(run, history), null, 1) + '\n'
}

/** CSV with '#' provenance lines first (pandas: comment='#'; numpy.loadtxt skips them by default). */
export function exportCsv(run: RunRecord, history: History): string {
  const cols = run.metrics
  const lines = [
    `# landau-workbench run ${run.id} (experiment ${run.experimentId} "${run.experimentName}"), status ${run.status}`,
    `# code ${run.codeVersion}, seed ${run.seed}`,
    `# spec ${JSON.stringify(run.spec)}`,
    ['t', ...cols].join(','),
  ]
  for (let k = 0; k < history.t.length; k++) {
    lines.push([history.t[k], ...cols.map((m) => history.values[m][k])].map((x) => String(x)).join(','))
  }
  return lines.join('\n') + '\n'
}
