// The driver of every deterministic run (bkw-exact, blob, isotropic, spectral): the same event stream as
// the particle driver (runSolver.ts): 'start', rows of DETERMINISTIC_METRICS and the density at the steps
// the run's schedule names (driver/schedule.ts), and progress. Pure, like the solvers.
import type { DeterministicRunSpec } from '../driver/runSpec'
import type { SolverEvent } from '../driver/solverEvent'
import { checkRow } from '../driver/rowCheck'
import { runSchedule } from '../driver/schedule'
import { createDeterministicSolver } from './createDeterministic'
import { DETERMINISTIC_METRICS, type FunctionalRow } from './types'

export type { DeterministicRunSpec } from '../driver/runSpec'

const values = (row: FunctionalRow): number[] => DETERMINISTIC_METRICS.map((m) => row[m])

export function* runDeterministic(spec: DeterministicRunSpec): Generator<SolverEvent, void, void> {
  const { dt } = spec.time
  const schedule = runSchedule(spec.time, spec.snapshots)
  const { totalSteps } = schedule
  const solver = createDeterministicSolver(spec)
  function* at(step: number): Generator<SolverEvent, void, void> {
    if (schedule.rowDue(step)) {
      const row = values(solver.functionals())
      checkRow(spec.solver.kind, DETERMINISTIC_METRICS, row, step, step * dt) // non-finite values fail the run (rowCheck.ts)
      yield { type: 'row', step, t: step * dt, values: row }
    }
    if (schedule.snapshotDue(step)) {
      yield { type: 'density', step, t: step * dt, density: solver.density() }
    }
  }
  yield { type: 'start', metrics: [...DETERMINISTIC_METRICS], totalSteps }
  yield* at(0)
  for (let step = 1; step <= totalSteps; step++) {
    solver.step()
    yield* at(step)
    yield { type: 'progress', fraction: step / totalSteps }
  }
  if (totalSteps === 0) yield { type: 'progress', fraction: 1 }
}
