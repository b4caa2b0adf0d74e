// The BKW density (docs/MATH.md §3, γ = 0) at K = K0 ∈ [3/5, 1):
//   f(v) = (2πK)^{-3/2} e^{−|v|²/2K} [A + B|v|²],  A = (5K−3)/(2K),  B = (1−K)/(2K²).
// It is already normalised (mass 1, mean 0, energy 3). Since A ≥ 0 and 3KB = 1 − A, it is the mixture
// A·N(0, KI) + (1 − A)·G, where G ∝ |v|² e^{−|v|²/2K} has a uniform direction and radius √K·χ₅ (radial
// density ∝ r⁴ e^{−r²/2K}). Exact sampler: χ₅ = |(g₀, …, g₄)| for five independent normals, and the
// direction of (g₀, g₁, g₂) is uniform and independent of that norm (the direction of a standard
// Gaussian vector in R⁵ is independent of its norm, and its first three coordinates have uniform
// direction).
import type { InitialSpec } from '../driver/runSpec'
import { normalPair, uniform53 } from '../random/normal'
import { initialBlock } from '../random/streams'
import { exact } from './functionalValue'
import { bracketFromRadial } from './gaussianMoments'
import { InitialDataError } from './initialDataError'
import { momentSummary, type InitialModel } from './initialModel'
import { radialFunctionals, type RadialProfile } from './radialFunctionals'

/** (2j + 1)!! */
function doubleFactorialOdd(j: number): number {
  let p = 1
  for (let k = 3; k <= 2 * j + 1; k += 2) p *= k
  return p
}

export function bkwCoefficients(K: number): { A: number; B: number } {
  return { A: (5 * K - 3) / (2 * K), B: (1 - K) / (2 * K * K) }
}

/** E|v|^{2j} = A K^j (2j+1)!! + B K^{j+1} (2j+3)!!; j = 2 gives 30K − 15K² (docs/MATH.md §3). */
export function bkwRadialMoment(K: number, j: number): number {
  const { A, B } = bkwCoefficients(K)
  return A * K ** j * doubleFactorialOdd(j) + B * K ** (j + 1) * doubleFactorialOdd(j + 1)
}

export function bkwModel(initial: Extract<InitialSpec, { family: 'bkw' }>): InitialModel {
  const K = initial.K0
  if (!(Number.isFinite(K) && K >= 0.6 && K < 1)) throw new InitialDataError('bkw K0 must be in [3/5, 1)')
  const { A, B } = bkwCoefficients(K)
  const c = (2 * Math.PI * K) ** -1.5
  const rho = (r: number) => c * Math.exp((-r * r) / (2 * K)) * (A + B * r * r)
  const profile: RadialProfile = {
    rho,
    logRho: (r) => Math.log(c) - (r * r) / (2 * K) + Math.log(A + B * r * r),
    dLogRho: (r) => -r / K + (2 * B * r) / (A + B * r * r),
    support: [0, 13 * Math.sqrt(K)], // e^{−84.5}: far below round-off even with the weight r⁷
  }
  const summary = momentSummary(1, [0, 0, 0], [1, 1, 1])
  let functionals: ReturnType<InitialModel['functionals']> | null = null
  // 1-D marginal: ∫∫ f dy dz = φ_K(t)(A + B(t² + 2K)), φ_K the N(0, K) density.
  const marginal = (t: number) => (Math.exp((-t * t) / (2 * K)) / Math.sqrt(2 * Math.PI * K)) * (A + B * (t * t + 2 * K))
  return {
    raw: summary,
    normalised: { ...summary, mean: [0, 0, 0], T: [1, 1, 1] },
    shift: [0, 0, 0],
    scale: 1,
    density: (x, y, z) => rho(Math.sqrt(x * x + y * y + z * z)),
    gradLog: (x, y, z, out) => {
      const r2 = x * x + y * y + z * z
      const k = -1 / K + (2 * B) / (A + B * r2) // ∇log f = k v (NaN at v = 0 when K0 = 3/5, where f(0) = 0)
      out[0] = k * x
      out[1] = k * y
      out[2] = k * z
    },
    marginals: (v) => {
      const m = v.map(marginal)
      return { fx: m, fy: [...m], fz: [...m] }
    },
    sampler: () => {
      const words = new Uint32Array(4)
      const g = new Float64Array(6)
      const sk = Math.sqrt(K)
      // Draws 0–2: six normals (five used); draw 3: the uniform choosing the component.
      return (k0, k1, p, out, at) => {
        for (let d = 0; d < 3; d++) {
          initialBlock(k0, k1, p, d, words, 0)
          normalPair(words, 0, g, 2 * d)
        }
        initialBlock(k0, k1, p, 3, words, 0)
        const u = uniform53(words[0], words[1])
        let scale = sk
        if (u > A) {
          const r3 = Math.hypot(g[0], g[1], g[2])
          const r5 = Math.sqrt(r3 * r3 + g[3] * g[3] + g[4] * g[4])
          if (r3 === 0) {
            g[2] = 1 // measure zero (exact zeros of Box–Muller normals): any direction will do
            scale = sk * r5
          } else scale = (sk * r5) / r3
        }
        out[at] = scale * g[0]
        out[at + 1] = scale * g[1]
        out[at + 2] = scale * g[2]
      }
    },
    functionals: () =>
      (functionals ??= {
        ...radialFunctionals(profile, 'the BKW profile'),
        moment6: exact(
          bracketFromRadial(3, (j) => bkwRadialMoment(K, j)),
          'Gaussian moments in closed form',
        ),
        moment8: exact(
          bracketFromRadial(4, (j) => bkwRadialMoment(K, j)),
          'Gaussian moments in closed form',
        ),
      }),
  }
}
