// Oracle: Random123's known-answer vectors for Philox4x32-10 (tests/kat_vectors of
// github.com/DEShawResearch/random123: counter[4] key[2] → output[4]), and the stream-key layout's
// basic contract (distinct keys for distinct (seed, runIndex, replica), range checks).
import { describe, expect, it } from 'vitest'
import { philox4x32 } from '../../../src/solvers/random/philox'
import { streamKey } from '../../../src/solvers/random/streams'

const KAT: { ctr: number[]; key: number[]; out: number[] }[] = [
  { ctr: [0, 0, 0, 0], key: [0, 0], out: [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8] },
  {
    ctr: [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
    key: [0xffffffff, 0xffffffff],
    out: [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd],
  },
  // The "pi digits" vector: counter and key are the leading hex digits of π.
  {
    ctr: [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
    key: [0xa4093822, 0x299f31d0],
    out: [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1],
  },
]

describe('philox4x32', () => {
  it('reproduces the Random123 known-answer vectors', () => {
    const out = new Uint32Array(4)
    for (const { ctr, key, out: want } of KAT) {
      philox4x32(ctr[0], ctr[1], ctr[2], ctr[3], key[0], key[1], out, 0)
      expect(Array.from(out)).toEqual(want)
    }
  })

  it('writes at the requested offset and reads its inputs modulo 2^32', () => {
    const out = new Uint32Array(8)
    // −1 and 2^32 − 1 are the same 32-bit word; the block lands in out[4..8) only.
    philox4x32(-1, -1, -1, -1, -1, -1, out, 4)
    expect(Array.from(out.subarray(0, 4))).toEqual([0, 0, 0, 0])
    expect(Array.from(out.subarray(4))).toEqual(KAT[1].out)
  })
})

describe('streamKey', () => {
  it('gives distinct keys to neighbouring seeds, runs and replicas, and is a pure function', () => {
    const out = new Uint32Array(4)
    const seen = new Set<string>()
    for (const seed of [0, 1, 2 ** 32, 2 ** 53 - 1]) {
      for (let run = 0; run < 4; run++) {
        for (let rep = 0; rep < 16; rep++) {
          streamKey(seed, run, rep, out)
          seen.add(`${out[0]},${out[1]}`)
        }
      }
    }
    expect(seen.size).toBe(4 * 4 * 16)
    streamKey(12345, 2, 7, out)
    const again = new Uint32Array(4)
    streamKey(12345, 2, 7, again)
    expect(Array.from(again.subarray(0, 2))).toEqual(Array.from(out.subarray(0, 2)))
  })

  it('splits the seed into its two 32-bit words (seed 2^32 differs from seed 0 and seed 1)', () => {
    const a = new Uint32Array(4)
    const b = new Uint32Array(4)
    streamKey(2 ** 32, 0, 0, a)
    philox4x32(0, 0, 0, 0x5354524d, 0, 1, b, 0) // master key (lo, hi) = (0, 1)
    expect(Array.from(a)).toEqual(Array.from(b))
  })

  it('rejects seeds, runs and replicas outside their ranges', () => {
    const out = new Uint32Array(4)
    expect(() => streamKey(-1, 0, 0, out)).toThrow(RangeError)
    expect(() => streamKey(2 ** 53, 0, 0, out)).toThrow(RangeError)
    expect(() => streamKey(0, 2 ** 32, 0, out)).toThrow(RangeError)
    expect(() => streamKey(0, 0, 1.5, out)).toThrow(RangeError)
  })
})
