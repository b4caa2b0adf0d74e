// The experiment schema at the boundary: defaults filled, sweeps expanded in a fixed order (the order
// is part of every random-stream key), and bad input named by its field.
import { describe, expect, it } from 'vitest'
import { checkExperiment, expandRuns, formatIssues } from '../../src/shared/spec'
import { fftSize, shellIssue } from '../../src/shared/specRules'
import { STORAGE_MAX_BYTES, STORAGE_WARN_BYTES, storageEstimate } from '../../src/shared/storageEstimate'
import { historyRowCount } from '../../src/solvers/driver/schedule'
import type { ExperimentSpec } from '../../src/shared/spec'
import { smallKacSpec } from '../helpers/specs'

function parse(input: unknown): ExperimentSpec {
  const r = checkExperiment(input)
  if (!r.ok) throw new Error(formatIssues(r.issues))
  return r.spec
}

function issues(input: unknown): string {
  const r = checkExperiment(input)
  return r.ok ? '' : formatIssues(r.issues)
}

describe('experiment spec', () => {
  it('fills defaults, so the stored spec is complete', () => {
    const s = parse({ name: 'x', initial: { family: 'maxwellian' }, kernel: { gamma: -3 }, solvers: [{ kind: 'fgm', N: 10 }], time: { T: 1, dt: 0.1 } })
    expect(s.solvers[0]).toEqual({ kind: 'fgm', N: 10, replicas: 1, integrator: 'euler' })
    expect(s).toMatchObject({ seed: 0, snapshots: [], time: { every: 1 } })
    expect(parse({ ...s, initial: { family: 'formula', expr: 'exp(-v^2/2)' } }).initial).toEqual({ family: 'formula', expr: 'exp(-v^2/2)', L: 8 })
  })

  it('expands a sweep entry by entry, N by N, with the sweep replicas', () => {
    const s = parse(
      smallKacSpec({
        solvers: [
          { kind: 'kac', N: 2, replicas: 3 },
          { kind: 'fournier', N: 2 },
        ],
        sweep: { N: [125, 250], replicas: 7 },
      }),
    )
    const runs = expandRuns(s)
    expect(runs.map((r) => [r.runIndex, r.solver.kind, 'N' in r.solver && r.solver.N, 'replicas' in r.solver && r.solver.replicas])).toEqual([
      [0, 'kac', 125, 7],
      [1, 'kac', 250, 7],
      [2, 'fournier', 125, 7],
      [3, 'fournier', 250, 7],
    ])
    const noReplicas = expandRuns(parse(smallKacSpec({ solvers: [{ kind: 'kac', N: 2, replicas: 3 }], sweep: { N: [4] } })))
    expect(noReplicas[0].solver).toMatchObject({ N: 4, replicas: 3 })
  })

  it('names the field of every bad value', () => {
    expect(issues(smallKacSpec({ solvers: [{ kind: 'fgm', N: 10, integrator: 'rotation' } as never] }))).toMatch(
      /solvers\.0\.integrator: fgm has no pairwise exact-conservation step/,
    )
    expect(issues(smallKacSpec({ initial: { family: 'bkw', K0: 0.5 } }))).toMatch(/initial\.K0: K0 must be ≥ 3\/5/)
    expect(issues(smallKacSpec({ initial: { family: 'bkw', K0: 1 } }))).toMatch(/initial\.K0: K0 must be < 1/)
    expect(issues(smallKacSpec({ initial: { family: 'two-beam', u: 1, theta: 0 } }))).toMatch(/initial\.theta: theta must be > 0/)
    expect(issues(smallKacSpec({ initial: { family: 'mixture', components: [] } }))).toMatch(/initial\.components: a mixture needs at least one component/)
    expect(issues(smallKacSpec({ initial: { family: 'formula', expr: '   ' } }))).toMatch(/initial\.expr: expr must not be empty/)
    expect(issues(smallKacSpec({ snapshots: [0, 5] }))).toMatch(/snapshots\.1: snapshot time 5 is after time\.T/)
    expect(issues(smallKacSpec({ sweep: { N: [1] } }))).toMatch(/sweep\.N\.0: N must be ≥ 2/)
    expect(issues(smallKacSpec({ solvers: [{ kind: 'pairing', N: 1_000_000, replicas: 11 }] }))).toMatch(
      /solvers\.0\.replicas: N × replicas = 11000000 particles in one run; at most 10000000/,
    )
    expect(issues(smallKacSpec({ solvers: [{ kind: 'pairing', N: 1000, replicas: 1 }], sweep: { N: [100, 1_000_000], replicas: 20 } }))).toMatch(
      /solvers\.0\.replicas: N × replicas = 20000000/,
    )
    expect(issues(smallKacSpec({ solvers: [{ kind: 'pairing', N: 1_000_000, replicas: 10 }] }))).toBe('')
    expect(issues(smallKacSpec({ sweep: { N: Array(101).fill(4) } }))).toMatch(/sweep\.N: sweep\.N lists at most 100 values/)
    expect(issues(smallKacSpec({ solvers: Array(20).fill({ kind: 'kac', N: 4 }), sweep: { N: Array(51).fill(4) } }))).toMatch(
      /sweep\.N: the experiment expands into 1020 runs; at most 1000/,
    )
  })

  it('takes device "cpu", "gpu" or "auto" on kac and pairing entries; "gpu" with the rotation integrator only', () => {
    for (const device of ['cpu', 'gpu', 'auto']) expect(issues(smallKacSpec({ solvers: [{ kind: 'pairing', N: 100, device } as never] }))).toBe('')
    expect(issues(smallKacSpec({ solvers: [{ kind: 'kac', N: 10, device: 'tpu' } as never] }))).toMatch(
      /solvers\.0\.device: device must be "cpu", "gpu" or "auto"/,
    )
    expect(issues(smallKacSpec({ solvers: [{ kind: 'kac', N: 10, integrator: 'sbm', device: 'gpu' } as never] }))).toMatch(
      /solvers\.0\.device: device "gpu" runs the rotation integrator only, not "sbm"/,
    )
    expect(issues(smallKacSpec({ solvers: [{ kind: 'pairing', N: 10, integrator: 'euler', device: 'auto' } as never] }))).toBe('') // runs on the CPU
    expect(issues(smallKacSpec({ solvers: [{ kind: 'fgm', N: 10, device: 'gpu' } as never] }))).toMatch(/solvers\.0/) // strict: fgm has no device
  })
})

describe('deterministic solver entries', () => {
  it('fill their defaults and are one run each, never expanded over sweep.N', () => {
    const s = parse(
      smallKacSpec({
        initial: { family: 'bkw', K0: 0.6 },
        solvers: [{ kind: 'kac', N: 2 }, { kind: 'bkw-exact' }, { kind: 'isotropic' }],
        sweep: { N: [125, 250] },
      }),
    )
    expect(s.solvers[1]).toEqual({ kind: 'bkw-exact', points: 400, rMax: 10 })
    expect(s.solvers[2]).toEqual({ kind: 'isotropic', cells: 200, rMax: 10 })
    expect(expandRuns(s).map((r) => [r.runIndex, r.solver.kind])).toEqual([
      [0, 'kac'],
      [1, 'kac'],
      [2, 'bkw-exact'],
      [3, 'isotropic'],
    ])
  })

  it('refuse data they cannot solve, naming the field', () => {
    expect(issues(smallKacSpec({ initial: { family: 'bkw', K0: 0.6 }, kernel: { gamma: -3 }, solvers: [{ kind: 'bkw-exact' }] }))).toBe(
      'solvers.0.kind: bkw-exact is the exact solution for Maxwell molecules: kernel.gamma must be 0 (is -3)',
    )
    expect(issues(smallKacSpec({ solvers: [{ kind: 'bkw-exact' }] }))).toBe(
      'solvers.0.kind: bkw-exact needs initial family "bkw" or "maxwellian" (is "bimaxwellian")',
    )
    expect(issues(smallKacSpec({ solvers: [{ kind: 'isotropic' }] }))).toBe(
      'solvers.0.kind: isotropic needs radially symmetric initial data (maxwellian, bkw, shell, ball); "bimaxwellian" is not',
    )
    expect(issues(smallKacSpec({ solvers: [{ kind: 'spectral', n: 20 }] }))).toBe(
      'solvers.0.n: n must be even and of the form 2^a·3^b (8, 12, 16, 24, 32, 48, 64, 96, 128)',
    )
    expect(checkExperiment(smallKacSpec({ solvers: [{ kind: 'spectral', n: 24 }] })).ok).toBe(true)
    expect(issues(smallKacSpec({ solvers: [{ kind: 'blob', n: 100 }] }))).toBe('solvers.0.n: n must be ≤ 48')
    expect(issues({ ...smallKacSpec(), solvers: [{ kind: 'blob', N: 100 }] })).toMatch(/solvers\.0.*N/)
  })
})

// Hardening: validation ends on every input, its messages are safe to print, and a spec that
// would store more than a project file can reasonably hold is refused (storageEstimate.ts).
describe('validation that ends, with printable messages', () => {
  const spectral = (n: unknown) => smallKacSpec({ solvers: [{ kind: 'spectral', n } as never] })

  it('refuses spectral n = 0, −0 and other non-sizes at once (fftSize used to halve 0 forever)', () => {
    for (const n of [0, -0, -2, 0.5, 6, 1e308, 2 ** 53, 256, Number.MAX_VALUE, 5e-324]) {
      const start = performance.now()
      expect(issues(spectral(n)), `n = ${n}`).toMatch(/^solvers\.0\.n: n must/)
      expect(performance.now() - start, `n = ${n}`).toBeLessThan(500) // ~0.1 ms; generous for a loaded machine
    }
    for (const n of [0, -0, -6, 0.5, NaN, Infinity, 2 ** 60, 1e308, 5e-324]) expect(fftSize(n), `fftSize(${n})`).toBe(false)
    expect([8, 12, 16, 24, 32, 48, 64, 96, 128].every(fftSize)).toBe(true)
  })

  it('runs cross-field checks on valid fields only: a 200 000-entry sweep is refused, not spread into Math.max', () => {
    expect(issues(smallKacSpec({ sweep: { N: Array(200_000).fill(4) } }))).toMatch(/^sweep\.N: sweep\.N lists at most 100 values/)
    expect(issues(smallKacSpec({ snapshots: Array(101).fill(0) }))).toBe('snapshots: snapshots lists at most 100 times')
    expect(issues(smallKacSpec({ time: { T: -1, dt: 0.1 }, snapshots: [5] }))).toBe('time.T: time.T must be > 0')
  })

  it('escapes control characters and cuts echoed user text', () => {
    const text = issues({ ...smallKacSpec(), '\u001b[2J\u001b[31mboom': 1 })
    expect(text).toBe('unknown field "\\u001b[2J\\u001b[31mboom"')
    expect(formatIssues([{ path: 'a\u0000b', message: 'x\u2028y\u202e\n' }])).toBe('a\\u0000b: x\\u2028y\\u202e\\n')
    const long = issues({ ...smallKacSpec(), ['k'.repeat(989_000)]: 1 })
    expect(long).toBe(`unknown field "${'k'.repeat(60)}…"`)
  })

  it('lists at most 20 issues, then how many more', () => {
    const r = checkExperiment(smallKacSpec({ solvers: Array(1000).fill({ kind: 'kac', N: 1 }) }))
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.issues).toHaveLength(20)
    expect(r.issues[0]).toEqual({ path: 'solvers.0.N', message: 'N must be ≥ 2' })
    expect(r.issues[19]).toEqual({ path: '', message: 'and 981 more issues' })
    const text = formatIssues(r.issues)
    expect(text.length).toBeLessThan(2000)
    expect(formatIssues(Array.from({ length: 50 }, (_, k) => ({ path: `p${k}`, message: 'm' })))).toMatch(/; p18: m; and 31 more issues$/)
    const many = Object.fromEntries(Array.from({ length: 10_000 }, (_, k) => [`extra${k}`, k]))
    expect(issues({ ...smallKacSpec(), ...many })).toBe('unknown fields "extra0", "extra1", "extra2", "extra3", "extra4" and 9995 more')
  })

  it('refuses boxes shorter than the data, blob eps off the lattice, formula syntax and raw data that overflow', () => {
    expect(issues(smallKacSpec({ initial: { family: 'maxwellian' }, solvers: [{ kind: 'isotropic', rMax: 1e-300, eps: 0.001 }] }))).toBe(
      'solvers.0.rMax: rMax must be ≥ 1 (the data have temperature 1)',
    )
    expect(issues(smallKacSpec({ solvers: [{ kind: 'spectral', L: 0.5 }] }))).toBe('solvers.0.L: L must be ≥ 1 (the data have temperature 1)')
    expect(issues(smallKacSpec({ solvers: [{ kind: 'blob', n: 16, L: 5, eps: 1e-6 }] }))).toMatch(
      /^solvers\.0\.eps: eps = 0\.000001 is below \(h\/4\)² = 0\.0244/,
    )
    expect(issues(smallKacSpec({ solvers: [{ kind: 'blob', n: 48, L: 1, eps: 10 }] }))).toMatch(
      /^solvers\.0\.eps: eps = 10 spreads each blob over more lattice nodes than a run holds/,
    )
    expect(checkExperiment(smallKacSpec({ solvers: [{ kind: 'blob', n: 16, L: 4, eps: 0.1622 }] })).ok).toBe(true)
    expect(issues(smallKacSpec({ initial: { family: 'formula', expr: 'exp(-v^2' } }))).toMatch(/^initial\.expr: missing '\)'/)
    expect(issues(smallKacSpec({ initial: { family: 'bimaxwellian', T: [1e308, 1e308, 1e308] } }))).toMatch(/^initial\.T\.0: T\[0\] must be ≤ 1e30/)
    expect(issues(smallKacSpec({ initial: { family: 'mixture', components: [{ weight: 1, mean: [0, 0, 0], T: [1, 1, 5e-324] }] } }))).toMatch(
      /T\[2\] must be ≥ 1e-30/,
    )
    // The shell the fuzz found (its run failed to normalise) is refused by S's bounds; within them the
    // shell's own normalisation (shellIssue, run by the schema too) succeeds on a grid of 10⁻³⁰ … 10³⁰.
    expect(issues(smallKacSpec({ initial: { family: 'shell', r0: 1000, S: 1e-300 } }))).toBe('initial.S: S must be ≥ 1e-30')
    expect(shellIssue(1000, 1e-300)).toMatch(/^shell: the density .* cannot be normalised/)
    expect(shellIssue(1e30, 1e-30)).toBeNull()
  })
})

describe('storage estimate', () => {
  const GiB = 2 ** 30

  it('counts history rows, snapshots and densities as the project file stores them', () => {
    const s = parse(
      smallKacSpec({
        solvers: [
          { kind: 'kac', N: 1000, replicas: 4 },
          { kind: 'spectral', n: 16 },
        ],
        time: { T: 1, dt: 0.01, every: 3 },
        snapshots: [0, 0.5, 0.504, 1],
      }),
    )
    const e = storageEstimate(s)
    expect(historyRowCount(100, 3)).toBe(1 + 33 + 1) // t = 0, steps 3 … 99, and the last step
    expect(e.runs).toBe(2)
    expect(e.historyRows).toBe(70)
    // Snapshot times round to steps 0, 50, 50, 100: three stored states.
    expect(e.snapshots).toBe(3 * 4 * (24 * 1000 + 256))
    expect(e.densities).toBe(3 * (8 * 16 ** 3 + 256))
    expect(e.bytes).toBeGreaterThan(e.history + e.snapshots + e.densities)
    expect(e.bytes).toBeLessThan(STORAGE_WARN_BYTES)
  })

  it('refuses more than 8 GiB, naming the part and the fields to lower', () => {
    // 100 snapshots of 10 replicas × 10⁶ particles: 24 GB of velocities.
    const snaps = smallKacSpec({
      solvers: [{ kind: 'pairing', N: 1_000_000, replicas: 10 }],
      time: { T: 1, dt: 0.01 },
      snapshots: Array.from({ length: 100 }, (_, k) => k / 100),
    })
    expect(issues(snaps)).toMatch(
      /^snapshots: the experiment would store about 24\.0 GB \(history .*, snapshots 24\.0 GB, densities 0 bytes\); at most 8\.59 GB: store fewer snapshots, or lower replicas or N$/,
    )
    // 10⁸ steps recorded every step: 16 GB of history rows.
    const rows = smallKacSpec({ time: { T: 1, dt: 1e-8, every: 1 } })
    expect(issues(rows)).toMatch(/^time\.every: the experiment would store about 16\.\d GB .*raise time\.every or time\.dt \(1\.00e\+8 history rows\)$/)
    const fine = parse(smallKacSpec({ time: { T: 1, dt: 1e-8, every: 1000 } }))
    expect(storageEstimate(fine).bytes).toBeLessThan(STORAGE_MAX_BYTES)
    expect(STORAGE_MAX_BYTES).toBe(8 * GiB)
    expect(STORAGE_WARN_BYTES).toBe(GiB)
  })
})
