// The time-step study through the API the UI calls (Workbench.refineDt, dispatched like every method): it runs
// on a pool thread and gives exactly what `landau refine-dt`'s computation gives for the same request (the core
// study, called here in-process: same seed, same bits — a pool thread is not allowed to change a number), and
// a bad or too large request is refused at the boundary with the field it concerns, before any work.
import { afterAll, describe, expect, it } from 'vitest'
import { createNodeWorkbench } from '../../src/backend/nodeWorkbench'
import { dispatchApiCall } from '../../src/shared/api'
import type { DtStudyOutcome } from '../../src/shared/dtStudySpec'
import { dtRefinementStudy } from '../../src/solvers/particles/dtRefinement'

const w = createNodeWorkbench({ threads: 1 })
afterAll(() => w.shutdown())

const request = { system: 'pairing', integrator: 'euler', gamma: 0, N: 20, replicas: 400, T: 0.16, dts: [0.04, 0.02, 0.01], seed: 7 }

describe('refineDt (the Time step tab)', () => {
  it('answers on a pool thread with the bits of the in-process study', async () => {
    const r = await dispatchApiCall(w, 'refineDt', [request])
    if (!r.ok) throw new Error(r.error.message)
    const got = r.value as DtStudyOutcome
    const { system, ...rest } = { ...request, system: 'pairing' as const, integrator: 'euler' as const }
    const direct = dtRefinementStudy({ kind: system, ...rest })
    expect(got.rows).toEqual(direct.rows)
    expect([got.order, got.lo, got.hi]).toEqual([direct.order, direct.lo, direct.hi])
    expect(got.reference).toBe('exact')
    expect(got.request).toMatchObject(request)
    expect(got.seconds).toBeGreaterThan(0)
  })

  it('takes the system’s first integrator when none is named', async () => {
    const r = await dispatchApiCall(w, 'refineDt', [{ ...request, system: 'fgm', integrator: undefined, replicas: 20 }])
    if (!r.ok) throw new Error(r.error.message)
    expect((r.value as DtStudyOutcome).request.integrator).toBe('euler')
  })

  it.each([
    [{ dts: [0.04, 0.03] }, 'dts.1', 'does not divide T'],
    [{ dts: [0.04] }, 'dts', 'at least two'],
    [{ system: 'fgm', integrator: 'sbm' }, 'integrator', 'fgm has euler'],
    [{ seed: -1 }, 'seed', '≥ 0'],
    [{ N: 1.5 }, 'N', 'whole number'],
    [{ system: 'kac', N: 10_000, replicas: 1000 }, 'replicas', 'landau refine-dt'],
  ])('refuses %j at %s', async (patch, path, message) => {
    const r = await dispatchApiCall(w, 'refineDt', [{ ...request, ...patch }])
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('invalid-spec')
    expect(r.error.issues?.map((i) => i.path)).toContain(path)
    expect(r.error.message).toContain(message)
  })
})
