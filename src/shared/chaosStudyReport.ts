// What a chaos study reports (src/backend/chaosStudy.ts computes it; `landau chaos-study` prints it; the
// figures draw it): for each γ, system, observable and time, the points over N with their 95 % intervals,
// the fitted rate p or the verdict "unresolved" with its reasons, and what the planner asked for.
import type { ChaosStudySpec } from './chaosStudySpec'

export interface ChaosStudyPoint {
  N: number
  replicas: number
  /** The time step the point was computed with (a time-step bias is never read as an N rate). */
  dt: number
  value: number
  se: number
  lo: number
  hi: number
}

export interface ChaosStudyFit {
  verdict: 'resolved' | 'unresolved'
  reasons: string[]
  p: number
  pLo: number
  pHi: number
  halfWidth: number
  amplitude: number
  sign: number
  chi2: number
  dof: number
  scale: number
}

export interface ChaosStudyPlan {
  /** What size of error the plan assumed (replicaPlanner.ts). */
  basis: 'pilot-fit' | 'one-over-N' | 'no-signal'
  /** Replicas each point needs in all, in the order of the study's N. */
  replicas: number[]
  /** Worker-seconds the replicas still to run would take (the pilot's seconds per replica). */
  workerSeconds: number
  /** Why the study did not run them: the budget, maxReplicas, or its rounds ran out first. */
  status: 'over-budget' | 'over-max-replicas' | 'out-of-rounds' | 'not-needed'
}

export interface ChaosStudyRow {
  gamma: number
  system: string
  observable: string
  label: string
  t: number
  points: ChaosStudyPoint[]
  fit: ChaosStudyFit
  plan: ChaosStudyPlan | null
}

export interface ChaosStudyReport {
  name: string
  spec: ChaosStudySpec
  /** The experiments the study ran (pilot and batches, per γ), in the project file. */
  experiments: number[]
  workers: number
  elapsedSeconds: number
  rows: ChaosStudyRow[]
}
