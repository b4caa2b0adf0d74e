// The replicas of a particle system held on a WebGPU device, and the pair steps run there (pairStep.wgsl.ts):
// a random matching per step (pairing.ts; the matching is drawn on the CPU from the CPU path's stream and
// uploaded, O(N) words a step) or the round-robin rounds of Kac's step (one dispatch per round; the pairs
// are computed in the shader). Velocities stay on the device between history rows: read() brings them
// back only when the host needs them (a row, a snapshot, a checkpoint).
import { BufferUsage, MapMode, SHADER_STAGE_COMPUTE, type GpuBindGroup, type GpuBuffer, type GpuDevice } from './gpuApi'
import { PAIR_STEP_WGSL, WORKGROUP } from './pairStep.wgsl'
import { fromFixed, toFixed } from './fixedPoint'

/** Uniform-buffer dynamic offsets must be multiples of this (WebGPU's minUniformBufferOffsetAlignment ceiling). */
const OFFSET_ALIGN = 256
const PARAMS_BYTES = 48 // Params: 8 u32 + 2 f32, padded to 16

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

interface Replica {
  vel: GpuBuffer
  params: GpuBuffer
  group: GpuBindGroup
  k0: number
  k1: number
}

export class GpuPairSystem {
  private readonly replicas: Replica[] = []
  private readonly pairs: GpuBuffer
  private readonly roundIndex: GpuBuffer
  private readonly staging: GpuBuffer
  private readonly pipeline: object
  private readonly paramWords = new Uint32Array(PARAMS_BYTES / 4)
  private readonly paramFloats = new Float32Array(this.paramWords.buffer)
  private readonly words: Uint32Array
  /** Bytes handed to queue.writeBuffer since the queue last drained (the host bounds it: needsDrain). */
  private staged = 0

  constructor(
    private readonly device: GpuDevice,
    private readonly o: PairSystemOptions,
    v: Float64Array[],
    keys: Uint32Array,
  ) {
    const { N } = o
    const bytes = 24 * N
    // Validation and allocation errors surface as errors of the run at its next readback (read()), not as a
    // console line with silently unchanged velocities.
    device.pushErrorScope('validation')
    device.pushErrorScope('out-of-memory')
    const layout = device.createBindGroupLayout({
      entries: [
        { binding: 0, visibility: SHADER_STAGE_COMPUTE, buffer: { type: 'storage' } },
        { binding: 1, visibility: SHADER_STAGE_COMPUTE, buffer: { type: 'read-only-storage' } },
        { binding: 2, visibility: SHADER_STAGE_COMPUTE, buffer: { type: 'uniform' } },
        { binding: 3, visibility: SHADER_STAGE_COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true } },
      ],
    })
    this.pipeline = device.createComputePipeline({
      layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      compute: { module: device.createShaderModule({ code: PAIR_STEP_WGSL }), entryPoint: 'pair_step' },
    })
    // Pairs of one matching (pairing) — a 16-byte placeholder for Kac, whose pairs the shader computes.
    this.pairs = device.createBuffer({ size: o.rounds ? 16 : Math.max(16, 8 * (N >>> 1)), usage: BufferUsage.STORAGE | BufferUsage.COPY_DST })
    // Round r's index at byte r·256, bound with a dynamic offset per dispatch; one entry (0) for pairing.
    const roundCount = o.rounds ? (N % 2 === 0 ? N - 1 : N) : 1
    this.roundIndex = device.createBuffer({ size: roundCount * OFFSET_ALIGN, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST })
    const index = new Uint32Array((roundCount * OFFSET_ALIGN) / 4)
    for (let r = 0; r < roundCount; r++) index[(r * OFFSET_ALIGN) / 4] = r
    device.queue.writeBuffer(this.roundIndex, 0, index)
    this.staging = device.createBuffer({ size: bytes, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST })
    this.words = new Uint32Array(6 * N)
    for (let m = 0; m < v.length; m++) {
      const vel = device.createBuffer({ size: bytes, usage: BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST })
      const params = device.createBuffer({ size: PARAMS_BYTES, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST })
      const group = device.createBindGroup({
        layout,
        entries: [
          { binding: 0, resource: { buffer: vel } },
          { binding: 1, resource: { buffer: this.pairs } },
          { binding: 2, resource: { buffer: params } },
          { binding: 3, resource: { buffer: this.roundIndex, size: 4 } },
        ],
      })
      this.replicas.push({ vel, params, group, k0: keys[2 * m], k1: keys[2 * m + 1] })
    }
    this.write(v)
  }

  /** Uploads every replica's velocities, rounding v in place to the device's fixed-point grid (fixedPoint.ts). */
  write(v: Float64Array[]): void {
    v.forEach((vm, m) => {
      toFixed(vm, this.words)
      this.device.queue.writeBuffer(this.replicas[m].vel, 0, this.words)
    })
  }

  /**
   * One matching step of replica m at time step `step`: perm is the step's permutation (randomMatching.ts),
   * consecutive entries matched; for odd N the last sits out.
   */
  matchingStep(m: number, step: number, perm: Uint32Array, scratch: Uint32Array): void {
    const count = this.o.N >>> 1
    for (let c = 0; c < count; c++) {
      const a = perm[2 * c]
      const b = perm[2 * c + 1]
      scratch[2 * c] = a < b ? a : b
      scratch[2 * c + 1] = a < b ? b : a
    }
    this.device.queue.writeBuffer(this.pairs, 0, scratch.subarray(0, 2 * count))
    this.staged += 8 * count
    this.dispatch(m, step, 0, 1)
  }

  /** Rounds first … end − 1 of Kac's time step `step` on replica m, in order (one dispatch each). */
  roundsStep(m: number, step: number, first: number, end: number): void {
    this.dispatch(m, step, first, end)
  }

  private dispatch(m: number, step: number, first: number, end: number): void {
    const { N, kappa, gamma, purpose, rounds } = this.o
    const rep = this.replicas[m]
    const count = N >>> 1
    const p = this.paramWords
    p[0] = count
    p[1] = step
    p[2] = rep.k0
    p[3] = rep.k1
    p[4] = purpose
    p[5] = N
    p[6] = rounds ? 1 : 0
    this.paramFloats[8] = kappa
    this.paramFloats[9] = gamma
    this.device.queue.writeBuffer(rep.params, 0, p)
    this.staged += PARAMS_BYTES
    const enc = this.device.createCommandEncoder()
    const pass = enc.beginComputePass()
    pass.setPipeline(this.pipeline)
    const groups = Math.ceil(count / WORKGROUP)
    // Dispatches of one pass run in order, each seeing the previous one's writes: the rounds' sequence.
    for (let r = first; r < end; r++) {
      pass.setBindGroup(0, rep.group, [r * OFFSET_ALIGN])
      pass.dispatchWorkgroups(groups)
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
    for (let m = 0; m < v.length; m++) {
      const enc = this.device.createCommandEncoder()
      enc.copyBufferToBuffer(this.replicas[m].vel, 0, this.staging, 0, this.staging.size)
      this.device.queue.submit([enc.finish()])
      await this.staging.mapAsync(MapMode.READ)
      fromFixed(new Uint32Array(this.staging.getMappedRange()), v[m])
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
    for (const r of this.replicas) {
      r.vel.destroy()
      r.params.destroy()
    }
    this.pairs.destroy()
    this.roundIndex.destroy()
    this.staging.destroy()
  }
}
