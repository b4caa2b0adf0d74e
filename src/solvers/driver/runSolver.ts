// The one entry the backend worker calls: runs one RunSpec and yields its events.
// Pure: no clock, files or threads; the consumer drives the generator and throttles the events.
// Every particle system (kac, fgm, fournier, pairing; rotation or Euler) runs through one driver that only
// knows how to "step one replica" (steppers.ts). When rows and snapshots are written: schedule.ts.
import { isDeterministic, type ParticleRunSpec, type RunSpec } from './runSpec'
import type { SolverEvent } from './solverEvent'
import { runDeterministic } from '../deterministic/deterministicRun'
import { createEnsemble, type Ensemble } from '../particles/ensemble'
import { InitialDataError } from '../initial/initialDataError'
import { MOMENT_METRICS, ROW_METRICS, entropyPool, entropyPoolSize, historyRowOf, particleMoments } from '../diagnostics/moments'
import { runSchedule } from './schedule'
import { CHAOS_PHIS, replicaPhiStats } from '../chaos/chaosObservables'
import { checkRow } from './rowCheck'
import { createStepper, type ReplicaStepper } from '../particles/steppers'
import { createGpuStepper, gpuUnsupported } from '../gpu/gpuStepper'
import { checkStartStep, packReplicas, unpackReplicas, type RunOptions } from './checkpoint'

export type { ParticleRunSpec } from './runSpec'
export type { SolverEvent } from './solverEvent'
export type { RunCheckpoint, RunOptions } from './checkpoint'

/** A long step reports progress after about this many pair updates (a fraction of a second). */
const PAIRS_PER_PROGRESS = 200_000

export function* runSolver(spec: RunSpec, opts: RunOptions = {}): Generator<SolverEvent, void, void> {
  try {
    if (isDeterministic(spec.solver)) return yield* runDeterministic({ ...spec, solver: spec.solver }, opts)
    yield* runParticles({ ...spec, solver: spec.solver }, opts)
  } catch (e) {
    // The designer shows an initial datum's error next to its field; a run's record says what failed.
    if (e instanceof InitialDataError) throw new InitialDataError(`initial data (${spec.initial.family}): ${e.message}`, e.column)
    throw e
  }
}

function* runParticles(spec: ParticleRunSpec, opts: RunOptions): Generator<SolverEvent, void, void> {
  const { N } = spec.solver
  const { from, to } = replicaRangeOf(spec)
  const ensemble = createEnsemble(spec.initial, N, to - from, spec.seed, spec.runIndex, from)
  // A resumed run: the velocities are all the state (checkpoint.ts); the keys are the ensemble's own.
  if (opts.start) unpackReplicas(opts.start.state, ensemble.v)
  const gpu = gpuOf(spec, opts)
  const stepper = gpu ? createGpuStepper(spec, ensemble, gpu.device) : createStepper(spec, ensemble, opts)
  try {
    yield* drive(spec, ensemble, stepper, opts)
  } finally {
    stepper.team?.close() // assistants leave (also when the consumer stops early)
    stepper.close?.()
  }
}

/** The device the run's steps go to, if any: "gpu" needs one handed in; "auto" uses one if it can. */
function gpuOf(spec: ParticleRunSpec, opts: RunOptions): RunOptions['gpu'] {
  const s = spec.solver
  const device = s.kind === 'kac' || s.kind === 'pairing' ? (s.device ?? 'cpu') : 'cpu'
  if (device === 'cpu') return undefined
  const why = gpuUnsupported(s)
  if (device === 'gpu') {
    if (why) throw new Error(`device "gpu": ${why}`)
    if (!opts.gpu) throw new Error('device "gpu": no WebGPU device was handed to the solver (the host found no adapter)')
    return opts.gpu
  }
  return why ? undefined : opts.gpu
}

/** The replicas a run computes: all of them, or its replicaRange (checked: 0 ≤ from < to ≤ replicas). */
function replicaRangeOf(spec: ParticleRunSpec): { from: number; to: number } {
  const M = spec.solver.replicas
  const r = spec.replicaRange
  if (!r) return { from: 0, to: M }
  if (!Number.isInteger(r.from) || !Number.isInteger(r.to) || r.from < 0 || r.to <= r.from || r.to > M)
    throw new RangeError(`replicaRange [${r.from}, ${r.to}) is not a non-empty range of the run's ${M} replicas`)
  return r
}

/**
 * The shared driver. Per time step, replica by replica, part by part: stepper.run(m, step, part). Events at
 * a step come in the order row (if due), snapshots (if due, replica 0 … M−1), progress.
 */
function* drive(spec: ParticleRunSpec, ens: Ensemble, stepper: ReplicaStepper, opts: RunOptions = {}): Generator<SolverEvent, void, void> {
  const { dt } = spec.time
  const { N, replicas: M, v } = ens
  // A replica-range part (docs/CLUSTER.md): its own rows are the statistics of its M replicas, with the
  // entropy pool cut as for the whole run; 'replicaRow' carries what a merge needs for the whole run's row.
  const part = spec.replicaRange
  const firstReplica = part?.from ?? 0
  const per = entropyPoolSize(spec.solver.replicas, N)
  const schedule = runSchedule(spec.time, spec.snapshots)
  const { totalSteps } = schedule
  const perReplica = new Float64Array(M * MOMENT_METRICS.length)
  const momentsAt = (step: number): SolverEvent => {
    const P = CHAOS_PHIS.length
    const m = new Float64Array(P * M)
    const q = new Float64Array(P * M)
    const scratch = new Float64Array(N)
    CHAOS_PHIS.forEach((phi, k) => {
      for (let r = 0; r < M; r++) {
        const s = replicaPhiStats(phi, v[r], N, scratch)
        m[k * M + r] = s.m
        q[k * M + r] = s.q
      }
    })
    return { type: 'moments', step, t: step * dt, phis: [...CHAOS_PHIS], replicas: M, m, q }
  }
  function* row(step: number): Generator<SolverEvent, void, void> {
    for (let m = 0; m < M; m++) particleMoments(v[m], N, perReplica, m * MOMENT_METRICS.length)
    const pool = entropyPool(v, per)
    const values = historyRowOf(perReplica, pool, M)
    checkRow(spec.solver.kind, ROW_METRICS, values, step, step * dt) // a non-finite mean fails the run (rowCheck.ts)
    if (part) yield { type: 'replicaRow', step, t: step * dt, from: part.from, moments: Float64Array.from(perReplica), pool }
    yield { type: 'row', step, t: step * dt, values }
  }
  function* snapshotsAt(step: number): Generator<SolverEvent, void, void> {
    if (!schedule.snapshotDue(step)) return
    if (spec.snapshotKind === 'moments') return yield momentsAt(step)
    for (let m = 0; m < M; m++) yield { type: 'snapshot', step, t: step * dt, replica: firstReplica + m, v: Float64Array.from(v[m]) }
  }

  yield { type: 'start', metrics: [...ROW_METRICS], totalSteps }
  if (stepper.team) yield { type: 'split', memory: stepper.team.memory, chunks: stepper.team.chunks }
  // From a checkpoint: its step's row and snapshots were stored before it (checkpoint.ts).
  const first = opts.start?.step ?? 0
  if (opts.start) checkStartStep(opts.start, totalSteps)
  else {
    yield* row(0)
    yield* snapshotsAt(0)
  }
  const { parts, pairsPerPart } = stepper
  const unitsPerStep = M * parts
  let sinceProgress = 0
  for (let step = first; step < totalSteps; step++) {
    for (let m = 0; m < M; m++) {
      for (let p = 0; p < parts; p++) {
        stepper.run(m, step, p)
        sinceProgress += pairsPerPart
        const done = m * parts + p + 1
        if (sinceProgress >= PAIRS_PER_PROGRESS && done < unitsPerStep) {
          sinceProgress = 0
          yield { type: 'progress', fraction: (step + done / unitsPerStep) / totalSteps }
        }
      }
    }
    sinceProgress = 0
    const done = step + 1
    const checkpoint = done < totalSteps && opts.checkpointDue?.(done) === true
    if (stepper.sync) {
      // The GPU path: the velocities come back only when something reads them.
      const ready = stepper.sync(schedule.rowDue(done) || schedule.snapshotDue(done) || checkpoint)
      if (ready) yield { type: 'await', ready }
    }
    if (schedule.rowDue(done)) yield* row(done)
    yield* snapshotsAt(done)
    yield { type: 'progress', fraction: done / totalSteps }
    if (checkpoint) yield { type: 'checkpoint', step: done, t: done * dt, state: packReplicas(v) }
  }
  if (totalSteps === 0) yield { type: 'progress', fraction: 1 } // T < Δt/2: nothing to do, but done
}
