// The merge dialog's summary of what a merge brought (src/renderer/src/util/mergeSummary.ts).
import { describe, expect, it } from 'vitest'
import { mergeSummary } from '../../src/renderer/src/util/mergeSummary'

const base = {
  file: '/x/a.landau',
  experimentsAdded: 0,
  experimentsPresent: 0,
  runsAdded: 0,
  runsPresent: 0,
  designsAdded: 0,
  skipped: {},
  partsUsed: 0,
  partsPresent: 0,
  partsPending: 0,
}

describe('mergeSummary', () => {
  it('says runs and experiments always, designs and left-out runs only when there are some', () => {
    expect(mergeSummary({ ...base, runsAdded: 1, runsPresent: 2, experimentsAdded: 2 })).toEqual([
      '1 run added, 2 already present',
      '2 experiments added, 0 already present',
    ])
    expect(mergeSummary({ ...base, designsAdded: 1, skipped: { queued: 1, failed: 2 } })).toEqual([
      '0 runs added, 0 already present',
      '0 experiments added, 0 already present',
      '1 design added',
      'left out (not done): 2 failed, 1 queued',
    ])
  })

  it('says what became of replica-range parts, when there are some', () => {
    expect(mergeSummary({ ...base, partsUsed: 2, partsPresent: 1, partsPending: 1 }).slice(2)).toEqual([
      '2 replica-range parts joined into whole runs',
      '1 part already merged',
      "1 part waiting for its run's other parts (merge the run's other shards)",
    ])
  })
})
