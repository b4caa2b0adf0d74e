// A history row's values (or a snapshot's velocities) as a little-endian float64 blob: exact (bit for
// bit), compact (8 bytes a value) and readable from any language (numpy.frombuffer(vals, '<f8')).
// The column order of a history row is runs.metrics.
const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f

export function encodeRow(values: ArrayLike<number>): Buffer {
  // Typed arrays on little-endian hosts (all that Node and Electron ship for) are already the format.
  if (LITTLE_ENDIAN && values instanceof Float64Array) return Buffer.from(values.buffer, values.byteOffset, values.byteLength)
  const buf = Buffer.allocUnsafe(8 * values.length)
  for (let j = 0; j < values.length; j++) buf.writeDoubleLE(values[j], 8 * j)
  return buf
}

export function decodeFloat64(buf: Uint8Array): Float64Array {
  if (buf.byteLength % 8 !== 0) throw new Error(`float64 blob of ${buf.byteLength} bytes is not a whole number of values`)
  const out = new Float64Array(buf.byteLength / 8)
  if (LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(buf)
    return out
  }
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  for (let j = 0; j < out.length; j++) out[j] = view.getFloat64(8 * j, true)
  return out
}
