// How many replicas each point of a chaos study needs for its rate to be resolved (rateFit.ts): the power
// analysis run on a pilot. Replicas are independent, so a point's standard error falls as 1/√R:
// se_i(R) = se_i · √(R_i/R), with R_i the pilot's replicas. Two requirements:
//   (a) every point clear of 0: ŷ_i / se_i(R) ≥ zPlan (3 by default, above rateFit's 2, so that a point at
//       its planned precision is not lost to a 1-SE fluctuation);
//   (b) the half-width of p at most the target: with w_i = (ŷ_i/se_i)², h(R) = z·S/√(Σ w_i(R)(x_i − x̄)²)
//       (S the pilot fit's χ² scale factor, rateFit.ts), and scaling every point's replicas by k scales h
//       by 1/√k, so k ≥ (h_pilot/target)².
// ŷ_i, the error's size the plan assumes (a power analysis always assumes an effect size): the pilot's own
// fitted law when the pilot resolves every point, else the O(1/N) law ŷ = Â/N fitted to the pilot's N·y
// (its point estimate: the study re-plans after every batch from all the replicas so far, so a plan that
// was optimistic is corrected by the next round, while a plan on the lower end of Â would buy, up front,
// many times the replicas needed — 20× in a measured case). When Â is within 2 SE of 0 the pilot saw no
// signal: the plan is then a lower bound, from the upper end Â + 2 SE, and says so.
// Cost: the pilot's measured seconds per replica at each point, times the replicas still to run.
import { rateFit, type RatePoint } from './rateFit'

export interface PilotPoint extends RatePoint {
  /** Wall-clock seconds one replica of this point took in the pilot (one worker). */
  secondsPerReplica: number
}

/** The growth of every point of a row that is unresolved although its plan asks for nothing more. */
export const TOP_UP = 1.5

export type PlanBasis = 'pilot-fit' | 'one-over-N' | 'no-signal'

export interface ReplicaPlan {
  basis: PlanBasis
  /** Replicas each point needs in all (≥ what it has). */
  replicas: number[]
  /** The replicas still to run, per point, and their cost in worker-seconds. */
  more: number[]
  seconds: number
  /** The assumed |y| per point. */
  assumed: number[]
}

export interface PlanOptions {
  targetHalfWidth: number
  zPlan?: number
  /** Quantile used for the half-width (1.96: the fit's, with ≥ 30 replicas a point). */
  quantile?: number
}

export function planReplicas(pilot: readonly PilotPoint[], o: PlanOptions): ReplicaPlan {
  const zPlan = o.zPlan ?? 3
  const z = o.quantile ?? 1.96
  const fit = rateFit(pilot)
  let basis: PlanBasis
  let assumed: number[]
  if (fit.verdict === 'resolved' || (fit.reasons.length === 0 && Number.isFinite(fit.p))) {
    basis = 'pilot-fit'
    assumed = pilot.map((q) => fit.amplitude * q.N ** fit.p)
  } else {
    // Â from the points' N·y, weighted by 1/(N se)²; its standard error from the same weights.
    let sw = 0
    let swa = 0
    for (const q of pilot) {
      const w = 1 / (q.N * q.se) ** 2
      sw += w
      swa += w * q.N * Math.abs(q.value)
    }
    const A = swa / sw
    const seA = 1 / Math.sqrt(sw)
    basis = A - 2 * seA > 0 ? 'one-over-N' : 'no-signal'
    const a = basis === 'one-over-N' ? A : A + 2 * seA
    assumed = pilot.map((q) => a / q.N)
  }
  const x = pilot.map((q) => Math.log(q.N))
  const w = pilot.map((q, i) => (assumed[i] / q.se) ** 2)
  const sw = w.reduce((s, v) => s + v, 0)
  const xm = w.reduce((s, v, i) => s + v * x[i], 0) / sw
  const sxx = w.reduce((s, v, i) => s + v * (x[i] - xm) ** 2, 0)
  // A pilot whose points scatter more than their bars about its line (χ²/dof > 1) gets rateFit's scale
  // factor on its half-width: plan for the interval the fit will really report.
  // And never less than the half-width the fit of the measured points has (their weights use the measured
  // y, which can be smaller than the fitted line's): a row the fit calls unresolved is never planned as done.
  const scale = basis === 'pilot-fit' && Number.isFinite(fit.scale) ? fit.scale : 1
  const measured = basis === 'pilot-fit' && Number.isFinite(fit.halfWidth) ? (fit.halfWidth * z) / fit.quantile : 0
  const hPilot = Math.max((z * scale) / Math.sqrt(sxx), measured)
  const k = Math.max(1, (hPilot / o.targetHalfWidth) ** 2)
  const replicas = pilot.map((q, i) => {
    const kPoint = ((zPlan * q.se) / assumed[i]) ** 2
    return Math.max(q.replicas, Math.ceil(q.replicas * Math.max(k, kPoint)))
  })
  // A plan is an expectation: a row can stay unresolved with the replicas its plan says suffice (a point
  // that fluctuated low). Then every point gets TOP_UP times its replicas, so that the study's next round
  // still buys precision instead of stopping on a fluctuation.
  if (replicas.every((r, i) => r <= pilot[i].replicas) && rateFit(pilot, o.targetHalfWidth).verdict === 'unresolved') {
    for (let i = 0; i < replicas.length; i++) replicas[i] = Math.ceil(TOP_UP * pilot[i].replicas)
  }
  const more = replicas.map((r, i) => r - pilot[i].replicas)
  const seconds = more.reduce((s, m, i) => s + m * pilot[i].secondsPerReplica, 0)
  return { basis, replicas, more, seconds, assumed }
}
