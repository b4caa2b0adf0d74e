// The text form of the weak chaos test function φ (`landau chaos --phi`, the Convergence tab's φ field):
// numbers only, one of two kinds, round trip exact, and a clear message for anything else.
import { describe, expect, it } from 'vitest'
import { formatTestFunction, parseTestFunction } from '../../../src/solvers/chaos/testFunctions'

describe('test function text', () => {
  it('parses both kinds and formats them back exactly', () => {
    expect(parseTestFunction('gaussian:0,0,0,1')).toEqual({ kind: 'gaussian', center: [0, 0, 0], width: 1 })
    expect(parseTestFunction(' cosine: 1, 0 ,-2.5')).toEqual({ kind: 'cosine', k: [1, 0, -2.5] })
    for (const t of ['gaussian:1.5,0,-0.25,0.5', 'cosine:0,0,2', 'gaussian:0.001,0,0,3']) expect(formatTestFunction(parseTestFunction(t))).toBe(t)
    expect(parseTestFunction('gaussian:1e-3,0,0,3')).toEqual(parseTestFunction('gaussian:0.001,0,0,3'))
  })

  it('refuses anything else with a message naming the form', () => {
    const cases: [string, RegExp][] = [
      ['exp(-v^2)', /expected "gaussian:cx,cy,cz,width" or "cosine:kx,ky,kz"/],
      ['gaussian:0,0,0', /a gaussian takes 4 numbers/],
      ['cosine:1,2', /a cosine takes 3 numbers/],
      ['gaussian:0,0,0,0', /width must be > 0/],
      ['cosine:1,,0', /cosine k must be three finite numbers/],
      ['cosine:Infinity,0,0', /cosine k must be three finite numbers/],
      ['gaussian:0x10,0,0,1', /gaussian center must be three finite numbers/],
    ]
    for (const [text, msg] of cases) expect(() => parseTestFunction(text)).toThrow(msg)
  })
})
