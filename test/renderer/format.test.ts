// The UI's one number format (util/format.ts): exact strings, since the point is that every table prints
// the same number the same way.
import { describe, expect, it } from 'vitest'
import { formatFixed, formatNumber, MINUS } from '../../src/renderer/src/util/formatNumber'

describe('formatNumber', () => {
  it('prints negatives with a real minus sign and scientific numbers in one style', () => {
    expect(formatNumber(-3)).toBe(`${MINUS}3`)
    expect(formatNumber(3e-16)).toBe(`3e${MINUS}16`)
    expect(formatNumber(-3.25e-16)).toBe(`${MINUS}3.25e${MINUS}16`)
    expect(formatNumber(10.41)).toBe('10.41')
    expect(formatNumber(1.041e7)).toBe('1.041e7')
    expect(formatNumber(1e6)).toBe('1e6')
    expect(formatNumber(0.0001)).toBe('0.0001')
    expect(formatNumber(0.00009999)).toBe(`9.999e${MINUS}5`)
    expect(formatNumber(0)).toBe('0')
    expect(formatNumber(-Infinity)).toBe(`${MINUS}∞`)
    expect(formatNumber(null)).toBe('—')
  })

  it('rounds to the significant digits asked for, dropping trailing zeros', () => {
    expect(formatNumber(Math.PI, 4)).toBe('3.142')
    expect(formatNumber(-2 / 3, 3)).toBe(`${MINUS}0.667`)
    expect(formatNumber(1.5e-9, 4)).toBe(`1.5e${MINUS}9`)
    // 9.9996e-5 rounds up across a power of ten: toExponential carries it, no "10e−5".
    expect(formatNumber(9.9996e-5, 4)).toBe(`1e${MINUS}4`)
  })

  it('formats fixed decimals with the same minus sign', () => {
    expect(formatFixed(-0.25, 3)).toBe(`${MINUS}0.250`)
    expect(formatFixed(1.5, 1)).toBe('1.5')
    expect(formatFixed(Number.NaN, 2)).toBe('—')
  })
})
