// Obtains the WebGPU device of the GPU path (docs/NUMERICS.md "GPU path") in a Node process: Dawn through the
// npm package `webgpu`, loaded only when a run asks for a device. Two attempts, in order:
//   1. Dawn's default backend (Vulkan, Metal or D3D12), the one a machine with a GPU uses;
//   2. Dawn's OpenGL ES backend in compatibility mode over EGL without a display (EGL_PLATFORM=surfaceless):
//      on a machine without a GPU this gives Mesa's llvmpipe, a CPU adapter — correct, not fast; tests and CI
//      use it (packages libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri, .ci/run).
// LANDAU_GPU_BACKEND=default|opengles tries only that one.
// The object create() returns is kept for the life of the process: Dawn's adapters and devices do not keep
// it alive themselves, and once it was collected the process crashed at random (SIGSEGV, SIGABRT, mapAsync
// never settling). The device is shared by the runs of one thread, one at a time.
import type { GpuContext, GpuDevice } from '../solvers/gpu/gpuApi'

/**
 * EGL reads EGL_PLATFORM from the C environment, which only the main thread's process.env writes reach (a
 * worker thread's process.env is its own copy): the scheduler calls this before it starts its threads. Only
 * without a display — with one, EGL's default platform works, and Electron's GPU process inherits the variable.
 */
export function prepareGpuEnvironment(): void {
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) process.env.EGL_PLATFORM ??= 'surfaceless'
}

/** Everything Dawn hands out hangs off these: never let them be collected. */
const holders: unknown[] = []
let pending: Promise<GpuContext | string> | undefined
/** The adapter search, shared by the device (gpuDevice) and the cheap probe (gpuMissing). */
let found: Promise<Found | string> | undefined

/** A CPU implementation of the API (llvmpipe, lavapipe, SwiftShader): correct results, no speed-up. */
export function isCpuAdapter(description: string): boolean {
  return /llvmpipe|lavapipe|softpipe|swiftshader|fallback/i.test(description)
}

/**
 * The thread's device, or a sentence saying why there is none (no `webgpu` package, no adapter). Asked once
 * per thread; later calls get the same answer.
 */
export function gpuDevice(): Promise<GpuContext | string> {
  pending ??= findAdapter().then((f): GpuContext | string | Promise<GpuContext> => (typeof f === 'string' ? f : open(f.adapter, f.backend)))
  return pending
}

/**
 * Why this host cannot run device "gpu" (the sentence gpuDevice would give), or null when it has an adapter:
 * the check at a spec's submission (gpuRefusal.ts). Only the adapter is asked for, not a device, and the
 * answer is kept for the process (a host does not gain a GPU while it runs).
 */
export async function gpuMissing(): Promise<string | null> {
  const f = await findAdapter()
  return typeof f === 'string' ? f : null
}

interface DawnAdapter {
  info: { vendor: string; architecture: string; device: string; description: string; isFallbackAdapter?: boolean }
  limits: Record<string, number>
  requestDevice(d?: { requiredLimits?: Record<string, number> }): Promise<GpuDevice & { lost: Promise<{ message: string }> }>
}
interface Dawn {
  requestAdapter(o?: { featureLevel?: string; powerPreference?: string }): Promise<DawnAdapter | null>
}
interface Found {
  adapter: DawnAdapter
  backend: string
}

function findAdapter(): Promise<Found | string> {
  found ??= search()
  return found
}

async function search(): Promise<Found | string> {
  let webgpu: { create(flags: string[]): Dawn }
  try {
    webgpu = (await import('webgpu')) as unknown as typeof webgpu
  } catch (e) {
    return `the npm package "webgpu" could not be loaded (${(e as Error).message})`
  }
  const only = process.env.LANDAU_GPU_BACKEND
  const tried: string[] = []
  if (!only || only === 'default') {
    const gpu = webgpu.create([])
    holders.push(gpu)
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' })
    if (adapter) return { adapter, backend: 'default backend' }
    tried.push('default backend (Vulkan/Metal/D3D12): no adapter')
  }
  if (!only || only === 'opengles') {
    prepareGpuEnvironment() // in a worker thread this is too late (see there): the scheduler did it already
    const gpu = webgpu.create(['backend=opengles'])
    holders.push(gpu)
    // The GL backend offers only a compatibility-mode adapter: without featureLevel it answers null.
    const adapter = await gpu.requestAdapter({ featureLevel: 'compatibility' })
    if (adapter) return { adapter, backend: 'OpenGL ES, compatibility' }
    tried.push('OpenGL ES backend: no adapter (needs EGL and Mesa: libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri)')
  }
  return `no WebGPU adapter on this machine (${tried.join('; ') || `LANDAU_GPU_BACKEND=${only} is not "default" or "opengles"`})`
}

async function open(adapter: DawnAdapter, backend: string): Promise<GpuContext> {
  holders.push(adapter)
  // The largest storage buffer the adapter allows: N = 10⁶ needs 24 MB a replica (above compatibility's default 128 MB? no — but ask anyway).
  const device = await adapter.requestDevice({
    requiredLimits: { maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize, maxBufferSize: adapter.limits.maxBufferSize },
  })
  holders.push(device)
  const i = adapter.info
  const name = [i.vendor, i.architecture, i.device].filter((s) => s).join(' ') || 'unknown adapter'
  const description = `${name} (${i.description}; ${backend}${i.isFallbackAdapter ? '; fallback adapter' : ''})`
  void device.lost.then((l) => {
    // A lost device cannot come back, nor give another (an adapter gives one device): later runs ask afresh.
    pending = undefined
    found = undefined
    if (l.message) console.error(`WebGPU device lost: ${l.message}`)
  })
  return { device, adapter: isCpuAdapter(description) ? `CPU adapter: ${description}` : description }
}
