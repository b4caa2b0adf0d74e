// A chaos study end to end on the real pool (backend/chaosStudy.ts): the spec's refusals, its expansion
// into ordinary experiments, the planner's answer when the target is out of the budget's reach (it says
// so, with the replicas it would need), and reproducibility: with a budget that does not bind, the report's
// figures are the same bits with 1 and 2 workers (every batch is planned from data, never from timing).
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createNodeWorkbench } from '../../src/backend/nodeWorkbench'
import type { Workbench } from '../../src/backend/workbench'
import { runChaosStudy } from '../../src/backend/chaosStudy'
import { ChaosStudySpec, STUDY_RUN_REPLICAS, studyExperiment, batchSeed } from '../../src/shared/chaosStudySpec'
import { formatChaosStudy } from '../../src/cli/chaosStudyTable'
import { rateFit } from '../../src/solvers/chaos/rateFit'
import { scratchDir } from '../helpers/tmp'
import { ProjectStore } from '../../src/backend/store/projectStore'
import { owner, ownerAlive } from '../../src/backend/processIdentity'

const dir = scratchDir('landau-study-')
const benches: Workbench[] = []
afterAll(() => Promise.all(benches.map((w) => w.shutdown())))

const base = {
  kind: 'chaos-study',
  name: 'test study',
  initial: { family: 'bimaxwellian', T: [1.4, 1, 0.6] },
  gammas: [0],
  systems: [{ kind: 'pairing' }],
  N: [10, 20, 40],
  times: [0.2],
  dt: 0.02,
  observables: ['energy-correlation', 'momentum-bias'],
  target: { halfWidth: 0.25 },
  pilotReplicas: 30,
  maxReplicas: 5000,
  budgetSeconds: 600,
  seed: 9,
}

const issues = (x: unknown) => {
  const r = ChaosStudySpec.safeParse(x)
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

describe('the chaos study spec', () => {
  it('accepts the base study and refuses what cannot give a rate', () => {
    expect(issues(base)).toEqual([])
    expect(issues({ ...base, N: [10, 20] }).join()).toMatch(/at least 3 values/)
    expect(issues({ ...base, N: [10, 20, 20] }).join()).toMatch(/twice/)
    expect(issues({ ...base, gammas: [-3] }).join()).toMatch(/momentum-bias needs the exact moment law .* γ = 0/)
    expect(issues({ ...base, times: [0.21] }).join()).toMatch(/multiple of dt/)
    expect(issues({ ...base, pilotReplicas: 10 }).join()).toMatch(/pilotReplicas must be ≥ 30/)
    expect(issues({ ...base, maxReplicas: 20 }).join()).toMatch(/maxReplicas must be ≥ pilotReplicas/)
    expect(issues({ ...base, observables: ['w2'] }).join()).toMatch(/an observable is one of/)
    expect(issues({ ...base, systems: [{ kind: 'fgm', integrator: 'rotation' }] }).join()).toMatch(/integrator must be "euler"/)
    expect(issues({ ...base, extra: 1 }).length).toBe(1)
  })

  it('expands into ordinary experiments: snapshots at 0 and the times, large groups cut into runs, a seed per batch', () => {
    const s = ChaosStudySpec.parse(base)
    const e = studyExperiment(s, 0, 2, [{ system: 0, N: 10, replicas: 2 * STUDY_RUN_REPLICAS + 1 }])
    expect(e.solvers.map((x) => ('replicas' in x ? x.replicas : 0))).toEqual([STUDY_RUN_REPLICAS, STUDY_RUN_REPLICAS, 1])
    expect(e.snapshots).toEqual([0, 0.2])
    expect(e.time).toEqual({ T: 0.2, dt: 0.02, every: 10 })
    expect(e.seed).toBe(batchSeed(9, 2))
    expect(new Set([0, 1, 2, 3].map((b) => batchSeed(9, b))).size).toBe(4)
    expect(studyExperiment(s, 0, 0, [{ system: 0, N: 10, replicas: 30 }]).seed).toBe(9)
  })
})

describe('running a study', () => {
  it('says when the target is out of reach within the budget, with the replicas it would need', async () => {
    const wb = createNodeWorkbench({ threads: 2 })
    benches.push(wb)
    const path = join(dir, 'tight.landau')
    await wb.createProject(path)
    // A target of ±0.001 on p: no budget of seconds reaches it.
    const study = ChaosStudySpec.parse({ ...base, target: { halfWidth: 0.001 }, budgetSeconds: 30 })
    const report = await runChaosStudy(wb, path, study)
    expect(report.rows.map((r) => `${r.observable} γ=${r.gamma}`)).toEqual(['energy-correlation γ=0', 'momentum-bias γ=0'])
    for (const row of report.rows) {
      expect(row.fit.verdict).toBe('unresolved')
      expect(row.plan).not.toBeNull()
      expect(['over-budget', 'over-max-replicas']).toContain(row.plan!.status)
      expect(Math.max(...row.plan!.replicas)).toBeGreaterThan(row.points[0].replicas)
    }
    // The runs stored per-replica moments, not velocities: 2 times × 5 φ rows per run, 30 replicas each.
    const store = ProjectStore.open(path, { readonly: true, owner, ownerAlive })
    try {
      const run = store.listRuns()[0]
      expect(store.listSnapshots(run.id)).toEqual([])
      const stored = store.listReplicaMoments(run.id)
      expect(stored.map((x) => `${x.step}:${x.phi}`)).toEqual(['0:aniso', '0:bump', '0:v2', '0:v4', '0:vx2', '10:aniso', '10:bump', '10:v2', '10:v4', '10:vx2'])
      for (const x of stored) expect([x.m.length, x.q.length]).toEqual([30, 30])
    } finally {
      store.close()
    }
    const text = formatChaosStudy(report)
    expect(text).toMatch(/target ±0\.001 on p/)
    expect(text.match(/rate unresolved: /g)?.length).toBe(2)
    expect(text).toMatch(/would need \d+ \/ \d+ \/ \d+ replicas/)
  }, 120_000)

  it('gives the same figures with 1 and 2 workers when the budget does not bind', async () => {
    const run = async (threads: number) => {
      const wb = createNodeWorkbench({ threads })
      benches.push(wb)
      const path = join(dir, `repro-${threads}.landau`)
      await wb.createProject(path)
      const r = await runChaosStudy(wb, path, ChaosStudySpec.parse({ ...base, observables: ['energy-correlation'], budgetSeconds: 3600 }))
      await wb.shutdown()
      return r
    }
    const [one, two] = [await run(1), await run(2)]
    const figures = (r: Awaited<ReturnType<typeof run>>) => JSON.stringify(r.rows.map((row) => [row.points, row.fit]))
    expect(figures(two)).toBe(figures(one))
    // The rate is resolved, and it is the energy identity's: C = (Var_0 − Var_t)/(N − 1), whose log–log
    // slope over N = 10 … 40 is −1.06, not −1 (the 1/(N − 1) is exact).
    const identity = rateFit(base.N.map((N) => ({ N, value: 1 / (N - 1), se: 1e-12, replicas: 100 }))).p
    expect(one.rows[0].fit.verdict).toBe('resolved')
    expect(one.rows[0].fit.pLo).toBeLessThanOrEqual(identity)
    expect(one.rows[0].fit.pHi).toBeGreaterThanOrEqual(identity)
  }, 180_000)
})
