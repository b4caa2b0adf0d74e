// M independent replicas of an N-particle system: their initial velocities and random-stream keys.
// Every particle system (kac, fgm, fournier, pairing) starts from this; only the dynamics differ.
import type { InitialSpec } from '../driver/runSpec'
import { sampleInitial } from '../initial/initialData'
import { streamKey } from '../random/streams'

export interface Ensemble {
  N: number
  replicas: number
  /** Velocities of replica m: Float64Array(3N), particle p at [3p, 3p+3). */
  v: Float64Array[]
  /** Stream key of replica m: keys[2m], keys[2m+1]. */
  keys: Uint32Array
}

/**
 * Draws the initial replicas (N i.i.d. samples of f₀ each). Replica m's key depends on (seed, runIndex, m)
 * only, so a replica's whole trajectory is the same whatever the number of replicas run beside it; that is
 * also why a replica range (`first` … first + replicas − 1, a shard's part of a run) computes exactly the
 * same replicas as the whole run. v[j] and keys[2j..] belong to replica first + j.
 */
export function createEnsemble(initial: InitialSpec, N: number, replicas: number, seed: number, runIndex: number, first = 0): Ensemble {
  if (!Number.isInteger(N) || N < 2) throw new RangeError(`N must be an integer ≥ 2: ${N}`)
  if (!Number.isInteger(replicas) || replicas < 1) throw new RangeError(`replicas must be an integer ≥ 1: ${replicas}`)
  const keys = new Uint32Array(2 * replicas)
  const block = new Uint32Array(4)
  const v: Float64Array[] = []
  for (let m = 0; m < replicas; m++) {
    streamKey(seed, runIndex, first + m, block)
    keys[2 * m] = block[0]
    keys[2 * m + 1] = block[1]
    const vm = new Float64Array(3 * N)
    sampleInitial(initial, N, block[0], block[1], vm)
    v.push(vm)
  }
  return { N, replicas, v, keys }
}
