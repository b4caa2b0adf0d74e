// The one entry the backend worker calls: runs one RunSpec and yields its events.
// Pure: no clock, files or threads; the consumer drives the generator and throttles the events.
// Rows are written at t = 0, then every `time.every` steps and always at the final step (t = step·Δt).
import type { KacSolverSpec, RunSpec } from '../shared/spec'
import { createKacEnsemble, kacRound } from './kac'
import { MOMENT_METRICS, MOMENT_ROW_METRICS, particleMoments, replicaMeanAndSe } from './moments'
import { roundCount, roundPairs } from './roundRobin'
import { kickScale } from './rotationStep'

export type SolverEvent =
  | { type: 'start'; metrics: string[]; totalSteps: number }
  | { type: 'row'; step: number; t: number; values: number[] } // values aligned with `metrics`
  | { type: 'progress'; fraction: number } // in [0, 1]

/** A long step reports progress after about this many pair updates (a fraction of a second). */
const PAIRS_PER_PROGRESS = 200_000

export function* runSolver(spec: RunSpec): Generator<SolverEvent, void, void> {
  const solver = spec.solver
  switch (solver.kind) {
    case 'kac':
      yield* runKac(spec, solver)
      return
    default: {
      const unknown: never = solver.kind
      throw new Error(`unknown solver kind ${String(unknown)}`)
    }
  }
}

function* runKac(spec: RunSpec, solver: KacSolverSpec): Generator<SolverEvent, void, void> {
  const { N, replicas } = solver
  const { dt, every } = spec.time
  const gamma = spec.kernel.gamma
  const totalSteps = Math.round(spec.time.T / dt)
  const ensemble = createKacEnsemble(spec.initial, N, replicas, spec.seed, spec.runIndex)
  const kappa = kickScale(N, dt)
  const rounds = roundCount(N)
  const pairs = new Uint32Array(2 * Math.floor(N / 2))
  const block = new Uint32Array(4)
  const K = MOMENT_METRICS.length
  const perReplica = new Float64Array(replicas * K)

  const row = (step: number): SolverEvent => {
    for (let m = 0; m < replicas; m++) particleMoments(ensemble.v[m], N, perReplica, m * K)
    const values: number[] = new Array(2 * K)
    replicaMeanAndSe(perReplica, replicas, K, values)
    return { type: 'row', step, t: step * dt, values }
  }

  yield { type: 'start', metrics: [...MOMENT_ROW_METRICS], totalSteps }
  yield row(0)
  let sinceProgress = 0
  for (let step = 0; step < totalSteps; step++) {
    for (let r = 0; r < rounds; r++) {
      // A round's pairs are the same for every replica: build once, apply to each replica's stream.
      const count = roundPairs(N, r, pairs)
      for (let m = 0; m < replicas; m++) {
        kacRound(ensemble.v[m], pairs, count, kappa, gamma, ensemble.keys[2 * m], ensemble.keys[2 * m + 1], step, block)
      }
      sinceProgress += count * replicas
      if (sinceProgress >= PAIRS_PER_PROGRESS && r < rounds - 1) {
        sinceProgress = 0
        yield { type: 'progress', fraction: (step + (r + 1) / rounds) / totalSteps }
      }
    }
    sinceProgress = 0
    const done = step + 1
    if (done % every === 0 || done === totalSteps) yield row(done)
    yield { type: 'progress', fraction: done / totalSteps }
  }
  if (totalSteps === 0) yield { type: 'progress', fraction: 1 } // T < Δt/2: nothing to do, but done
}
