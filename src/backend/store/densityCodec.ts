// A DensityRecord as a `densities` row (schema v3, docs/PROJECT_FORMAT.md): the scalars in JSON `meta`,
// the arrays end to end in one little-endian float64 blob whose layout meta.arrays spells out
// ([name, length] in order), so a reader needs no knowledge of the kinds to split it.
import { ApiError } from '../../shared/api'
import type { DensityKind } from '../../shared/api'
import type { DensityRecord } from '../../solvers/deterministic/types'
import { decodeFloat64, encodeRow } from './rowCodec'

export interface DensityRow {
  kind: DensityKind
  meta: string
  data: Buffer
}

const ARRAYS = { grid: ['f'], radial: ['r', 'f'], weighted: ['x', 'w'] } as const satisfies Record<DensityRecord['kind'], readonly string[]>

export function encodeDensity(d: DensityRecord): DensityRow {
  const arrays: [string, Float64Array][] =
    d.kind === 'grid'
      ? [['f', d.f]]
      : d.kind === 'radial'
        ? [
            ['r', d.r],
            ['f', d.f],
          ]
        : [
            ['x', d.x],
            ['w', d.w],
          ]
  const scalars = d.kind === 'grid' ? { n: d.n, L: d.L, periodic: d.periodic } : d.kind === 'radial' ? {} : { n: d.n, eps: d.eps }
  const meta = JSON.stringify({ ...scalars, arrays: arrays.map(([name, a]) => [name, a.length]) })
  return { kind: d.kind, meta, data: Buffer.concat(arrays.map(([, a]) => encodeRow(a))) }
}

export function decodeDensity(row: DensityRow): DensityRecord {
  const bad = (why: string) => new ApiError('io', `stored ${row.kind} density is unreadable: ${why}`)
  const meta = JSON.parse(row.meta) as Record<string, unknown>
  const names = ARRAYS[row.kind] as readonly string[] | undefined
  if (!names) throw bad('unknown kind')
  const layout = meta.arrays as [string, number][]
  if (!Array.isArray(layout) || layout.map((a) => a[0]).join() !== names.join()) throw bad(`arrays ${JSON.stringify(layout)}, expected ${names.join(', ')}`)
  const all = decodeFloat64(row.data)
  const a: Record<string, Float64Array> = {}
  let off = 0
  for (const [name, len] of layout) {
    a[name] = all.subarray(off, off + len)
    off += len
  }
  if (off !== all.length) throw bad(`${all.length} values, meta lists ${off}`)
  switch (row.kind) {
    case 'grid':
      return { kind: 'grid', n: Number(meta.n), L: Number(meta.L), periodic: meta.periodic === true, f: a.f }
    case 'radial':
      return { kind: 'radial', r: a.r, f: a.f }
    case 'weighted':
      return { kind: 'weighted', n: Number(meta.n), eps: Number(meta.eps), x: a.x, w: a.w }
  }
}
