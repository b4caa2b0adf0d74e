// The number and field rules the experiment schema (spec.ts) is built from, and the checks it runs on
// single entries. Every check here ends on every input: refinements run only on values that passed the
// field checks (whenValid), and loops only see positive integers.
import { z } from 'zod'
import { initialLatticeNodes, MAX_DENSITY_NODES } from '../solvers/deterministic/blob/blobMollifier'
import { FormulaError } from '../solvers/formula/formulaError'
import { parseFormula } from '../solvers/formula/parse'
import { InitialDataError } from '../solvers/initial/initialDataError'
import { normalisedShell } from '../solvers/initial/shell'

/**
 * Refinements and cross-field checks run only on values that passed every other check: zod runs a
 * refinement after a failed non-aborting check (a `min`, say) by default, so a check written for valid
 * values would see 0, −1 or 1e308 (`n = 0` looped forever in fftSize, halving 0).
 */
export const whenValid = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 }

export const positive = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .finite()
    .positive({ error: `${what} must be > 0` })

/**
 * A length of a velocity grid or box. Initial data are normalised to temperature 1 (energy 3), so a box or
 * radial grid shorter than 1 cannot hold them, and tiny lengths (1e-300) made cell sizes underflow and band
 * widths overflow (a 6.6e301-element array).
 */
export const length = (what: string, max: number) =>
  positive(what)
    .min(1, { error: `${what} must be ≥ 1 (the data have temperature 1)` })
    .max(max, { error: `${what} must be ≤ ${max}` })

/**
 * Raw (not yet normalised) data: temperatures, weights and S in [1e-30, 1e30], |means|, u and r0 ≤ 1e30.
 * Only ratios survive the normalisation; within these bounds every step of it stays finite in doubles
 * (energies ≤ 1e61, normalised temperatures ≥ 1e-91, densities ≤ 1e136), where T = [1e308, 1e308, 1e308]
 * overflowed the sum and T = [1, 1, 5e-324] made densities infinite.
 */
const SCALE = 1e30
export const scaled = (what: string) =>
  positive(what)
    .min(1 / SCALE, { error: `${what} must be ≥ 1e-30` })
    .max(SCALE, { error: `${what} must be ≤ 1e30` })
export const magnitude = (what: string, min = -SCALE) =>
  z
    .number({ error: `${what} must be a number` })
    .finite()
    .min(min, { error: `${what} must be ≥ ${min === 0 ? 0 : '−1e30'}` })
    .max(SCALE, { error: `${what} must be ≤ 1e30` })
export const vec3 = (what: string) => z.tuple([magnitude(what), magnitude(what), magnitude(what)], { error: `${what} must be an array of three numbers` })
export const positive3 = (what: string) =>
  z.tuple([scaled(`${what}[0]`), scaled(`${what}[1]`), scaled(`${what}[2]`)], { error: `${what} must be an array of three positive numbers` })

/** An integer in [min, max], named. */
export const int = (what: string, min: number, max: number) =>
  z
    .number({ error: `${what} must be an integer` })
    .int({ error: `${what} must be an integer` })
    .min(min, { error: `${what} must be ≥ ${min}` })
    .max(max, { error: `${what} must be ≤ ${max}` })

/**
 * n even and of the form 2^a·3^b: what the FFT takes, at n and at the 3n/2 of the dealiased products.
 * Terminates for every number: only positive integers enter the loops, and each division shrinks them.
 */
export const fftSize = (n: number): boolean => {
  if (!(Number.isSafeInteger(n) && n >= 2) || n % 2 !== 0) return false
  while (n % 2 === 0) n /= 2
  while (n % 3 === 0) n /= 3
  return n === 1
}

/**
 * What is wrong with a blob entry's explicit eps, or null: the gather reads the centres within R = 8.6√eps of
 * a particle, so √eps ≥ h/4 puts R past 2 cells (every particle's ball holds centres, and log f_ε is finite
 * where it is read); and the t = 0 lattice must fit the solver's MAX_DENSITY_NODES, which a history row
 * needs (eps = 10 on a fine grid asks for 10⁷–10⁹). The default eps, 0.64·h^1.98, meets both at n ≤ 48.
 */
export function blobEpsIssue(n: number, L: number, eps: number | undefined): string | null {
  if (eps === undefined) return null
  const h = (2 * L) / n
  if (eps < (h / 4) ** 2) return `eps = ${eps} is below (h/4)² = ${(h / 4) ** 2} (h = 2L/n = ${h}): the blobs would miss the lattice; use a larger eps or n`
  const nodes = initialLatticeNodes(n, L, eps)
  if (nodes > MAX_DENSITY_NODES)
    return `eps = ${eps} spreads each blob over more lattice nodes than a run holds (${nodes.toPrecision(3)} > ${MAX_DENSITY_NODES}); use a smaller eps or n, or a larger L`
  return null
}

/** The formula's syntax error (parse.ts: linear, depth-capped), or null. Sign and decay need the grid: the backend's preview checks them. */
export function formulaSyntaxIssue(expr: string): string | null {
  try {
    parseFormula(expr)
    return null
  } catch (e) {
    if (e instanceof FormulaError) return e.message
    throw e
  }
}

/** Why the run could not normalise this shell (its own erfc integrals, shell.ts), or null. */
export function shellIssue(r0: number, S: number): string | null {
  try {
    normalisedShell(r0, S)
    return null
  } catch (e) {
    if (e instanceof InitialDataError) return e.message
    throw e
  }
}
