// The text of a chaos study report (`landau chaos-study`): one block per γ, system, observable and time,
// with each point's value ± 95 % half-width and N·value, then the rate p with its interval, or
// "unresolved" with the reasons and the replicas the planner says would resolve it.
import type { ChaosStudyReport, ChaosStudyRow } from '../shared/chaosStudyReport'
import { MAX_ROUNDS } from '../backend/chaosStudy'
import { CHAOS_STUDY_ESTIMATOR } from '../shared/figures/chaosStudyChart'

const g = (x: number, d = 3) => (Number.isFinite(x) ? x.toPrecision(d) : String(x))

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

export function formatWorkerSeconds(s: number): string {
  if (s < 120) return `${s.toFixed(0)} worker-seconds`
  if (s < 7200) return `${(s / 60).toFixed(0)} worker-minutes`
  return `${(s / 3600).toFixed(1)} worker-hours`
}

function rowText(r: ChaosStudyRow, budgetSeconds: number, workers: number): string {
  const lines = [`γ = ${r.gamma}  ${r.system}  ${r.label} (${r.observable})  t = ${r.t}  dt = ${r.points[0]?.dt}`]
  lines.push('      N   replicas        value    ± 95 %        N·value')
  for (const p of r.points) {
    const h = (p.hi - p.lo) / 2
    lines.push(
      `${String(p.N).padStart(7)} ${String(p.replicas).padStart(10)} ${g(p.value, 4).padStart(12)} ${g(h, 2).padStart(9)} ${g(p.N * p.value, 4).padStart(14)}`,
    )
  }
  if (r.fit.verdict === 'resolved') {
    lines.push(
      `  rate p = ${r.fit.p.toFixed(3)}  95 % [${r.fit.pLo.toFixed(3)}, ${r.fit.pHi.toFixed(3)}]  (±${r.fit.halfWidth.toFixed(3)}; χ²/dof ${g(r.fit.chi2 / r.fit.dof, 2)})`,
    )
  } else {
    lines.push(`  rate unresolved: ${r.fit.reasons.join('; ')}`)
    if (r.plan) {
      const most = Math.max(...r.plan.replicas)
      const shards = Math.max(1, Math.ceil(r.plan.workerSeconds / (budgetSeconds * workers)))
      const why =
        r.plan.status === 'over-max-replicas'
          ? 'more than maxReplicas'
          : r.plan.status === 'over-budget'
            ? 'more than the budget left'
            : `the study’s ${MAX_ROUNDS} rounds ran out within the budget`
      lines.push(
        `  would need ${r.plan.replicas.join(' / ')} replicas (up to ${most}; planned on ${r.plan.basis}) ≈ ${formatWorkerSeconds(r.plan.workerSeconds)} more: ${why}` +
          (r.plan.status === 'over-budget' || r.plan.status === 'over-max-replicas'
            ? ` (≈ ${plural(shards, 'shard')} of this budget on ${plural(workers, 'worker')})`
            : ''),
      )
    }
  }
  return lines.join('\n')
}

export function formatChaosStudy(r: ChaosStudyReport): string {
  const head = [
    `chaos study: ${r.name}`,
    `experiments ${r.experiments.join(', ')}; ${plural(r.workers, 'worker')}; ${r.elapsedSeconds.toFixed(0)} s of a ${r.spec.budgetSeconds} s budget; target ±${r.spec.target.halfWidth} on p`,
    `values: ${CHAOS_STUDY_ESTIMATOR}`,
  ]
  return [head.join('\n'), ...r.rows.map((row) => rowText(row, r.spec.budgetSeconds, r.workers))].join('\n\n') + '\n'
}
