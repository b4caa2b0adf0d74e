// Exact polynomial moments of diagonal Gaussians, for ∫⟨v⟩^m f with m even (⟨v⟩ = √(1 + |v|²)).

/** Raw moments E[Xⁿ], n = 0 … nMax, of X ~ N(m, t): μₙ = m μₙ₋₁ + (n − 1) t μₙ₋₂ (Stein's identity). */
export function normalRawMoments(m: number, t: number, nMax: number): Float64Array {
  const mu = new Float64Array(nMax + 1)
  mu[0] = 1
  if (nMax >= 1) mu[1] = m
  for (let n = 2; n <= nMax; n++) mu[n] = m * mu[n - 1] + (n - 1) * t * mu[n - 2]
  return mu
}

function factorial(n: number): number {
  let f = 1
  for (let k = 2; k <= n; k++) f *= k
  return f
}

/**
 * E[(1 + X² + Y² + Z²)^k] for independent coordinates with raw moments mx, my, mz (length ≥ 2k + 1),
 * by the multinomial expansion (all terms ≥ 0, so no cancellation).
 */
export function japaneseBracketMoment(k: number, mx: Float64Array, my: Float64Array, mz: Float64Array): number {
  let sum = 0
  for (let b = 0; b <= k; b++) {
    for (let c = 0; b + c <= k; c++) {
      for (let d = 0; b + c + d <= k; d++) {
        const coef = factorial(k) / (factorial(k - b - c - d) * factorial(b) * factorial(c) * factorial(d))
        sum += coef * mx[2 * b] * my[2 * c] * mz[2 * d]
      }
    }
  }
  return sum
}

/** E[(1 + R²)^k] from the even radial moments e[j] = E[R^{2j}], j = 0 … k (binomial expansion). */
export function bracketFromRadial(k: number, e: (j: number) => number): number {
  let sum = 0
  let binom = 1
  for (let j = 0; j <= k; j++) {
    sum += binom * e(j)
    binom = (binom * (k - j)) / (j + 1)
  }
  return sum
}
