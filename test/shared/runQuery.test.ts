// The search language shared by the run table and `landau runs`: what each term means, that a mistake is
// named instead of matching everything, the views (active, archived, trash) and the orders.
import { describe, expect, it } from 'vitest'
import type { RunRecord } from '../../src/shared/api'
import { matchRun, parseRunQuery, sortRuns } from '../../src/shared/runQuery'
import { RunAnnotationPatch, splitTags } from '../../src/shared/runAnnotations'

function run(id: number, over: Partial<RunRecord> & { N?: number; gamma?: number } = {}): RunRecord {
  const { N = 100, gamma = 0, ...rest } = over
  const solver = { kind: 'kac', N, replicas: 2, integrator: 'rotation' } as RunRecord['params']
  return {
    id,
    experimentId: 1,
    experimentName: 'Propagation of chaos on BKW',
    index: id - 1,
    solver: 'kac',
    status: 'done',
    seed: 1,
    params: solver,
    spec: {
      initial: { family: 'maxwellian' },
      kernel: { gamma },
      solver,
      time: { T: 1, dt: 0.1, every: 1 },
      snapshots: [],
      seed: 1,
      runIndex: id - 1,
    } as RunRecord['spec'],
    codeVersion: 't',
    host: 'h',
    createdAt: `2025-03-0${id}T10:00:00.000Z`,
    startedAt: null,
    finishedAt: null,
    wallMs: id * 10,
    progress: 1,
    error: null,
    metrics: [],
    label: null,
    notes: '',
    tags: [],
    starred: false,
    archivedAt: null,
    deletedAt: null,
    ...rest,
  }
}

const runs = [
  run(1, { label: 'baseline', tags: ['BKW', 'two words'], starred: true }),
  run(2, { N: 200, gamma: -3, notes: 'Coulomb check', status: 'cancelled' }),
  run(3, { archivedAt: '2025-04-01T00:00:00Z' }),
  run(4, { deletedAt: '2025-04-01T00:00:00Z', solver: 'fournier' }),
]
const find = (q: string) => runs.filter((r) => matchRun(r, parseRunQuery(q).filter)).map((r) => r.id)

describe('run search', () => {
  it('reads words and key:value terms, quoted values too', () => {
    expect(find('')).toEqual([1, 2]) // active only
    expect(find('BASELINE')).toEqual([1])
    expect(find('coulomb')).toEqual([2]) // notes
    expect(find('tag:bkw')).toEqual([1])
    expect(find('tag:"two words"')).toEqual([1])
    expect(find('γ:-3')).toEqual([2])
    expect(find('gamma:0 N:100')).toEqual([1])
    expect(find('status:cancelled')).toEqual([2])
    expect(find('is:starred')).toEqual([1])
    expect(find('since:2025-03-02')).toEqual([2])
    expect(find('before:2025-03-02')).toEqual([1])
    expect(find('in:archived')).toEqual([3])
    expect(find('in:trash solver:fournier')).toEqual([4])
    expect(find('in:all')).toEqual([1, 2, 3, 4])
  })

  it('names a mistake rather than matching everything', () => {
    for (const [q, why] of [
      ['colour:red', /unknown filter colour:/],
      ['status:finished', /a status is one of/],
      ['N:many', /N must be a number/],
      ['since:March', /a date is YYYY-MM-DD/],
      ['in:bin', /one of active, archived, trash, all/],
      ['is:done', /only is:starred/],
    ] as const) {
      const { issues } = parseRunQuery(q)
      expect(issues, q).toHaveLength(1)
      expect(issues[0]).toMatch(why)
    }
  })

  it('sorts by a key, ties newest first', () => {
    const ids = (sort: Parameters<typeof sortRuns>[1]) => sortRuns(runs, sort).map((r) => r.id)
    expect(ids('newest')).toEqual([4, 3, 2, 1])
    expect(ids('oldest')).toEqual([1, 2, 3, 4])
    expect(ids('N')).toEqual([4, 3, 1, 2])
    expect(ids('gamma')).toEqual([2, 4, 3, 1])
    expect(ids('starred')).toEqual([1, 4, 3, 2])
    expect(ids('name')).toEqual([1, 4, 3, 2])
  })
})

describe('run annotations', () => {
  it('normalises tags and labels, and refuses what the list could not show', () => {
    expect(RunAnnotationPatch.parse({ tags: splitTags(' a, B ,, b , c ') })).toEqual({ tags: ['a', 'B', 'c'] })
    expect(RunAnnotationPatch.parse({ label: '   ' })).toEqual({ label: null })
    for (const bad of [{ tags: ['x\ny'] }, { tags: Array.from({ length: 21 }, (_, k) => `t${k}`) }, { tags: ['x'.repeat(41)] }, { notes: 3 }, { other: 1 }]) {
      expect(RunAnnotationPatch.safeParse(bad).success, JSON.stringify(bad).slice(0, 40)).toBe(false)
    }
  })
})
