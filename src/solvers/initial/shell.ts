// The shell family f ∝ exp(−S(|v| − r0)²). The map v ↦ v/s sends it to a shell with r0' = r0/s and
// S' = S s², so the normalised f₀ is again a shell; a = r0 √(2S) (the radius in units of the width
// σ = 1/√(2S)) is invariant. Closed forms use I_k = ∫₀^∞ r^k e^{−S(r−c)²} dr (c = r0):
//   I₀ = ½√(π/S) erfc(−√S c),  I₁ = c I₀ + e^{−Sc²}/(2S),  I_{k+1} = c I_k + k/(2S) I_{k−1}
// (integration by parts; every term is ≥ 0, so the recursion is stable), and the centred integrals
// K_n = ∫_{−c}^∞ uⁿ e^{−Su²} du, K_n = (n−1)/(2S) K_{n−2} + (−c)^{n−1} e^{−Sc²}/(2S), for the Fisher
// information, which is otherwise a difference of nearly equal I_k's for thin shells.
// Exact sampler: uniform direction, and the radius by rejection (see shellRadius).
import type { InitialSpec } from '../driver/runSpec'
import { normalPair, uniform53 } from '../random/normal'
import { initialBlock } from '../random/streams'
import { uniformDirection } from '../random/uniformDirection'
import { erfc } from '../special/erf'
import { exact } from './functionalValue'
import { bracketFromRadial } from './gaussianMoments'
import { InitialDataError } from './initialDataError'
import { affineNormalisation, momentSummary, type InitialModel, type ParticleSampler } from './initialModel'
import { radialFunctionals, type RadialProfile } from './radialFunctionals'

/** I_0 … I_kMax for the profile e^{−S(r−c)²}. */
export function shellRadialIntegrals(c: number, S: number, kMax: number): Float64Array {
  const I = new Float64Array(kMax + 1)
  I[0] = 0.5 * Math.sqrt(Math.PI / S) * erfc(-Math.sqrt(S) * c)
  if (kMax >= 1) I[1] = c * I[0] + Math.exp(-S * c * c) / (2 * S)
  for (let k = 1; k < kMax; k++) I[k + 1] = c * I[k] + (k / (2 * S)) * I[k - 1]
  return I
}

/** ∫₀^∞ (r−c)² r² e^{−S(r−c)²} dr = K₄ + 2c K₃ + c² K₂ (u = r − c). */
function shellFisherIntegral(c: number, S: number): number {
  const e = Math.exp(-S * c * c) / (2 * S)
  const K0 = 0.5 * Math.sqrt(Math.PI / S) * erfc(-Math.sqrt(S) * c)
  const K1 = e
  const K2 = K0 / (2 * S) - c * e
  const K3 = K1 / S + c * c * e
  const K4 = (3 / (2 * S)) * K2 - c * c * c * e
  return K4 + 2 * c * K3 + c * c * K2
}

/** The normalised shell: its parameters, the raw summary and the affine map. */
export function normalisedShell(r0: number, S: number) {
  if (!(Number.isFinite(r0) && r0 >= 0)) throw new InitialDataError('shell r0 must be a finite number ≥ 0')
  if (!(Number.isFinite(S) && S > 0)) throw new InitialDataError('shell S must be a finite number > 0')
  const I = shellRadialIntegrals(r0, S, 4)
  const mass = 4 * Math.PI * I[2]
  if (!(mass > 0 && Number.isFinite(mass))) throw new InitialDataError('shell: the density exp(−S(|v| − r0)²) cannot be normalised for these r0, S')
  const t = I[4] / I[2] / 3
  const raw = momentSummary(mass, [0, 0, 0], [t, t, t])
  const { shift, scale, normalised } = affineNormalisation(raw)
  return { raw, shift, scale, normalised, r0: r0 / scale, S: S * scale * scale }
}

export function shellModel(initial: Extract<InitialSpec, { family: 'shell' }>): InitialModel {
  const sh = normalisedShell(initial.r0, initial.S)
  const { r0, S } = sh
  const I = shellRadialIntegrals(r0, S, 10)
  const Z = 4 * Math.PI * I[2] // normalising constant of e^{−S(r−r0)²} at the normalised parameters
  const rho = (r: number) => Math.exp(-S * (r - r0) ** 2) / Z
  const width = 1 / Math.sqrt(2 * S)
  const profile: RadialProfile = {
    rho,
    logRho: (r) => -S * (r - r0) ** 2 - Math.log(Z),
    dLogRho: (r) => -2 * S * (r - r0),
    support: [Math.max(0, r0 - 13 * width), r0 + 13 * width],
  }
  // 1-D marginal: 2π ∫_{|t|}^∞ ρ(r) r dr = (2π/Z)[e^{−S(|t|−r0)²}/(2S) + r0 ½√(π/S) erfc(√S(|t|−r0))].
  const marginal = (t: number) => {
    const d = Math.abs(t) - r0
    return ((2 * Math.PI) / Z) * (Math.exp(-S * d * d) / (2 * S) + r0 * 0.5 * Math.sqrt(Math.PI / S) * erfc(Math.sqrt(S) * d))
  }
  const er = (j: number) => I[2 * j + 2] / I[2] // E|v|^{2j}
  const Efisher = shellFisherIntegral(r0, S) / I[2] // E(r − r0)²
  let functionals: ReturnType<InitialModel['functionals']> | null = null
  return {
    raw: sh.raw,
    normalised: sh.normalised,
    shift: sh.shift,
    scale: sh.scale,
    density: (x, y, z) => rho(Math.sqrt(x * x + y * y + z * z)),
    gradLog: (x, y, z, out) => {
      const r = Math.sqrt(x * x + y * y + z * z)
      const k = (-2 * S * (r - r0)) / r // NaN at v = 0 when r0 > 0, where f has a conical point
      out[0] = k * x
      out[1] = k * y
      out[2] = k * z
    },
    marginals: (v) => {
      const m = v.map(marginal)
      return { fx: m, fy: [...m], fz: [...m] }
    },
    sampler: () => shellSampler(r0 * Math.sqrt(2 * S), width),
    functionals: () => {
      if (functionals) return functionals
      const numeric = radialFunctionals(profile, 'the shell profile')
      return (functionals = {
        // log f = −S(r−r0)² − log Z, |∇log f|² = 4S²(r−r0)²
        entropy: exact(-S * Efisher - Math.log(Z), 'H = −log Z − S E(|v| − r0)², closed form with erf'),
        fisher: exact(4 * S * S * Efisher, 'I = 4S² E(|v| − r0)², closed form with erf'),
        fisherWeighted: numeric.fisherWeighted,
        moment6: exact(bracketFromRadial(3, er), 'closed form with erf'),
        moment8: exact(bracketFromRadial(4, er), 'closed form with erf'),
      })
    },
  }
}

/** Cap on rejection rounds: each is accepted with probability ≥ 0.46, so 200 fail with probability < 1e-53. */
const MAX_ROUNDS = 200

/**
 * Exact sampler of the shell: direction uniform (draw 0), radius r = σ(a + t) where t has density
 * ∝ (a + t)² φ(t) on t > −a (φ the standard normal density). Rejection from the envelope
 * (1 + a)(t² + a) φ(t) ≥ (a + t)² φ(t) (their difference is a(t − 1)² φ ≥ 0): a mixture of ±χ₃ with
 * probability 1/(1 + a) and N(0, 1) with probability a/(1 + a); accept with probability
 * (a + t)² / ((1 + a)(t² + a)) when t > −a. The acceptance rate Z(a)/(1 + a)², Z(a) = (1 + a²)Φ(a) + aφ(a),
 * is ≥ 0.46 for every a ≥ 0 (→ 1 for thin shells). Round k uses draws 1 + 3k (two normals),
 * 2 + 3k (a normal pair, for χ₃ only) and 3 + 3k (two uniforms: component and acceptance).
 */
export function shellSampler(a: number, sigma: number): ParticleSampler {
  const words = new Uint32Array(4)
  const g = new Float64Array(4)
  const u = new Float64Array(3)
  const pChi = 1 / (1 + a)
  return (k0, k1, p, out, at) => {
    initialBlock(k0, k1, p, 0, words, 0)
    uniformDirection(uniform53(words[0], words[1]), uniform53(words[2], words[3]), u, 0)
    let r = a * sigma // never used in practice: the fallback after MAX_ROUNDS rejections
    for (let k = 0; k < MAX_ROUNDS; k++) {
      initialBlock(k0, k1, p, 3 + 3 * k, words, 0)
      const uComponent = uniform53(words[0], words[1])
      const uAccept = uniform53(words[2], words[3])
      initialBlock(k0, k1, p, 1 + 3 * k, words, 0)
      normalPair(words, 0, g, 0)
      let t: number
      if (uComponent <= pChi) {
        initialBlock(k0, k1, p, 2 + 3 * k, words, 0)
        normalPair(words, 0, g, 2)
        const chi = Math.sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2])
        t = a === 0 || g[3] >= 0 ? chi : -chi // a = 0: the target is χ₃ itself, so fold the sign
      } else t = g[0]
      if (t <= -a) continue
      const s = a + t
      if (a === 0 || uAccept * (1 + a) * (t * t + a) <= s * s) {
        r = sigma * s
        break
      }
    }
    out[at] = r * u[0]
    out[at + 1] = r * u[1]
    out[at + 2] = r * u[2]
  }
}
