// Test helper (not a test): the GPU path's device for the tests, and an async consumer of runSolver that
// collects the velocity snapshots of a run. Without an adapter the GPU tests skip with the reason — unless
// CI is set: there they must run (.ci/run installs what the CPU adapter needs), so gpuUnavailableInCi fails.
import { gpuDevice } from '../../../src/backend/gpuDevice'
import { runSolver } from '../../../src/solvers/driver/runSolver'
import type { ParticleRunSpec } from '../../../src/solvers/driver/runSpec'
import type { GpuContext } from '../../../src/solvers/gpu/gpuApi'

export const gpu: GpuContext | string = await gpuDevice()
export const noGpu: string | undefined = typeof gpu === 'string' ? gpu : undefined
if (noGpu && !process.env.CI) console.warn(`GPU tests skipped: ${noGpu}`)
export const gpuUnavailableInCi = noGpu !== undefined && !!process.env.CI

/** Runs spec (on the GPU when given ctx and the entry asks for it); returns snapshots[step][replica]. */
export async function runSnapshots(spec: ParticleRunSpec, ctx?: GpuContext): Promise<Map<number, Float64Array[]>> {
  const out = new Map<number, Float64Array[]>()
  for (const ev of runSolver(spec, ctx ? { gpu: ctx } : {})) {
    if (ev.type === 'await') await ev.ready
    else if (ev.type === 'snapshot') {
      if (!out.has(ev.step)) out.set(ev.step, [])
      out.get(ev.step)![ev.replica] = ev.v
    }
  }
  return out
}
