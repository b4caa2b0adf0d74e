// The desktop app's checkpoint interval (checkpointInterval.ts): LANDAU_CHECKPOINT_EVERY read as seconds ≥ 0,
// absent when unset, and a value that is not such a number named in the message and left unused.
import { describe, expect, it } from 'vitest'
import { DEFAULT_CHECKPOINT_SECONDS, checkpointSecondsFromEnv } from '../../src/backend/checkpointInterval'

describe('LANDAU_CHECKPOINT_EVERY', () => {
  it('gives the seconds it holds, none when unset or blank', () => {
    expect(checkpointSecondsFromEnv({})).toEqual({})
    expect(checkpointSecondsFromEnv({ LANDAU_CHECKPOINT_EVERY: '  ' })).toEqual({})
    expect(checkpointSecondsFromEnv({ LANDAU_CHECKPOINT_EVERY: '30' })).toEqual({ seconds: 30 })
    expect(checkpointSecondsFromEnv({ LANDAU_CHECKPOINT_EVERY: '0' })).toEqual({ seconds: 0 })
    expect(checkpointSecondsFromEnv({ LANDAU_CHECKPOINT_EVERY: '0.25' })).toEqual({ seconds: 0.25 })
  })

  for (const bad of ['-1', 'abc', 'Infinity', '1e400', 'NaN'])
    it(`refuses ${bad}, saying so and falling back to the default`, () => {
      const r = checkpointSecondsFromEnv({ LANDAU_CHECKPOINT_EVERY: bad })
      expect(r.seconds).toBeUndefined()
      expect(r.error).toContain(JSON.stringify(bad))
      expect(r.error).toContain(`using ${DEFAULT_CHECKPOINT_SECONDS}`)
    })
})
