// Writes a PNG's physical resolution and text metadata into the file a canvas produced (PNG spec, W3C 2nd
// ed. §11.3): a pHYs chunk so that a journal's tools and LaTeX read the chosen DPI (canvas writes none, so
// the image would be taken at 72 or 96 DPI and printed at the wrong size), and iTXt chunks (UTF-8) with the
// figure's metadata. Chunks go right after IHDR, where pHYs must precede IDAT. Pure: bytes in, bytes out.

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10]

let crcTable: Uint32Array | null = null
/** CRC-32 (ISO 3309, reflected polynomial 0xEDB88320), as every PNG chunk carries over type + data. */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256)
    for (let n = 0; n < 256; n++) {
      let c = n
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
      crcTable[n] = c >>> 0
    }
  }
  let c = 0xffffffff
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, data.length)
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i)
  out.set(data, 8)
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)))
  return out
}

/** pHYs: pixels per metre on both axes, unit = metre. */
function phys(dpi: number): Uint8Array {
  const ppm = Math.round(dpi / 0.0254)
  const data = new Uint8Array(9)
  const view = new DataView(data.buffer)
  view.setUint32(0, ppm)
  view.setUint32(4, ppm)
  data[8] = 1
  return chunk('pHYs', data)
}

/** iTXt, uncompressed: keyword (Latin-1, 1–79 bytes), NUL, flag 0, method 0, no language, no translation, UTF-8 text. */
function itxt(keyword: string, text: string): Uint8Array {
  if (!/^[\x20-\x7e]{1,79}$/.test(keyword)) throw new RangeError(`PNG text keyword must be 1–79 printable ASCII characters: ${keyword}`)
  const kw = new TextEncoder().encode(keyword)
  const body = new TextEncoder().encode(text)
  const data = new Uint8Array(kw.length + 5 + body.length)
  data.set(kw, 0)
  // kw NUL, compression flag 0, method 0, empty language tag NUL, empty translated keyword NUL
  data.set(body, kw.length + 5)
  return chunk('iTXt', data)
}

/** A PNG chunk as read back: type, data and whether its CRC holds. */
export interface PngChunk {
  type: string
  data: Uint8Array
  crcOk: boolean
}

/** The chunks of a PNG, in order (throws on a file that is not a PNG or is cut short). */
export function readPngChunks(png: Uint8Array): PngChunk[] {
  if (png.length < 8 || SIGNATURE.some((b, i) => png[i] !== b)) throw new Error('not a PNG file')
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength)
  const out: PngChunk[] = []
  let at = 8
  while (at < png.length) {
    if (at + 12 > png.length) throw new Error('PNG cut short')
    const len = view.getUint32(at)
    if (at + 12 + len > png.length) throw new Error('PNG cut short')
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8))
    const data = png.subarray(at + 8, at + 8 + len)
    out.push({ type, data, crcOk: view.getUint32(at + 8 + len) === crc32(png.subarray(at + 4, at + 8 + len)) })
    at += 12 + len
    if (type === 'IEND') break
  }
  return out
}

/**
 * The PNG with its resolution set to `dpi` and one iTXt chunk per text entry, inserted after IHDR
 * (any pHYs already there is replaced). The image data is untouched.
 */
export function withPngMetadata(png: Uint8Array, dpi: number, text: Record<string, string>): Uint8Array {
  const chunks = readPngChunks(png)
  if (chunks[0]?.type !== 'IHDR') throw new Error('PNG does not start with IHDR')
  const extra = [phys(dpi), ...Object.entries(text).map(([k, v]) => itxt(k, v))]
  const parts: Uint8Array[] = [Uint8Array.from(SIGNATURE)]
  chunks.forEach((c, i) => {
    if (c.type === 'pHYs') return
    parts.push(chunk(c.type, c.data))
    if (i === 0) parts.push(...extra)
  })
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** The DPI a pHYs chunk states (null without one, or when its unit is not the metre). */
export function pngDpi(png: Uint8Array): number | null {
  const c = readPngChunks(png).find((x) => x.type === 'pHYs')
  if (!c || c.data[8] !== 1) return null
  return new DataView(c.data.buffer, c.data.byteOffset).getUint32(0) * 0.0254
}

/** The iTXt entries of a PNG, keyword → text. */
export function pngText(png: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {}
  for (const c of readPngChunks(png)) {
    if (c.type !== 'iTXt') continue
    const nul = c.data.indexOf(0)
    // After the keyword's NUL: flag, method, language NUL, translated keyword NUL (both empty here).
    let at = nul + 3
    at = c.data.indexOf(0, at) + 1
    at = c.data.indexOf(0, at) + 1
    out[new TextDecoder('latin1').decode(c.data.subarray(0, nul))] = new TextDecoder().decode(c.data.subarray(at))
  }
  return out
}
