// Oracles for the pieces of the pairing system and the Euler sweeps:
// (1) randomMatching.ts — a uniform random permutation (Fisher–Yates): every permutation of N = 4 and N = 5
//     equally likely (χ² goodness of fit), consecutive steps independent, a pure function of (key, step);
// (2) the pairing weight ω = N − 1 (even N), N (odd N), pairing.ts: with it the rotation integrator has the
//     exact discrete-time anisotropy law D_{n+1} = (1 − λ)D_n + λ dP (anisotropy.test.ts, λ = 3qN/(4ω), q from
//     κ² = 8ωΔt/N) at ODD N = 5 too, and the wrong weight N − 1 is rejected;
// (3) the row-block cut of the Euler sweeps changes no bit (stepper parts vs the whole-step functions);
// (4) the Euler integrators read the same ξ as the rotation step from a counter (planeGaussian.ts).
// χ² critical values at p = 1e-3: 49.73 (23 dof), 168.9 (119 dof, Wilson–Hilferty), 37.70 (15 dof).
import { describe, expect, it } from 'vitest'
import { fgmStep } from '../../../src/solvers/particles/fgm'
import { fournierScratch, fournierStep } from '../../../src/solvers/particles/fournier'
import { kacEulerStep } from '../../../src/solvers/particles/kacEuler'
import { boxMullerRadius, uniform53 } from '../../../src/solvers/random/normal'
import { pairingWeight } from '../../../src/solvers/particles/pairing'
import { planeGaussian } from '../../../src/solvers/random/planeGaussian'
import { randomPermutation } from '../../../src/solvers/random/randomMatching'
import { kickScale, rotationStep } from '../../../src/solvers/particles/rotationStep'
import { pairsBeforeRow, rowBlocks } from '../../../src/solvers/particles/rowBlocks'
import { createStepper } from '../../../src/solvers/particles/steppers'
import { createEnsemble } from '../../../src/solvers/particles/ensemble'
import { kickBlock } from '../../../src/solvers/random/streams'
import { meanSe, replicaStats, runReplicas, runSpecOf } from './systemRunner'

function chiSquare(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0)
  const e = total / counts.length
  return counts.reduce((s, c) => s + (c - e) ** 2 / e, 0)
}

const factorialIndex = (p: Uint32Array, N: number) => {
  // Lehmer code: a bijection of the N! permutations onto 0 … N!−1.
  let idx = 0
  for (let i = 0; i < N; i++) {
    let smaller = 0
    for (let j = i + 1; j < N; j++) if (p[j] < p[i]) smaller++
    idx = idx * (N - i) + smaller
  }
  return idx
}

describe('random matching (counter-based Fisher–Yates)', () => {
  it('is a permutation for every N', () => {
    const block = new Uint32Array(4)
    for (const N of [2, 3, 4, 5, 6, 7, 8, 11, 101, 1000]) {
      const perm = new Uint32Array(N)
      for (let s = 0; s < 20; s++) {
        randomPermutation(N, 3, 4, s, perm, block)
        expect(new Set(perm).size).toBe(N)
        expect(Math.max(...perm)).toBe(N - 1)
      }
    }
  })

  it.each([
    [4, 24, 24_000, 49.73],
    [5, 120, 60_000, 168.9],
  ])('N = %i: all %i permutations equally likely (χ² over %i steps)', (N, count, steps, critical) => {
    const perm = new Uint32Array(N)
    const block = new Uint32Array(4)
    const counts = new Array(count).fill(0)
    for (let s = 0; s < steps; s++) {
      randomPermutation(N, 0xabc, 0xdef, s, perm, block)
      counts[factorialIndex(perm, N)]++
    }
    expect(chiSquare(counts)).toBeLessThan(critical)
    // Power: dropping the last swap (a classic off-by-one) leaves perm[0] never equal to 0 … ≫ critical.
  })

  it('consecutive steps are independent and the draw is a pure function of (key, step)', () => {
    const N = 4
    const a = new Uint32Array(N)
    const b = new Uint32Array(N)
    const block = new Uint32Array(4)
    const joint = new Array(16).fill(0)
    for (let s = 0; s < 16_000; s++) {
      randomPermutation(N, 9, 9, s, a, block)
      randomPermutation(N, 9, 9, s + 1, b, block)
      joint[4 * a[0] + b[0]]++
    }
    expect(chiSquare(joint)).toBeLessThan(37.7)
    randomPermutation(N, 9, 9, 77, a, block)
    randomPermutation(N, 9, 9, 77, b, block)
    expect(Array.from(b)).toEqual(Array.from(a))
  })
})

describe('pairing weight ω: the mean-field rate at odd N', () => {
  it('pairingWeight is N − 1 for even N and N for odd N', () => {
    expect([2, 3, 4, 5, 200, 201].map(pairingWeight)).toEqual([1, 3, 3, 5, 199, 201])
  })

  it('N = 5, rotation, γ = 0: the exact discrete anisotropy law holds with ω = 5 and rejects ω = 4', () => {
    const N = 5
    const R = 20_000
    const dt = 0.005
    const steps = 10 // t = 0.05
    const T: [number, number, number] = [2.8, 0.1, 0.1]
    /** q = E κ²X/(1+κ²X), X ~ χ²₂ (Simpson). */
    const q = (k2: number) => {
      const n = 60_000
      const h = 120 / n
      let s = 0
      for (let k = 0; k <= n; k++) s += (k === 0 || k === n ? 1 : k % 2 ? 4 : 2) * 0.5 * Math.exp(-(k * h) / 2) * ((k2 * k * h) / (1 + k2 * k * h))
      return (s * h) / 3
    }
    // A pair is matched with probability 1/5 whatever ω the code uses; ω only sets the kick κ² = 8ωΔt/N.
    const lambda = (omega: number) => (3 * q((8 * omega * dt) / N) * N) / (4 * 5)
    const [right, wrong] = [lambda(5), lambda(4)]
    const res = new Float64Array(R)
    const resWrong = new Float64Array(R)
    let D0 = 0
    let dP0 = 0
    runReplicas({ system: 'pairing/rotation', N, replicas: R, dt, gamma: 0, initial: { family: 'bimaxwellian', T }, seed: 55 }, [steps], (m, s, v) => {
      const st = replicaStats(v, N)
      if (s === 0) {
        D0 = st.D
        dP0 = st.px ** 2 - st.pz ** 2
        return
      }
      const pred = (l: number) => (1 - l) ** steps * D0 + (1 - (1 - l) ** steps) * dP0
      res[m] = st.D - pred(right)
      resWrong[m] = st.D - pred(wrong)
    })
    const r = meanSe(res)
    if (process.env.LANDAU_VERBOSE) console.log('N = 5 pairing', r, meanSe(resWrong))
    expect(Math.abs(r.mean), `${r.mean} ± ${r.se}`).toBeLessThan(4 * r.se)
    expect(Math.abs(meanSe(resWrong).mean)).toBeGreaterThan(4 * r.se) // measured ≈ 27 SE
  })
})

describe('Euler sweeps in row blocks', () => {
  it('row blocks partition the rows with about equal pair counts', () => {
    for (const [N, blocks] of [
      [10, 1],
      [300, 2],
      [1000, 20],
      [2001, 7],
    ]) {
      const rows = rowBlocks(N, blocks)
      expect(rows[0]).toBe(0)
      expect(rows[blocks]).toBe(N)
      const total = pairsBeforeRow(N, N)
      expect(total).toBe((N * (N - 1)) / 2)
      for (let b = 0; b < blocks; b++) {
        expect(rows[b + 1]).toBeGreaterThanOrEqual(rows[b])
        const share = (pairsBeforeRow(N, rows[b + 1]) - pairsBeforeRow(N, rows[b])) / total
        expect(Math.abs(share - 1 / blocks)).toBeLessThan(N / total + 1e-12) // within one row of pairs
      }
    }
  })

  it.each(['kac/euler', 'fgm/euler', 'fournier/euler'] as const)('%s: the stepper’s parts give the bits of the whole step', (system) => {
    const N = 300 // 44 850 pairs: two row blocks
    const spec = runSpecOf({ system, N, replicas: 1, dt: 0.01, gamma: -3, initial: { family: 'maxwellian' } })
    const ens = createEnsemble(spec.initial, N, 1, 1, 0)
    const stepper = createStepper(spec, ens)
    expect(stepper.parts).toBeGreaterThan(1)
    const ref = Float64Array.from(ens.v[0])
    const [k0, k1] = [ens.keys[0], ens.keys[1]]
    const inc = new Float64Array(3 * N)
    const block = new Uint32Array(4)
    const g = new Float64Array(3)
    const w = fournierScratch(N)
    for (let s = 0; s < 3; s++) {
      for (let p = 0; p < stepper.parts; p++) stepper.run(0, s, p)
      if (system === 'kac/euler') kacEulerStep(ref, N, 0.01, -3, k0, k1, s, inc, block, g)
      else if (system === 'fgm/euler') fgmStep(ref, N, 0.01, -3, k0, k1, s, inc, block, g)
      else fournierStep(ref, N, 0.01, -3, k0, k1, s, w)
    }
    expect(Array.from(ens.v[0])).toEqual(Array.from(ref))
  })
})

describe('shared ξ: the Euler integrators and the rotation step read the same Gaussian', () => {
  it('planeGaussian(n, block) is ρ e with the rotation step’s radius and tangent direction', () => {
    const block = new Uint32Array(4)
    const g = new Float64Array(3)
    for (let s = 0; s < 200; s++) {
      const v = new Float64Array([0.3 + s * 0.01, -1.2, 0.5, -0.4, 0.1, 0.9 - s * 0.02])
      const z = [v[0] - v[3], v[1] - v[4], v[2] - v[5]]
      const r = Math.hypot(z[0], z[1], z[2])
      kickBlock(7, 8, s, 0, 1, block, 0)
      planeGaussian(z[0] / r, z[1] / r, z[2] / r, block, 0, g)
      const rho = boxMullerRadius(uniform53(block[0], block[1]))
      expect(Math.abs(Math.hypot(g[0], g[1], g[2]) - rho)).toBeLessThan(1e-14 * (1 + rho))
      expect(Math.abs(g[0] * z[0] + g[1] * z[1] + g[2] * z[2]) / r).toBeLessThan(1e-14 * (1 + rho))
      // The rotation step's z' − z = (C − 1) z + S|z| e: its part ⊥ z points along g.
      rotationStep(v, 0, 1, kickScale(10, 0.01), 0, block, 0)
      const d = [v[0] - v[3] - z[0], v[1] - v[4] - z[1], v[2] - v[5] - z[2]]
      const along = (d[0] * z[0] + d[1] * z[1] + d[2] * z[2]) / (r * r)
      const t = d.map((x, a) => x - along * z[a])
      const cos = (t[0] * g[0] + t[1] * g[1] + t[2] * g[2]) / (Math.hypot(t[0], t[1], t[2]) * Math.hypot(g[0], g[1], g[2]))
      expect(cos).toBeGreaterThan(1 - 1e-10)
    }
  })
})
