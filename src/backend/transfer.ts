// What a density record moves (not copies) between threads: its arrays' buffers, each once (two arrays
// may be views of one buffer, and listing a buffer twice in a transfer list throws).
import type { DensityRecord } from '../solvers/deterministic/types'

export function densityBuffers(d: DensityRecord): ArrayBuffer[] {
  const arrays = d.kind === 'grid' ? [d.f] : d.kind === 'radial' ? [d.r, d.f] : [d.x, d.w]
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))]
}
