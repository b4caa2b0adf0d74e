// The driver of every deterministic run (bkw-exact, blob, isotropic, spectral): the same event stream as
// the particle driver (runSolver.ts): 'start', rows of DETERMINISTIC_METRICS and the density at the steps
// the run's schedule names (driver/schedule.ts), and progress. Pure, like the solvers.
import type { DeterministicRunSpec } from '../driver/runSpec'
import type { SolverEvent } from '../driver/solverEvent'
import { checkRow } from '../driver/rowCheck'
import { runSchedule } from '../driver/schedule'
import { checkStartStep, type RunOptions } from '../driver/checkpoint'
import { createDeterministicSolver } from './createDeterministic'
import { DETERMINISTIC_METRICS, type FunctionalRow } from './types'

export type { DeterministicRunSpec } from '../driver/runSpec'

const values = (row: FunctionalRow): number[] => DETERMINISTIC_METRICS.map((m) => row[m])

export function* runDeterministic(spec: DeterministicRunSpec, opts: RunOptions = {}): Generator<SolverEvent, void, void> {
  const { dt } = spec.time
  const schedule = runSchedule(spec.time, spec.snapshots)
  const { totalSteps } = schedule
  const solver = createDeterministicSolver(spec)
  const { start } = opts
  if (start) {
    checkStartStep(start, totalSteps)
    // Element 0 of a solver's state is its step count (types.ts): a state of another step is refused.
    if (start.state[0] !== start.step) throw new RangeError(`checkpoint of step ${start.step} holds the state of step ${start.state[0]}`)
    solver.restore(start.state)
  }
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
  // From a checkpoint: its step's row and density were stored before it (driver/checkpoint.ts).
  if (!start) yield* at(0)
  for (let step = (start?.step ?? 0) + 1; step <= totalSteps; step++) {
    solver.step()
    yield* at(step)
    yield { type: 'progress', fraction: step / totalSteps }
    if (step < totalSteps && opts.checkpointDue?.(step)) yield { type: 'checkpoint', step, t: step * dt, state: solver.checkpoint() }
  }
  if (totalSteps === 0) yield { type: 'progress', fraction: 1 }
}
