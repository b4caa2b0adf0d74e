// A seeded generator of experiment specs for the fuzz test (test/shared/specFuzz.test.ts): plausible specs
// (every family and solver, parameters at and near their documented bounds), mutations of valid specs (the
// bundled examples, test/helpers/specs.ts, plausible ones: a value replaced by a boundary number, a wrong
// type, a long or control-character string, a huge array, a deep object; a key removed or added), and
// structural garbage. Spec k of seed s is a pure function of (s, k), so one spec is replayed alone:
// `fuzzSpec(s, k)`, or the whole campaign with LANDAU_FUZZ_SEED=s.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { smallKacSpec } from './specs'

export type Rng = () => number

/** Mulberry32: a small, fast 32-bit PRNG (plenty for choosing mutations; not for statistics). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The campaign's seed: LANDAU_FUZZ_SEED if set (to replay a failure), else a fresh one each run. */
export function fuzzSeed(env: string | undefined = process.env.LANDAU_FUZZ_SEED): number {
  if (env !== undefined && env.trim() !== '') {
    const s = Number(env)
    if (!Number.isInteger(s) || s < 0 || s >= 2 ** 32) throw new Error(`LANDAU_FUZZ_SEED must be an integer in [0, 2^32): ${env}`)
    return s
  }
  return Math.floor(Math.random() * 2 ** 32)
}

/** The generator of spec k of a campaign: a PRNG keyed by (seed, k) through a 32-bit mix. */
function rngFor(seed: number, k: number): Rng {
  let h = Math.imul(seed ^ 0x85ebca6b, 0xc2b2ae35) ^ Math.imul(k + 0x27d4eb2f, 0x9e3779b1)
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  return mulberry32(h ^ (h >>> 13))
}

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]
const chance = (r: Rng, p: number) => r() < p

/** The bundled examples, parsed once. */
let examples: unknown[] | null = null
export function exampleSpecs(): unknown[] {
  const dir = join(process.cwd(), 'resources', 'examples')
  examples ??= readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')))
  return examples
}

const BOUNDARY = [
  0,
  -0,
  1,
  -1,
  0.5,
  2,
  3,
  4,
  8,
  10,
  1 / 3,
  0.1,
  1e-9,
  5e-324,
  -5e-324,
  1e-300,
  1e308,
  -1e308,
  Number.MAX_VALUE,
  2 ** 31,
  2 ** 32,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  1e6,
  1e7,
  1e8,
  100000,
  123456.789,
]
const CONTROL = '\u001b[31mred\u001b[0m\u0000\u0007\r\n\t\u2028\u202e'
const FORMULAS = [
  'exp(-v^2/2)',
  'exp(-v^2)*(1+vx^2)',
  'exp(-(vx^2+2*vy^2+3*vz^2)/2)',
  '1/(1+v^2)^4',
  'exp(-v^4)',
  'v^2*exp(-v^2)',
  '0',
  '1',
  '-exp(-v^2)',
  'exp(v^2)',
  '1/0',
  'sqrt(-1)',
  'exp(-v^2/2)^1e308',
  'log(v)',
  'exp(-v^2/1e-300)',
  'exp(-v^2/1e300)',
  'max(0, 1-v)',
  'abs(sin(vx))*exp(-v^2)',
  '((((exp(-v^2)))))',
  'exp(-v^2)+',
  'exp(-v^2',
  `${'('.repeat(500)}1${')'.repeat(500)}`,
  `${'-'.repeat(1500)}exp(-v^2)`,
  'exp(-v^2/2) * 1e308 * 1e308',
  'pi*e*exp(-v)',
]

function longString(r: Rng): string {
  const n = pick(r, [61, 200, 5000, 100_000])
  return (pick(r, ['a', 'é', CONTROL, '\u0000']) as string).repeat(n).slice(0, n)
}

function deep(r: Rng): unknown {
  let x: unknown = pick(r, [1, 'x', null])
  const depth = pick(r, [10, 100, 2000])
  for (let i = 0; i < depth; i++) x = chance(r, 0.5) ? [x] : { a: x }
  return x
}

/** A value for a mutated field: boundary numbers, numbers near the old value, wrong types, odd strings. */
function mutantValue(r: Rng, old: unknown): unknown {
  const k = r()
  if (k < 0.35) return pick(r, BOUNDARY)
  if (k < 0.55 && typeof old === 'number') {
    return pick(r, [old * 2, old / 2, old + 1, old - 1, -old, old * 1e6, old / 1e6, old * (1 + 1e-10), Math.round(old) + 0.5, old * 3, old / 3])
  }
  if (k < 0.7) return pick(r, [null, true, false, '1', '', '0x10', 'NaN', [], {}, [1, 2, 3], { a: 1 }, [1.5, 1, 0.5], '__proto__'])
  if (k < 0.8) return pick(r, [CONTROL, longString(r), pick(r, FORMULAS)])
  if (k < 0.9) return Array.from({ length: pick(r, [3, 101, 1000, 20_000]) }, (_, i) => [i, 0.5, 4, 'x', {}][i % 5])
  return deep(r)
}

/** Every (parent, key) of a JSON value, to pick one to mutate. */
function slots(x: unknown, out: Array<[Record<string, unknown> | unknown[], string | number]> = []): typeof out {
  if (Array.isArray(x)) x.slice(0, 50).forEach((v, i) => (out.push([x, i]), slots(v, out)))
  else if (x && typeof x === 'object')
    for (const [k, v] of Object.entries(x)) {
      out.push([x as Record<string, unknown>, k])
      slots(v, out)
    }
  return out
}

const ODD_KEYS = ['Tx', '\u001b[2J\u001b[31mkey', 'x'.repeat(5000), '__proto__', 'constructor', 'toString', '', ' T', 'n\u0000']

/** One structural mutation, in place (the root itself is replaced by the caller when `slots` is empty). */
function mutate(r: Rng, spec: unknown): unknown {
  const all = slots(spec)
  if (all.length === 0 || chance(r, 0.02)) return mutantValue(r, spec)
  const [parent, key] = pick(r, all)
  const kind = r()
  if (kind < 0.65) (parent as Record<string | number, unknown>)[key] = mutantValue(r, (parent as Record<string | number, unknown>)[key])
  else if (kind < 0.8) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1)
    else delete parent[key as string]
  } else if (kind < 0.95 && !Array.isArray(parent)) {
    // JSON.parse makes "__proto__" an own key; so do we (an assignment would set the prototype).
    Object.defineProperty(parent, pick(r, ODD_KEYS), { value: mutantValue(r, 1), enumerable: true, writable: true, configurable: true })
  } else if (Array.isArray(parent)) parent.push(...Array.from({ length: pick(r, [1, 200, 5000]) }, () => parent[0]))
  return spec
}

function initial(r: Rng): unknown {
  // Mostly ordinary scales; at and beyond the schema's bounds (1e-30 … 1e30) one time in five.
  const pos = () => (chance(r, 0.8) ? pick(r, [1, 0.5, 2, 1e-3, 100, 0.01 + r() * 3]) : pick(r, [1e-30, 1e30, 5e-324, 1e-300, 1e300, 1e308]))
  switch (pick(r, ['maxwellian', 'bimaxwellian', 'two-beam', 'bkw', 'shell', 'ball', 'mixture', 'formula'])) {
    case 'maxwellian':
      return { family: 'maxwellian' }
    case 'bimaxwellian':
      return { family: 'bimaxwellian', T: [pos(), pos(), pos()] }
    case 'two-beam':
      return { family: 'two-beam', u: pick(r, [0, 1, 3, 1e3, 1e30, 1e300]), theta: pos() }
    case 'bkw':
      return { family: 'bkw', K0: pick(r, [0.6, 0.7, 0.99, 1 - 1e-12, 0.6 + r() * 0.4]) }
    case 'shell':
      return { family: 'shell', r0: pick(r, [0, 1, 2, 2, 30, 1e3, 1e30, 1e300]), S: pos() }
    case 'ball':
      return { family: 'ball' }
    case 'mixture':
      return {
        family: 'mixture',
        components: Array.from({ length: pick(r, [1, 2, 3, 20]) }, () => ({
          weight: pos(),
          mean: [pick(r, [0, 1, -2, 1e30, 1e300]), pick(r, [0, 0.5, 1e-300]), pick(r, [0, -1, 3])],
          T: [pos(), pos(), pos()],
        })),
      }
    default:
      return { family: 'formula', expr: pick(r, FORMULAS), ...(chance(r, 0.5) ? { L: pick(r, [5e-324, 0.5, 2, 8, 100]) } : {}) }
  }
}

function solver(r: Rng): Record<string, unknown> {
  const kind = pick(r, ['kac', 'fgm', 'fournier', 'pairing', 'bkw-exact', 'isotropic', 'blob', 'spectral'])
  const opt = (key: string, values: unknown[]) => (chance(r, 0.6) ? { [key]: pick(r, values) } : {})
  const length = [5e-324, 1e-3, 0.5, 1, 3, 5, 5, 8, 8, 10, 20, 50]
  switch (kind) {
    case 'kac':
    case 'fgm':
    case 'fournier':
    case 'pairing':
      return {
        kind,
        N: pick(r, [2, 3, 4, 5, 10, 33, 100, 100, 1000, 1_000_000]),
        ...opt('replicas', [1, 2, 3, 3, 7, 1000, 100_000]),
        ...(kind === 'kac' || kind === 'pairing' ? opt('integrator', ['rotation', 'euler']) : {}),
      }
    case 'bkw-exact':
      return { kind, ...opt('points', [50, 51, 400, 400, 20_000]), ...opt('rMax', length) }
    case 'isotropic':
      return { kind, ...opt('cells', [10, 11, 40, 40, 100, 200, 800]), ...opt('rMax', length), ...opt('eps', [5e-324, 1e-3, 0.05, 0.16, 1, 10]) }
    case 'blob':
      return { kind, ...opt('n', [4, 5, 6, 8, 8, 12, 16, 48]), ...opt('L', length), ...opt('eps', [5e-324, 1e-3, 0.16, 0.5, 1, 10, 1e300]) }
    default:
      return { kind, ...opt('n', [8, 8, 12, 16, 24, 32, 128]), ...opt('L', length), ...opt('R', [5e-324, 1e-3, 1, 8, 100]) }
  }
}

function time(r: Rng): Record<string, unknown> {
  const T = chance(r, 0.7) ? pick(r, [1, 0.1, 2, 0.5]) : pick(r, [1e-9, 5e-324, 1e-300, 1e3, 1e300, 1e308])
  const steps = pick(r, [1, 2, 3, 10, 10, 100, 1e4, 1e8, 1e9])
  return { T, dt: chance(r, 0.1) ? 1 / 3 : T / steps, ...(chance(r, 0.5) ? { every: pick(r, [1, 2, 3, 1e9]) } : {}) }
}

/** A spec built from valid-looking parts, most at or near the documented bounds. */
export function plausibleSpec(r: Rng): Record<string, unknown> {
  const t = time(r)
  const spec: Record<string, unknown> = {
    name: pick(r, ['fuzz', 'x', 'é']),
    initial: initial(r),
    kernel: { gamma: pick(r, [-3, -2.5, -1, 0, 0.5, 1, r() * 4 - 3]) },
    solvers: Array.from({ length: pick(r, [1, 1, 1, 2]) }, () => solver(r)),
    time: t,
  }
  if (chance(r, 0.3))
    spec.snapshots = pick(r, [[0], [t.T], [0, t.T], [(t.T as number) * (1 + 1e-13)], Array.from({ length: 100 }, (_, i) => ((t.T as number) * i) / 99)])
  if (chance(r, 0.15)) spec.sweep = { N: pick(r, [[2, 4], [10], [1000, 1_000_000]]), ...(chance(r, 0.5) ? { replicas: pick(r, [1, 3, 100]) } : {}) }
  if (chance(r, 0.5)) spec.seed = pick(r, [0, 1, 2 ** 53 - 1, 12345])
  return spec
}

/** Spec k of campaign `seed`: plausible (45 %), a mutated valid or plausible spec (45 %) or garbage (10 %). */
export function fuzzSpec(seed: number, k: number): unknown {
  const r = rngFor(seed, k)
  const u = r()
  if (u < 0.45) return plausibleSpec(r)
  if (u < 0.9) {
    const base = chance(r, 0.5) ? plausibleSpec(r) : structuredClone(pick(r, [...exampleSpecs(), smallKacSpec()]))
    let spec: unknown = base
    const count = pick(r, [1, 1, 1, 2, 3])
    for (let i = 0; i < count; i++) spec = mutate(r, spec)
    return spec
  }
  return mutantValue(r, undefined)
}

/** A short, printable rendering of a spec for failure messages (long strings and arrays elided). */
export function describeSpec(spec: unknown, max = 600): string {
  let text: string
  try {
    text = JSON.stringify(spec, (_k, v: unknown) =>
      typeof v === 'string' && v.length > 80
        ? `${v.slice(0, 80)}…(${v.length})`
        : Array.isArray(v) && v.length > 12
          ? [...v.slice(0, 12), `…(${v.length})`]
          : Object.is(v, -0)
            ? '-0'
            : v,
    )
  } catch (e) {
    text = `<unprintable: ${(e as Error).message}>`
  }
  return text === undefined ? String(spec) : text.length > max ? `${text.slice(0, max)}…` : text
}
