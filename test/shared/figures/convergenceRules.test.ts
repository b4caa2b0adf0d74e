// The Convergence view's pure rules: the snapshot times a report can be asked for (as the solver rounds
// them), the time kept when they change, when to poll, and the report cache's names and bound.
import { describe, expect, it } from 'vitest'
import { BoundedCache, keptTime, pollDue, reportCacheKey, snapshotTimes } from '../../../src/shared/figures/convergenceRules'

describe('snapshot times', () => {
  it('puts the spec’s times on the step grid, clamped to T, once each, ascending', () => {
    // dt = 0.1, T = 1: 0.26 → step 3 (0.30000000000000004 = 3·0.1, the time the state really has), 0.74 and
    // 0.7 → step 7, 1.0000000001 → step 10 (T), 0 → 0.
    const ts = snapshotTimes({ snapshots: [0.74, 0.26, 1.0000000001, 0.7, 0], time: { T: 1, dt: 0.1 } })
    expect(ts).toEqual([0, 3 * 0.1, 7 * 0.1, 10 * 0.1])
  })
  it('is empty without snapshots or for times the spec check refuses', () => {
    expect(snapshotTimes({ snapshots: [], time: { T: 1, dt: 0.1 } })).toEqual([])
    expect(snapshotTimes({ snapshots: [-1], time: { T: 1, dt: 0.1 } })).toEqual([])
    expect(snapshotTimes({ snapshots: [0.5], time: { T: 1, dt: 0 } })).toEqual([])
  })
  it('keeps the chosen time while offered, else takes the last', () => {
    expect(keptTime(0.5, [0, 0.5, 1])).toBe(0.5)
    expect(keptTime(0.4, [0, 0.5, 1])).toBe(1)
    expect(keptTime(null, [0, 0.5])).toBe(0.5)
    expect(keptTime(0.5, [])).toBeNull()
  })
})

describe('polling and the report cache', () => {
  it('polls only while runs go on and nothing is loading', () => {
    expect(pollDue(2, 'ok', 'idle')).toBe(true)
    expect(pollDue(0, 'ok', 'ok')).toBe(false)
    expect(pollDue(1, 'loading', 'ok')).toBe(false)
    expect(pollDue(1, 'ok', 'loading')).toBe(false)
  })
  it('names a report by what it depends on, the poll tick only while runs go on', () => {
    const k = { experiment: 1, reference: null, metric: 'w2', phi: 'gaussian:0,0,0,1', time: 0.5, doneKey: '1:done,2:running', unfinished: 1, tick: 3 }
    expect(reportCacheKey(k)).not.toBe(reportCacheKey({ ...k, tick: 4 }))
    expect(reportCacheKey({ ...k, unfinished: 0 })).toBe(reportCacheKey({ ...k, unfinished: 0, tick: 4 }))
    expect(reportCacheKey(k)).not.toBe(reportCacheKey({ ...k, reference: 7 }))
    expect(reportCacheKey(k)).not.toBe(reportCacheKey({ ...k, time: 1 }))
    expect(reportCacheKey(k)).not.toBe(reportCacheKey({ ...k, phi: 'cosine:1,0,0' }))
  })
  it('forgets the oldest reports past its bound', () => {
    const c = new BoundedCache<number>(2)
    c.set('a', 1)
    c.set('b', 2)
    c.set('c', 3)
    expect(c.size).toBe(2)
    expect(c.get('a')).toBeUndefined()
    expect([c.get('b'), c.get('c')]).toEqual([2, 3])
  })
})
