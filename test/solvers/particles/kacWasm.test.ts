// Oracles for the WebAssembly kernel of Kac's rotation step (src/solvers/particles/kacKernel.wat, docs/NUMERICS.md
// §4.3), against the JavaScript reference it replaces in the solver (streams.ts' kickBlock, normal.ts'
// uniform53 and Box–Muller, rotationStep.ts):
//   (1) the committed bytes are the assembly of the committed .wat (they cannot drift apart);
//   (2) the uniforms are bit-identical to uniform53 of the Philox4x32-10 kick block (same counter, same bits);
//   (3) its log, exp, ρ = √(−2 log u) agree with Math's to ≤ 1 ulp (both are < 1 ulp from the exact values);
//       cos 2πu and sin 2πu (a correctly rounded table of 64 angles and short Taylor polynomials) are within
//       3.5e-16 of the exact values (a double-double reference) and 1e-15 of Math.cos/sin(2π·u), which carry the
//       rounding of 2π·u, ≤ 4.4e-16, on top;
//   (4) a whole round agrees with rotationStep pair by pair up to round-off: ≤ 10 (2⁻⁵²|z| + ulp(max|V|)),
//       measured ≤ 3 — the kick and the basis are computed in another (algebraically equal) form, and ρ, cos θ,
//       sin θ differ by the ulps of (3);
//   (5) momentum and |z| are conserved to round-off, the edge cases behave as in rotationStep;
//   (6) a pair's bits do not depend on its position in the round (lanes, padding), and a step cut into blocks
//       of rounds (steppers.ts) gives the bits of the whole step.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { assembleKacKernel, KAC_KERNEL_MODULE, kernelModuleSource } from '../../../scripts/build-wasm'
import { createKacEnsemble, kacRound, kacRounds, kacStep } from '../../../src/solvers/particles/kac'
import { boxMullerRadius, uniform53 } from '../../../src/solvers/random/normal'
import { roundCount, roundPairs } from '../../../src/solvers/particles/roundRobin'
import { kickScale, rotationStep } from '../../../src/solvers/particles/rotationStep'
import { kickBlock } from '../../../src/solvers/random/streams'
import { kernelElementary, kernelNormals, kernelRound, kernelRoundPairs, kernelUniforms } from '../../../src/solvers/particles/kacKernel'

const TWO_PI = 6.283185307179586

/** The spacing of doubles at |x| (the ulp of x; 2⁻¹⁰⁷⁴ at 0). */
function ulp(x: number): number {
  const a = Math.abs(x)
  if (a === 0 || !Number.isFinite(a)) return 2 ** -1074
  return 2 ** (Math.max(Math.floor(Math.log2(a)), -1022) - 52)
}

/** A small deterministic generator for test inputs (not the code under test). */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

/** 2π·u as h + l, h = fl(TWO_PI·u) and |l| ≤ ulp(h): Dekker's exact product plus the tail of 2π beyond TWO_PI. */
function twoPiTimes(u: number): [number, number] {
  const split = (a: number) => {
    const c = 134217729 * a // 2^27 + 1
    const hi = c - (c - a)
    return [hi, a - hi]
  }
  const h = TWO_PI * u
  const [ah, al] = split(TWO_PI)
  const [bh, bl] = split(u)
  const e = ah * bh - h + ah * bl + al * bh + al * bl
  return [h, e + 2.4492935982947064e-16 * u]
}

/**
 * cos and sin of 2πk/64 correctly rounded: Taylor series in fixed point (2^-200) with BigInt, π to 70 digits,
 * then Number(·) (which rounds a BigInt to the nearest double) scaled by 2^-200 (exact).
 */
function cosSinTurn64(k: number): [number, number] {
  const ONE = 1n << 200n
  const PI = (BigInt('31415926535897932384626433832795028841971693993751058209749445923078164') * ONE) / 10n ** 70n
  const x = (PI * BigInt(k)) / 32n
  let c = 0n
  let s = 0n
  let term = ONE
  for (let n = 0n; term !== 0n; n++) {
    const m = n % 4n
    if (m === 0n) c += term
    else if (m === 1n) s += term
    else if (m === 2n) c -= term
    else s -= term
    term = (term * x) / ONE / (n + 1n)
  }
  // the exact zeros (k a multiple of 16) come out as a few units of 2^-200
  const round = (f: bigint) => (f > -(1n << 100n) && f < 1n << 100n ? 0 : Number(f) / 2 ** 200)
  return [round(c), round(s)]
}

/** A uniform of the 2⁻⁵³ grid in (0, 1], as uniform53 produces. */
function gridUniform(rand: () => number): number {
  return (Math.floor(rand() * 2 ** 26) * 2 ** 27 + Math.floor(rand() * 2 ** 27) + 1) * 2 ** -53
}

function bits(x: Float64Array): bigint[] {
  return Array.from(new BigUint64Array(x.buffer, x.byteOffset, x.length))
}

describe('kac kernel: build', () => {
  it('the committed module is the assembly of kacKernel.wat', async () => {
    const bytes = await assembleKacKernel()
    expect(readFileSync(KAC_KERNEL_MODULE, 'utf8')).toBe(kernelModuleSource(bytes))
  })

  it('schedules the round-robin pairs of roundRobin.ts', () => {
    for (const N of [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 25, 100, 101, 2000]) {
      const ref = new Uint32Array(N + 1)
      for (let r = 0; r < roundCount(N); r++) {
        const count = roundPairs(N, r, ref)
        expect(Array.from(kernelRoundPairs(N, r)), `N = ${N}, round ${r}`).toEqual(Array.from(ref.subarray(0, 2 * count)))
      }
    }
  })
})

describe('kac kernel: random numbers', () => {
  it('draws the uniforms of uniform53(kickBlock) bit for bit', () => {
    const rand = lcg(1)
    const count = 1003 // not a multiple of 8: the padded tail is exercised
    const pairs = new Uint32Array(2 * count)
    for (let p = 0; p < count; p++) {
      const i = Math.floor(rand() * 5000)
      pairs[2 * p] = i
      pairs[2 * p + 1] = i + 1 + Math.floor(rand() * 5000)
    }
    pairs[0] = 0
    pairs[1] = 0xffffffff // the largest words
    const block = new Uint32Array(4)
    for (const [k0, k1, step] of [
      [1, 2, 0],
      [0xdeadbeef, 0xffffffff, 7],
      [0, 0, 0xffffffff],
    ]) {
      const { u1, u2 } = kernelUniforms(pairs, count, k0, k1, step)
      for (let p = 0; p < count; p++) {
        kickBlock(k0, k1, step, pairs[2 * p], pairs[2 * p + 1], block, 0)
        expect(u1[p]).toBe(uniform53(block[0], block[1]))
        expect(u2[p]).toBe(uniform53(block[2], block[3]))
      }
    }
  })

  it('log agrees with Math.log to 1 ulp and exp with Math.exp to 1 ulp', () => {
    const rand = lcg(2)
    const n = 100_000
    const x = new Float64Array(n)
    const special = [2 ** -53, 1, 1 - 2 ** -53, 0.5, Math.SQRT1_2, 1e-300, 2.2250738585072014e-308, 1e300, 3]
    for (let i = 0; i < n; i++) x[i] = i < special.length ? special[i] : Math.exp(-40 * rand()) * 1e5 ** (rand() - 0.5)
    const logs = kernelElementary('log', x)
    for (let i = 0; i < n; i++) {
      const want = Math.log(x[i])
      expect(Math.abs(logs[i] - want), `log ${x[i]}`).toBeLessThanOrEqual(ulp(want))
    }
    expect(logs[1]).toBe(0) // log 1 = 0 exactly
    const y = new Float64Array(n)
    for (let i = 0; i < n; i++) y[i] = (rand() - 0.5) * 1400
    const exps = kernelElementary('exp', y)
    for (let i = 0; i < n; i++) {
      const want = Math.exp(y[i])
      expect(Math.abs(exps[i] - want), `exp ${y[i]}`).toBeLessThanOrEqual(ulp(want))
    }
  })

  it('Box–Muller: ρ to 1 ulp of boxMullerRadius, cos θ and sin θ to 1e-15 of Math.cos/sin(2π·u₂)', () => {
    const rand = lcg(3)
    const n = 100_000
    const u1 = new Float64Array(n)
    const u2 = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      u1[i] = gridUniform(rand)
      u2[i] = gridUniform(rand)
    }
    // The ends of the grid, the quadrants, and the boundaries of the table's reduction (k = nearest(64u₂), the
    // largest |δ| = π/64 on either side of a tie).
    const edges = [2 ** -53, 1, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1 - 2 ** -53, 0.5 / 64, 63.5 / 64, 0.5 / 64 + 2 ** -53, 1.5 / 64 - 2 ** -53]
    edges.forEach((e, k) => {
      u1[k] = e
      u2[k] = e
    })
    const { rho, cos, sin } = kernelNormals(u1, u2)
    for (let i = 0; i < n; i++) {
      const r = boxMullerRadius(u1[i])
      expect(Math.abs(rho[i] - r)).toBeLessThanOrEqual(ulp(r || 1))
      // Math.cos(TWO_PI·u₂) rounds θ first (≤ ½ ulp(2π) ≈ 4.4e-16 of angle), then ≤ 1 ulp each side.
      expect(Math.abs(cos[i] - Math.cos(TWO_PI * u2[i]))).toBeLessThan(1e-15)
      expect(Math.abs(sin[i] - Math.sin(TWO_PI * u2[i]))).toBeLessThan(1e-15)
      expect(Math.abs(cos[i] * cos[i] + sin[i] * sin[i] - 1)).toBeLessThan(5e-16)
      // Against the exact angle: 2πu₂ as a double-double (Dekker's product with 2π = TWO_PI + 2.45e-16), then
      // cos(h + l) = cos h − l sin h (l < 1e-15, so l² is far below an ulp). The bound is the error budget of the
      // kernel's formula: the table entry's ½ ulp, cos δ rounded next to 1 (≤ 1.1e-16 with its polynomial), and
      // the sum formula's three roundings (≤ 5.6e-17 each below 1); measured 2.2e-16.
      const [h, l] = twoPiTimes(u2[i])
      expect(Math.abs(cos[i] - (Math.cos(h) - l * Math.sin(h)))).toBeLessThanOrEqual(3.5e-16)
      expect(Math.abs(sin[i] - (Math.sin(h) + l * Math.cos(h)))).toBeLessThanOrEqual(3.5e-16)
    }
    expect(rho[1]).toBe(boxMullerRadius(1)) // u₁ = 1: ρ = √(−0) = −0, as in normal.ts
    // Exact values where the angle is a multiple of π/2 (as numbers: a zero may carry either sign), where
    // Math gives (1, −2.4e-16) at θ = 2π·1 and (6.1e-17, 1) at π/2.
    const at = (k: number) => [cos[k], sin[k]].map((x) => x + 0)
    expect(at(1)).toEqual([1, 0]) // θ = 2π
    expect(at(3)).toEqual([0, 1]) // θ = π/2
    expect(at(5)).toEqual([-1, 0]) // θ = π
  })

  it('the sincos table holds cos and sin of 2πk/64 correctly rounded (BigInt reference), and δ = 0 returns them', () => {
    // u₂ = k/64 (k = 64 for k = 0, the table's wrap) gives δ = 0, so cos δ = 1 and sin δ = 0 and the kernel
    // returns the entry itself.
    const u2 = Float64Array.from({ length: 64 }, (_, k) => (k === 0 ? 64 : k) / 64)
    const { cos, sin } = kernelNormals(new Float64Array(64).fill(0.5), u2)
    for (let k = 0; k < 64; k++) {
      const [c, s] = cosSinTurn64(k)
      expect([cos[k] + 0, sin[k] + 0], `k = ${k}`).toEqual([c, s])
      // A check of the reference itself: Math's values, whose argument πk/32 is rounded (≤ ½ ulp(2π) = 4.4e-16
      // of angle) and which are within 1 ulp beyond that, agree to 1e-15; the exact zeros at k = 16, 32, 48
      // above need π right to ≥ 30 digits.
      expect(Math.abs(c - Math.cos((Math.PI * k) / 32))).toBeLessThan(1e-15)
      expect(Math.abs(s - Math.sin((Math.PI * k) / 32))).toBeLessThan(1e-15)
    }
  })
})

/** The round of the kernel and of rotationStep on the pairs (2p, 2p+1) of v; returns both results. */
function bothRounds(v: Float64Array, kappa: number, gamma: number, k0: number, k1: number, step: number) {
  const P = v.length / 6
  const pairs = new Uint32Array(2 * P)
  for (let p = 0; p < P; p++) {
    pairs[2 * p] = 2 * p
    pairs[2 * p + 1] = 2 * p + 1
  }
  const wasm = v.slice()
  kernelRound(wasm, pairs, P, kappa, gamma, k0, k1, step)
  const js = v.slice()
  const block = new Uint32Array(4)
  for (let p = 0; p < P; p++) {
    kickBlock(k0, k1, step, 2 * p, 2 * p + 1, block, 0)
    rotationStep(js, 2 * p, 2 * p + 1, kappa, gamma, block, 0)
  }
  return { wasm, js }
}

describe('kac kernel: the pair step', () => {
  it.each([-3, 0, -1.5, -2, -2.9, 0.5, 1])('γ = %d: agrees with rotationStep up to round-off, conserves momentum and |z|', (gamma) => {
    const rand = lcg(10 + gamma * 7)
    // κ from small (k ≪ 1) to large (k ≫ 1), velocities at three scales.
    for (const kappa of [1e-3, 0.05, 3]) {
      for (const scale of [1, 1e-3, 1e3]) {
        const P = 499
        const v = new Float64Array(6 * P)
        for (let i = 0; i < v.length; i++) v[i] = scale * (4 * rand() - 2)
        const { wasm, js } = bothRounds(v, kappa, gamma, 5, 6, 3)
        for (let p = 0; p < P; p++) {
          const a = 6 * p
          const z = Math.hypot(v[a] - v[a + 3], v[a + 1] - v[a + 4], v[a + 2] - v[a + 5])
          let V = 0
          for (let c = 0; c < 6; c++) V = Math.max(V, Math.abs(v[a + c]))
          const tol = 10 * (2 ** -52 * z + ulp(V))
          for (let c = 0; c < 6; c++) expect(Math.abs(wasm[a + c] - js[a + c]), `pair ${p}, κ ${kappa}, scale ${scale}`).toBeLessThan(tol)
          // The pair's momentum (each V rounded once: ≤ 1 ulp each) and |z'| = |z|.
          for (let c = 0; c < 3; c++) expect(Math.abs(wasm[a + c] + wasm[a + c + 3] - v[a + c] - v[a + c + 3])).toBeLessThanOrEqual(2 * ulp(V) + ulp(2 * V))
          const z1 = Math.hypot(wasm[a] - wasm[a + 3], wasm[a + 1] - wasm[a + 4], wasm[a + 2] - wasm[a + 5])
          expect(Math.abs(z1 - z)).toBeLessThan(8 * (2 ** -52 * z + ulp(V)))
        }
      }
    }
  })

  it('leaves pairs with z = 0 unchanged (σ(0) = 0), next to pairs that move', () => {
    const v = new Float64Array([0.5, -1, 2, 0.5, -1, 2, 0.1, 0.2, 0.3, -0.3, 0.2, 0.1, 0, -0, 0, 0, -0, 0])
    const before = v.slice()
    kernelRound(v, new Uint32Array([0, 1, 2, 3, 4, 5]), 3, 0.1, -3, 1, 2, 0)
    expect(Array.from(v.subarray(0, 6))).toEqual(Array.from(before.subarray(0, 6)))
    // equal as numbers (a −0 may come back as +0: V + 0 is added, where rotationStep returns early)
    for (let c = 12; c < 18; c++) expect(v[c] === 0).toBe(true)
    expect(v[6]).not.toBe(before[6])
  })

  it('stays finite and norm-preserving at the Coulomb singularity and for huge velocities', () => {
    // As rotationStep.test.ts: |z| = 1e-4 next to |V| ≈ 1 and |z| = 1e-150 near V = 0 (k = ∞ in rotationStep's
    // terms; here r³ underflows and the formulas reach their limit), E[z'·n]/|z| ≈ 0 over many kicks;
    // and |z| = 1e120 (r³ capped): the kick is far below one ulp of V, so V is unchanged.
    const draws = 4000
    for (const [base, r] of [
      [1, 1e-4],
      [0, 1e-150],
    ]) {
      const v = new Float64Array(6 * draws)
      for (let p = 0; p < draws; p++) v.set([base + r, 0, 0, base, 0, 0], 6 * p)
      const z0 = v[0] - v[3]
      const pairs = new Uint32Array(2 * draws)
      for (let p = 0; p < draws; p++) pairs.set([2 * p, 2 * p + 1], 2 * p)
      kernelRound(v, pairs, draws, 0.01, -3, 3, 4, 0)
      let cosSum = 0
      for (let p = 0; p < draws; p++) {
        const w = [0, 1, 2].map((c) => v[6 * p + c] - v[6 * p + c + 3])
        expect(w.every(Number.isFinite)).toBe(true)
        expect(Math.abs(Math.hypot(w[0], w[1], w[2]) - z0)).toBeLessThan(4 * 2 ** -52 * Math.max(base, z0))
        cosSum += w[0] / z0
      }
      expect(Math.abs(cosSum / draws)).toBeLessThan(0.05)
    }
    const huge = new Float64Array([1e120, 0, 0, 0, 1e120, 0])
    const copy = huge.slice()
    kernelRound(huge, new Uint32Array([0, 1]), 1, 0.01, -3, 3, 4, 0)
    expect(Array.from(huge)).toEqual(Array.from(copy))
  })

  it('gives a pair the same bits wherever it sits in the round (lanes, padding, neighbours)', () => {
    const rand = lcg(7)
    const N = 64
    const v = new Float64Array(3 * N)
    for (let i = 0; i < v.length; i++) v[i] = 4 * rand() - 2
    v.set(v.subarray(3, 6), 9) // particles 1 and 3 coincide: a skipped pair next to moving ones
    const all = new Uint32Array(N)
    for (let p = 0; p < N / 2; p++) all.set([2 * p, 2 * p + 1], 2 * p)
    for (const gamma of [-3, 0, -1.5]) {
      const whole = v.slice()
      kacRound(whole, all, N / 2, 0.2, gamma, 9, 8, 1)
      // Every pair alone, and the pairs in reverse order in rounds of 1, 3, 5, … pairs.
      const alone = v.slice()
      for (let p = 0; p < N / 2; p++) kacRound(alone, all.subarray(2 * p, 2 * p + 2), 1, 0.2, gamma, 9, 8, 1)
      expect(bits(alone)).toEqual(bits(whole))
      const reversed = v.slice()
      let p = N / 2
      for (let size = 1; p > 0; size += 2) {
        const take = Math.min(size, p)
        const chunk = new Uint32Array(2 * take)
        for (let k = 0; k < take; k++) chunk.set([all[2 * (p - 1 - k)], all[2 * (p - 1 - k) + 1]], 2 * k)
        kacRound(reversed, chunk, take, 0.2, gamma, 9, 8, 1)
        p -= take
      }
      expect(bits(reversed)).toEqual(bits(whole))
    }
  })

  it('a step cut into blocks of rounds (steppers.ts) gives the bits of kacStep', () => {
    for (const N of [7, 40]) {
      const a = createKacEnsemble({ family: 'maxwellian' }, N, 1, 3, 0)
      const b = createKacEnsemble({ family: 'maxwellian' }, N, 1, 3, 0)
      const kappa = kickScale(N, 0.01)
      const [k0, k1] = [a.keys[0], a.keys[1]]
      for (let s = 0; s < 5; s++) {
        kacStep(a.v[0], N, kappa, -3, k0, k1, s)
        const rounds = roundCount(N)
        for (let first = 0; first < rounds; first += 3) kacRounds(b.v[0], N, first, Math.min(rounds, first + 3), kappa, -3, k0, k1, s)
      }
      expect(bits(b.v[0])).toEqual(bits(a.v[0]))
    }
  })
})
