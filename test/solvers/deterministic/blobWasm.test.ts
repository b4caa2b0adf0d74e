// The WebAssembly port of the blob field (src/solvers/deterministic/blob/blobField.wat, docs/NUMERICS.md §7.5) against
// pairFieldJs, the JavaScript loop it replaces in the solver:
//   (1) the committed bytes are the assembly of the committed .wat (they cannot drift apart);
//   (2) F is bit for bit pairFieldJs's: each lane does its pair's scalar operations and every sum keeps the
//       plain loop's order, so there is no tolerance — for every kernel case of kernel() (γ = 0, −3, −1, −2,
//       1 and Math.pow for the rest), counts around the blocks of four rows, coincident particles (skipped
//       by pairFieldJs, masked to +0 in the module), |z|² that underflows to 0, negative weights, and the
//       blob solver's own start and a stepped state.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { assembleBlobField, BLOB_FIELD_MODULE, blobFieldModuleSource } from '../../../scripts/build-wasm'
import { createBlobSolver } from '../../../src/solvers/deterministic/blob/blob'
import { pairField, pairFieldJs } from '../../../src/solvers/deterministic/blob/blobField'
import { familyModel } from '../../../src/solvers/initial/familyModel'
import { wasmPairField } from '../../../src/solvers/deterministic/blob/blobFieldWasm'

const GAMMAS = [0, -3, -1, -2, 1, -2.5, -1.5, 0.5, 2, -4]

/** A small deterministic generator for test inputs (not the code under test). */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

function bits(x: Float64Array): bigint[] {
  return Array.from(new BigUint64Array(x.buffer, x.byteOffset, x.length))
}

interface Particles {
  x: Float64Array
  w: Float64Array
  G: Float64Array
  count: number
}

/** Random particles; about a fifth are copies of an earlier one (coincident), a twentieth lie within 1e-170
 * of 0 (their |z|² underflows to 0), and with `signed` some weights are negative. */
function particles(count: number, seed: number, signed: boolean): Particles {
  const rand = lcg(seed)
  const x = new Float64Array(3 * count)
  const w = new Float64Array(count)
  const G = new Float64Array(3 * count)
  for (let p = 0; p < count; p++) {
    const u = rand()
    const q = Math.floor(rand() * p)
    for (let a = 0; a < 3; a++) {
      x[3 * p + a] = p > 0 && u < 0.2 ? x[3 * q + a] : u < 0.25 ? 1e-170 * rand() : 4 * rand() - 2
      G[3 * p + a] = 6 * rand() - 3
    }
    w[p] = (signed && rand() < 0.3 ? -1 : 1) * (0.01 + rand())
  }
  return { x, w, G, count }
}

function expectSameField(s: Particles, gamma: number, what: string): void {
  const ref = new Float64Array(3 * s.count + 3).fill(7)
  const got = new Float64Array(3 * s.count + 3).fill(7)
  pairFieldJs(s.x, s.w, s.G, s.count, gamma, ref)
  wasmPairField(s.x, s.w, s.G, s.count, gamma, got)
  for (const v of ref) expect(Number.isFinite(v), what).toBe(true)
  expect(bits(got), what).toEqual(bits(ref))
}

describe('blob field in WebAssembly: build', () => {
  it('the committed module is the assembly of blobField.wat', async () => {
    const bytes = await assembleBlobField()
    expect(readFileSync(BLOB_FIELD_MODULE, 'utf8')).toBe(blobFieldModuleSource(bytes))
  })
})

describe('blob field in WebAssembly: bit for bit pairFieldJs', () => {
  it('every kernel case, counts 0 … 13, 33, 130, 257, coincident and underflowing pairs, signed weights', () => {
    let seed = 1
    for (const gamma of GAMMAS) {
      for (const count of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 33, 130, 257]) {
        for (const signed of [false, true]) {
          expectSameField(particles(count, seed++, signed), gamma, `γ = ${gamma}, N = ${count}, signed ${signed}`)
        }
      }
    }
  })

  it('the cases exercise what they claim: coincident pairs, |z|² = 0 for z ≠ 0', () => {
    const s = particles(257, 3, false)
    let same = 0
    let underflow = 0
    for (let p = 0; p < s.count; p++) {
      for (let q = p + 1; q < s.count; q++) {
        const z = [0, 1, 2].map((a) => s.x[3 * p + a] - s.x[3 * q + a])
        const r2 = z[0] * z[0] + z[1] * z[1] + z[2] * z[2]
        if (z.every((c) => c === 0)) same++
        else if (r2 === 0) underflow++
      }
    }
    expect(same).toBeGreaterThan(10)
    expect(underflow).toBeGreaterThan(3)
  })

  it('the blob solver start (lattice, bi-Maxwellian score) and a stepped state, γ = −3 and −2.5', () => {
    const f0 = familyModel({ family: 'bimaxwellian', T: [1.4, 1, 0.6] }).density
    for (const gamma of [-3, -2.5]) {
      const s = createBlobSolver({ gamma, n: 8, L: 4, dt: 0.02, f0 })
      for (let k = 0; k < 2; k++) {
        const G = new Float64Array(3 * s.count)
        const F = new Float64Array(3 * s.count)
        s.field(F, G) // the solver's own F (through pairField) at its present positions
        expectSameField({ x: s.x, w: s.w, G, count: s.count }, gamma, `blob solver, γ = ${gamma}, after ${k} steps`)
        const ref = new Float64Array(3 * s.count)
        pairFieldJs(s.x, s.w, G, s.count, gamma, ref)
        expect(bits(F)).toEqual(bits(ref))
        s.step()
      }
    }
  })

  it('pairField is the WebAssembly field; it grows the module memory for large N', () => {
    const big = particles(3000, 99, false)
    const a = new Float64Array(3 * big.count)
    const b = new Float64Array(3 * big.count)
    pairField(big.x, big.w, big.G, big.count, -3, a)
    pairFieldJs(big.x, big.w, big.G, big.count, -3, b)
    expect(bits(a)).toEqual(bits(b))
  })
})
