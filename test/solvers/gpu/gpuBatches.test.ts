// The GPU path's replica batches (gpu/gpuPairSystem.ts): one dispatch steps every replica of a batch, a batch
// being as many replicas as the device's storage binding limit holds. The arithmetic of a pair does not
// depend on which batch or dispatch row it falls in, so a run split into small batches, each dispatched as
// several rows of workgroups (a device whose limits are lowered here), must give the very bits of the run in
// one batch of one row. A wrong replica offset, key or pair index would move some replica by O(κ).
import { describe, expect, it } from 'vitest'
import type { ParticleRunSpec } from '../../../src/solvers/driver/runSpec'
import type { GpuContext } from '../../../src/solvers/gpu/gpuApi'
import { replicasPerBatch } from '../../../src/solvers/gpu/gpuPairSystem'
import { gpu, noGpu, runSnapshots } from './gpuRun'

const ctx = typeof gpu === 'string' ? undefined : gpu

/** ctx's device with lowered limits (methods bound to the real device): batches of `perBatch` replicas of N
 * particles, `maxX` workgroups a row. */
function limited(c: GpuContext, N: number, perBatch: number, maxX: number): GpuContext {
  const limits = { ...c.device.limits, maxStorageBufferBindingSize: 24 * N * perBatch, maxComputeWorkgroupsPerDimension: maxX }
  const device = new Proxy(c.device, {
    get: (target, key) => (key === 'limits' ? limits : bindIfFunction(target, key)),
  })
  return { device, adapter: c.adapter }
}

function bindIfFunction(target: object, key: string | symbol): unknown {
  const value = Reflect.get(target, key) as unknown
  return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
}

function spec(kind: 'kac' | 'pairing', N: number, replicas: number, steps: number): ParticleRunSpec {
  return {
    initial: { family: 'bimaxwellian', T: [2.8, 0.1, 0.1] },
    kernel: { gamma: -3 },
    solver: { kind, N, replicas, integrator: 'rotation', device: 'gpu' },
    time: { T: steps * 0.01, dt: 0.01, every: steps },
    snapshots: [steps * 0.01],
    seed: 5,
    runIndex: 0,
  }
}

describe.skipIf(!ctx)(`GPU replica batches (${ctx?.adapter ?? noGpu})`, () => {
  it('batch size: what the binding limit holds, at least one replica', () => {
    expect(replicasPerBatch(100, 2400 * 7 + 2399)).toBe(7)
    expect(replicasPerBatch(100, 10)).toBe(1)
  })

  it.each([
    ['pairing', 1000, 2],
    ['kac', 200, 2],
  ] as const)('%s: batches of 2 of 5 replicas, rows of 3 workgroups, give the bits of one batch', async (kind, N, steps) => {
    const s = spec(kind, N, 5, steps)
    const whole = await runSnapshots(s, ctx)
    const split = await runSnapshots(s, limited(ctx!, N, 2, 3))
    for (let m = 0; m < 5; m++) expect(split.get(steps)![m]).toEqual(whole.get(steps)![m])
    // 2 replicas' pairs fill 16 (pairing) and 4 (kac) workgroups of 64: several rows of 3. Replicas differ from each other (their own keys reached the shader).
    expect(whole.get(steps)![1]).not.toEqual(whole.get(steps)![0])
  })
})
