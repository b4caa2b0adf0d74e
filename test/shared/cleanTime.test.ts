// Times in JSON output: rounded to 12 significant digits without a string per value. The reference is
// Number(t.toPrecision(12)), ECMAScript's own decimal rounding, which the fast path must equal.
import { describe, expect, it } from 'vitest'
import { cleanTime, cleanTimes } from '../../src/shared/cleanTime'

describe('cleanTime', () => {
  it('gives back the decimal time of k·Δt', () => {
    expect(35 * 0.005).not.toBe(0.175) // the binary product this is about
    expect(JSON.stringify(cleanTime(35 * 0.005))).toBe('0.175')
    // Every grid point of the usual steps prints as its decimal k·Δt, written from integers: k·m / 10^e.
    for (const [m, e] of [
      [5, 3],
      [1, 2],
      [25, 4],
      [1, 1],
    ])
      for (let k = 0; k <= 4000; k++) expect(String(cleanTime(k * (m / 10 ** e)))).toBe(String((k * m) / 10 ** e))
  })

  it('equals Number(t.toPrecision(12)) across magnitudes, and leaves special values alone', () => {
    // A deterministic spread of values from 1e-15 to 1e15 (both signs), the fast range and both fallbacks.
    let x = 0.123456789
    for (let i = 0; i < 20000; i++) {
      x = (x * 9301 + 0.49297) % 1
      const t = (i % 2 ? -1 : 1) * x * 10 ** ((i % 31) - 15)
      expect(cleanTime(t)).toBe(Number(t.toPrecision(12)))
    }
    for (const v of [0, -0, Infinity, -Infinity, NaN]) expect(Object.is(cleanTime(v), v)).toBe(true)
  })

  it('as a replacer, rounds numbers and arrays under the key t only', () => {
    const t = 3 * 0.1
    expect(JSON.stringify({ t, T: t, history: { t: [t, 7 * 0.1], x: [t] }, rows: [{ t }] }, cleanTimes)).toBe(
      `{"t":0.3,"T":${t},"history":{"t":[0.3,0.7],"x":[${t}]},"rows":[{"t":0.3}]}`,
    )
  })
})
