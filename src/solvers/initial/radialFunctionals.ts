// Functionals of a radial density f(v) = ρ(|v|) by 1-D quadrature: ∫ g f dv = 4π ∫ r² g(r) ρ(r) dr,
// composite Gauss–Legendre on the interval that carries the mass, at two panel counts (the integrands are
// smooth in r, so the rule converges geometrically and the two values agree to near round-off).
import type { FunctionalValue } from './previewTypes'
import { compositeGaussLegendre } from '../special/gaussLegendre'
import { settle } from './functionalValue'

export interface RadialProfile {
  /** ρ(r) */
  rho(r: number): number
  /** log ρ(r) (may be −∞ where ρ = 0) */
  logRho(r: number): number
  /** d/dr log ρ(r) = |∇log f| up to sign */
  dLogRho(r: number): number
  /** [a, b] outside which ρ is negligible (relative tail below ~1e-30) */
  support: [number, number]
}

const PANELS = 24

function radialIntegral(profile: RadialProfile, g: (r: number) => number, panels: number): number {
  const [a, b] = profile.support
  return compositeGaussLegendre(
    (r) => {
      const rho = profile.rho(r)
      return rho > 0 ? 4 * Math.PI * r * r * rho * g(r) : 0
    },
    a,
    b,
    panels,
  )
}

/** H, I, weighted I of a radial density (numerical, 24 vs 48 panels of 10-point Gauss–Legendre). */
export function radialFunctionals(
  profile: RadialProfile,
  what: string,
): { entropy: FunctionalValue; fisher: FunctionalValue; fisherWeighted: FunctionalValue } {
  const one = (g: (r: number) => number, name: string) =>
    settle(
      radialIntegral(profile, g, 2 * PANELS),
      radialIntegral(profile, g, PANELS),
      `${name}: radial Gauss–Legendre quadrature of ${what} (10 points × ${PANELS} vs ${2 * PANELS} panels)`,
      1e-6,
    )
  return {
    entropy: one((r) => profile.logRho(r), 'H'),
    fisher: one((r) => profile.dLogRho(r) ** 2, 'I'),
    fisherWeighted: one((r) => profile.dLogRho(r) ** 2 * (1 + r * r) ** 1.5, 'weighted I'),
  }
}

/** ∫ g f dv for a radial density at the fine resolution (for the tests' cross-checks). */
export function radialMoment(profile: RadialProfile, g: (r: number) => number): number {
  return radialIntegral(profile, g, 2 * PANELS)
}
