// Oracle: a run stopped at a checkpoint and continued from it (driver/checkpoint.ts) yields the very bits of
// a run that was never stopped: every row value, every snapshot, moment and density, compared as float64
// bit patterns. Each case is cut at several steps, chained (stop at k1, resume, stop at k2, resume, …), so
// that a state a resumed run checkpoints is itself good to resume from. Covers every particle system and
// integrator (Kac's team split path too) and every deterministic solver, whose step may carry state beyond
// the density (the blob's predictor field, the adaptive isotropic scheme's step size and FSAL stage).
import { describe, expect, it } from 'vitest'
import type { RunSpec } from '../../../src/shared/spec'
import { runSolver, type RunOptions, type SolverEvent } from '../../../src/solvers/driver/runSolver'
import { runSchedule } from '../../../src/solvers/driver/schedule'
import { SPLIT_MIN_N } from '../../../src/solvers/particles/steppers'
import type { DensityRecord } from '../../../src/solvers/deterministic/types'

/** What a run stores, as comparable bit strings: rows, snapshots, moments, densities, in event order. */
function stored(events: SolverEvent[]): string[] {
  const hex = (a: ArrayLike<number>) => Buffer.from(Float64Array.from(a).buffer).toString('hex')
  const density = (d: DensityRecord) =>
    d.kind === 'grid'
      ? `grid ${d.n} ${d.L} ${hex(d.f)}`
      : d.kind === 'radial'
        ? `radial ${hex(d.r)} ${hex(d.f)}`
        : `weighted ${d.n} ${hex([d.eps])} ${hex(d.x)} ${hex(d.w)}`
  return events.flatMap((e): string[] => {
    if (e.type === 'row') return [`row ${e.step} ${hex([e.t])} ${hex(e.values)}`]
    if (e.type === 'snapshot') return [`snapshot ${e.step} ${e.replica} ${hex(e.v)}`]
    if (e.type === 'moments') return [`moments ${e.step} ${e.phis.join()} ${hex(e.m)} ${hex(e.q)}`]
    if (e.type === 'density') return [`density ${e.step} ${density(e.density)}`]
    return []
  })
}

const stepOf = (line: string) => Number(line.split(' ')[1])

/**
 * Runs `spec` stopping at each of `cuts` in turn: each leg runs from the previous checkpoint until the
 * driver yields the checkpoint at the next cut, and is then abandoned (the generator returned, as a killed
 * process would be). What each leg yielded up to its checkpoint, then the last leg to the end.
 */
function runWithStops(spec: RunSpec, cuts: number[], opts: RunOptions = {}): { lines: string[]; checkpoints: number[] } {
  const lines: string[] = []
  const checkpoints: number[] = []
  let start: RunOptions['start']
  for (const cut of [...cuts, -1]) {
    const leg: SolverEvent[] = []
    for (const e of runSolver(spec, { ...opts, start, checkpointDue: (s) => s === cut })) {
      if (e.type === 'checkpoint') {
        expect(e.step).toBe(cut)
        expect(e.t).toBe(cut * spec.time.dt)
        checkpoints.push(e.step)
        start = { step: e.step, state: e.state }
        break
      }
      leg.push(e)
    }
    const legLines = stored(leg)
    // A resumed leg yields nothing at or before its start step: that was stored before the checkpoint.
    if (checkpoints.length > 0 && cut === -1) expect(legLines.every((l) => stepOf(l) > checkpoints[checkpoints.length - 1])).toBe(true)
    lines.push(...legLines)
  }
  return { lines, checkpoints }
}

function particle(solver: RunSpec['solver'], over: Partial<RunSpec> = {}): RunSpec {
  return {
    initial: { family: 'bimaxwellian', T: [1.5, 1, 0.5] },
    kernel: { gamma: -3 },
    solver,
    time: { T: 0.2, dt: 0.01, every: 3 },
    snapshots: [0.05, 0.13, 0.2],
    seed: 7,
    runIndex: 2,
    ...over,
  }
}

function deterministic(solver: RunSpec['solver'], over: Partial<RunSpec> = {}): RunSpec {
  return {
    initial: { family: 'bkw', K0: 0.6 },
    kernel: { gamma: 0 },
    solver,
    time: { T: 0.2, dt: 0.02, every: 2 },
    snapshots: [0, 0.06, 0.12, 0.2],
    seed: 1,
    runIndex: 0,
    ...over,
  }
}

function expectResumeIdentical(spec: RunSpec, cuts: number[], opts: RunOptions = {}): void {
  const whole = stored([...runSolver(spec, opts)])
  const { lines, checkpoints } = runWithStops(spec, cuts, opts)
  expect(checkpoints).toEqual(cuts)
  // Sanity of the oracle itself: the run stores something after every cut, so a resume that skipped or
  // repeated a step could not pass.
  for (const c of cuts) expect(whole.some((l) => stepOf(l) > c)).toBe(true)
  expect(lines.length).toBe(whole.length)
  lines.forEach((l, k) => expect(l, `line ${k}`).toBe(whole[k]))
}

describe('checkpoint and resume: bit-identical to an uninterrupted run', () => {
  const cuts = [1, 7, 13, 16]
  it.each([
    ['kac rotation, 3 replicas, snapshots', particle({ kind: 'kac', N: 40, replicas: 3, integrator: 'rotation' })],
    ['kac euler', particle({ kind: 'kac', N: 30, replicas: 2, integrator: 'euler' })],
    ['fgm euler', particle({ kind: 'fgm', N: 30, replicas: 2, integrator: 'euler' })],
    ['fournier euler', particle({ kind: 'fournier', N: 30, replicas: 2, integrator: 'euler' })],
    ['pairing rotation', particle({ kind: 'pairing', N: 41, replicas: 2, integrator: 'rotation' })],
    ['pairing euler', particle({ kind: 'pairing', N: 64, replicas: 3, integrator: 'euler' })],
    ['kac rotation, moments snapshots', particle({ kind: 'kac', N: 40, replicas: 4, integrator: 'rotation' }, { snapshotKind: 'moments' })],
  ])('%s', (_name, spec) => expectResumeIdentical(spec, cuts))

  it('kac rotation split over a team (N ≥ SPLIT_MIN_N)', () => {
    const spec = particle(
      { kind: 'kac', N: SPLIT_MIN_N, replicas: 2, integrator: 'rotation' },
      { time: { T: 0.04, dt: 0.01, every: 1 }, snapshots: [0.02, 0.04], kernel: { gamma: 0 } },
    )
    expectResumeIdentical(spec, [1, 3], { split: true })
  })

  it.each([
    ['bkw-exact', deterministic({ kind: 'bkw-exact', points: 40, rMax: 8 })],
    ['blob', deterministic({ kind: 'blob', n: 6, L: 4 })],
    ['isotropic', deterministic({ kind: 'isotropic', cells: 40, rMax: 8 })],
    // A Coulomb shell: the adaptive scheme takes several steps of its own inside each Δt, so the step size it
    // carries over from one step() to the next matters (a restore that dropped it changes the bits).
    [
      'isotropic regularised (adaptive steps)',
      deterministic({ kind: 'isotropic', cells: 40, rMax: 8, eps: 0.3 }, { kernel: { gamma: -3 }, initial: { family: 'shell', r0: 2, S: 2 } }),
    ],
    ['spectral', deterministic({ kind: 'spectral', n: 8, L: 8 })],
  ])('%s', (_name, spec) => expectResumeIdentical(spec, [1, 4, 7, 9]))

  it('a checkpoint is never due at the last step, and the drivers ask only after completed steps', () => {
    for (const spec of [particle({ kind: 'pairing', N: 10, replicas: 1, integrator: 'euler' }), deterministic({ kind: 'bkw-exact', points: 10, rMax: 8 })]) {
      const asked: number[] = []
      const events = [...runSolver(spec, { checkpointDue: (s) => (asked.push(s), true) })]
      const total = runSchedule(spec.time, spec.snapshots).totalSteps
      expect(asked).toEqual(Array.from({ length: total - 1 }, (_, k) => k + 1))
      const cps = events.filter((e) => e.type === 'checkpoint')
      expect(cps.map((e) => e.step)).toEqual(asked)
      // After the step's row and snapshots: nothing stored at that step follows its checkpoint.
      events.forEach((e, k) => {
        if (e.type !== 'checkpoint') return
        expect(stored(events.slice(k + 1)).every((l) => stepOf(l) > e.step)).toBe(true)
      })
    }
  })

  it('refuses a checkpoint of another shape or step', () => {
    const spec = particle({ kind: 'kac', N: 10, replicas: 2, integrator: 'rotation' })
    expect(() => [...runSolver(spec, { start: { step: 3, state: new Float64Array(59) } })]).toThrow(/checkpoint holds 59 values/)
    expect(() => [...runSolver(spec, { start: { step: 999, state: new Float64Array(60) } })]).toThrow(/not a step of this run/)
    const det = deterministic({ kind: 'isotropic', cells: 20, rMax: 8 })
    expect(() => [...runSolver(det, { start: { step: 2, state: Float64Array.of(2, 1) } })]).toThrow(/isotropic: checkpoint holds 2 values/)
    expect(() => [...runSolver(det, { start: { step: 2, state: new Float64Array(21) } })]).toThrow(/holds the state of step 0/)
  })
})
