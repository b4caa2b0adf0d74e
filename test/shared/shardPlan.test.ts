// The shard plan (shardPlan.ts): every replica of every run is computed by exactly one shard, a run's parts
// are on different shards (a shard file holds one row per run index), the plan is a function of the
// experiment and K alone, and the shards' loads come out close to even when the work allows it.
import { describe, expect, it } from 'vitest'
import { checkExperiment, expandRuns, type ExperimentSpec } from '../../src/shared/spec'
import { planShards, runCost, shardRuns } from '../../src/shared/shardPlan'

function experiment(input: unknown): ExperimentSpec {
  const c = checkExperiment(input)
  if (!c.ok) throw new Error(JSON.stringify(c.issues))
  return c.spec
}

const sweep = experiment({
  name: 'plan',
  initial: { family: 'maxwellian' },
  kernel: { gamma: -3 },
  solvers: [
    { kind: 'kac', N: 2, replicas: 40 },
    { kind: 'pairing', N: 2, replicas: 40 },
    { kind: 'isotropic', cells: 200, rMax: 8 },
  ],
  sweep: { N: [50, 100, 200, 400] },
  time: { T: 0.1, dt: 0.01, every: 5 },
  seed: 1,
})

describe('planShards', () => {
  for (const K of [1, 2, 3, 4, 7, 16, 100]) {
    it(`K = ${K}: covers every replica once, parts of a run on distinct shards`, () => {
      const runs = expandRuns(sweep)
      const plan = planShards(runs, K)
      expect(plan).toHaveLength(K)
      for (const r of runs) {
        const M = 'replicas' in r.solver ? r.solver.replicas : 1
        const units = plan.flatMap((s, i) => s.filter((u) => u.runIndex === r.runIndex).map((u) => ({ ...u, shard: i })))
        expect(new Set(units.map((u) => u.shard)).size).toBe(units.length)
        if (units.length === 1) expect(units[0].replicaRange).toBeUndefined()
        else {
          const ranges = units.map((u) => u.replicaRange!).sort((a, b) => a.from - b.from)
          expect(ranges[0].from).toBe(0)
          ranges.forEach((g, j) => {
            expect(g.to).toBeGreaterThan(g.from)
            if (j > 0) expect(g.from).toBe(ranges[j - 1].to)
          })
          expect(ranges[ranges.length - 1].to).toBe(M)
        }
      }
      for (const s of plan) expect(s.map((u) => u.runIndex)).toEqual([...s.map((u) => u.runIndex)].sort((a, b) => a - b))
      // The same plan when computed again (every shard job computes it on its own).
      expect(planShards(expandRuns(sweep), K)).toEqual(plan)
    })
  }

  it('K = 1 is the whole experiment, runs whole', () => {
    expect(shardRuns(sweep, { index: 1, count: 1 })).toEqual(expandRuns(sweep))
  })

  it('evens the load when a run dominates: Kac at N = 400 is cut over the shards', () => {
    const runs = expandRuns(sweep)
    const K = 4
    const plan = planShards(runs, K)
    const cost = (u: { runIndex: number; replicaRange?: { from: number; to: number } }) => {
      const r = runs[u.runIndex]
      const M = 'replicas' in r.solver ? r.solver.replicas : 1
      return (runCost(r) * (u.replicaRange ? u.replicaRange.to - u.replicaRange.from : M)) / M
    }
    const loads = plan.map((s) => s.reduce((a, u) => a + cost(u), 0))
    const total = runs.reduce((a, r) => a + runCost(r), 0)
    // Kac N = 400 (index 3) is 4²/(0.25² + 0.5² + 1² + 2² + 4²)·… ≈ 3/4 of the work: it must be cut, and then no
    // shard carries more than a share and a half (one 40-replica part is 1/40 of the run; the rest is small).
    expect(plan.flat().filter((u) => u.runIndex === 3).length).toBeGreaterThan(1)
    expect(Math.max(...loads)).toBeLessThan((1.5 * total) / K)
    // A shard's run specs carry their ranges; the others are the experiment's runs as they are.
    const specs = shardRuns(sweep, { index: 1, count: K })
    expect(specs.map((r) => r.runIndex)).toEqual(plan[0].map((u) => u.runIndex))
    specs.forEach((r, j) => expect(r.replicaRange).toEqual(plan[0][j].replicaRange))
  })
})
