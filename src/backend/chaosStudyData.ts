// The per-replica statistics of a chaos study, read from the project file (the replica_moments its runs
// store, snapshotKind 'moments'): for every (γ, system, N) point,
// the ReplicaMoments of each φ the observables need at t = 0 and at each study time, pooled over all the
// runs of all the study's experiments (pilot and batches, every replica-range run), and the worker-seconds
// one replica took. Read-only on the store; replicas enter in run order, then replica order, so the pooled
// statistics are the same bits whatever the number of workers that computed the runs.
import { CHAOS_OBSERVABLES, concatMoments, type ChaosPhi, type ReplicaMoments } from '../solvers/chaos/chaosObservables'
import { systemIntegrator, type ChaosStudySpec } from '../shared/chaosStudySpec'
import type { RunRecord } from '../shared/api'
import type { ProjectStore } from './store/projectStore'

export interface StudyPointData {
  gamma: number
  system: number
  N: number
  replicas: number
  /** Wall-clock milliseconds per replica, over this point's finished runs (one worker each). */
  msPerReplica: number
  /** moments[k][φ]: k = 0 is t = 0, k ≥ 1 the study's times[k − 1]. */
  moments: Partial<Record<ChaosPhi, ReplicaMoments>>[]
}

export const pointKey = (gamma: number, system: number, N: number) => `${gamma}|${system}|${N}`

/** The φ a study needs: its observables' and, for a moment-law bias, |v|² (the energy control). */
export function studyPhis(study: ChaosStudySpec): ChaosPhi[] {
  const phis = new Set<ChaosPhi>(study.observables.map((o) => CHAOS_OBSERVABLES[o].phi))
  if (study.observables.some((o) => CHAOS_OBSERVABLES[o].estimator === 'maxwell-bias')) phis.add('v2')
  return [...phis]
}

/** Which of the study's systems a run belongs to (kind and integrator), or −1. */
function systemOf(study: ChaosStudySpec, run: RunRecord): number {
  const p = run.params as { kind: string; integrator?: string }
  return study.systems.findIndex((s) => s.kind === p.kind && systemIntegrator(s) === p.integrator)
}

export type RunMoments = Partial<Record<ChaosPhi, ReplicaMoments>>[]

/**
 * Pools the finished runs of the given experiments into points. A run that is not done is an error.
 * `cache` keeps each run's moments between calls (a finished run never changes), so a study that re-reads
 * its data after every batch reads each snapshot once.
 */
export function collectStudyData(
  store: ProjectStore,
  study: ChaosStudySpec,
  experiments: readonly { id: number; gamma: number }[],
  cache: Map<number, RunMoments> = new Map(),
): Map<string, StudyPointData> {
  const phis = studyPhis(study)
  const times = [0, ...study.times]
  const out = new Map<string, StudyPointData>()
  const runs = store.listRuns()
  for (const exp of experiments) {
    for (const run of runs.filter((r) => r.experimentId === exp.id).sort((a, b) => a.index - b.index)) {
      if (run.status !== 'done') throw new Error(`run ${run.id} (${run.solver}, experiment ${exp.id}) is ${run.status}${run.error ? `: ${run.error}` : ''}`)
      const system = systemOf(study, run)
      const N = (run.params as { N: number }).N
      const R = (run.params as { replicas: number }).replicas
      if (system < 0) continue
      let moments = cache.get(run.id)
      if (!moments) {
        const stored = store.listReplicaMoments(run.id)
        moments = times.map((t) => {
          const at = stored.filter((x) => Math.abs(x.t - t) <= 1e-9 * Math.max(1, t))
          return Object.fromEntries(
            phis.map((phi) => {
              const s = at.find((x) => x.phi === phi)
              if (!s || s.m.length !== R) throw new Error(`run ${run.id} stored no moments of ${phi} for its ${R} replicas at t = ${t}`)
              return [phi, { N, m: s.m, q: s.q }]
            }),
          ) as Partial<Record<ChaosPhi, ReplicaMoments>>
        })
        cache.set(run.id, moments)
      }
      const key = pointKey(exp.gamma, system, N)
      const prev = out.get(key)
      const ms = run.wallMs ?? NaN
      if (!prev) {
        out.set(key, { gamma: exp.gamma, system, N, replicas: R, msPerReplica: ms / R, moments })
      } else {
        const total = prev.replicas + R
        prev.msPerReplica = (prev.msPerReplica * prev.replicas + ms) / total
        prev.replicas = total
        const add = moments
        prev.moments = prev.moments.map((byPhi, k) => Object.fromEntries(phis.map((phi) => [phi, concatMoments(byPhi[phi]!, add[k][phi]!)])))
      }
    }
  }
  return out
}
