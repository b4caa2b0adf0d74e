// From a study's pooled statistics (chaosStudyData.ts) to its rows: for each γ, system, observable and time,
// the estimate at every N (pairCorrelation.ts: the paired pair correlation; maxwellMomentBias.ts: the
// 1-marginal bias with the initial-moment control variate), the rate fit (rateFit.ts) and, from the same
// points, the plan of replicas (replicaPlanner.ts). Pure given its input.
import { CHAOS_OBSERVABLES, type ChaosObservable } from '../solvers/chaos/chaosObservables'
import { pairedPairCorrelation } from '../solvers/chaos/pairCorrelation'
import { hasMaxwellLaw, maxwellMomentBias } from '../solvers/chaos/maxwellMomentBias'
import type { ChaosEstimate } from '../solvers/chaos/chaosEstimate'
import { rateFit } from '../solvers/chaos/rateFit'
import { planReplicas, type ReplicaPlan } from '../solvers/chaos/replicaPlanner'
import { systemLabel, type ChaosStudySpec } from '../shared/chaosStudySpec'
import type { ChaosStudyFit, ChaosStudyPoint, ChaosStudyRow } from '../shared/chaosStudyReport'
import { pointKey, type StudyPointData } from './chaosStudyData'

export function estimate(o: ChaosObservable, d: StudyPointData, k: number, t: number): ChaosEstimate {
  const { estimator, phi } = CHAOS_OBSERVABLES[o]
  const at = d.moments[k][phi]!
  const base = d.moments[0][phi]!
  if (estimator === 'pair') return pairedPairCorrelation(at, base)
  if (!hasMaxwellLaw(phi)) throw new Error(`no moment law for ${phi}`)
  return maxwellMomentBias(phi, t, at.m, base.m, d.moments[0].v2!.m)
}

export interface RowCell {
  gamma: number
  system: number
  observable: ChaosObservable
  k: number
}

/** Every (γ, system, observable, time) of the study, in the order the report lists them. */
export function studyCells(study: ChaosStudySpec): RowCell[] {
  const cells: RowCell[] = []
  for (const observable of study.observables)
    for (const gamma of study.gammas) {
      if (CHAOS_OBSERVABLES[observable].estimator === 'maxwell-bias' && gamma !== 0) continue
      for (let system = 0; system < study.systems.length; system++) for (let k = 1; k <= study.times.length; k++) cells.push({ gamma, system, observable, k })
    }
  return cells
}

export interface ComputedRow {
  row: ChaosStudyRow
  data: StudyPointData[]
  plan: ReplicaPlan | null
}

/** The row of one cell: points, fit against the target, and the plan (when every point has ≥ 3 replicas). */
export function studyRow(study: ChaosStudySpec, data: Map<string, StudyPointData>, c: RowCell): ComputedRow {
  const t = study.times[c.k - 1]
  const pts = study.N.map((N) => data.get(pointKey(c.gamma, c.system, N))!)
  const est = pts.map((d) => estimate(c.observable, d, c.k, t))
  const points: ChaosStudyPoint[] = pts.map((d, i) => ({
    N: d.N,
    replicas: d.replicas,
    dt: study.dt,
    value: est[i].value,
    se: est[i].se,
    lo: est[i].lo,
    hi: est[i].hi,
  }))
  const f = rateFit(
    points.map((p) => ({ N: p.N, value: p.value, se: p.se, replicas: p.replicas })),
    study.target.halfWidth,
  )
  const fit: ChaosStudyFit = {
    verdict: f.verdict,
    reasons: f.reasons,
    p: f.p,
    pLo: f.pLo,
    pHi: f.pHi,
    halfWidth: f.halfWidth,
    amplitude: f.amplitude,
    sign: f.sign,
    chi2: f.chi2,
    dof: f.dof,
    scale: f.scale,
  }
  const plan =
    f.verdict === 'resolved'
      ? null
      : planReplicas(
          points.map((p, i) => ({ N: p.N, value: p.value, se: p.se, replicas: p.replicas, secondsPerReplica: pts[i].msPerReplica / 1000 })),
          { targetHalfWidth: study.target.halfWidth },
        )
  return {
    row: {
      gamma: c.gamma,
      system: systemLabel(study.systems[c.system]),
      observable: c.observable,
      label: CHAOS_OBSERVABLES[c.observable].label,
      t,
      points,
      fit,
      plan: plan && { basis: plan.basis, replicas: plan.replicas, workerSeconds: plan.seconds, status: 'not-needed' },
    },
    data: pts,
    plan,
  }
}
