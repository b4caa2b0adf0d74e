// The Landau kernel in the paper's normalisation (docs/MATH.md §1, no constant in front):
//   a(z) = |z|^γ (|z|² I − z⊗z),   b(z) = ∇·a(z) = −2|z|^γ z,   σ(z) = √a(z) = |z|^{γ/2+1} Π⊥(z).
// γ = −3 is Coulomb, γ = 0 Maxwell molecules. The pair steps only ever need the scalar powers of |z|;
// the matrices are here for tests and diagnostics.

/** |z|^{γ/2} for r = |z| > 0: the kick size relative to |z|. Coulomb and Maxwell avoid Math.pow (hot loop). */
export function halfGammaPower(r: number, gamma: number): number {
  if (gamma === -3) return 1 / (r * Math.sqrt(r))
  if (gamma === 0) return 1
  return Math.pow(r, 0.5 * gamma)
}

/** |z|^γ for r = |z| > 0 (the sbm step's clock). Coulomb and Maxwell avoid Math.pow (hot loop). */
export function gammaPower(r: number, gamma: number): number {
  if (gamma === -3) return 1 / (r * r * r)
  if (gamma === 0) return 1
  return Math.pow(r, gamma)
}

/** The amplitude |z|^{γ/2+1} of σ(z) = |z|^{γ/2+1} Π⊥(z), for r = |z| > 0. */
export function sigmaAmplitude(r: number, gamma: number): number {
  if (gamma === -3) return 1 / Math.sqrt(r)
  if (gamma === 0) return r
  return Math.pow(r, 0.5 * gamma + 1)
}

/** a(z) as a row-major 3×3 matrix in out[0..8]; z = (z0, z1, z2) ≠ 0. */
export function kernelA(z0: number, z1: number, z2: number, gamma: number, out: Float64Array): void {
  const r2 = z0 * z0 + z1 * z1 + z2 * z2
  const rg = Math.pow(r2, 0.5 * gamma)
  const z = [z0, z1, z2]
  for (let p = 0; p < 3; p++) {
    for (let q = 0; q < 3; q++) out[3 * p + q] = rg * ((p === q ? r2 : 0) - z[p] * z[q])
  }
}

/** b(z) = −2|z|^γ z in out[0..2]; z ≠ 0. */
export function kernelB(z0: number, z1: number, z2: number, gamma: number, out: Float64Array): void {
  const rg = Math.pow(z0 * z0 + z1 * z1 + z2 * z2, 0.5 * gamma)
  out[0] = -2 * rg * z0
  out[1] = -2 * rg * z1
  out[2] = -2 * rg * z2
}
