// A history row's values as a little-endian float64 blob: exact (bit-for-bit), compact (8 bytes a value)
// and readable from any language (numpy.frombuffer(vals, '<f8')). The column order is runs.metrics.
export function encodeRow(values: ArrayLike<number>): Buffer {
  const buf = Buffer.allocUnsafe(8 * values.length)
  for (let j = 0; j < values.length; j++) buf.writeDoubleLE(values[j], 8 * j)
  return buf
}

export function decodeRow(buf: Uint8Array): number[] {
  if (buf.byteLength % 8 !== 0) throw new Error(`history blob of ${buf.byteLength} bytes is not a whole number of float64 values`)
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  const out = new Array<number>(buf.byteLength / 8)
  for (let j = 0; j < out.length; j++) out[j] = view.getFloat64(8 * j, true)
  return out
}
