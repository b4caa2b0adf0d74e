// The exact BKW solution for Maxwell molecules (docs/MATH.md §3) as a deterministic "solver":
//   f(t, v) = (2πK)^{−3/2} e^{−|v|²/(2K)} [A + B|v|²],  A = (5K−3)/(2K),  B = (1−K)/(2K²),  K(t) = 1 − (1−K₀)e^{−4t}.
// It is evaluated, with its exact radial derivatives, on composite Gauss–Legendre nodes of [0, rMax] (10
// points a panel), so its functionals are the radial ones of every other radial solver (functionalsRadial.ts)
// at quadrature accuracy, and its stored density is a radial profile like the isotropic solver's.
import { bkwCoefficients } from '../initial/bkw'
import { gaussLegendre } from '../special/gaussLegendre'
import { functionalsRadial } from './functionalsRadial'
import type { DeterministicSolver, RadialDensity } from './types'
import { checkStateLength } from '../driver/checkpoint'

const PANEL_POINTS = 10

/** K(t) of BKW; K0 = 1 is the Maxwellian (K ≡ 1). */
export function bkwK(K0: number, t: number): number {
  return 1 - (1 - K0) * Math.exp(-4 * t)
}

/** Composite Gauss–Legendre nodes on [0, rMax] (⌈points/10⌉ panels) with weights 4πr²·w. */
export function radialNodes(points: number, rMax: number): { r: Float64Array; q: Float64Array } {
  const panels = Math.max(1, Math.ceil(points / PANEL_POINTS))
  const { x, w } = gaussLegendre(PANEL_POINTS)
  const width = rMax / panels
  const r = new Float64Array(panels * PANEL_POINTS),
    q = new Float64Array(panels * PANEL_POINTS)
  for (let p = 0; p < panels; p++) {
    for (let i = 0; i < PANEL_POINTS; i++) {
      const k = p * PANEL_POINTS + i
      r[k] = (p + 0.5) * width + 0.5 * width * x[i]
      q[k] = 0.5 * width * w[i] * 4 * Math.PI * r[k] * r[k]
    }
  }
  return { r, q }
}

/** The BKW density and its radial derivatives at K on the nodes r (weights q). */
export function bkwRadialDensity(K: number, r: Float64Array, q: Float64Array): RadialDensity {
  const { A, B } = bkwCoefficients(K)
  const c = (2 * Math.PI * K) ** -1.5
  const n = r.length
  const d: RadialDensity = { r, q, f: new Float64Array(n), df: new Float64Array(n), d2f: new Float64Array(n) }
  for (let i = 0; i < n; i++) {
    const x = r[i]
    const E = c * Math.exp((-x * x) / (2 * K))
    // f = E·(A + Bx²), E′ = −(x/K)E; f′ = E·p, p = 2Bx − x(A + Bx²)/K; f″ = E·(p′ − xp/K).
    const p = 2 * B * x - (x * (A + B * x * x)) / K
    const dp = 2 * B - A / K - (3 * B * x * x) / K
    d.f[i] = E * (A + B * x * x)
    d.df[i] = E * p
    d.d2f[i] = E * (dp - (x * p) / K)
  }
  return d
}

export function createBkwExact(o: { K0: number; points: number; rMax: number; dt: number }): DeterministicSolver & { readonly t: number } {
  const { r, q } = radialNodes(o.points, o.rMax)
  let step = 0
  const state = () => bkwRadialDensity(bkwK(o.K0, step * o.dt), r, q)
  return {
    get t() {
      return step * o.dt
    },
    step() {
      step++
    },
    functionals: () => functionalsRadial(state(), 0),
    density() {
      const d = state()
      return { kind: 'radial', r: Float64Array.from(r), f: d.f }
    },
    // The exact solution's only state is its time.
    checkpoint: () => Float64Array.of(step),
    restore(state) {
      checkStateLength('bkw-exact', state, 1)
      step = state[0]
    },
  }
}
