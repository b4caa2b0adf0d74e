// The standard normal quantile Φ⁻¹(p) by Wichura's rational approximations (Algorithm AS 241, PPND16,
// Applied Statistics 37 (1988) 477–484): three minimax rational functions, of q = p − ½ near the centre and of
// r = √(−log min(p, 1 − p)) in the tails, relative error about 1e-16 (Wichura). Used by the small-τ ancestral
// sampler (wrightFisherAncestral.ts) to turn its one uniform into the score of a normal-fit quantile; that
// sampler allows this function an error margin far above its own (fitScoreMargin there).

/** Horner's rule for c[0] + c[1] x + … (coefficients lowest first). */
function poly(c: readonly number[], x: number): number {
  let s = c[c.length - 1]
  for (let i = c.length - 2; i >= 0; i--) s = s * x + c[i]
  return s
}

/** c[0] + c[1] x + … + c[7] x⁷ by Estrin's scheme. */
function estrin7(c: readonly number[], x: number): number {
  const x2 = x * x
  return c[0] + c[1] * x + (c[2] + c[3] * x) * x2 + (c[4] + c[5] * x + (c[6] + c[7] * x) * x2) * (x2 * x2)
}

// |p − ½| ≤ 0.425: Φ⁻¹ = q · A(r)/B(r), r = 0.180625 − q².
const A = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987, 67265.7709270087, 33430.57558358813, 2509.0809287301227,
]
const B = [1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271, 28729.085735721943, 5226.495278852854]
// Tails, r = √(−log p̃) ≤ 5 (p̃ ≥ 1.4e-11): C(r − 1.6)/D(r − 1.6).
const C = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684, 0.2417807251774506, 0.022723844989269184,
  0.0007745450142783414,
]
const D = [1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457, 0.0005475938084995345, 1.0507500716444169e-9]
// Far tails, r > 5: E(r − 5)/F(r − 5).
const E = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124, 0.0012426609473880784, 0.000027115555687434876,
  2.0103343992922881e-7,
]
const F = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133, 0.000018463183175100548, 1.421511758316446e-7, 2.0442631033899397e-15,
]

/** Φ⁻¹(p) for 0 < p < 1 (±∞ at p = 0, 1). */
export function normalQuantile(p: number): number {
  const q = p - 0.5
  if (Math.abs(q) <= 0.425) {
    // poly(A, r) and poly(B, r) by Estrin's scheme (pairs, then pairs of pairs): the same polynomials as Horner's
    // rule, within 1e-15 relative (measured ≤ 9.5e-16 over the branch), with a dependency chain half as long. The
    // central branch takes 85 % of the calls, and the sbm step's small-τ draw waits on it (test/bench sbm).
    const r = 0.180625 - q * q
    return (q * estrin7(A, r)) / estrin7(B, r)
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p))
  let x: number
  if (r <= 5) {
    r -= 1.6
    x = estrin7(C, r) / estrin7(D, r)
  } else {
    r -= 5
    x = poly(E, r) / poly(F, r)
  }
  return q < 0 ? -x : x
}
