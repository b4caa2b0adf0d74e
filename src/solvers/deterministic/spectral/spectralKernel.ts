// Fourier transform of the truncated Landau kernel a_R(z) = |z|^γ(|z|²I − z⊗z)·1{|z| ≤ R} (Pareschi–Russo–
// Toscani 2000): â(ξ) = ∫ a_R(z) e^{−iξ·z} dz = α(|ξ|) I + β(|ξ|) ξ̂⊗ξ̂, real and even. Two radial integrals
// fix α and β (the angular integrals are ∫_{S²} e^{−iρξ·ω} dω = 4π j0(|ξ|ρ) and
// ∫_{S²}(1 − (ξ̂·ω)²) e^{−iρξ·ω} dω = 8π j1(|ξ|ρ)/(|ξ|ρ)):
//   tr â      = 8π ∫_0^R ρ^{γ+4} j0(|ξ|ρ) dρ,
//   ξ̂ᵀ â ξ̂  = 8π ∫_0^R ρ^{γ+4} j1(|ξ|ρ)/(|ξ|ρ) dρ,
// and tr â = 3α + β, ξ̂ᵀâξ̂ = α + β.
import { gaussLegendre } from '../../special/gaussLegendre'

/** j0(y) = sin y / y. */
export function besselJ0(y: number): number {
  if (Math.abs(y) < 1e-4) return 1 - (y * y) / 6
  return Math.sin(y) / y
}

/** j1(y)/y = (sin y − y cos y)/y³, by its Taylor series where the closed form cancels (y < 0.5). */
export function besselJ1OverY(y: number): number {
  const y2 = y * y
  if (Math.abs(y) < 0.5) {
    // 1/3 − y²/30 + y⁴/840 − y⁶/45360 + y⁸/3991680; the next term is < 1e-12 at y = 0.5.
    return 1 / 3 - y2 * (1 / 30 - y2 * (1 / 840 - y2 * (1 / 45360 - y2 / 3991680)))
  }
  return (Math.sin(y) - y * Math.cos(y)) / (y2 * y)
}

/**
 * The two radial integrals at |ξ| = x: trace = tr â(ξ), longitudinal = ξ̂ᵀâ(ξ)ξ̂. With ρ = R t² (which
 * turns the ρ^{γ+4} endpoint behaviour into t^{2γ+9}, at least t³ for γ ≥ −3), composite 10-point
 * Gauss–Legendre with panels fine enough that each spans at most ~3 radians of the Bessel phase x R t².
 */
export function kernelRadialIntegrals(gamma: number, R: number, x: number): { trace: number; longitudinal: number } {
  if (x === 0) {
    const trace = (8 * Math.PI * R ** (gamma + 5)) / (gamma + 5)
    return { trace, longitudinal: trace / 3 }
  }
  const { x: nodes, w } = gaussLegendre(10)
  const panels = 4 + Math.ceil((2 * x * R) / 3)
  const width = 1 / panels
  let s0 = 0
  let s1 = 0
  for (let p = 0; p < panels; p++) {
    const mid = (p + 0.5) * width
    for (let i = 0; i < nodes.length; i++) {
      const t = mid + 0.5 * width * nodes[i]
      const rho = R * t * t
      const weight = 0.5 * width * w[i] * 2 * R * t * rho ** (gamma + 4)
      s0 += weight * besselJ0(x * rho)
      s1 += weight * besselJ1OverY(x * rho)
    }
  }
  return { trace: 8 * Math.PI * s0, longitudinal: 8 * Math.PI * s1 }
}

/** α, β of â(ξ) = α I + β ξ̂⊗ξ̂ at |ξ| = x. */
export function kernelAlphaBeta(gamma: number, R: number, x: number): { alpha: number; beta: number } {
  const { trace, longitudinal } = kernelRadialIntegrals(gamma, R, x)
  const alpha = 0.5 * (trace - longitudinal)
  return { alpha, beta: longitudinal - alpha }
}

/**
 * α and α + β (= ξ̂ᵀâξ̂) at every |ξ| = (π/L)√q of the box's lattice, q = |k|² = 0 … qMax (integer), so that
 * the operator looks them up by |k|² instead of integrating per mode.
 */
export interface KernelTable {
  alpha: Float64Array
  longitudinal: Float64Array
}

export function kernelTable(gamma: number, R: number, L: number, qMax: number): KernelTable {
  const alpha = new Float64Array(qMax + 1)
  const longitudinal = new Float64Array(qMax + 1)
  for (let q = 0; q <= qMax; q++) {
    const r = kernelRadialIntegrals(gamma, R, (Math.PI / L) * Math.sqrt(q))
    alpha[q] = 0.5 * (r.trace - r.longitudinal)
    longitudinal[q] = r.longitudinal
  }
  return { alpha, longitudinal }
}
