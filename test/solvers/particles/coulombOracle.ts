// Test helper (not a test): the Coulomb (γ = −3) initial isotropisation slope oracle, docs/MATH.md §3, for the
// CPU (coulombSlope.test.ts) and GPU (test/solvers/gpu/gpuCoulombSlope.test.ts) paths — the check of the
// kernel's normalisation that the γ = 0 tests cannot make (γ = 0 never exercises |z|^γ).
//
// For any f with mean 0, dM/dt = E_{v,w∼f}[|z|^γ(2|z|²I − 6 z⊗z)], z = v − w. For the bi-Maxwellian with
// temperatures T, z ∼ N(0, 2T), so d(Mxx − Mzz)/dt = 6 E[|z|^{−3}(z_z² − z_x²)]. Writing z = r u, the
// radial integral is explicit (∫₀^∞ r e^{−r²q(u)/2} dr = 1/q(u), q(u) = Σ u_k²/s_k², s_k² = 2T_k), so
//   slope = 6 (2π)^{−3/2} / (s₁s₂s₃) ∫_{S²} (u_z² − u_x²) / q(u) du,
// a smooth integral over the sphere, done below by Gauss–Legendre in cos θ × the trapezoidal rule in φ
// (spectrally accurate; 1e-10 at the sizes used). Independent check: a 4e6-sample NumPy Monte Carlo of
// the same expectation gave −0.4959 ± 0.0011 for T = (1.5, 1, 0.5).
//
// A particle system whose expected generator is Kac's (Kac itself; random pairing, whose weight ω makes it so,
// pairing.ts) started from i.i.d. data has expected initial slope (N−1)/N times that (the j = i term is
// absent). Over a short time t the mean change of D = Txx − Tzz per replica is slope·t + ½D''t²; the
// curvature term is bounded by the rate squared: |D''| ≲ 0.5² · D₀ (the relaxation rate is ≈ 0.5 here),
// so at t = 0.04 it is ≤ 2e-4, 1 % of slope·t. The time-step bias (Δt = 0.002) is of the same O(Δt·rate)
// order relative to the change. Tolerance: 4 standard errors of the replica mean plus a 2 % allowance for both.
import { expect } from 'vitest'

/** The temperatures of the oracle's bi-Maxwellian. */
export const COULOMB_T: [number, number, number] = [1.5, 1, 0.5]

/** Nodes and weights of n-point Gauss–Legendre on [−1, 1] (Newton on the Legendre recurrence). */
function gaussLegendre(n: number): { x: number[]; w: number[] } {
  const x: number[] = []
  const w: number[] = []
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5))
    let dp = 0
    for (let it = 0; it < 100; it++) {
      let p0 = 1
      let p1 = z
      for (let k = 2; k <= n; k++) [p0, p1] = [p1, ((2 * k - 1) * z * p1 - (k - 1) * p0) / k]
      dp = (n * (z * p1 - p0)) / (z * z - 1)
      const dz = p1 / dp
      z -= dz
      if (Math.abs(dz) < 1e-15) break
    }
    x.push(z)
    w.push(2 / ((1 - z * z) * dp * dp))
  }
  return { x, w }
}

/** d(Txx − Tzz)/dt at t = 0 of the Landau equation, γ = −3, from the bi-Maxwellian with temperatures `temps`. */
export function coulombSlope(temps: [number, number, number], n = 64): number {
  const s2 = temps.map((t) => 2 * t)
  const { x, w } = gaussLegendre(n)
  let integral = 0
  for (let a = 0; a < n; a++) {
    const uz = x[a] // u_z = cos θ
    const sinT = Math.sqrt(1 - uz * uz)
    for (let b = 0; b < 2 * n; b++) {
      const phi = (2 * Math.PI * b) / (2 * n)
      const ux = sinT * Math.cos(phi)
      const uy = sinT * Math.sin(phi)
      const q = (ux * ux) / s2[0] + (uy * uy) / s2[1] + (uz * uz) / s2[2]
      integral += ((w[a] * (2 * Math.PI)) / (2 * n)) * ((uz * uz - ux * ux) / q)
    }
  }
  return (6 * Math.pow(2 * Math.PI, -1.5) * integral) / Math.sqrt(s2[0] * s2[1] * s2[2])
}

/** D = mean of v_x² − v_z² over one replica's N particles. */
export function anisotropy(v: Float64Array, N: number): number {
  let d = 0
  for (let i = 0; i < N; i++) d += (v[3 * i] ** 2 - v[3 * i + 2] ** 2) / N
  return d
}

/**
 * Asserts that the replicas' changes of D over time t (from COULOMB_T bi-Maxwellian data, N particles) have the
 * mean (N−1)/N · slope · t within 4 SE + 2 % (header), and that a kernel off by a factor 2 either way
 * (a missing ½ or 2 in the normalisation) lies outside that band: the test has the power to fail.
 */
export function expectOracleSlope(change: Float64Array, N: number, t: number): { mean: number; se: number; expected: number } {
  const R = change.length
  const mean = change.reduce((a, b) => a + b, 0) / R
  const se = Math.sqrt(change.reduce((a, b) => a + (b - mean) ** 2, 0) / (R - 1) / R)
  const expected = ((N - 1) / N) * coulombSlope(COULOMB_T) * t
  const band = 4 * se + 0.02 * Math.abs(expected) // curvature + time-step bias, see the header
  expect(Math.abs(mean - expected), `${mean} ± ${se} against ${expected}`).toBeLessThan(band)
  expect(Math.abs(mean - 2 * expected)).toBeGreaterThan(band)
  expect(Math.abs(mean - 0.5 * expected)).toBeGreaterThan(band)
  return { mean, se, expected }
}
