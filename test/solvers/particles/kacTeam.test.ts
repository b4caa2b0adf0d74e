// A Kac run split over threads (src/solvers/particles/kacTeam.ts, docs/NUMERICS.md §4.4) against the unsplit
// kernel, in one thread (the real threads are test/backend/splitRun.test.ts):
//   (1) the kernel's fillRange writes the pairs of roundPairs at every place of every round (even, odd N);
//   (2) a round cut into chunks run in any order, by any mix of kernel instances and scratch slots (as the
//       threads of a team would), gives the bits of the unsplit round;
//   (3) KacTeam.rounds (the owner alone, a step cut into parts, the velocities kept in the team's memory
//       between parts, replicas interleaved) and runSolver with { split: true } give the bits of kacRounds
//       and of the unsplit run, for γ = −3, 0 and another γ.
import { describe, expect, it } from 'vitest'
import { createKacEnsemble, kacRounds, KacTeam } from '../../../src/solvers/particles/kac'
import { roundCount, roundPairs } from '../../../src/solvers/particles/roundRobin'
import { kickScale } from '../../../src/solvers/particles/rotationStep'
import { runSolver, type SolverEvent } from '../../../src/solvers/driver/runSolver'
import { SPLIT_MIN_N } from '../../../src/solvers/particles/steppers'
import { ASSIST_MOST } from '../../../src/solvers/particles/kacTeam'
import { kernelRangePairs } from '../../../src/solvers/particles/kacKernel'
import { RunSpec } from '../../../src/shared/spec'

const initial = RunSpec.shape.initial.parse({ family: 'bimaxwellian', T: [1.5, 1, 0.5] })

/** A small deterministic generator for test inputs (not the code under test). */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32
}

function sameBits(a: Float64Array, b: Float64Array): boolean {
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength)
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
  return x.length === y.length && x.every((v, i) => v === y[i])
}

describe('split Kac run: pairs of a chunk', () => {
  it('fillRange writes the pairs of roundPairs at every place (even and odd N)', () => {
    const rand = lcg(3)
    for (const N of [2, 3, 8, 9, 64, 65, 1001, 2000]) {
      const ref = new Uint32Array(N + 2)
      for (let r = 0; r < roundCount(N); r += Math.max(1, Math.floor(roundCount(N) / 7))) {
        const count = roundPairs(N, r, ref)
        for (let t = 0; t < 6; t++) {
          const first = Math.floor(rand() * count)
          const m = 1 + Math.floor(rand() * (count - first))
          expect(Array.from(kernelRangePairs(N, r, first, m)), `N = ${N}, round ${r}, ${first} + ${m}`).toEqual(
            Array.from(ref.subarray(2 * first, 2 * (first + m))),
          )
        }
        expect(Array.from(kernelRangePairs(N, r, 0, count))).toEqual(Array.from(ref.subarray(0, 2 * count)))
      }
    }
  })
})

describe('split Kac run: chunks of a round', () => {
  it('gives the bits of the unsplit round whatever the chunks, their order and the threads that run them', () => {
    const rand = lcg(11)
    for (const [N, gamma] of [
      [2000, -3],
      [2501, 0],
      [3000, -1],
    ] as const) {
      const kappa = kickScale(N, 0.01)
      const ens = createKacEnsemble(initial, N, 1, 5, 0)
      const team = new KacTeam(N, kappa, gamma)
      const chunks = team.chunks
      expect(chunks).toBeGreaterThan(3)
      for (const round of [0, 1, Math.floor(N / 3), roundCount(N) - 1]) {
        const ref = Float64Array.from(ens.v[0])
        kacRounds(ref, N, round, round + 1, kappa, gamma, ens.keys[0], ens.keys[1], 4)
        // a random cut of the chunks into pieces, run in a random order by random slots
        const pieces: [number, number, number][] = []
        for (let c = 0; c < chunks;) {
          const slot = Math.floor(rand() * 4)
          const n = Math.min(chunks - c, 1 + Math.floor(rand() * (slot === 0 ? chunks : ASSIST_MOST)))
          pieces.push([slot, c, n])
          c += n
        }
        for (let i = pieces.length - 1; i > 0; i--) {
          const j = Math.floor(rand() * (i + 1))
          ;[pieces[i], pieces[j]] = [pieces[j], pieces[i]]
        }
        const v = Float64Array.from(ens.v[0])
        team.roundByPlan(v, round, ens.keys[0], ens.keys[1], 4, pieces)
        expect(sameBits(v, ref), `N = ${N}, γ = ${gamma}, round ${round}, ${JSON.stringify(pieces)}`).toBe(true)
        // the round did move the particles
        expect(sameBits(v, ens.v[0])).toBe(false)
      }
      team.close()
    }
  })
})

describe('split Kac run: steps', () => {
  it('KacTeam.rounds, cut into parts with the velocities kept between them, gives the bits of kacRounds', () => {
    for (const [N, gamma] of [
      [2000, -3],
      [2001, 0],
      [2100, -1.5],
    ] as const) {
      const kappa = kickScale(N, 0.01)
      const a = createKacEnsemble(initial, N, 2, 9, 1)
      const b = createKacEnsemble(initial, N, 2, 9, 1)
      const team = new KacTeam(N, kappa, gamma)
      const R = roundCount(N)
      const cuts = [0, 1, 7, Math.floor(R / 2), R]
      for (let step = 0; step < 2; step++) {
        for (let m = 0; m < 2; m++) {
          kacRounds(a.v[m], N, 0, R, kappa, gamma, a.keys[2 * m], a.keys[2 * m + 1], step)
          for (let p = 0; p + 1 < cuts.length; p++) {
            team.rounds(b.v[m], cuts[p], cuts[p + 1], b.keys[2 * m], b.keys[2 * m + 1], step, p === 0, p === cuts.length - 2)
          }
        }
      }
      for (let m = 0; m < 2; m++) expect(sameBits(b.v[m], a.v[m]), `N = ${N}, γ = ${gamma}, replica ${m}`).toBe(true)
      expect(team.helped).toBe(0)
      team.close()
    }
  })

  it('runSolver with { split: true } gives the rows and snapshots of the unsplit run, and announces its team', () => {
    const spec = RunSpec.parse({
      initial,
      kernel: { gamma: -3 },
      solver: { kind: 'kac', N: SPLIT_MIN_N + 1, replicas: 2 },
      time: { T: 0.03, dt: 0.01, every: 1 },
      snapshots: [0.02],
      seed: 3,
      runIndex: 0,
    })
    const collect = (split: boolean) => [...runSolver(spec, { split })].filter((e) => e.type !== 'progress')
    const plain = collect(false)
    const split = collect(true)
    expect(plain.some((e) => e.type === 'split')).toBe(false)
    expect(split[1]).toMatchObject({ type: 'split', chunks: 4 }) // 1000 pairs a round, 256 a chunk
    /** Each event as the bytes of its numbers. */
    const bytes = (es: SolverEvent[]) =>
      es
        .filter((e) => e.type !== 'split')
        .map((e) =>
          e.type === 'row'
            ? [e.type, Buffer.from(Float64Array.from(e.values).buffer).toString('hex')]
            : e.type === 'snapshot'
              ? [e.type, Buffer.from(e.v.buffer).toString('hex')]
              : [e.type],
        )
    expect(bytes(split)).toEqual(bytes(plain))
    expect(plain.filter((e) => e.type === 'snapshot')).toHaveLength(2)
  })
})
