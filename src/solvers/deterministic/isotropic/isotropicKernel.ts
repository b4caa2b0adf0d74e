// The radial Landau kernel and the logarithmic mean used by the isotropic solver (isotropic.ts).
// For radial ψ, g = log f (r = |v|, s = |w|, D = (1/r)d/dr), averaging the weak form over directions gives
//   d/dt ∫ψ f dv = −½ ∫∫ f(r) f(s) Φ(r,s) (Dψ(r) − Dψ(s)) (Dg(r) − Dg(s)) dr ds,
//   Φ(r,s) = 16π² r³ s³ k(r,s),  k(r,s) = ⟨v̂·a(v−w)ŵ⟩ = ½∫_{−1}^{1} |z|^γ rs(1−μ²) dμ
//          = 4rs ∫_0^1 (a + c x)^p x(1−x) dx,  a = (r−s)², c = 4rs, p = γ/2.

/** ∫_0^1 (a + cx)^p x(1−x) dx for a, c ≥ 0, a + c > 0. */
export function shapeIntegral(a: number, c: number, p: number): number {
  if (c === 0) return a ** p / 6
  if (c < 0.5 * a) return shapeSeries(a, c, p)
  return shapeClosed(a, c, p)
}

/** Binomial series a^p Σ_j C(p,j) t^j / ((j+2)(j+3)), t = c/a < ½: terms shrink at least like 2^{−j}. */
function shapeSeries(a: number, c: number, p: number): number {
  const t = c / a
  let coef = 1
  let tj = 1
  let sum = 1 / 6
  for (let j = 1; j < 200; j++) {
    coef *= (p - j + 1) / j
    tj *= t
    const term = (coef * tj) / ((j + 2) * (j + 3))
    sum += term
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break
  }
  return a ** p * sum
}

/**
 * ∫_a^b u^{q−1} du = (b^q − a^q)/q, L = log(b/a): by expm1 where |qL| < 1 (no cancellation, and q → 0, the
 * log case γ = −2, needs no branch), directly otherwise (exp of a large qL would amplify the rounding of L).
 */
function powerIntegral(a: number, b: number, q: number, L: number): number {
  if (Math.abs(q * L) < 1) return q === 0 ? L : (a ** q * Math.expm1(q * L)) / q
  return (b ** q - a ** q) / q
}

/**
 * With u = a + cx, b = a + c: c³ × integral = ∫_a^b u^p (u−a)(b−u) du = −I(p+2) + (a+b)I(p+1) − ab I(p),
 * I(q) = ∫_a^b u^q du. Used for c ≥ a/2, where the three terms cancel by at most a factor ≈ 50 (at c = a/2).
 */
function shapeClosed(a: number, c: number, p: number): number {
  if (a === 0) return c ** p / ((p + 2) * (p + 3)) // r = s: ∫x^{p+1}(1−x)dx
  const b = a + c
  const L = Math.log1p(c / a)
  const I = (q: number) => powerIntegral(a, b, q + 1, L)
  return (-I(p + 2) + (a + b) * I(p + 1) - a * b * I(p)) / (c * c * c)
}

/** k(r,s) = ⟨v̂·a(v−w)ŵ⟩ over independent uniform directions of v and w (γ = 0: 2rs/3). */
export function radialKernel(r: number, s: number, gamma: number): number {
  if (r <= 0 || s <= 0) return 0
  const d = r - s
  const c = 4 * r * s
  return c * shapeIntegral(d * d, c, gamma / 2)
}

/** Φ(r,s) = 16π² r³ s³ k(r,s): the weight of the 1-D weak form. */
export function radialWeight(r: number, s: number, gamma: number): number {
  return 16 * Math.PI * Math.PI * (r * s) ** 3 * radialKernel(r, s, gamma)
}

/**
 * Logarithmic mean (x − y)/(log x − log y), so that F·(log x − log y) = x − y. Guards: 0 if either value is
 * not positive (no log), (x+y)/2 · u/atanh(u) with u = (x−y)/(x+y) for close values (no 0/0).
 */
export function logMean(x: number, y: number): number {
  if (!(x > 0 && y > 0)) return 0
  const u = (x - y) / (x + y)
  if (Math.abs(u) < 1e-4) return 0.5 * (x + y) * (1 - (u * u) / 3) // next term 4u⁴/45 < 1e-16
  return (x - y) / (Math.log(x) - Math.log(y))
}

/** ∂/∂x of logMean(x, y) = (1 − F/x)/ℓ, ℓ = log(x/y); ½ − ℓ/6 + O(ℓ²) for x ≈ y (a step-size bound needs few digits). */
export function logMeanDx(x: number, y: number): number {
  if (!(x > 0 && y > 0)) return 0
  const l = Math.log(x / y)
  if (Math.abs(l) < 1e-4) return 0.5 - l / 6
  return (1 - logMean(x, y) / x) / l
}
