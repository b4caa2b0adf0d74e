// A shard of an experiment (`landau run --shard i/K`, docs/CLUSTER.md): "i/K" and its parsing. What a shard
// computes is shardPlan.ts's. A run keeps its index wherever it is computed, and the index is part of every
// random-stream key, so shard i of K computes exactly the bits the whole experiment computes for its runs
// and replica ranges; `landau merge` puts the shards' files back together.
export interface Shard {
  /** 1-based: 1 ≤ index ≤ count. */
  index: number
  count: number
}

/** Enough for any cluster job array; a larger K would mostly make empty shards. */
export const MAX_SHARDS = 10_000

/** "i/K" → Shard; throws a RangeError saying what is wrong (the CLI turns it into a usage error). */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text)
  if (!m) throw new RangeError(`--shard must be i/K (e.g. 2/8), not ${JSON.stringify(text)}`)
  const index = Number(m[1])
  const count = Number(m[2])
  if (count < 1 || count > MAX_SHARDS) throw new RangeError(`--shard i/K needs 1 ≤ K ≤ ${MAX_SHARDS} (got K = ${m[2]})`)
  if (index < 1 || index > count) throw new RangeError(`--shard i/K needs 1 ≤ i ≤ K (got ${index}/${count})`)
  return { index, count }
}

export const formatShard = (s: Shard) => `${s.index}/${s.count}`
