// Oracles: the SolverEvent contract of runSolver for every system and integrator (the shared driver):
// (1) snapshots — times t ↦ step round(t/Δt), duplicates merged, step 0 allowed, t = step·Δt in the event;
//     at each snapshot step one event per replica, in replica order, after that step's row and before its
//     progress, holding a copy of the state bit for bit equal to the state of an independent run of the same
//     stepper recorded at every step;
// (2) reproducibility by construction (docs/NUMERICS.md §1): same spec ⇒ bit-identical rows and snapshots;
//     replica k's trajectory does not depend on how many replicas run beside it; another seed, other bits;
// (3) progress inside long all-pairs Euler steps (row blocks), as for Kac's rounds (runSolver.test.ts).
import { describe, expect, it } from 'vitest'
import type { RunSpec, SolverSpec } from '../../../src/shared/spec'
import { historyRow } from '../../../src/solvers/diagnostics/moments'
import { runSolver, type SolverEvent } from '../../../src/solvers/driver/runSolver'
import { historyRowCount, runSchedule, snapshotSteps } from '../../../src/solvers/driver/schedule'
import { runReplicas, type System } from '../particles/systemRunner'

const SYSTEMS: System[] = ['kac/rotation', 'kac/euler', 'fgm/euler', 'fournier/euler', 'pairing/rotation', 'pairing/euler']

function spec(system: System, over: Partial<RunSpec> & { N?: number; replicas?: number } = {}): RunSpec {
  const { N = 9, replicas = 3, ...rest } = over
  const [kind, integrator] = system.split('/')
  return {
    initial: { family: 'bimaxwellian', T: [1.5, 1, 0.5] },
    kernel: { gamma: -1 },
    solver: { kind, N, replicas, integrator } as SolverSpec,
    time: { T: 0.1, dt: 0.01, every: 4 },
    snapshots: [0.03, 0, 0.031, 0.1, 0.0999], // steps 3, 0, 3, 10, 10 → {0, 3, 10}
    seed: 2718,
    runIndex: 5,
    ...rest,
  }
}

const bits = (x: ArrayLike<number>) => Array.from(new BigUint64Array(Float64Array.from(x).buffer))
type Snap = Extract<SolverEvent, { type: 'snapshot' }>

describe('snapshot schedule', () => {
  it('rounds times to steps, merges duplicates, clamps to the last step, sorts', () => {
    expect(snapshotSteps([0.03, 0, 0.031, 0.1, 0.0999], 0.01, 10)).toEqual([0, 3, 10])
    expect(snapshotSteps([0.1 * (1 + 1e-13)], 0.01, 10)).toEqual([10])
    expect(snapshotSteps([], 0.01, 10)).toEqual([])
    expect(() => snapshotSteps([-1], 0.01, 10)).toThrow(RangeError)
  })
  it('writes rows at 0, every k steps and at the end, as many as historyRowCount says', () => {
    // T = 0.1, Δt = 0.01, every 3: steps 0, 3, 6, 9 and the last, 10.
    const s = runSchedule({ T: 0.1, dt: 0.01, every: 3 }, [0.05])
    const rows = Array.from({ length: s.totalSteps + 1 }, (_, k) => k).filter((k) => s.rowDue(k))
    expect(rows).toEqual([0, 3, 6, 9, 10])
    expect(historyRowCount(s.totalSteps, 3)).toBe(rows.length)
    expect(historyRowCount(9, 3)).toBe(4) // the last step is a multiple: no extra row
    expect([0, 5, 10].map((k) => s.snapshotDue(k))).toEqual([false, true, false])
  })
})

describe.each(SYSTEMS)('%s through runSolver', (system) => {
  it('emits snapshots at the right steps, for every replica, equal to the state there (bits)', () => {
    const s = spec(system)
    const events = [...runSolver(s)]
    const snaps = events.filter((e): e is Snap => e.type === 'snapshot')
    expect(snaps.map((e) => [e.step, e.replica])).toEqual([0, 3, 10].flatMap((st) => [0, 1, 2].map((m) => [st, m])))
    for (const e of snaps) expect(e.t).toBe(e.step * 0.01)
    // Order at a step: row (steps 0 and 10 have rows; 3 does not), then snapshots, then progress.
    const at = (type: string, step: number) => events.findIndex((e) => e.type === type && (e as { step: number }).step === step)
    expect(at('row', 0)).toBeLessThan(at('snapshot', 0))
    expect(at('row', 10)).toBeLessThan(at('snapshot', 10))
    const afterLast = events.slice(at('snapshot', 10))
    expect(afterLast.filter((e) => e.type === 'progress')).toEqual([{ type: 'progress', fraction: 1 }])
    // Reference: the same stepper, recorded at every step.
    const states = new Map<string, Float64Array>()
    runReplicas(
      { system, N: 9, replicas: 3, dt: 0.01, gamma: -1, initial: s.initial, seed: s.seed, runIndex: s.runIndex },
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      (m, step, v) => states.set(`${m}/${step}`, Float64Array.from(v)),
    )
    for (const e of snaps) expect(bits(e.v)).toEqual(bits(states.get(`${e.replica}/${e.step}`)!))
    // The rows are the metrics of the same states.
    const finalRow = events.filter((e) => e.type === 'row').pop() as { values: number[] }
    expect(bits(finalRow.values)).toEqual(
      bits(
        historyRow(
          [0, 1, 2].map((m) => states.get(`${m}/10`)!),
          9,
          new Float64Array(18),
        ),
      ),
    )
    // Each snapshot is the consumer's own copy.
    expect(new Set(snaps.map((e) => e.v.buffer)).size).toBe(snaps.length)
  })

  it('is bit-reproducible, replica k does not depend on the replica count, and the seed matters', () => {
    const run = (over: Partial<RunSpec> & { replicas?: number }) => [...runSolver(spec(system, over))]
    const rowBits = (ev: SolverEvent[]) => ev.filter((e) => e.type === 'row').map((e) => bits((e as { values: number[] }).values))
    const snapBits = (ev: SolverEvent[], replica: number) => ev.filter((e): e is Snap => e.type === 'snapshot' && e.replica === replica).map((e) => bits(e.v))
    const a = run({})
    const b = run({})
    expect(rowBits(b)).toEqual(rowBits(a))
    const two = run({ replicas: 2 })
    const five = run({ replicas: 5 })
    for (const m of [0, 1]) {
      expect(snapBits(two, m)).toEqual(snapBits(a, m))
      expect(snapBits(five, m)).toEqual(snapBits(a, m))
    }
    expect(snapBits(five, 3)).not.toEqual(snapBits(five, 0))
    const other = run({ seed: 2719 })
    expect(snapBits(other, 0)[2]).not.toEqual(snapBits(a, 0)[2])
  })
})

describe('progress inside long all-pairs Euler steps', () => {
  it.each(['kac/euler', 'fournier/euler'] as System[])('%s, N = 1000: reports before the step ends', (system) => {
    // 499 500 pairs per step in row blocks of ~25 000: progress after every ~200 000 pairs.
    const events = [...runSolver(spec(system, { N: 1000, replicas: 1, time: { T: 0.01, dt: 0.01, every: 1 }, snapshots: [] }))]
    const progress = events.filter((e) => e.type === 'progress').map((e) => (e as { fraction: number }).fraction)
    expect(progress.length).toBeGreaterThanOrEqual(3)
    expect(progress[0]).toBeGreaterThan(0)
    expect(progress[0]).toBeLessThan(1)
    for (let k = 1; k < progress.length; k++) expect(progress[k]).toBeGreaterThanOrEqual(progress[k - 1])
    expect(events[events.length - 1]).toEqual({ type: 'progress', fraction: 1 })
  })
})
