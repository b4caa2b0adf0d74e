// Oracle: the stream discipline of docs/NUMERICS.md §1 and "Initial data". (1) The (bi)Maxwellian
// sampler gives bit-for-bit the velocities it gave before the initial-data families were added: the
// values below were printed by the previous implementation (commit 398c180's initialData.ts) for the
// key (0x12345678, 0x9abcdef0), particles 0–3, and for the key (7, 11), particle 999 of N = 1000.
// (2) For every family, particle p's velocity depends only on (key, p): the first particles are the same
// for N = 7 and N = 500, and particle p of a large sample equals particle p sampled alone at its index.
import { describe, expect, it } from 'vitest'
import type { InitialSpec } from '../../../src/shared/spec'
import { familyModel } from '../../../src/solvers/initial/familyModel'
import { sampleInitial } from '../../../src/solvers/initial/initialData'

const before = {
  maxwellian: [
    0.16515025772881256, 0.15980894006007318, -0.392185361456104, -1.6597802039902896, 0.5130742125100058, 0.8077033939150196, -1.1030861884542615,
    -0.8094656457391287, 1.1379969048383707, 0.0314527876172636, 0.1879212409600492, 0.8508132518622457,
  ],
  maxwellian_p999: [-1.448785098560632, 1.2946437519728777, 0.4024636640871554],
  bimaxwellian: [
    0.2022669311623623, 0.15980894006007318, -0.2773169285677084, -2.0328072924743923, 0.5130742125100058, 0.5711325470246996, -1.3509991520122526,
    -0.8094656457391287, 0.8046853283805142, 0.038521640325212464, 0.1879212409600492, 0.6016158199151719,
  ],
  bimaxwellian_p999: [-1.774392119210692, 1.2946437519728777, 0.2845847860572124],
}

describe('(bi)Maxwellian bits are unchanged', () => {
  for (const [name, initial] of [
    ['maxwellian', { family: 'maxwellian' }],
    ['bimaxwellian', { family: 'bimaxwellian', T: [3, 2, 1] }],
  ] as const) {
    it(name, () => {
      const v = new Float64Array(12)
      sampleInitial(initial as InitialSpec, 4, 0x12345678, 0x9abcdef0, v)
      expect(Array.from(v)).toEqual(before[name])
      const w = new Float64Array(3000)
      sampleInitial(initial as InitialSpec, 1000, 7, 11, w)
      expect(Array.from(w.subarray(2997))).toEqual(before[`${name}_p999`])
    })
  }

  it('a one-component mixture is the bimaxwellian, up to the rounding of T/s²', () => {
    // its normalised T is T/s² rather than 3T/ΣT: equal up to rounding, so 14 digits, not bits
    const a = new Float64Array(300)
    const b = new Float64Array(300)
    sampleInitial({ family: 'bimaxwellian', T: [3, 2, 1] }, 100, 5, 6, a)
    sampleInitial({ family: 'mixture', components: [{ weight: 2, mean: [1, 1, 1], T: [3, 2, 1] }] }, 100, 5, 6, b)
    for (let i = 0; i < 300; i++) expect(b[i]).toBeCloseTo(a[i], 14)
  })
})

const families: InitialSpec[] = [
  { family: 'maxwellian' },
  { family: 'bimaxwellian', T: [1, 2, 3] },
  { family: 'two-beam', u: 1.5, theta: 0.3 },
  { family: 'bkw', K0: 0.7 },
  { family: 'shell', r0: 0.4, S: 2 },
  { family: 'ball' },
  {
    family: 'mixture',
    components: [
      { weight: 1, mean: [1, 0, 0], T: [1, 1, 1] },
      { weight: 3, mean: [0, 2, 0], T: [0.5, 0.5, 2] },
    ],
  },
  { family: 'formula', expr: 'exp(-v^2/2) * (1 + vx^2)', L: 8 },
]

describe("particle p's velocity depends only on the key and p", () => {
  for (const initial of families) {
    it(initial.family, () => {
      const small = new Float64Array(3 * 7)
      const large = new Float64Array(3 * 500)
      sampleInitial(initial, 7, 123, 456, small)
      sampleInitial(initial, 500, 123, 456, large)
      expect(Array.from(large.subarray(0, 21))).toEqual(Array.from(small))
      const one = new Float64Array(3)
      const sampler = familyModel(initial).sampler()
      for (const p of [0, 6, 250, 499]) {
        sampler(123, 456, p, one, 0)
        expect(Array.from(one)).toEqual(Array.from(large.subarray(3 * p, 3 * p + 3)))
      }
      // another key gives other velocities, and the sample is not re-centred
      const other = new Float64Array(3 * 7)
      sampleInitial(initial, 7, 124, 456, other)
      expect(Array.from(other)).not.toEqual(Array.from(small))
      expect(large.every(Number.isFinite)).toBe(true)
    })
  }
})
