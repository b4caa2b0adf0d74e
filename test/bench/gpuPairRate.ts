// `npm run bench -- gpu`: pair updates/s of the GPU path (device "gpu": WebGPU through Dawn, docs/NUMERICS.md
// "GPU path") beside the CPU path of the same spec, for random pairing at N = 10⁴ and 10⁵ and Kac's all-pairs
// step at N = 10⁴ (and 10⁵ on a real GPU: on a CPU adapter one step would take minutes). γ = −3, Δt = 0.01,
// one replica, through runSolver as a pool worker drives it (readback only at the rows). A rate is the
// difference of an S-step and a 1-step run, so sampling, the first upload and the rows cancel. On a CPU
// adapter (Mesa's llvmpipe) the "GPU" is the same cores: the figure is labelled so and says nothing of a
// GPU's speed. No adapter: the line says why and the target is skipped. Last, Kac's energy drift at N = 10⁴
// (γ = 0 and −3, Δt = 0.01) over a few steps (2 on a CPU adapter, 100 on a GPU), scaled to 1000 steps both
// linearly (what a rounding bias would give: the old rotation's was +1.0e-6 on llvmpipe) and as a random walk
// (√ of the steps: unbiased rounding, what the rotation of pairStep.wgsl.ts leaves; docs/NUMERICS.md §4.17).
import { performance } from 'node:perf_hooks'
import { gpuDevice } from '../../src/backend/gpuDevice'
import { runSolver } from '../../src/solvers/driver/runSolver'
import type { ParticleRunSpec } from '../../src/solvers/driver/runSpec'
import type { GpuContext } from '../../src/solvers/gpu/gpuApi'
import { fix, median, sci } from './benchHelpers'

/** Wall seconds of one run, its GPU waits awaited (as the pool worker does). */
async function seconds(spec: ParticleRunSpec, gpu?: GpuContext): Promise<number> {
  const t0 = performance.now()
  for (const ev of runSolver(spec, gpu ? { gpu } : {})) if (ev.type === 'await') await ev.ready
  return (performance.now() - t0) / 1000
}

function spec(kind: 'pairing' | 'kac', N: number, steps: number, device: 'gpu' | 'cpu'): ParticleRunSpec {
  return {
    initial: { family: 'maxwellian' },
    kernel: { gamma: -3 },
    solver: { kind, N, replicas: 1, integrator: 'rotation', device },
    time: { T: steps * 0.01, dt: 0.01, every: steps },
    snapshots: [],
    seed: 3,
    runIndex: 0,
  }
}

/** Pair updates/s: (S − 1) steps' pairs over the time an S-step run takes beyond a 1-step run; median of reps. */
async function rate(kind: 'pairing' | 'kac', N: number, steps: number, device: 'gpu' | 'cpu', gpu: GpuContext | undefined, reps: number): Promise<number> {
  const pairs = kind === 'pairing' ? Math.floor(N / 2) : (N * (N - 1)) / 2
  await seconds(spec(kind, N, 2, device), gpu) // warm-up: shaders compiled, JIT warm
  const r: number[] = []
  for (let k = 0; k < reps; k++) {
    const long = await seconds(spec(kind, N, steps, device), gpu)
    const short = await seconds(spec(kind, N, 1, device), gpu)
    r.push(((steps - 1) * pairs) / Math.max(1e-9, long - short))
  }
  return median(r)
}

export async function benchGpu(): Promise<void> {
  const gpu = await gpuDevice()
  if (typeof gpu === 'string') {
    console.log(`gpu: skipped: ${gpu}`)
    return
  }
  const cpuAdapter = gpu.adapter.startsWith('CPU adapter')
  console.log(`gpu: adapter ${gpu.adapter}${cpuAdapter ? ' — a CPU adapter: these figures test the path, not a GPU' : ''}`)
  const cases: { kind: 'pairing' | 'kac'; N: number; steps: number; reps: number }[] = [
    { kind: 'pairing', N: 1e4, steps: 101, reps: 3 },
    { kind: 'pairing', N: 1e5, steps: 21, reps: 3 },
    { kind: 'kac', N: 1e4, steps: 2, reps: 1 },
    ...(cpuAdapter ? [] : [{ kind: 'kac' as const, N: 1e5, steps: 2, reps: 1 }]),
  ]
  for (const c of cases) {
    const g = await rate(c.kind, c.N, c.steps, 'gpu', gpu, c.reps)
    const cpu = await rate(c.kind, c.N, c.steps, 'cpu', undefined, c.reps)
    console.log(
      `gpu ${c.kind} γ=-3 N=${c.N} (${cpuAdapter ? 'CPU adapter' : 'GPU'}): ${sci(g)} pairs/s · CPU path ${sci(cpu)} pairs/s · GPU/CPU ${fix(g / cpu)}`,
    )
  }
  if (cpuAdapter) console.log('gpu kac N=100000: skipped on a CPU adapter (5·10⁹ pair updates a step)')
  for (const gamma of [0, -3]) {
    const steps = cpuAdapter ? 2 : 100
    const s: ParticleRunSpec = { ...spec('kac', 1e4, steps, 'gpu'), initial: { family: 'bimaxwellian', T: [2.8, 0.1, 0.1] }, kernel: { gamma } }
    s.snapshots = [0, s.time.T]
    const energy: number[] = []
    for (const ev of runSolver(s, { gpu })) {
      if (ev.type === 'await') await ev.ready
      else if (ev.type === 'snapshot') energy.push(ev.v.reduce((a, x) => a + x * x, 0))
    }
    const drift = (energy[1] - energy[0]) / energy[0]
    console.log(
      `gpu kac γ=${gamma} N=10000 energy drift: ${sci(drift)} relative over ${steps} steps; per 1000 steps ${sci((drift * 1000) / steps)} if linear, ${sci(drift * Math.sqrt(1000 / steps))} as a random walk`,
    )
  }
}
