// The WebAssembly port of the blob solver's O(N²) velocity field (blobField.wat; docs/NUMERICS.md §7.5),
// loaded once per JavaScript realm through the global WebAssembly object only (synchronously, so it runs
// unchanged in Node, its worker threads and a browser). The module has a memory of its own: x, w, G are
// copied in and F out at each call (O(N) against the field's O(N²)). F is bit for bit that of pairFieldJs
// (deterministic/blobField.ts, the JavaScript reference): test/solvers/deterministic/blobWasm.test.ts.
import { decodeBase64 } from '../../base64'
import { BLOB_FIELD_WASM_BASE64 } from './blobField.wasm'

interface Memory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}
interface FieldExports {
  memory: Memory
  field(x: number, w: number, G: number, F: number, count: number, mode: number, half: number): void
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: unknown }
}

let instance: FieldExports | null = null

function exports(): FieldExports {
  if (instance === null) {
    const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly
    const module = new api.Module(decodeBase64(BLOB_FIELD_WASM_BASE64))
    // Math.pow for the γ without a closed form: the very function pairField calls, so the same bits
    instance = new api.Instance(module, { env: { pow: Math.pow } }).exports as FieldExports
  }
  return instance
}

/** |z|^γ from r2 = |z|²: 0 γ = 0, 1 γ = −3, 2 γ = −1, 3 γ = −2, 4 γ = 1, 5 Math.pow(r2, γ/2). */
export function kernelMode(gamma: number): number {
  return gamma === 0 ? 0 : gamma === -3 ? 1 : gamma === -1 ? 2 : gamma === -2 ? 3 : gamma === 1 ? 4 : 5
}

/**
 * F_p = −Σ_q w_q a(v_p − v_q)(G_p − G_q) of the first `count` particles (x, G: 3 per particle, w: 1) into F,
 * bit for bit pairFieldJs's.
 */
export function wasmPairField(x: Float64Array, w: Float64Array, G: Float64Array, count: number, gamma: number, F: Float64Array): void {
  if (count <= 0) return
  const k = exports()
  const X = 0
  const W = X + 24 * count
  const Gat = W + 8 * count
  const Fat = Gat + 24 * count
  const end = Fat + 24 * count
  const have = k.memory.buffer.byteLength
  if (end > have) k.memory.grow(Math.ceil((end - have) / 65536))
  const mem = k.memory.buffer
  new Float64Array(mem, X, 3 * count).set(x.subarray(0, 3 * count))
  new Float64Array(mem, W, count).set(w.subarray(0, count))
  new Float64Array(mem, Gat, 3 * count).set(G.subarray(0, 3 * count))
  k.field(X, W, Gat, Fat, count, kernelMode(gamma), 0.5 * gamma)
  F.set(new Float64Array(k.memory.buffer, Fat, 3 * count))
}
