// The part of the WebGPU API the GPU steppers use, as plain structural types: src/solvers is checked with no
// ambient types (no DOM, no @webgpu/types), and a device obtained by the backend (src/backend/gpuDevice.ts,
// the `webgpu` package) is handed in through StepperOptions. Only what the code calls is declared.

/** GPUBufferUsage and GPUMapMode flags (WebGPU spec §5.1, §5.2): fixed numbers, declared here as the globals are absent. */
export const BufferUsage = { MAP_READ: 0x1, COPY_SRC: 0x4, COPY_DST: 0x8, UNIFORM: 0x40, STORAGE: 0x80 } as const
export const MapMode = { READ: 0x1 } as const

export interface GpuBuffer {
  readonly size: number
  mapAsync(mode: number): Promise<undefined>
  getMappedRange(): ArrayBuffer
  unmap(): undefined
  destroy(): undefined
}

export type GpuBindGroup = object
export type GpuBindGroupLayout = object

export type GpuComputePipeline = object

/** GPUShaderStage.COMPUTE. */
export const SHADER_STAGE_COMPUTE = 0x4

export interface GpuLayoutEntry {
  binding: number
  visibility: number
  buffer: { type: 'storage' | 'read-only-storage' | 'uniform'; hasDynamicOffset?: boolean }
}

export interface GpuComputePass {
  setPipeline(p: GpuComputePipeline): undefined
  setBindGroup(index: number, group: GpuBindGroup, dynamicOffsets?: number[]): undefined
  dispatchWorkgroups(x: number, y?: number): undefined
  end(): undefined
}

export interface GpuCommandEncoder {
  beginComputePass(): GpuComputePass
  copyBufferToBuffer(src: GpuBuffer, srcOffset: number, dst: GpuBuffer, dstOffset: number, size: number): undefined
  finish(): object
}

export interface GpuQueue {
  writeBuffer(buffer: GpuBuffer, offset: number, data: ArrayBufferView): undefined
  submit(commands: object[]): undefined
  onSubmittedWorkDone(): Promise<undefined>
}

/** A WebGPU device (GPUDevice), as far as the steppers use it. */
export interface GpuDevice {
  readonly queue: GpuQueue
  readonly limits: {
    readonly maxComputeWorkgroupsPerDimension: number
    readonly maxBufferSize: number
    readonly maxStorageBufferBindingSize: number
  }
  createBuffer(d: { size: number; usage: number }): GpuBuffer
  createShaderModule(d: { code: string }): object
  createBindGroupLayout(d: { entries: GpuLayoutEntry[] }): GpuBindGroupLayout
  createPipelineLayout(d: { bindGroupLayouts: GpuBindGroupLayout[] }): object
  createComputePipeline(d: { layout: object; compute: { module: object; entryPoint: string } }): GpuComputePipeline
  createBindGroup(d: { layout: GpuBindGroupLayout; entries: { binding: number; resource: { buffer: GpuBuffer; size?: number } }[] }): GpuBindGroup
  createCommandEncoder(): GpuCommandEncoder
  pushErrorScope(filter: 'validation' | 'out-of-memory' | 'internal'): undefined
  popErrorScope(): Promise<{ message: string } | null>
}

/** A device and the adapter it came from, as the run record states it ("vendor architecture, driver …"). */
export interface GpuContext {
  device: GpuDevice
  adapter: string
}
