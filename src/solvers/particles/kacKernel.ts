// The WebAssembly kernel of Kac's rotation step (kacKernel.wat; docs/NUMERICS.md §4.3), loaded once per
// JavaScript realm (each pool worker has its own instance). Only the global WebAssembly object is used,
// synchronously, so this runs unchanged in Node and its worker threads (and in a browser page, whose CSP
// must then allow 'wasm-unsafe-eval'; the renderer runs no solver).
// The caller's velocities are copied into the module's memory for a block of rounds and back after it;
// everything else (pairs, random numbers, Box–Muller, the rotation) happens inside the module.
// The module imports its memory, a shared one (threads proposal): the realm's instance here gets one of its
// own; a split run (kacTeam.ts) instantiates the same module on a memory its threads share.
import { decodeBase64 } from '../base64'
import { KAC_KERNEL_WASM_BASE64 } from './kacKernel.wasm'

/** The part of the WebAssembly API used here (src/solvers is compiled without DOM or Node types). */
export interface WasmMemory {
  /** A SharedArrayBuffer (the memory is shared), typed as ArrayBuffer for the typed-array views. */
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}
export interface KernelExports {
  memory: WasmMemory
  round(v: number, pairs: number, count: number, scratch: number, kappa: number, mode: number, hg: number, k0: number, k1: number, step: number): void
  rounds(
    v: number,
    N: number,
    r0: number,
    r1: number,
    pairs: number,
    scratch: number,
    kappa: number,
    mode: number,
    hg: number,
    k0: number,
    k1: number,
    step: number,
  ): void
  fillRound(N: number, round: number, out: number): number
  fillRange(N: number, round: number, first: number, m: number, out: number): void
  keys(at: number, k0: number, k1: number): void
  philox(pairs: number, groups: number, keys: number, U1: number, U2: number, step: number, v: number, AI: number, AJ: number, raw: number): void
  sincosTable(tab: number): void
  normals(R: number, C: number, S: number, vectors: number, tab: number): void
  sbmPairs(
    v: number,
    pairs: number,
    count: number,
    scratch: number,
    kappa2: number,
    mode: number,
    gamma: number,
    k0: number,
    k1: number,
    step: number,
    purpose: number,
  ): number
  sbmApply(count: number, scratch: number): void
  logv(input: number, out: number, n: number): void
  expv(input: number, out: number, n: number): void
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: unknown }
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory
}

/** The most pages the module's memory may have (its import declares 1 … 65536 pages: 4 GiB). */
export const MAX_PAGES = 65536

const wasm = () => (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly

let compiled: object | null = null
let kernel: KernelExports | null = null

/** A shared memory of `pages` pages (64 KiB each) that may grow to `maximum` pages. */
export function sharedMemory(pages: number, maximum = MAX_PAGES): WasmMemory {
  return new (wasm().Memory)({ initial: pages, maximum, shared: true })
}

/** An instance of the kernel (the module is compiled once per realm) working in `memory`. */
export function instantiate(memory: WasmMemory): KernelExports {
  if (compiled === null) compiled = new (wasm().Module)(decodeBase64(KAC_KERNEL_WASM_BASE64))
  const exported = new (wasm().Instance)(compiled, { env: { memory } }).exports as Omit<KernelExports, 'memory'>
  return { ...exported, memory }
}

/** This realm's kernel instance (its own memory), created on first use. */
export function kernelInstance(): KernelExports {
  if (kernel === null) kernel = instantiate(sharedMemory(1))
  return kernel
}

/** Byte offsets in the module's memory for `count` pairs a round and N particles. */
interface Layout {
  pairs: number
  scratch: number
  v: number
}

/** Where $round puts Box–Muller's sincos table in its scratch: after the keys (320 bytes) and one chunk's R, C, S, AI, AJ. */
const ROUND_TABLE_OFFSET = 320 + 32 * 256
/** Bytes of $round's scratch: keys, R, C, S (8 bytes), AI, AJ (4 bytes) for a chunk of 256 pairs, the 1 KiB table. */
export const ROUND_SCRATCH_BYTES = ROUND_TABLE_OFFSET + 1024

/**
 * The layout of kacKernel.wat's header, growing the memory if needed: pairs (count rounded up to 8, + 8 for
 * the schedule's overrun), scratch (320 bytes of round keys, then R, C, S: 8 bytes, AI, AJ: 4 bytes a pair,
 * for a chunk of 256 pairs in $round and its sincos table, for all pairs in kernelUniforms), v.
 */
function layout(k: KernelExports, count: number, N: number): Layout {
  const n8 = (count + 7) & ~7
  const pairs = 0
  const scratch = align16(pairs + 8 * (n8 + 8))
  const v = align16(scratch + Math.max(ROUND_SCRATCH_BYTES, 320 + 32 * n8))
  const end = v + 24 * N
  const have = k.memory.buffer.byteLength
  if (end > have) k.memory.grow(Math.ceil((end - have) / 65536))
  return { pairs, scratch, v }
}

export function align16(x: number): number {
  return (x + 15) & ~15
}

/** Kernel mode and γ/2 for the exponent γ: 0 is Coulomb (γ = −3), 1 Maxwell (γ = 0), 2 any other γ. */
export function gammaMode(gamma: number): number {
  return gamma === -3 ? 0 : gamma === 0 ? 1 : 2
}

/**
 * Rounds first … end − 1 (round-robin order, roundRobin.ts) of time step `step` of one replica: v
 * (Float64Array(3N)) in place, kick constant κ, exponent γ, stream key (k0, k1).
 */
export function kernelRounds(v: Float64Array, N: number, first: number, end: number, kappa: number, gamma: number, k0: number, k1: number, step: number): void {
  if (end <= first) return // no round: the velocities need not enter the module
  const k = kernelInstance()
  const at = layout(k, Math.floor(N / 2), N)
  const view = new Float64Array(k.memory.buffer, at.v, 3 * N)
  view.set(v.subarray(0, 3 * N))
  k.rounds(at.v, N, first, end, at.pairs, at.scratch, kappa, gammaMode(gamma), 0.5 * gamma, k0, k1, step)
  v.set(view)
}

/** One round given as `count` disjoint pairs (pairs[2p], pairs[2p + 1]), i < j, of the particles of v. */
export function kernelRound(v: Float64Array, pairs: Uint32Array, count: number, kappa: number, gamma: number, k0: number, k1: number, step: number): void {
  if (count === 0) return
  const k = kernelInstance()
  const N = Math.floor(v.length / 3)
  const at = layout(k, count, N)
  new Uint32Array(k.memory.buffer, at.pairs, 2 * count).set(pairs.subarray(0, 2 * count))
  const view = new Float64Array(k.memory.buffer, at.v, 3 * N)
  view.set(v.subarray(0, 3 * N))
  k.round(at.v, at.pairs, count, at.scratch, kappa, gammaMode(gamma), 0.5 * gamma, k0, k1, step)
  v.set(view)
}

// Access to the kernel's parts for tests -------------------------------------------------------------

/** The pairs the kernel schedules in round `round` of N particles (to compare with roundPairs). */
export function kernelRoundPairs(N: number, round: number): Uint32Array {
  const k = kernelInstance()
  const at = layout(k, Math.floor(N / 2), N)
  const count = k.fillRound(N, round, at.pairs)
  return new Uint32Array(k.memory.buffer, at.pairs, 2 * count).slice()
}

/** Pairs first … first + m − 1 of round `round` of N particles as fillRange writes them (a split run's chunk). */
export function kernelRangePairs(N: number, round: number, first: number, m: number): Uint32Array {
  const k = kernelInstance()
  const at = layout(k, m + 8, N)
  new Uint32Array(k.memory.buffer, at.pairs, 2 * (m + 8)).fill(0xffffffff)
  k.fillRange(N, round, first, m, at.pairs)
  return new Uint32Array(k.memory.buffer, at.pairs, 2 * m).slice()
}

/** The uniforms (u₁, u₂) the kernel draws for the kicks of `count` pairs (i < j) at time step `step`. */
export function kernelUniforms(pairs: Uint32Array, count: number, k0: number, k1: number, step: number): { u1: Float64Array; u2: Float64Array } {
  const k = kernelInstance()
  const n8 = (count + 7) & ~7
  const at = layout(k, n8, 1)
  const mem = () => k.memory.buffer
  const p = new Uint32Array(mem(), at.pairs, 2 * n8)
  p.fill(0)
  p.set(pairs.subarray(0, 2 * count))
  const U1 = at.scratch + 320
  const U2 = U1 + 8 * n8
  const AI = U2 + 8 * n8
  k.keys(at.scratch, k0, k1)
  k.philox(at.pairs, n8 / 8, at.scratch, U1, U2, step, 0, AI, AI + 4 * n8, 0)
  return { u1: new Float64Array(mem(), U1, count).slice(), u2: new Float64Array(mem(), U2, count).slice() }
}

/** The kernel's Box–Muller (ρ, cos θ, sin θ) for uniforms u₁ (radius) and u₂ (angle θ = 2πu₂). */
export function kernelNormals(u1: Float64Array, u2: Float64Array): { rho: Float64Array; cos: Float64Array; sin: Float64Array } {
  const k = kernelInstance()
  const n = u1.length
  const n2 = n + (n & 1)
  const at = layout(k, 0, 3 * n2)
  const R = at.v
  const C = R + 8 * n2
  const S = C + 8 * n2
  const mem = () => k.memory.buffer
  new Float64Array(mem(), R, n2).fill(1).set(u1)
  new Float64Array(mem(), C, n2).fill(0).set(u2)
  const tab = at.scratch + ROUND_TABLE_OFFSET
  k.sincosTable(tab)
  k.normals(R, C, S, n2 / 2, tab)
  return {
    rho: new Float64Array(mem(), R, n).slice(),
    cos: new Float64Array(mem(), C, n).slice(),
    sin: new Float64Array(mem(), S, n).slice(),
  }
}

/** The kernel's log (positive normal x) or exp (|x| < 708) of each entry. */
export function kernelElementary(fn: 'log' | 'exp', x: Float64Array): Float64Array {
  const k = kernelInstance()
  const n = x.length
  const n2 = n + (n & 1)
  const at = layout(k, 0, Math.ceil((2 * n2) / 3) + 1)
  new Float64Array(k.memory.buffer, at.v, n2).fill(1).set(x)
  if (fn === 'log') k.logv(at.v, at.v + 8 * n2, n2)
  else k.expv(at.v, at.v + 8 * n2, n2)
  return new Float64Array(k.memory.buffer, at.v + 8 * n2, n).slice()
}
