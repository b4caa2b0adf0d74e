// Moments of the rotation step's random factor, shared by the tests that propagate the scheme's
// expected second moments exactly (isotropisation.test.ts, systems/anisotropy.test.ts).

/** p = E(1+κ²X)^{-1/2}, q = E κ²X/(1+κ²X) for X ~ χ²₂ (density e^{-x/2}/2), Simpson on [0, 120]. */
export function rotationMoments(kappa2: number): [number, number] {
  const n = 120_000
  const h = 120 / n
  let sp = 0
  let sq = 0
  for (let k = 0; k <= n; k++) {
    const x = k * h
    const w = (k === 0 || k === n ? 1 : k % 2 ? 4 : 2) * 0.5 * Math.exp(-x / 2)
    sp += w / Math.sqrt(1 + kappa2 * x)
    sq += (w * kappa2 * x) / (1 + kappa2 * x)
  }
  return [(sp * h) / 3, (sq * h) / 3]
}
