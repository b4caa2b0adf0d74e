// The error function to a few ulp (measured against CPython on [0, 7.4]: erf within 6e-16 absolute, erfc
// within 5e-14 relative), for the shell family's closed forms.
// |x| < 2: erf x = (2/√π) e^{−x²} Σₙ 2ⁿ x^{2n+1} / (1·3·…·(2n+1))  (Abramowitz & Stegun 7.1.6; all terms
// positive, so no cancellation). x ≥ 2: erfc x = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))
// (A&S 7.1.14), evaluated by the modified Lentz method (≈ 100 terms at x = 2, fewer beyond).

const TWO_OVER_SQRT_PI = 1.1283791670955126
const ONE_OVER_SQRT_PI = 0.5641895835477563

function erfSeries(x: number): number {
  const x2 = x * x
  let term = x
  let sum = x
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1)
    sum += term
    if (term < 1e-17 * sum) break
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum
}

/** erfc x for x ≥ 2 by the continued fraction x + (1/2)/(x + 1/(x + (3/2)/(x + …))). */
function erfcFraction(x: number): number {
  const tiny = 1e-300
  let f = x
  let C = f
  let D = 0
  for (let k = 1; k < 500; k++) {
    const a = k / 2
    D = x + a * D
    D = D === 0 ? 1 / tiny : 1 / D
    C = x + a / C
    if (C === 0) C = tiny
    const delta = C * D
    f *= delta
    if (Math.abs(delta - 1) < 1e-16) break
  }
  return (ONE_OVER_SQRT_PI * Math.exp(-x * x)) / f
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN
  const a = Math.abs(x)
  const r = a < 2 ? erfSeries(a) : a > 6 ? 1 : 1 - erfcFraction(a) // erfc 6 = 2e-17 < ulp(1)/2
  return x < 0 ? -r : r
}

/** erfc x = 1 − erf x, without cancellation for large positive x. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN
  if (x >= 2) return x > 27.3 ? 0 : erfcFraction(x) // erfc 27.3 < 1e-325 underflows
  return 1 - erf(x)
}
