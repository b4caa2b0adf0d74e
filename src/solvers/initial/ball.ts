// The uniform ball of radius R = √5: E|v|² = 3R²/5 = 3, so it is already normalised.
// Exact sampler: uniform direction (draw 0) and radius R u^{1/3} (draw 1), the inverse of the radial
// CDF (r/R)³. f jumps across |v| = R, so its Fisher information is +∞.
import { uniform53 } from '../random/normal'
import { initialBlock } from '../random/streams'
import { uniformDirection } from '../random/uniformDirection'
import { exact, infinite } from './functionalValue'
import { bracketFromRadial } from './gaussianMoments'
import { momentSummary, type InitialModel } from './initialModel'

export const BALL_RADIUS = Math.sqrt(5)
const R = BALL_RADIUS
const VOLUME = (4 / 3) * Math.PI * R ** 3

export function ballModel(): InitialModel {
  const summary = momentSummary(1, [0, 0, 0], [1, 1, 1])
  const marginal = (t: number) => (Math.abs(t) <= R ? (3 * (R * R - t * t)) / (4 * R ** 3) : 0)
  const er = (j: number) => (3 * R ** (2 * j)) / (2 * j + 3) // E|v|^{2j}
  const jump = `f jumps from ${(1 / VOLUME).toPrecision(4)} to 0 across the sphere |v| = √5, so ∇f is a surface measure and ∫|∇log f|² f = +∞ (a mollification at width ε gives I ~ 1/ε)`
  return {
    raw: summary,
    normalised: { ...summary, mean: [0, 0, 0], T: [1, 1, 1] },
    shift: [0, 0, 0],
    scale: 1,
    density: (x, y, z) => (x * x + y * y + z * z <= R * R ? 1 / VOLUME : 0),
    gradLog: (x, y, z, out) => {
      const inside = x * x + y * y + z * z < R * R
      out[0] = out[1] = out[2] = inside ? 0 : NaN
    },
    marginals: (v) => {
      const m = v.map(marginal)
      return { fx: m, fy: [...m], fz: [...m] }
    },
    sampler: () => {
      const words = new Uint32Array(4)
      const u = new Float64Array(3)
      return (k0, k1, p, out, at) => {
        initialBlock(k0, k1, p, 0, words, 0)
        uniformDirection(uniform53(words[0], words[1]), uniform53(words[2], words[3]), u, 0)
        initialBlock(k0, k1, p, 1, words, 0)
        const r = R * Math.cbrt(uniform53(words[0], words[1]))
        out[at] = r * u[0]
        out[at + 1] = r * u[1]
        out[at + 2] = r * u[2]
      }
    },
    functionals: () => ({
      entropy: exact(-Math.log(VOLUME), 'H = −log |B(0, √5)|'),
      fisher: infinite(jump),
      fisherWeighted: infinite(jump),
      moment6: exact(bracketFromRadial(3, er), 'E|v|^{2j} = 3·5^j/(2j + 3)'),
      moment8: exact(bracketFromRadial(4, er), 'E|v|^{2j} = 3·5^j/(2j + 3)'),
    }),
  }
}
