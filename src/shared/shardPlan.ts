// How `landau run --shard i/K` cuts an experiment (docs/CLUSTER.md): into K shards of about equal work,
// a pure function of the experiment and K, so every shard job computes the same plan on its own. Runs go
// whole to shards, except a particle run that alone would be more than a shard's share (or a little more:
// PART_SIZES): it is cut by replica range into parts of consecutive replicas, on different shards. Every random stream is keyed by
// (seed, run index, replica), so a part computes exactly its replicas of the whole run, and `landau merge`
// rebuilds the whole run's rows from its parts bit for bit.
import { expandRuns, type ExperimentSpec, type RunSpec } from './spec'
import type { ReplicaRange } from '../solvers/driver/runSpec'
import type { Shard } from './shard'

/** What one shard computes of one run: all of it, or a replica range. */
export interface ShardUnit {
  runIndex: number
  replicaRange?: ReplicaRange
}

/**
 * A run's work in arbitrary units, for balancing only (a wrong guess costs balance, never correctness):
 * steps × the work of a step — pairs for the all-pairs particle systems, particles for random pairing, and
 * the dominant loop of each deterministic solver (blob: all pairs of n³ blobs; spectral: n³ log n per mode
 * pair direction; isotropic: cells²; bkw-exact: points).
 */
export function runCost(r: RunSpec): number {
  const steps = Math.max(1, Math.round(r.time.T / r.time.dt))
  const s = r.solver
  switch (s.kind) {
    case 'kac':
    case 'fgm':
    case 'fournier':
      return steps * s.replicas * s.N * s.N
    case 'pairing':
      return steps * s.replicas * s.N
    case 'bkw-exact':
      return steps * s.points
    case 'isotropic':
      return steps * s.cells * s.cells
    case 'blob':
      return steps * s.n ** 6
    case 'spectral':
      return steps * s.n ** 4 * Math.log2(Math.max(2, s.n))
  }
}

/**
 * How much more than a share a part may hold, tried in turn: cutting a big run into ⌈cost/share⌉ parts
 * can leave one shard two pieces (4 parts and a whole run of a part's size on 4 shards), where 3 larger
 * parts balance better. The plan with the least loaded heaviest shard wins; on ties, the one with fewer
 * parts (less to store and join).
 */
const PART_SIZES = [1, 1.25, 1.5, 2, 3, 4, 6, 8]

/** The plan: shards[i − 1] lists the units of shard i, in run-index order. */
export function planShards(runs: readonly RunSpec[], K: number): ShardUnit[][] {
  const costs = runs.map(runCost)
  const share = costs.reduce((a, b) => a + b, 0) / K
  let best: { shards: ShardUnit[][]; max: number; units: number } | null = null
  for (const size of PART_SIZES) {
    const plan = dealUnits(runs, costs, share * size, K)
    if (!best || plan.max < best.max * (1 - 1e-12) || (plan.max <= best.max * (1 + 1e-12) && plan.units < best.units)) best = plan
  }
  for (const s of best!.shards) s.sort((a, b) => a.runIndex - b.runIndex)
  return best!.shards
}

/** Cuts every particle run worth more than `part` into pieces and deals all pieces to K shards. */
function dealUnits(runs: readonly RunSpec[], costs: number[], part: number, K: number): { shards: ShardUnit[][]; max: number; units: number } {
  // A particle run worth more than `part` is cut into P ≤ min(K, replicas) parts of ⌊M/P⌋ or ⌈M/P⌉
  // consecutive replicas.
  const units: { unit: ShardUnit; cost: number }[] = []
  runs.forEach((r, k) => {
    const M = 'replicas' in r.solver ? r.solver.replicas : 1
    const P = Math.min(K, M, Math.max(1, Math.ceil(costs[k] / part - 1e-9)))
    if (P === 1) return units.push({ unit: { runIndex: r.runIndex }, cost: costs[k] })
    for (let j = 0; j < P; j++) {
      const from = Math.floor((j * M) / P)
      const to = Math.floor(((j + 1) * M) / P)
      units.push({ unit: { runIndex: r.runIndex, replicaRange: { from, to } }, cost: (costs[k] * (to - from)) / M })
    }
  })
  // Largest first, each to the least-loaded shard (lowest index on ties) that holds no part of its run:
  // at most one part of a run per shard, so a shard's file keeps one row per run index.
  units.sort((a, b) => b.cost - a.cost || a.unit.runIndex - b.unit.runIndex || (a.unit.replicaRange?.from ?? 0) - (b.unit.replicaRange?.from ?? 0))
  const load = new Array<number>(K).fill(0)
  const shards: ShardUnit[][] = Array.from({ length: K }, () => [])
  for (const { unit, cost } of units) {
    let best = -1
    for (let i = 0; i < K; i++) {
      if (shards[i].some((u) => u.runIndex === unit.runIndex)) continue
      if (best < 0 || load[i] < load[best]) best = i
    }
    shards[best].push(unit)
    load[best] += cost
  }
  return { shards, max: Math.max(...load), units: units.length }
}

/** The run specs shard `shard` computes: its runs, a replica-range part carrying its replicaRange. */
export function shardRuns(spec: ExperimentSpec, shard: Shard): RunSpec[] {
  const runs = expandRuns(spec)
  return planShards(runs, shard.count)[shard.index - 1].map((u) => {
    const r = runs[u.runIndex]
    return u.replicaRange ? { ...r, replicaRange: u.replicaRange } : r
  })
}
