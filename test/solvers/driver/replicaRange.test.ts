// A replica-range part (RunSpec.replicaRange, what a shard computes of a run cut by shardPlan.ts) against
// the whole run it is a piece of. Oracle: the whole run's own events. The parts' replicas, snapshots and
// per-replica moments must be the whole run's, bit for bit, and their 'replicaRow' inputs put end to end
// must give the whole run's history rows through historyRowOf — the merge's computation (mergeParts.ts).
import { describe, expect, it } from 'vitest'
import { runSolver, type SolverEvent } from '../../../src/solvers/driver/runSolver'
import type { ParticleRunSpec } from '../../../src/solvers/driver/runSpec'
import { historyRowOf } from '../../../src/solvers/diagnostics/moments'

const bits = (x: ArrayLike<number>) => Array.from(new BigUint64Array(Float64Array.from(x).buffer))
const of = <T extends SolverEvent['type']>(evs: SolverEvent[], type: T) => evs.filter((e): e is Extract<SolverEvent, { type: T }> => e.type === type)

const cases: [string, ParticleRunSpec][] = [
  [
    'Kac rotation, velocity snapshots',
    {
      initial: { family: 'bimaxwellian', T: [1.4, 1, 0.6] },
      kernel: { gamma: -3 },
      solver: { kind: 'kac', N: 24, replicas: 7, integrator: 'rotation' },
      time: { T: 0.06, dt: 0.01, every: 2 },
      snapshots: [0, 0.03, 0.06],
      seed: 9,
      runIndex: 3,
    },
  ],
  [
    'pairing Euler, moment snapshots, more replicas than the entropy pool takes whole',
    {
      initial: { family: 'two-beam', u: 1.2, theta: 0.5 },
      kernel: { gamma: 0 },
      // 70 replicas of 2000: the pool takes ⌊65536/70⌋ = 936 particles of each, fewer than N.
      solver: { kind: 'pairing', N: 2000, replicas: 70, integrator: 'euler' },
      time: { T: 0.02, dt: 0.01, every: 1 },
      snapshots: [0.02],
      snapshotKind: 'moments',
      seed: 2,
      runIndex: 0,
    },
  ],
]

describe('replica-range parts', () => {
  for (const [name, spec] of cases) {
    it(`${name}: parts put together are the whole run, bit for bit`, () => {
      const M = spec.solver.replicas
      const whole = [...runSolver(spec)]
      const cuts = [0, 1, Math.floor(M / 2), M] // parts of 1, ⌊M/2⌋ − 1 and ⌈M/2⌉ replicas
      const parts = cuts.slice(1).map((to, k) => ({ from: cuts[k], to, events: [...runSolver({ ...spec, replicaRange: { from: cuts[k], to } })] }))
      // No replicaRow from a whole run; one per row from each part.
      expect(of(whole, 'replicaRow')).toHaveLength(0)
      const wholeRows = of(whole, 'row')
      for (const p of parts) expect(of(p.events, 'replicaRow').map((r) => r.step)).toEqual(wholeRows.map((r) => r.step))
      // History rows from the parts' inputs, as the merge computes them.
      wholeRows.forEach((row, j) => {
        const rr = parts.map((p) => of(p.events, 'replicaRow')[j])
        rr.forEach((r, k) => expect(r.from).toBe(parts[k].from))
        const moments = Float64Array.from(rr.flatMap((r) => Array.from(r.moments)))
        const pool = Float64Array.from(rr.flatMap((r) => Array.from(r.pool)))
        expect(bits(historyRowOf(moments, pool, M))).toEqual(bits(row.values))
      })
      // Snapshots: each part's are the whole run's of its replicas, under the same replica indices.
      const snap = (evs: SolverEvent[]) => of(evs, 'snapshot').map((s) => [s.step, s.replica, bits(s.v)])
      expect(parts.flatMap((p) => snap(p.events)).sort((a, b) => Number(a[0]) - Number(b[0]) || Number(a[1]) - Number(b[1]))).toEqual(snap(whole))
      // Per-replica moments: the parts' side by side, per φ, are the whole run's.
      of(whole, 'moments').forEach((w, j) => {
        const ps = parts.map((p) => of(p.events, 'moments')[j])
        w.phis.forEach((_, k) => {
          const cat = (x: 'm' | 'q') => ps.flatMap((e) => Array.from(e[x].subarray(k * e.replicas, (k + 1) * e.replicas)))
          expect(bits(cat('m'))).toEqual(bits(w.m.subarray(k * M, (k + 1) * M)))
          expect(bits(cat('q'))).toEqual(bits(w.q.subarray(k * M, (k + 1) * M)))
        })
      })
      if (spec.snapshotKind === 'moments') expect(of(whole, 'moments').length).toBeGreaterThan(0)
      else expect(of(whole, 'snapshot').length).toBe(3 * M)
    })
  }

  it('refuses a range that is not a non-empty part of the replicas', () => {
    const [, spec] = cases[0]
    for (const r of [
      { from: 0, to: 0 },
      { from: 3, to: 2 },
      { from: 0, to: 8 },
      { from: -1, to: 2 },
      { from: 0.5, to: 2 },
    ])
      expect(() => [...runSolver({ ...spec, replicaRange: r })]).toThrow(/replicaRange/)
  })
})
