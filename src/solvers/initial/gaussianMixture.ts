// Gaussian mixtures with diagonal covariances: the families maxwellian, bimaxwellian, two-beam and
// mixture. An affine map sends a diagonal Gaussian to a diagonal Gaussian, so the normalised f₀ is again
// a mixture: weights w_b/Σw, means (m_b − u)/s, temperatures T_b/s². Sampling is exact: a component by
// one uniform, then independent normals per axis (Box–Muller, normal.ts).
import type { InitialSpec } from '../driver/runSpec'
import { normalPair, uniform53 } from '../random/normal'
import { initialBlock } from '../random/streams'
import { exact } from './functionalValue'
import { InitialDataError } from './initialDataError'
import { GaussianMixture, LOG_2PI, type GaussianComponent } from './gaussianMixtureDensity'
import { affineNormalisation, momentSummary, type InitialModel, type ParticleSampler, type Vec3 } from './initialModel'
import { mixtureFunctionals } from './mixtureFunctionals'

export { GaussianMixture, type GaussianComponent } from './gaussianMixtureDensity'

type GaussianFamily = Extract<InitialSpec, { family: 'maxwellian' | 'bimaxwellian' | 'two-beam' | 'mixture' }>

/**
 * The normalised temperatures [Tx, Ty, Tz] of a centred (bi)Maxwellian, summing to 3. This exact
 * arithmetic, (3 T_a)/ΣT, fixes the sampler's bits (tests elsewhere compare them).
 */
export function initialTemperatures(initial: Extract<InitialSpec, { family: 'maxwellian' | 'bimaxwellian' }>): [number, number, number] {
  if (initial.family === 'maxwellian') return [1, 1, 1]
  const [tx, ty, tz] = initial.T
  const sum = tx + ty + tz
  if (!(tx > 0 && ty > 0 && tz > 0 && Number.isFinite(sum))) throw new RangeError('bimaxwellian T must be three positive finite numbers')
  return [(3 * tx) / sum, (3 * ty) / sum, (3 * tz) / sum]
}

/** The components of the density as the user specified it (weights not yet normalised). */
export function rawComponents(initial: GaussianFamily): GaussianComponent[] {
  switch (initial.family) {
    case 'maxwellian':
      return [{ weight: 1, mean: [0, 0, 0], T: [1, 1, 1] }]
    case 'bimaxwellian':
      checkPositive3(initial.T, 'bimaxwellian T')
      return [{ weight: 1, mean: [0, 0, 0], T: [...initial.T] }]
    case 'two-beam': {
      const { u, theta } = initial
      if (!(Number.isFinite(u) && u >= 0)) throw new InitialDataError('two-beam u must be a finite number ≥ 0')
      if (!(Number.isFinite(theta) && theta > 0)) throw new InitialDataError('two-beam theta must be a finite number > 0')
      return [
        { weight: 0.5, mean: [u, 0, 0], T: [theta, theta, theta] },
        { weight: 0.5, mean: [-u, 0, 0], T: [theta, theta, theta] },
      ]
    }
    case 'mixture':
      if (initial.components.length === 0) throw new InitialDataError('a mixture needs at least one component')
      return initial.components.map((c, k) => {
        if (!(Number.isFinite(c.weight) && c.weight > 0)) throw new InitialDataError(`mixture component ${k + 1}: weight must be > 0`)
        if (!c.mean.every(Number.isFinite)) throw new InitialDataError(`mixture component ${k + 1}: mean must be three finite numbers`)
        checkPositive3(c.T, `mixture component ${k + 1}: T`)
        return { weight: c.weight, mean: [...c.mean], T: [...c.T] }
      })
  }
}

function checkPositive3(T: readonly number[], what: string): void {
  if (!(T.length === 3 && T.every((t) => Number.isFinite(t) && t > 0))) throw new InitialDataError(`${what} must be three positive finite numbers`)
}

/** The model of a Gaussian-mixture family: normalisation, density, marginals, sampler, functionals. */
export function gaussianMixtureModel(initial: GaussianFamily): InitialModel {
  const raw = rawComponents(initial)
  const W = raw.reduce((s, c) => s + c.weight, 0)
  const mean: Vec3 = [0, 0, 0]
  for (const c of raw) for (let a = 0; a < 3; a++) mean[a] += (c.weight / W) * c.mean[a]
  const T: Vec3 = [0, 0, 0]
  for (const c of raw) for (let a = 0; a < 3; a++) T[a] += (c.weight / W) * (c.T[a] + (c.mean[a] - mean[a]) ** 2)
  const rawSummary = momentSummary(W, mean, T)
  const { shift, scale, normalised } = affineNormalisation(rawSummary)
  const s2 = scale * scale
  let comps: GaussianComponent[] = raw.map((c) => ({
    weight: c.weight / W,
    mean: [(c.mean[0] - shift[0]) / scale, (c.mean[1] - shift[1]) / scale, (c.mean[2] - shift[2]) / scale],
    T: [c.T[0] / s2, c.T[1] / s2, c.T[2] / s2],
  }))
  if (initial.family === 'maxwellian' || initial.family === 'bimaxwellian') {
    comps = [{ weight: 1, mean: [0, 0, 0], T: initialTemperatures(initial) }]
    normalised.T = [...comps[0].T]
    normalised.energy = comps[0].T[0] + comps[0].T[1] + comps[0].T[2]
  }
  const mix = new GaussianMixture(comps)
  let functionals: ReturnType<InitialModel['functionals']> | null = null
  return {
    raw: rawSummary,
    normalised,
    shift,
    scale,
    density: (x, y, z) => mix.density(x, y, z),
    gradLog: (x, y, z, out) => mix.gradLog(x, y, z, out),
    marginals: (v) => ({ fx: v.map((t) => mix.marginal(0, t)), fy: v.map((t) => mix.marginal(1, t)), fz: v.map((t) => mix.marginal(2, t)) }),
    sampler: () => mixtureSampler(comps),
    functionals: () => (functionals ??= gaussianFunctionals(mix)),
  }
}

function gaussianFunctionals(mix: GaussianMixture): ReturnType<InitialModel['functionals']> {
  const moment6 = exact(mix.bracketMoment(3), 'Gaussian moments in closed form')
  const moment8 = exact(mix.bracketMoment(4), 'Gaussian moments in closed form')
  const numerical = mixtureFunctionals(mix)
  if (mix.components.length === 1) {
    const T = mix.components[0].T
    return {
      entropy: exact(-1.5 * (1 + LOG_2PI) - 0.5 * Math.log(T[0] * T[1] * T[2]), 'H = −(3/2)(1 + log 2π) − ½ log(Tx Ty Tz)'),
      fisher: exact(1 / T[0] + 1 / T[1] + 1 / T[2], 'I = 1/Tx + 1/Ty + 1/Tz'),
      fisherWeighted: numerical.fisherWeighted,
      moment6,
      moment8,
    }
  }
  return { ...numerical, moment6, moment8 }
}

/**
 * Particle p: normals from draws 0 and 1 (three of the four), exactly as the (bi)Maxwellian sampler
 * always did; with more than one component, the component is chosen by the first uniform of draw 2.
 */
function mixtureSampler(comps: GaussianComponent[]): ParticleSampler {
  const words = new Uint32Array(4)
  const g = new Float64Array(4)
  const sd = comps.map((c) => c.T.map(Math.sqrt))
  const cumulative = new Float64Array(comps.length)
  let acc = 0
  comps.forEach((c, b) => (cumulative[b] = acc += c.weight))
  cumulative[comps.length - 1] = 1 // u ≤ 1 always finds a component, whatever the round-off of the sum
  const single = comps.length === 1
  const centred = single && comps[0].mean.every((m) => m === 0)
  return (k0, k1, p, out, at) => {
    initialBlock(k0, k1, p, 0, words, 0)
    normalPair(words, 0, g, 0)
    initialBlock(k0, k1, p, 1, words, 0)
    normalPair(words, 0, g, 2) // g[3] is unused: three coordinates need one and a half pairs
    let b = 0
    if (!single) {
      initialBlock(k0, k1, p, 2, words, 0)
      const u = uniform53(words[0], words[1])
      while (u > cumulative[b]) b++
    }
    const s = sd[b]
    if (centred) {
      // no "+ 0": keeps the bits (and the sign of zero) of the original (bi)Maxwellian sampler
      out[at] = s[0] * g[0]
      out[at + 1] = s[1] * g[1]
      out[at + 2] = s[2] * g[2]
    } else {
      const m = comps[b].mean
      out[at] = m[0] + s[0] * g[0]
      out[at + 1] = m[1] + s[1] * g[1]
      out[at + 2] = m[2] + s[2] * g[2]
    }
  }
}
