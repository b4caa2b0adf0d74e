// The CDF of the ancestral process A(τ) (θ = 2, wrightFisherAncestral.ts) at small τ, where its alternating series
// cancels catastrophically (terms e^{~0.77/τ} times the result), computed instead from the death process itself:
// A(τ) ≤ m exactly when the time T_m the process takes to come down from ∞ to m is ≤ τ, and
//   T_m = Σ_{n>m} E_n/λ_n,  λ_n = n(n+1)/2,  E_n iid Exp(1),
// whose Laplace transform is a ratio of Gamma functions (Weierstrass product, ρ = √(¼ − 2s), a = m + 3/2):
//   φ_m(s) = E e^{−sT_m} = Π_{n>m} λ_n/(λ_n + s) = Γ(a − ρ)Γ(a + ρ) / (Γ(m + 1)Γ(m + 2)).
// P(T_m ≤ τ) is the Bromwich integral (1/2πi)∫ φ_m(s)e^{sτ}/s ds along Re s = c > 0 (for c < 0 it is P − 1: the
// pole at 0), summed by the trapezoidal rule in y = Im s. Everything in it is positive-definite in size: the
// line runs through (near) the saddle point of φ_m(s)e^{sτ}, so the integrand is at most O(1/σ) with σ the sd of
// T_m, and there is no cancellation beyond a few digits, at every τ.
// Errors (docs/NUMERICS.md §4.15), for the step h = 2π/Δ in y: the trapezoidal sum equals
// Σ_k e^{−kcΔ}F(τ + kΔ) (F = the CDF, k ∈ ℤ), so the aliases k ≠ 0 are bounded by e^{−cΔ} (k > 0, c > 0) and by the
// tilted left tail e^{−Δ²/2σ²} (k < 0; T_m's left tail is lighter than a normal one); Δ = 10σ and cΔ ≥ 36 make
// both ≤ 2e-16 (for c < 0 the roles swap and the right tail is exponential of rate λ_{m+1} − |c| ≥ λ_{m+1}/2:
// Δ ≥ 80/λ_{m+1}). The sum stops once the (monotonically decreasing) terms are below 1e-18. Rounding: φ_m is
// formed from differences of log-Gammas written without their large parts (a Stirling difference formula), so
// its relative error is ~1e-15 whatever m. Measured against the alternating series summed in exact BigInt
// fixed point (test/solvers/random/ancestralLaplace.test.ts), |error| ≤ 6e-13 for τ = 1e-3 … 0.1 over ±7 sd
// of m. Cost: 20–100 nodes of two complex log-Gammas, ≈ 10–50 µs per CDF value: a reference and a fallback,
// not a per-pair sampler.

const LOG_2PI_HALF = 0.9189385332046728 // ½ log 2π

// Complex results of the helpers below (module scratch: no allocation in the loops).
let cr = 0
let ci = 0

/** log(1 + w) for complex w = (x, y), accurate for small |w| (log1p of the squared modulus, atan2 for the angle). */
function clog1p(x: number, y: number): void {
  const re = 0.5 * Math.log1p(2 * x + x * x + y * y)
  ci = Math.atan2(y, 1 + x)
  cr = re
}

/** The Stirling remainder lnΓ(z) − (z − ½)ln z + z − ½ln 2π to z^{−9} (|z| ≥ 15: error < 1e-17). */
function stirlingRest(x: number, y: number): void {
  const d = x * x + y * y
  const ix = x / d
  const iy = -y / d
  const q2x = ix * ix - iy * iy // 1/z²
  const q2y = 2 * ix * iy
  // Horner in 1/z²: 1/12 − 1/(360z²) + 1/(1260z⁴) − 1/(1680z⁶) + 1/(1188z⁸), times 1/z.
  let px = 1 / 1188
  let py = 0
  for (const c of [-1 / 1680, 1 / 1260, -1 / 360, 1 / 12]) {
    const nx = px * q2x - py * q2y + c
    py = px * q2y + py * q2x
    px = nx
  }
  cr = px * ix - py * iy
  ci = px * iy + py * ix
}

/**
 * lnΓ(z) for complex z off the poles: shifted up until Re z ≥ 15 or |z| ≥ 40 (where the Stirling series to z^{−9}
 * errs by < 1e-15 for |arg z| ≤ 3π/4, the widest the Bromwich line reaches), then Stirling. The branch does not
 * matter: the result is exponentiated.
 */
function clgamma(x: number, y: number): void {
  let sr = 0
  let si = 0
  while (x < 15 && x * x + y * y < 1600) {
    sr -= 0.5 * Math.log(x * x + y * y)
    si -= Math.atan2(y, x)
    x += 1
  }
  const lr = 0.5 * Math.log(x * x + y * y)
  const li = Math.atan2(y, x)
  stirlingRest(x, y)
  const rr = cr
  const ri = ci
  cr = sr + (x - 0.5) * lr - y * li - x + LOG_2PI_HALF + rr
  ci = si + (x - 0.5) * li + y * lr - y + ri
}

/**
 * D(ρ) = lnΓ(a + ρ) + lnΓ(a − ρ) − 2 lnΓ(a), complex ρ (even in ρ). For a ≥ 60 by the Stirling difference
 *   (a − ½) log(1 − w²) + ρ (log(1 + w) − log(1 − w)) + R(a + ρ) + R(a − ρ) − 2R(a),  w = ρ/a,
 * which has no large parts to cancel (each lnΓ is ~ a ln a); below, directly (|lnΓ(a)| < 200: rounding < 5e-14).
 */
function lgammaPair(a: number, x: number, y: number): void {
  if (a < 60) {
    clgamma(a + x, y)
    let r = cr
    let i = ci
    clgamma(a - x, -y)
    r += cr
    i += ci
    clgamma(a, 0)
    cr = r - 2 * cr
    ci = i
    return
  }
  const wx = x / a
  const wy = y / a
  // log(1 ± w) separately: (a − ½)·log(1 − w²) would take the principal branch of the product, and a − ½ is
  // not an integer.
  clog1p(wx, wy)
  const px = cr
  const py = ci
  clog1p(-wx, -wy)
  const sx = px + cr
  const sy = py + ci
  const dx = px - cr
  const dy = py - ci
  let r = (a - 0.5) * sx + x * dx - y * dy
  let i = (a - 0.5) * sy + x * dy + y * dx
  stirlingRest(a + x, y)
  r += cr
  i += ci
  stirlingRest(a - x, -y)
  r += cr
  i += ci
  stirlingRest(a, 0)
  cr = r - 2 * cr
  ci = i
}

/** Mean and variance of T_m: 2/(m + 1) and Σ_{n>m} 1/λ_n² (first 64 terms summed, the rest ≈ 4/(3(m + 64.5)³)). */
function varianceT(m: number): number {
  let v = 0
  for (let n = m + 1; n <= m + 64; n++) {
    const l = (n * (n + 1)) / 2
    v += 1 / (l * l)
  }
  const e = m + 64.5
  return v + 4 / (3 * e * e * e)
}

/** P(A(τ) ≤ m) = P(T_m ≤ τ), m ≥ 0, τ > 0, absolute error ≲ 1e-14 (module comment). */
export function ancestralCdfLaplace(tau: number, m: number): number {
  const mean = 2 / (m + 1)
  const sigma = Math.sqrt(varianceT(m))
  // The line Re s = c > 0 (always right of the pole at 0, so the sum is F itself): at the Gaussian saddle point
  // c = −d/σ when τ is d ≤ −2.25 sds below the mean; else c = C/σ with C = min(2.25, 1.5/d), which keeps the
  // integrand below e^{Cd + C²/2} ≤ e^{4.1} where τ is in the right tail (C = 6/d, e^{8.5}, measured 6e-11 of
  // rounding at τ = 1e-3; 1.5/d: 5e-13, for up to 4× the nodes). The alias offset Δ = 36/c ≥ 16σ makes the right aliases ≤ e^{−cΔ} = e^{−36} and the left ones
  // ≤ e^{cΔ}F(τ − Δ) ≤ e^{36 − (16 + |d|)²/4} (the sub-Gaussian lower tail of a sum of positive variables,
  // P(T ≤ μ − x) ≤ e^{−x²/4σ²}) ≤ 7e-13, and ≤ e^{−Δ²/2σ²} relative in the Gaussian picture that T_m follows.
  const d = (tau - mean) / sigma
  const C = d <= -2.25 ? -d : Math.min(2.25, 1.5 / Math.max(d, 1e-300))
  const c = C / sigma
  const delta = 36 / c
  const h = (2 * Math.PI) / delta
  const a = m + 1.5
  lgammaPair(a, 0.5, 0) // D(½) = log of Γ(m+1)Γ(m+2)/Γ(a)², so log φ_m(s) = D(ρ) − D(½)
  const d0 = cr
  let sum = 0
  for (let k = 0; ; k++) {
    const y = k * h
    // ρ = √(¼ − 2c − 2iy), principal root (D is even in ρ)
    const qx = 0.25 - 2 * c
    const qy = -2 * y
    const mod = Math.hypot(qx, qy)
    const rx = Math.sqrt(0.5 * (mod + qx))
    const ry = rx > 0 ? qy / (2 * rx) : Math.sqrt(0.5 * (mod - qx))
    lgammaPair(a, rx, ry)
    const lr = cr - d0 + c * tau
    const li = ci + y * tau
    const mag = Math.exp(lr)
    // f = e^{log φ + sτ}/s, s = c + iy; Re f
    const er = mag * Math.cos(li)
    const ei = mag * Math.sin(li)
    const ds = c * c + y * y
    const f = (er * c + ei * y) / ds
    sum += k === 0 ? 0.5 * f : f
    if (k > 4 && mag / Math.sqrt(ds) < 1e-18) break
    if (k > 100000) throw new Error(`ancestralCdfLaplace: no convergence at τ = ${tau}, m = ${m}`)
  }
  return (h / Math.PI) * sum
}
