// PNG metadata (the PNG export): pHYs and iTXt written into a canvas's PNG without touching the image.
// Oracles: the CRC-32 check value of the ISO 3309 / PNG polynomial, the CRC every PNG's IEND carries, a PNG
// made independently by Node's zlib (IHDR + IDAT), and a round trip.
import { deflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { crc32, pngDpi, pngText, readPngChunks, withPngMetadata } from '../../src/shared/pngMetadata'

/** A 2×1 RGB PNG assembled by hand: signature, IHDR, IDAT (zlib of the filtered scanline), IEND. */
function tinyPng(): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(td))
    return Buffer.concat([len, td, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(2, 0)
  ihdr.writeUInt32BE(1, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // RGB
  const idat = deflateSync(Buffer.from([0, 255, 0, 0, 0, 0, 255]))
  return new Uint8Array(
    Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]),
  )
}

describe('crc32', () => {
  it('gives the standard check value and the IEND CRC', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926)
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082)
  })
})

describe('withPngMetadata', () => {
  it('adds pHYs and iTXt after IHDR with valid CRCs and leaves the image data alone', () => {
    const png = tinyPng()
    const meta = { kind: 'landau-workbench convergence', runs: [1, 2, 3], name: 'Kac — N ∈ {125…1000}' }
    const out = withPngMetadata(png, 300, { Title: 'W2 vs N', 'landau-workbench': JSON.stringify(meta) })
    const chunks = readPngChunks(out)
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'pHYs', 'iTXt', 'iTXt', 'IDAT', 'IEND'])
    expect(chunks.every((c) => c.crcOk)).toBe(true)
    // pHYs holds integer pixels per metre: 300 dpi = 11811 px/m, read back within 0.5 px/m = 0.0127 dpi.
    expect(Math.abs(pngDpi(out)! - 300)).toBeLessThan(0.0127)
    expect(JSON.parse(pngText(out)['landau-workbench'])).toEqual(meta)
    expect(pngText(out).Title).toBe('W2 vs N')
    const idat = (p: Uint8Array) => readPngChunks(p).find((c) => c.type === 'IDAT')!.data
    expect([...idat(out)]).toEqual([...idat(png)])
  })

  it('replaces an existing pHYs instead of adding a second one', () => {
    const once = withPngMetadata(tinyPng(), 150, {})
    const twice = withPngMetadata(once, 600, {})
    expect(readPngChunks(twice).filter((c) => c.type === 'pHYs')).toHaveLength(1)
    expect(Math.abs(pngDpi(twice)! - 600)).toBeLessThan(0.0127)
  })

  it('refuses what is not a PNG or is cut short, and a keyword PNG does not allow', () => {
    expect(() => withPngMetadata(new TextEncoder().encode('GIF89a……'), 300, {})).toThrow(/not a PNG/)
    const png = tinyPng()
    expect(() => readPngChunks(png.subarray(0, png.length - 20))).toThrow(/cut short/)
    expect(() => withPngMetadata(png, 300, { '': 'x' })).toThrow(/keyword/)
  })
})
