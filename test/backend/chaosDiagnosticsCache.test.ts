// The convergence report's per-run cache (src/backend/chaosDiagnosticsCache.ts) and the Workbench's
// warm-up of the other times on the background thread (src/backend/chaosWarmup.ts): a report served from
// the cache is the report computed afresh, bit for bit, for every measure, another test function φ and
// another time; after a report at one time the warm-up computes the other time's (run, time) pairs, and a
// report there through the Workbench then computes nothing and equals the fresh one. Exact equality, not a tolerance: the cache holds the numbers chaosDiagnostics
// returned, and the φ path calls the same weakChaos on the same replicas.
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createNodeWorkbench } from '../../src/backend/nodeWorkbench'
import { chaosReport } from '../../src/backend/chaosReport'
import { DiagnosticsCache } from '../../src/backend/chaosDiagnosticsCache'
import { ProjectStore } from '../../src/backend/store/projectStore'
import { CHAOS_METRIC_KEYS } from '../../src/shared/api'
import type { TestFunction } from '../../src/solvers/chaos/testFunctions'
import { scratchDir } from '../helpers/tmp'

const dir = scratchDir('landau-chaos-cache-')
const w = createNodeWorkbench({ threads: 1 })
afterAll(() => w.shutdown())

const spec = {
  name: 'chaos cache',
  initial: { family: 'bkw', K0: 0.6 },
  kernel: { gamma: 0 },
  solvers: [
    { kind: 'kac', N: 2, replicas: 3 },
    { kind: 'bkw-exact', points: 200 },
  ],
  sweep: { N: [30, 60, 90] },
  time: { T: 0.2, dt: 0.02, every: 5 },
  snapshots: [0.1, 0.2],
  seed: 5,
}
const cosine: TestFunction = { kind: 'cosine', k: [1, 0, 0] }

describe('chaos diagnostics cache', () => {
  it('serves every measure, φ and time exactly as a fresh report, and the warm-up fills the other times', async () => {
    const path = join(dir, 'cache.landau')
    await w.createProject(path)
    const { experimentId } = await w.startExperiment(spec)
    await w.whenIdle()

    const store = ProjectStore.open(path, { readonly: true, owner: 'test', ownerAlive: () => true })
    try {
      const cache = new DiagnosticsCache()
      for (const time of [0.2, 0.1]) {
        for (const metric of CHAOS_METRIC_KEYS) {
          const fresh = chaosReport(store, { experiment: experimentId, time, metric })
          expect(chaosReport(store, { experiment: experimentId, time, metric, cache })).toEqual(fresh)
          const withPhi = chaosReport(store, { experiment: experimentId, time, metric, phi: cosine })
          expect(chaosReport(store, { experiment: experimentId, time, metric, phi: cosine, cache })).toEqual(withPhi)
        }
      }
      // Three particle runs at two times: six entries, every later report a hit.
      expect(cache.size).toBe(6)
      expect(cache.misses).toBe(6)
      expect(cache.hits).toBe(2 * 14 * 3 - 6)
      // onlyRun computes that run alone.
      const one = chaosReport(store, { experiment: experimentId, time: 0.1, metric: 'w2', onlyRun: 2 })
      expect(one.runs.map((r) => r.run)).toEqual([2])
    } finally {
      store.close()
    }

    // Through the Workbench: a report at t = 0.2 starts the warm-up of t = 0.1 (three runs).
    await w.chaosConvergence(experimentId, { time: 0.2, metric: 'w2' })
    const inner = w as unknown as { warmup: { warmed: number }; diagnostics: DiagnosticsCache }
    const deadline = Date.now() + 20_000
    while (inner.warmup.warmed < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(inner.warmup.warmed).toBe(3)
    expect(inner.diagnostics.size).toBe(6)
    const before = inner.diagnostics.size
    const atOther = await w.chaosConvergence(experimentId, { time: 0.1, metric: 'entropy-gap' })
    expect(inner.diagnostics.size).toBe(before)
    const check = ProjectStore.open(path, { readonly: true, owner: 'test', ownerAlive: () => true })
    try {
      expect(atOther).toEqual(chaosReport(check, { experiment: experimentId, time: 0.1, metric: 'entropy-gap' }))
    } finally {
      check.close()
    }
  })
})
