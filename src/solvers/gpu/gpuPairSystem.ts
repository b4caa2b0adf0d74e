// The replicas of a particle system held on a WebGPU device, and the pair steps run there (pairStep.wgsl.ts):
// a random matching per step (pairing.ts; the matching is drawn on the CPU from the CPU path's stream and
// uploaded, O(N) words a step) or the round-robin rounds of Kac's step (one dispatch per round; the pairs
// are computed in the shader). Replicas go in batches: one buffer holds a batch's velocities back to back and
// one dispatch steps every pair of every replica of the batch, so Kac at small N with many replicas (N = 20,
// 10⁴ replicas: rounds of 10 pairs) is one dispatch of 10⁵ pairs a round, not 10⁴ dispatches of 10. A batch
// is as many replicas as fit the device's storage binding limit. Velocities stay on the device between history
// rows: read() brings them back only when the host needs them (a row, a snapshot, a checkpoint).
import { BufferUsage, MapMode, SHADER_STAGE_COMPUTE, type GpuBindGroup, type GpuBuffer, type GpuDevice } from './gpuApi'
import { PAIR_STEP_WGSL, WORKGROUP } from './pairStep.wgsl'
import { fromFixed, toFixed } from './fixedPoint'

/** Uniform-buffer dynamic offsets must be multiples of this (WebGPU's minUniformBufferOffsetAlignment ceiling). */
const OFFSET_ALIGN = 256
const PARAMS_BYTES = 48 // Params: 8 u32 + 2 f32, padded to 16
/** A batch's buffers stay below this even where the adapter allows more: bounds one allocation and one readback. */
const BATCH_BYTES = 256 * 1024 * 1024

export interface PairSystemOptions {
  N: number
  /** κ (rotationStep.ts kickScale) and γ. */
  kappa: number
  gamma: number
  /** Counter word 3 of the kick: Purpose.KICK (Kac) or SystemPurpose.PAIRING_KICK (pairing). */
  purpose: number
  /** Round-robin rounds are computed in the shader (Kac); otherwise pairs are uploaded per step. */
  rounds: boolean
}

/** Replicas first … first + count − 1, in one velocity buffer. */
interface Batch {
  first: number
  count: number
  vel: GpuBuffer
  keys: GpuBuffer
  /** Pairing: every replica's pairs of the step (mode 0); a 16-byte placeholder for Kac. */
  pairs: GpuBuffer
  params: GpuBuffer
  group: GpuBindGroup
}

/** Replicas per batch: as many as the binding limit (and BATCH_BYTES) allows, at least one. */
export function replicasPerBatch(N: number, maxBinding: number): number {
  return Math.max(1, Math.floor(Math.min(maxBinding, BATCH_BYTES) / (24 * N)))
}

export class GpuPairSystem {
  private readonly batches: Batch[] = []
  /** The batch of each replica. */
  private readonly batchOf: number[] = []
  private readonly roundIndex: GpuBuffer
  private readonly staging: GpuBuffer
  private readonly pipeline: object
  private readonly paramWords = new Uint32Array(PARAMS_BYTES / 4)
  private readonly paramFloats = new Float32Array(this.paramWords.buffer)
  private readonly words: Uint32Array
  /** Pairing: the step's pairs of the batch being filled (replica by replica, then uploaded at its last). */
  private readonly pairWords: Uint32Array
  /** Bytes handed to queue.writeBuffer since the queue last drained (the host bounds it: needsDrain). */
  private staged = 0

  constructor(
    private readonly device: GpuDevice,
    private readonly o: PairSystemOptions,
    v: Float64Array[],
    keys: Uint32Array,
  ) {
    const { N } = o
    const count = N >>> 1
    const perBatch = Math.min(v.length, replicasPerBatch(N, device.limits.maxStorageBufferBindingSize))
    // Validation and allocation errors surface as errors of the run at its next readback (read()), not as a
    // console line with silently unchanged velocities.
    device.pushErrorScope('validation')
    device.pushErrorScope('out-of-memory')
    const entry = (binding: number, type: 'storage' | 'read-only-storage' | 'uniform', hasDynamicOffset = false) => ({
      binding,
      visibility: SHADER_STAGE_COMPUTE,
      buffer: { type, hasDynamicOffset },
    })
    const layout = device.createBindGroupLayout({
      entries: [entry(0, 'storage'), entry(1, 'read-only-storage'), entry(2, 'uniform'), entry(3, 'uniform', true), entry(4, 'read-only-storage')],
    })
    this.pipeline = device.createComputePipeline({
      layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      compute: { module: device.createShaderModule({ code: PAIR_STEP_WGSL }), entryPoint: 'pair_step' },
    })
    // Round r's index at byte r·256, bound with a dynamic offset per dispatch; one entry (0) for pairing.
    const roundCount = o.rounds ? (N % 2 === 0 ? N - 1 : N) : 1
    this.roundIndex = device.createBuffer({ size: roundCount * OFFSET_ALIGN, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST })
    const index = new Uint32Array((roundCount * OFFSET_ALIGN) / 4)
    for (let r = 0; r < roundCount; r++) index[(r * OFFSET_ALIGN) / 4] = r
    device.queue.writeBuffer(this.roundIndex, 0, index)
    this.staging = device.createBuffer({ size: 24 * N * perBatch, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST })
    this.words = new Uint32Array(6 * N * perBatch)
    this.pairWords = new Uint32Array(o.rounds ? 0 : 2 * count * perBatch)
    for (let first = 0; first < v.length; first += perBatch) {
      const n = Math.min(perBatch, v.length - first)
      const vel = device.createBuffer({ size: 24 * N * n, usage: BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST })
      const keyBuf = device.createBuffer({ size: Math.max(16, 8 * n), usage: BufferUsage.STORAGE | BufferUsage.COPY_DST })
      device.queue.writeBuffer(keyBuf, 0, keys.slice(2 * first, 2 * (first + n)))
      const pairs = device.createBuffer({ size: o.rounds ? 16 : Math.max(16, 8 * count * n), usage: BufferUsage.STORAGE | BufferUsage.COPY_DST })
      const params = device.createBuffer({ size: PARAMS_BYTES, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST })
      const group = device.createBindGroup({
        layout,
        entries: [
          { binding: 0, resource: { buffer: vel } },
          { binding: 1, resource: { buffer: pairs } },
          { binding: 2, resource: { buffer: params } },
          { binding: 3, resource: { buffer: this.roundIndex, size: 4 } },
          { binding: 4, resource: { buffer: keyBuf } },
        ],
      })
      for (let m = 0; m < n; m++) this.batchOf.push(this.batches.length)
      this.batches.push({ first, count: n, vel, keys: keyBuf, pairs, params, group })
    }
    this.write(v)
  }

  /** Uploads every replica's velocities, rounding v in place to the device's fixed-point grid (fixedPoint.ts). */
  write(v: Float64Array[]): void {
    const { N } = this.o
    for (const b of this.batches) {
      for (let m = 0; m < b.count; m++) toFixed(v[b.first + m], this.words.subarray(6 * N * m, 6 * N * (m + 1)))
      this.device.queue.writeBuffer(b.vel, 0, this.words.subarray(0, 6 * N * b.count))
    }
  }

  /**
   * Replica m's matching of time step `step`: perm is the step's permutation (randomMatching.ts), consecutive
   * entries matched; for odd N the last sits out. The batch steps when its last replica's matching is in.
   */
  matchingStep(m: number, step: number, perm: Uint32Array): void {
    const count = this.o.N >>> 1
    const b = this.batches[this.batchOf[m]]
    const out = this.pairWords.subarray(2 * count * (m - b.first))
    for (let c = 0; c < count; c++) {
      const a = perm[2 * c]
      const d = perm[2 * c + 1]
      out[2 * c] = a < d ? a : d
      out[2 * c + 1] = a < d ? d : a
    }
    if (m !== b.first + b.count - 1) return
    this.device.queue.writeBuffer(b.pairs, 0, this.pairWords.subarray(0, 2 * count * b.count))
    this.staged += 8 * count * b.count
    this.dispatch(b, step, 0, 1)
  }

  /**
   * Rounds first … end − 1 of Kac's time step `step` for replica m: they run, for its whole batch, when m is
   * the batch's last replica (the driver runs a step's parts replica by replica, in order).
   */
  roundsStep(m: number, step: number, first: number, end: number): void {
    const b = this.batches[this.batchOf[m]]
    if (m === b.first + b.count - 1) this.dispatch(b, step, first, end)
  }

  private dispatch(b: Batch, step: number, first: number, end: number): void {
    const { N, kappa, gamma, purpose, rounds } = this.o
    const count = N >>> 1
    const groups = Math.ceil((count * b.count) / WORKGROUP)
    // More groups than one dimension takes: rows of maxX groups (the shader skips the tail of the last row).
    const maxX = this.device.limits.maxComputeWorkgroupsPerDimension
    const x = Math.min(groups, maxX)
    const y = Math.ceil(groups / x)
    const p = this.paramWords
    p[0] = count
    p[1] = step
    p[2] = b.count
    p[3] = x * WORKGROUP
    p[4] = purpose
    p[5] = N
    p[6] = rounds ? 1 : 0
    this.paramFloats[8] = kappa
    this.paramFloats[9] = gamma
    this.device.queue.writeBuffer(b.params, 0, p)
    this.staged += PARAMS_BYTES
    const enc = this.device.createCommandEncoder()
    const pass = enc.beginComputePass()
    pass.setPipeline(this.pipeline)
    // Dispatches of one pass run in order, each seeing the previous one's writes: the rounds' sequence.
    for (let r = first; r < end; r++) {
      pass.setBindGroup(0, b.group, [r * OFFSET_ALIGN])
      pass.dispatchWorkgroups(x, y)
    }
    pass.end()
    this.device.queue.submit([enc.finish()])
  }

  /** True when the uploads queued since the last drain are large enough that the host should wait (drain()). */
  needsDrain(): boolean {
    return this.staged >= 32 * 1024 * 1024
  }

  /** Waits for the queued work: bounds the memory Dawn holds for pending uploads. */
  async drain(): Promise<void> {
    await this.device.queue.onSubmittedWorkDone()
    this.staged = 0
  }

  /** Brings every replica's velocities back into v (after all work submitted so far). */
  async read(v: Float64Array[]): Promise<void> {
    const { N } = this.o
    for (const b of this.batches) {
      const bytes = 24 * N * b.count
      const enc = this.device.createCommandEncoder()
      enc.copyBufferToBuffer(b.vel, 0, this.staging, 0, bytes)
      this.device.queue.submit([enc.finish()])
      await this.staging.mapAsync(MapMode.READ)
      const words = new Uint32Array(this.staging.getMappedRange(), 0, bytes / 4)
      for (let m = 0; m < b.count; m++) fromFixed(words.subarray(6 * N * m, 6 * N * (m + 1)), v[b.first + m])
      this.staging.unmap()
    }
    this.staged = 0
    await this.checkErrors()
  }

  private async checkErrors(): Promise<void> {
    const oom = await this.device.popErrorScope()
    const invalid = await this.device.popErrorScope()
    this.device.pushErrorScope('validation')
    this.device.pushErrorScope('out-of-memory')
    const e = oom ?? invalid
    if (e) throw new Error(`WebGPU ${oom ? 'out of memory' : 'validation error'}: ${e.message}`)
  }

  destroy(): void {
    // The two error scopes pushed last stay open: scopes nest, so the device's next user's own (innermost)
    // scopes still catch its errors, and a pop not awaited here would dangle at process exit.
    for (const b of this.batches) {
      b.vel.destroy()
      b.keys.destroy()
      b.pairs.destroy()
      b.params.destroy()
    }
    this.roundIndex.destroy()
    this.staging.destroy()
  }
}
