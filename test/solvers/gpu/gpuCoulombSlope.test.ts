// The Coulomb (γ = −3) initial isotropisation slope oracle (test/solvers/particles/coulombOracle.ts: quadrature,
// derivation, tolerance of 4 SE + 2 %) run through the GPU path, for Kac's all-pairs step and for random
// pairing: the shader's |z|^{−3/2} kick and κ are the kernel's normalisation, not only conservative moves.
// Seeds differ from the CPU test's, so these are independent samples, not the CPU run coupled.
// Kac: N = 20 as on the CPU, one batch of all replicas a round (19 dispatches a step). Pairing: N = 10⁴, whose
// expected generator is Kac's (pairing.ts); Δt = 0.001 keeps its O(Δt) bias (its per-pair kick is set by Δt,
// not N) well inside the 2 % allowance. Replica counts give SE ≈ 4 % of the signal in both, so a factor 2
// is ≥ 10 SE away.
import { describe, it } from 'vitest'
import type { ParticleRunSpec } from '../../../src/solvers/driver/runSpec'
import { anisotropy, COULOMB_T, expectOracleSlope } from '../particles/coulombOracle'
import { gpu, noGpu, runSnapshots } from './gpuRun'

const ctx = typeof gpu === 'string' ? undefined : gpu

function spec(kind: 'kac' | 'pairing', N: number, replicas: number, dt: number, steps: number, seed: number): ParticleRunSpec {
  return {
    initial: { family: 'bimaxwellian', T: COULOMB_T },
    kernel: { gamma: -3 },
    solver: { kind, N, replicas, integrator: 'rotation', device: 'gpu' },
    time: { T: steps * dt, dt, every: steps },
    snapshots: [0, steps * dt],
    seed,
    runIndex: 0,
  }
}

describe.skipIf(!ctx)(`GPU path, γ = −3: initial slope of Txx − Tzz equals the Coulomb oracle (${ctx?.adapter ?? noGpu})`, () => {
  it.each([
    ['kac', 20, 8000, 0.002, 20, 4343],
    ['pairing', 10_000, 16, 0.001, 40, 4444],
  ] as const)('%s, N = %i, %i replicas', async (kind, N, R, dt, steps, seed) => {
    const snaps = await runSnapshots(spec(kind, N, R, dt, steps, seed), ctx)
    const change = Float64Array.from(snaps.get(steps)!, (v, m) => anisotropy(v, N) - anisotropy(snaps.get(0)![m], N))
    const r = expectOracleSlope(change, N, steps * dt)
    if (process.env.LANDAU_VERBOSE) console.log(kind, r, r.se / Math.abs(r.expected))
  })
})
