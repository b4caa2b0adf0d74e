// The density of a normalised Gaussian mixture with diagonal covariances (f, ∇log f, marginals, moments),
// in its own file so that the mixture's model (gaussianMixture.ts) and its numerical functionals
// (mixtureFunctionals.ts) both use it without importing each other.
import { japaneseBracketMoment, normalRawMoments } from './gaussianMoments'
import type { Vec3 } from './initialModel'

export interface GaussianComponent {
  weight: number
  mean: Vec3
  T: Vec3
}

export const LOG_2PI = Math.log(2 * Math.PI)

/** A normalised mixture with precomputed log-normalisers. */
export class GaussianMixture {
  readonly logNorm: Float64Array
  constructor(readonly components: GaussianComponent[]) {
    this.logNorm = Float64Array.from(components, (c) => Math.log(c.weight) - 0.5 * (3 * LOG_2PI + Math.log(c.T[0] * c.T[1] * c.T[2])))
  }

  density(x: number, y: number, z: number): number {
    let f = 0
    const cs = this.components
    for (let b = 0; b < cs.length; b++) {
      const c = cs[b]
      const q = (x - c.mean[0]) ** 2 / c.T[0] + (y - c.mean[1]) ** 2 / c.T[1] + (z - c.mean[2]) ** 2 / c.T[2]
      f += Math.exp(this.logNorm[b] - 0.5 * q)
    }
    return f
  }

  /** ∇log f = Σ_b π_b(v) (−T_b⁻¹(v − m_b)), responsibilities π_b by log-sum-exp (no underflow far out). */
  gradLog(x: number, y: number, z: number, out: Float64Array): void {
    const cs = this.components
    let lmax = -Infinity
    const l = new Float64Array(cs.length)
    for (let b = 0; b < cs.length; b++) {
      const c = cs[b]
      l[b] = this.logNorm[b] - 0.5 * ((x - c.mean[0]) ** 2 / c.T[0] + (y - c.mean[1]) ** 2 / c.T[1] + (z - c.mean[2]) ** 2 / c.T[2])
      if (l[b] > lmax) lmax = l[b]
    }
    let sum = 0
    out[0] = out[1] = out[2] = 0
    for (let b = 0; b < cs.length; b++) {
      const c = cs[b]
      const w = Math.exp(l[b] - lmax)
      sum += w
      out[0] -= (w * (x - c.mean[0])) / c.T[0]
      out[1] -= (w * (y - c.mean[1])) / c.T[1]
      out[2] -= (w * (z - c.mean[2])) / c.T[2]
    }
    out[0] /= sum
    out[1] /= sum
    out[2] /= sum
  }

  marginal(axis: 0 | 1 | 2, t: number): number {
    let f = 0
    for (const c of this.components) f += (c.weight * Math.exp(-((t - c.mean[axis]) ** 2) / (2 * c.T[axis]))) / Math.sqrt(2 * Math.PI * c.T[axis])
    return f
  }

  /** E[(1 + |v|²)^k] exactly (k ≤ 4). */
  bracketMoment(k: number): number {
    let sum = 0
    for (const c of this.components) {
      const mx = normalRawMoments(c.mean[0], c.T[0], 2 * k)
      const my = normalRawMoments(c.mean[1], c.T[1], 2 * k)
      const mz = normalRawMoments(c.mean[2], c.T[2], 2 * k)
      sum += c.weight * japaneseBracketMoment(k, mx, my, mz)
    }
    return sum
  }
}
