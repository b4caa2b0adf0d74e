// Random-stream layout: which Philox key and counter each random number of a run comes from.
// Every draw is addressed by what it is for (a particle's initial velocity, a pair's kick at a step),
// never by how many draws came before it, so the dynamics carry no generator state and a run gives the
// same bits however its pairs, rounds or replicas are later spread over threads or pool workers.
import { philox4x32 } from './philox'

/**
 * Counter word c3 names the purpose, so the streams of different purposes never share a counter.
 * Layout (docs/NUMERICS.md §1), all words < 2^32:
 *   stream key   ← philox4x32((runIndex, replica, 0, STREAM_KEY), masterKey(seed))[0..1]
 *   initial draw    counter (p, draw, 0, INITIAL)   particle p, draw = 0, 1, … as its family needs
 *                                                   (Gaussians 2, BKW ≤ 4, shell rejection ≤ 600; docs/NUMERICS.md)
 *   Kac pair kick   counter (step, i, j, KICK)      pair i < j, step s = 0, 1, … (from t = sΔt)
 *   the other systems' purposes (FGMN, FOUR, PERM, PAIR) are in systemStreams.ts
 */
export const Purpose = {
  STREAM_KEY: 0x5354524d, // "STRM"
  INITIAL: 0x494e4954, // "INIT"
  KICK: 0x4b49434b, // "KICK"
} as const

const TWO_32 = 4294967296

/**
 * Key (k0, k1) of the stream of one replica of one run, written to out[0..1] (out needs 4 words: Philox
 * writes a whole block; out[2..3] are discarded). The master key is the seed split into two 32-bit words
 * (seed ≤ 2^53 − 1); one Philox evaluation then mixes run and replica into a key, so neighbouring
 * (runIndex, replica) get unrelated keys rather than keys one apart.
 */
export function streamKey(seed: number, runIndex: number, replica: number, out: Uint32Array): void {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be an integer in [0, 2^53): ${seed}`)
  if (!isWord(runIndex)) throw new RangeError(`runIndex must be an integer in [0, 2^32): ${runIndex}`)
  if (!isWord(replica)) throw new RangeError(`replica must be an integer in [0, 2^32): ${replica}`)
  const lo = seed % TWO_32
  const hi = Math.floor(seed / TWO_32)
  philox4x32(runIndex, replica, 0, Purpose.STREAM_KEY, lo, hi, out, 0)
}

function isWord(x: number): boolean {
  return Number.isInteger(x) && x >= 0 && x < TWO_32
}

/** The Philox block of particle p's initial draw `draw` (0 or 1), written to out[at .. at+4). */
export function initialBlock(k0: number, k1: number, p: number, draw: number, out: Uint32Array, at: number): void {
  philox4x32(p, draw, 0, Purpose.INITIAL, k0, k1, out, at)
}

/** The Philox block of the Gaussian kick of pair i < j at time step `step`, written to out[at .. at+4). */
export function kickBlock(k0: number, k1: number, step: number, i: number, j: number, out: Uint32Array, at: number): void {
  philox4x32(step, i, j, Purpose.KICK, k0, k1, out, at)
}
