// The sbm step's three uniforms of one Philox block (sbmUniforms.ts): in (0, 1] on their grids, each a function
// of its own bits only (so the three are independent), and uX, uθ the rotation's uniforms to 2^-43.
import { describe, expect, it } from 'vitest'
import { uniform53 } from '../../../src/solvers/random/normal'
import { uniformLow42, uniformTop43 } from '../../../src/solvers/random/sbmUniforms'

const block = (a: number, b: number, c: number, d: number) => Uint32Array.of(a, b, c, d)

describe('sbm uniforms', () => {
  it('span (0, 1] on the 2^-43 and 2^-42 grids', () => {
    expect(uniformTop43(0, 0)).toBe(2 ** -43)
    expect(uniformTop43(0xffffffff, 0xffffffff)).toBe(1)
    expect(uniformLow42(block(0, 0, 0, 0), 0)).toBe(2 ** -42)
    expect(uniformLow42(block(31, 0xffff, 31, 0xffff), 0)).toBe(1)
    // the bits uX and uθ read do not move uA
    expect(uniformLow42(block(0xffffffe0, 0xffff0000, 0xffffffe0, 0xffff0000), 0)).toBe(2 ** -42)
  })

  it('read disjoint bits: each bit of the block moves exactly one of uX, uθ, uA', () => {
    const w = block(0x9e3779b1, 0x85ebca6b, 0x27d4eb2f, 0x165667b1)
    const draw = (x: Uint32Array) => [uniformTop43(x[0], x[1]), uniformTop43(x[2], x[3]), uniformLow42(x, 0)]
    const base = draw(w)
    for (let word = 0; word < 4; word++) {
      for (let bit = 0; bit < 32; bit++) {
        const x = w.slice()
        x[word] ^= 1 << bit
        const moved = draw(x).map((u, k) => u !== base[k])
        expect(moved.filter(Boolean).length, `word ${word} bit ${bit}`).toBe(1)
        const low = word % 2 === 0 ? bit < 5 : bit < 16
        const which = low ? 2 : word < 2 ? 0 : 1
        expect(moved[which], `word ${word} bit ${bit}`).toBe(true)
      }
    }
  })

  it('uX is the rotation radius uniform to 2^-43 (same-seed runs coupled)', () => {
    for (let k = 0; k < 200; k++) {
      const hi = Math.imul(k, 0x27d4eb2f) >>> 0
      const lo = Math.imul(k, 0x165667b1) >>> 0
      const d = uniformTop43(hi, lo) - uniform53(hi, lo)
      expect(d).toBeGreaterThanOrEqual(0)
      expect(d).toBeLessThan(2 ** -43)
    }
  })
})
