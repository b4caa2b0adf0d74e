// What an exported chaos study figure or table says about itself (metadata: the study, its spec, the rows
// shown with their points, fits and plans) and the rows' points as CSV. Beside chaosStudyChart.ts, which
// draws the same rows; `landau chaos-study --svg/--pdf` and the Chaos study tab's export both use it.
import type { ChaosStudyReport } from '../chaosStudyReport'
import { CHAOS_OBSERVABLES, type ChaosObservable } from '../../solvers/chaos/chaosObservables'
import { csvMetadataLines } from '../figureExport'
import { known } from './convergenceChart'
import { CHAOS_STUDY_ESTIMATOR, pick } from './chaosStudyChart'

/** What an exported figure or table says about itself: the study, its spec, and the rows shown with their points (dt included), fits and plans. */
export function chaosStudyMetadata(report: ChaosStudyReport, rows: number[]): Record<string, unknown> {
  return {
    kind: 'landau-workbench chaos-study',
    study: report.name,
    experiments: report.experiments,
    estimator: CHAOS_STUDY_ESTIMATOR,
    rows: pick(report, rows).map((r, k) => ({
      row: rows[k],
      gamma: r.gamma,
      system: r.system,
      observable: r.observable,
      label: r.label,
      estimator: CHAOS_OBSERVABLES[r.observable as ChaosObservable]?.estimator ?? null,
      t: r.t,
      points: r.points,
      fit: r.fit,
      plan: r.plan,
    })),
    spec: report.spec,
  }
}

const csvNum = (x: number | null | undefined) => (known(x) ? String(x) : '')
/** A text cell: quoted when it holds a comma, a quote or a line break. */
const csvText = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

/** The points of the rows shown as CSV, one line per point, the metadata first as "# key: value" lines. */
export function chaosStudyCsv(report: ChaosStudyReport, rows: number[]): string {
  const lines = csvMetadataLines(chaosStudyMetadata(report, rows))
  lines.push(['gamma', 'system', 'observable', 't', 'dt', 'N', 'replicas', 'value', 'se', 'lo', 'hi', 'N_value', 'p', 'p_lo', 'p_hi', 'verdict'].join(','))
  for (const r of pick(report, rows)) {
    for (const p of r.points) {
      lines.push(
        [
          csvNum(r.gamma),
          csvText(r.system),
          csvText(r.observable),
          csvNum(r.t),
          csvNum(p.dt),
          csvNum(p.N),
          csvNum(p.replicas),
          csvNum(p.value),
          csvNum(p.se),
          csvNum(p.lo),
          csvNum(p.hi),
          csvNum(p.N * p.value),
          csvNum(r.fit.p),
          csvNum(r.fit.pLo),
          csvNum(r.fit.pHi),
          r.fit.verdict,
        ].join(','),
      )
    }
  }
  return lines.join('\n') + '\n'
}
