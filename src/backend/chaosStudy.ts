// Runs a chaos study on a workbench (the same pool and project file as every run): the pilot, the plan,
// one batch of the replicas the plan asks for within the budget, and the report. Every batch is an
// ordinary experiment in the project file (studyExperiment), so the study can be re-read, exported or
// extended later, and the same spec and seed give the same bits whatever the number of workers.
//
// Rounds: after the pilot, up to MAX_ROUNDS batches, each planned (replicaPlanner.ts) from all the
// replicas so far, so a plan made on a noisy pilot is corrected by the next one. The rule that ends the
// rounds is a precision rule (the half-width of p), not a significance rule, so stopping when it is met
// does not bias the intervals the way stopping on a p-value would.
// Budget rule: a row's planned replicas are run only if, added to the rows accepted before it in the
// same round (in the report's order: observables as listed, then γ, system, time), the extra
// worker-seconds divided by the workers fit in what is left of 85 % of the budget (the margin covers
// writing the snapshots and the pilot's own timing noise). A row over the budget, or needing more than
// maxReplicas at some N, is left for that round, and, if the rounds end so, reported unresolved with the
// replicas it would need and their worker-seconds (the cluster path runs them).
import type { ChaosStudySpec } from '../shared/chaosStudySpec'
import { studyExperiment, type StudyEntry } from '../shared/chaosStudySpec'
import type { ChaosStudyReport, ChaosStudyRow } from '../shared/chaosStudyReport'
import { collectStudyData, pointKey, type RunMoments, type StudyPointData } from './chaosStudyData'
import { studyCells, studyRow } from './chaosStudyRows'
import { owner, ownerAlive } from './processIdentity'
import { ProjectStore } from './store/projectStore'
import type { Workbench } from './workbench'

export const BUDGET_MARGIN = 0.85
/** Batches after the pilot, each planned from all the replicas so far. */
export const MAX_ROUNDS = 6

export interface ChaosStudyOptions {
  /** Progress lines for a terminal ("pilot: …"). */
  log?: (line: string) => void
  now?: () => number
}

type StudyWorkbench = Pick<Workbench, 'startExperiment' | 'whenIdle' | 'threads'>

export async function runChaosStudy(wb: StudyWorkbench, projectPath: string, study: ChaosStudySpec, o: ChaosStudyOptions = {}): Promise<ChaosStudyReport> {
  const now = o.now ?? (() => performance.now() / 1000)
  const log = o.log ?? (() => {})
  const start = now()
  const experiments: { id: number; gamma: number }[] = []
  const cache = new Map<number, RunMoments>()
  const read = () => {
    const store = ProjectStore.open(projectPath, { readonly: true, owner, ownerAlive })
    try {
      return collectStudyData(store, study, experiments, cache)
    } finally {
      store.close()
    }
  }
  const runBatch = async (batch: number, entries: (gamma: number) => StudyEntry[]) => {
    for (const gamma of study.gammas) {
      const e = entries(gamma)
      if (e.length === 0) continue
      const { experimentId } = await wb.startExperiment(studyExperiment(study, gamma, batch, e))
      experiments.push({ id: experimentId, gamma })
    }
    await wb.whenIdle()
  }

  log(`pilot: ${study.pilotReplicas} replicas at each of ${study.N.length} N × ${study.systems.length} systems × ${study.gammas.length} γ`)
  await runBatch(0, () => study.systems.flatMap((_, system) => study.N.map((N) => ({ system, N, replicas: study.pilotReplicas }))))
  let data = read()
  log(`pilot done in ${(now() - start).toFixed(1)} s`)

  // Rounds: plan from all the replicas so far, run what fits, re-plan. Every unresolved row is planned
  // again each round (a plan made on fewer replicas can shrink below maxReplicas or into the budget); the
  // rounds end when no row that fits asks for more, or after MAX_ROUNDS.
  const cells = studyCells(study)
  const decision = new Map<number, 'ran' | 'over-budget' | 'over-max-replicas'>()
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const rows = cells.map((c) => studyRow(study, data, c))
    const want = new Map<string, number>()
    const left = BUDGET_MARGIN * study.budgetSeconds - (now() - start)
    let workerSeconds = 0
    rows.forEach((r, i) => {
      if (!r.plan) return
      const plan = r.plan
      if (Math.max(...plan.replicas) > study.maxReplicas) return void decision.set(i, 'over-max-replicas')
      let extra = 0
      const grow: [string, number][] = []
      r.data.forEach((d, j) => {
        const key = pointKey(d.gamma, d.system, d.N)
        const current = want.get(key) ?? d.replicas
        if (plan.replicas[j] > current) {
          extra += ((plan.replicas[j] - current) * d.msPerReplica) / 1000
          grow.push([key, plan.replicas[j]])
        }
      })
      if ((workerSeconds + extra) / wb.threads > left) return void decision.set(i, 'over-budget')
      workerSeconds += extra
      for (const [k, v] of grow) want.set(k, v)
      decision.set(i, 'ran')
    })
    if (want.size === 0) break
    const more = (gamma: number) =>
      [...want].flatMap(([key, n]) => {
        const d = data.get(key) as StudyPointData
        return d.gamma === gamma ? [{ system: d.system, N: d.N, replicas: n - d.replicas }] : []
      })
    const added = [...want].reduce((s, [key, n]) => s + n - data.get(key)!.replicas, 0)
    log(`batch ${round}: ${added} more replicas at ${want.size} points (planned ≈ ${(workerSeconds / wb.threads).toFixed(0)} s)`)
    await runBatch(round, more)
    data = read()
    log(`batch ${round} done at ${(now() - start).toFixed(1)} s`)
  }

  const leftAtEnd = BUDGET_MARGIN * study.budgetSeconds - (now() - start)
  const rows: ChaosStudyRow[] = cells.map((c, i) => {
    const { row } = studyRow(study, data, c)
    const p = row.plan
    if (p) {
      const overMax = Math.max(...p.replicas) > study.maxReplicas || decision.get(i) === 'over-max-replicas'
      p.status = overMax ? 'over-max-replicas' : p.workerSeconds / wb.threads > leftAtEnd ? 'over-budget' : 'out-of-rounds'
    }
    return row
  })
  return { name: study.name, spec: study, experiments: experiments.map((e) => e.id), workers: wb.threads, elapsedSeconds: now() - start, rows }
}
