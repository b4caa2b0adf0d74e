// The 1-marginal bias ∫(F_{N,1}(t) − f(t)) φ of the second moments for Maxwell molecules (γ = 0), where the
// limit law is exact and linear. For the Landau equation with γ = 0 and zero momentum, the second-moment
// tensor T = ∫v⊗v f obeys dT/dt = −12 T + 4 (tr T) I: the trace is conserved and the traceless part decays
// as e^{−12t} (docs/MATH.md §4; the particle form is derived in test/solvers/particles/anisotropy.test.ts).
// So ∫f(t)φ = L_t(∫f₀ φ, ∫f₀|v|²) with
//   φ = v_x² − v_z²:   L_t = e^{−12t} D₀
//   φ = v_x²:          L_t = E₀/3 + e^{−12t}(T₀ − E₀/3)
//
// Control variate: each replica's own initial empirical moments. L_t is linear and the initial replicas
// are i.i.d. samples of f₀, so E[L_t(m_r(0), E_r(0))] = ∫f(t)φ exactly, and
//   b̂ = mean_r [ m_r(t) − L_t(m_r(0), E_r(0)) ]
// is unbiased for the bias, without the initial sample's noise, which would otherwise swamp a 1/N signal.
// For Kac's system and the pairing system (momentum conserved pathwise) the bias of v_x² − v_z² is exactly
// (T_x − T_z)(1 − e^{−12t})/N in continuous time: the conserved empirical momentum's contribution.
// Standard error: the per-replica values are independent, so sd/√R (a plain mean).
import { meanAndSe } from './replicaStats'
import { withInterval, type ChaosEstimate } from './chaosEstimate'
import type { ChaosPhi } from './chaosObservables'

export type MaxwellMoment = Extract<ChaosPhi, 'aniso' | 'vx2'>

export function hasMaxwellLaw(phi: ChaosPhi): phi is MaxwellMoment {
  return phi === 'aniso' || phi === 'vx2'
}

/** L_t for one replica: the limit's value of φ at t from the replica's own initial m(0) and energy E(0). */
export function maxwellLaw(phi: MaxwellMoment, t: number, m0: number, e0: number): number {
  const decay = Math.exp(-12 * t)
  return phi === 'aniso' ? decay * m0 : e0 / 3 + decay * (m0 - e0 / 3)
}

/**
 * b̂ over R replicas: mt[r] = (1/N)Σφ(V_i(t)), m0[r] the same at t = 0, e0[r] = (1/N)Σ|V_i(0)|².
 */
export function maxwellMomentBias(phi: MaxwellMoment, t: number, mt: ArrayLike<number>, m0: ArrayLike<number>, e0: ArrayLike<number>): ChaosEstimate {
  const R = mt.length
  if (m0.length !== R || e0.length !== R) throw new RangeError('the control variate needs the same replicas at t and at 0')
  const d = new Float64Array(R)
  for (let r = 0; r < R; r++) d[r] = mt[r] - maxwellLaw(phi, t, m0[r], e0[r])
  const { mean, se } = meanAndSe(d)
  return withInterval(mean, se, R)
}
