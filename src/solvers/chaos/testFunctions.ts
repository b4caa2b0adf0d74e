// The test functions φ of the weak chaos functional ∫(F_{N,k} − f^{⊗k}) φ^{⊗k} (docs/MATH.md §5). A small closed
// set described by data, never user code: the analysis may run in a server or worker on stored runs, and
// both kinds have closed-form integrals against every stored density kind (referenceIntegral.ts), so the
// f^{⊗k} part carries no Monte Carlo error. Both are bounded by 1, so every particle average has finite
// variance whatever the tails of the run.
//   gaussian  φ(v) = exp(−|v − c|² / (2s²))   a bump of width s at c: probes the density near c
//   cosine    φ(v) = cos(k·v)                  a Fourier mode: probes structure at wavelength 2π/|k|

export type TestFunction =
  { kind: 'gaussian'; center: readonly [number, number, number]; width: number } | { kind: 'cosine'; k: readonly [number, number, number] }

/** The default: the unit bump at the origin (mass-weighted near the bulk of a Maxwellian of temperature 1). */
export const DEFAULT_TEST_FUNCTION: TestFunction = { kind: 'gaussian', center: [0, 0, 0], width: 1 }

/** Throws a RangeError unless φ is one of the two kinds with finite parameters (and s > 0). */
export function validateTestFunction(phi: TestFunction): void {
  const finite3 = (a: readonly number[]) => Array.isArray(a) && a.length === 3 && a.every((x) => typeof x === 'number' && Number.isFinite(x))
  if (phi.kind === 'gaussian') {
    if (!finite3(phi.center)) throw new RangeError('test function: gaussian center must be three finite numbers')
    if (!(typeof phi.width === 'number' && phi.width > 0 && Number.isFinite(phi.width)))
      throw new RangeError(`test function: gaussian width must be > 0 and finite: ${phi.width}`)
  } else if (phi.kind === 'cosine') {
    if (!finite3(phi.k)) throw new RangeError('test function: cosine k must be three finite numbers')
  } else {
    throw new RangeError(`test function: unknown kind ${(phi as { kind: unknown }).kind}`)
  }
}

/** The text form of φ, as `landau chaos --phi` takes it and reports print it: "gaussian:cx,cy,cz,s" or "cosine:kx,ky,kz". */
export function formatTestFunction(phi: TestFunction): string {
  return phi.kind === 'gaussian' ? `gaussian:${[...phi.center, phi.width].join(',')}` : `cosine:${phi.k.join(',')}`
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/** Parses the text form (numbers only, no expressions); throws a RangeError saying what is expected. */
export function parseTestFunction(text: string): TestFunction {
  const expected = 'expected "gaussian:cx,cy,cz,width" or "cosine:kx,ky,kz"'
  const m = /^\s*(gaussian|cosine)\s*:(.*)$/.exec(text)
  if (!m) throw new RangeError(`test function "${text}": ${expected}`)
  // Decimal numbers only (no hex, no "Infinity"): what a reader of the report can read back.
  const nums = m[2].split(',').map((x) => (DECIMAL.test(x.trim()) ? Number(x) : NaN))
  const want = m[1] === 'gaussian' ? 4 : 3
  if (nums.length !== want) throw new RangeError(`test function "${text}": a ${m[1]} takes ${want} numbers; ${expected}`)
  const phi: TestFunction =
    m[1] === 'gaussian' ? { kind: 'gaussian', center: [nums[0], nums[1], nums[2]], width: nums[3] } : { kind: 'cosine', k: [nums[0], nums[1], nums[2]] }
  validateTestFunction(phi)
  return phi
}

/** φ at each of the n points of v (point p at [3p, 3p + 3)), written to out[0 .. n). */
export function evaluateTestFunction(phi: TestFunction, v: Float64Array, n: number, out: Float64Array): Float64Array {
  if (phi.kind === 'gaussian') {
    const [c0, c1, c2] = phi.center
    const a = -1 / (2 * phi.width * phi.width)
    for (let p = 0; p < n; p++) {
      const d0 = v[3 * p] - c0
      const d1 = v[3 * p + 1] - c1
      const d2 = v[3 * p + 2] - c2
      out[p] = Math.exp(a * (d0 * d0 + d1 * d1 + d2 * d2))
    }
  } else {
    const [k0, k1, k2] = phi.k
    for (let p = 0; p < n; p++) out[p] = Math.cos(k0 * v[3 * p] + k1 * v[3 * p + 1] + k2 * v[3 * p + 2])
  }
  return out
}
