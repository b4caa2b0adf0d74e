// Gauss–Legendre nodes and weights on [−1, 1] by Newton's method on Pₙ from Tricomi's initial guesses
// (Numerical Recipes §4.6 "gauleg"); accurate to round-off for the small n used here.

const cache = new Map<number, { x: Float64Array; w: Float64Array }>()

export function gaussLegendre(n: number): { x: Float64Array; w: Float64Array } {
  const hit = cache.get(n)
  if (hit) return hit
  const x = new Float64Array(n)
  const w = new Float64Array(n)
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5))
    let dp = 0
    for (let iter = 0; iter < 100; iter++) {
      let p1 = 1
      let p2 = 0
      for (let j = 1; j <= n; j++) {
        const p3 = p2
        p2 = p1
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j
      }
      dp = (n * (z * p1 - p2)) / (z * z - 1)
      const dz = p1 / dp
      z -= dz
      if (Math.abs(dz) < 1e-16) break
    }
    x[i] = -z
    x[n - 1 - i] = z
    w[i] = w[n - 1 - i] = 2 / ((1 - z * z) * dp * dp)
  }
  const rule = { x, w }
  cache.set(n, rule)
  return rule
}

/** ∫_a^b g by P equal panels of the n-point Gauss–Legendre rule. */
export function compositeGaussLegendre(g: (r: number) => number, a: number, b: number, panels: number, n = 10): number {
  const { x, w } = gaussLegendre(n)
  const width = (b - a) / panels
  let sum = 0
  for (let p = 0; p < panels; p++) {
    const mid = a + (p + 0.5) * width
    let s = 0
    for (let i = 0; i < n; i++) s += w[i] * g(mid + 0.5 * width * x[i])
    sum += 0.5 * width * s
  }
  return sum
}
