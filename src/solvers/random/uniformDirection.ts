// A uniform direction on the unit sphere from two uniforms (Archimedes: the height z of a uniform point
// on the sphere is uniform on [−1, 1], independent of its azimuth).

/** Writes the direction (√(1 − z²) cos φ, √(1 − z²) sin φ, z), z = 1 − 2u₁, φ = 2πu₂, to out[at .. at+3). */
export function uniformDirection(u1: number, u2: number, out: Float64Array, at: number): void {
  const z = 1 - 2 * u1
  const rho = Math.sqrt(Math.max(0, 1 - z * z))
  const phi = 2 * Math.PI * u2
  out[at] = rho * Math.cos(phi)
  out[at + 1] = rho * Math.sin(phi)
  out[at + 2] = z
}
