// snapshotKind 'moments' (a chaos study's runs): at each snapshot step the driver emits, for every φ of
// the chaos observables, each replica's m = (1/N)Σφ and q = (1/N)Σφ², instead of the velocities. Oracle:
// the same run with velocities, its snapshots reduced by replicaPhiStats — the same bits (the stored
// moments are exactly what the study would compute from the velocities), and the rows are unchanged.
import { describe, expect, it } from 'vitest'
import { runSolver, type SolverEvent } from '../../../src/solvers/driver/runSolver'
import type { ParticleRunSpec } from '../../../src/solvers/driver/runSpec'
import { CHAOS_PHIS, replicaPhiStats } from '../../../src/solvers/chaos/chaosObservables'

const spec: ParticleRunSpec = {
  initial: { family: 'bimaxwellian', T: [1.4, 1, 0.6] },
  kernel: { gamma: -3 },
  solver: { kind: 'pairing', N: 20, replicas: 3, integrator: 'rotation' },
  time: { T: 0.1, dt: 0.01, every: 5 },
  snapshots: [0, 0.05, 0.1],
  seed: 4,
  runIndex: 1,
}

const bits = (x: ArrayLike<number>) => Array.from(new BigUint64Array(Float64Array.from(x).buffer))

describe("snapshotKind 'moments'", () => {
  it('stores exactly the moments of the velocities the same run stores', () => {
    const withV = [...runSolver(spec)]
    const withM = [...runSolver({ ...spec, snapshotKind: 'moments' })]
    const rows = (evs: SolverEvent[]) => evs.filter((e) => e.type === 'row').map((e) => (e.type === 'row' ? e.values : []))
    expect(rows(withM)).toEqual(rows(withV))
    const moments = withM.flatMap((e) => (e.type === 'moments' ? [e] : []))
    expect(moments.map((e) => e.step)).toEqual([0, 5, 10])
    expect(withM.some((e) => e.type === 'snapshot')).toBe(false)
    for (const e of moments) {
      expect(e.phis).toEqual([...CHAOS_PHIS])
      const snaps = withV.flatMap((s) => (s.type === 'snapshot' && s.step === e.step ? [s] : []))
      expect(snaps).toHaveLength(3)
      CHAOS_PHIS.forEach((phi, k) => {
        const expected = snaps.map((s) => replicaPhiStats(phi, s.v, 20))
        expect(bits(e.m.subarray(3 * k, 3 * k + 3))).toEqual(bits(expected.map((x) => x.m)))
        expect(bits(e.q.subarray(3 * k, 3 * k + 3))).toEqual(bits(expected.map((x) => x.q)))
      })
    }
  })
})
