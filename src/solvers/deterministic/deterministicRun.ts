// The driver of every deterministic run (bkw-exact, blob, isotropic, spectral): the same event stream as
// the particle driver (runSolver.ts): 'start', rows of DETERMINISTIC_METRICS at t = 0, every `time.every`
// steps and at the last step, the density at each snapshot step, and progress. Pure, like the solvers.
import type { DeterministicRunSpec } from '../runSpec'
import type { SolverEvent } from '../solverEvent'
import { checkRow } from '../rowCheck'
import { snapshotSteps } from '../snapshots'
import { createDeterministicSolver } from './createDeterministic'
import { DETERMINISTIC_METRICS, type FunctionalRow } from './types'

export type { DeterministicRunSpec } from '../runSpec'

const values = (row: FunctionalRow): number[] => DETERMINISTIC_METRICS.map((m) => row[m])

export function* runDeterministic(spec: DeterministicRunSpec): Generator<SolverEvent, void, void> {
  const { dt, every } = spec.time
  const totalSteps = Math.round(spec.time.T / dt)
  const solver = createDeterministicSolver(spec)
  const snaps = snapshotSteps(spec.snapshots ?? [], dt, totalSteps)
  let nextSnap = 0
  function* at(step: number, rowDue: boolean): Generator<SolverEvent, void, void> {
    if (rowDue) {
      const row = values(solver.functionals())
      checkRow(spec.solver.kind, DETERMINISTIC_METRICS, row, step, step * dt) // non-finite values fail the run (rowCheck.ts)
      yield { type: 'row', step, t: step * dt, values: row }
    }
    if (nextSnap < snaps.length && snaps[nextSnap] === step) {
      nextSnap++
      yield { type: 'density', step, t: step * dt, density: solver.density() }
    }
  }
  yield { type: 'start', metrics: [...DETERMINISTIC_METRICS], totalSteps }
  yield* at(0, true)
  for (let step = 1; step <= totalSteps; step++) {
    solver.step()
    yield* at(step, step % every === 0 || step === totalSteps)
    yield { type: 'progress', fraction: step / totalSteps }
  }
  if (totalSteps === 0) yield { type: 'progress', fraction: 1 }
}
