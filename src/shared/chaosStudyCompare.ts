// The time-step check of a chaos study: the same study at dt and at dt/2 (the Chaos study tab's "Halve
// dt" runs the second), row by row, the change of the error at each N with its standard error. A rate in
// N is only a chaos rate if the error does not move when dt is refined: a change many SE from 0 says that
// part of what the study measured is the integrator's time-step bias (O(Δt/N) for the rotation steps,
// O(Δt) for Euler–Maruyama), not the N-particle error.
import type { ChaosStudyReport } from './chaosStudyReport'

export interface DtChange {
  /** Index of the row in the refined report. */
  row: number
  N: number
  /**
   * value(dt/2) − value(dt), its SE and z = change/SE. The SEs add in quadrature; the two studies share
   * their seed, so their initial samples coincide and the true SE of the change is smaller: the check
   * errs towards calling a move insignificant, never the other way.
   */
  change: number
  se: number
  z: number
}

/** Whether `fine` is `coarse` with dt halved (all else equal but the name and the seed). */
export function isDtRefinement(coarse: ChaosStudyReport, fine: ChaosStudyReport): boolean {
  const strip = (r: ChaosStudyReport) => JSON.stringify({ ...r.spec, name: '', seed: 0, dt: 0 })
  return strip(coarse) === strip(fine) && Math.abs(fine.spec.dt - coarse.spec.dt / 2) <= 1e-12 * coarse.spec.dt
}

/** For every row and N present in both: the change of the value from `coarse` (dt) to `fine` (dt/2). */
export function dtChanges(coarse: ChaosStudyReport, fine: ChaosStudyReport): DtChange[] {
  const out: DtChange[] = []
  fine.rows.forEach((r, i) => {
    const c = coarse.rows.find((x) => x.gamma === r.gamma && x.system === r.system && x.observable === r.observable && x.t === r.t)
    if (!c) return
    for (const p of r.points) {
      const q = c.points.find((x) => x.N === p.N)
      if (!q) continue
      const change = p.value - q.value
      const se = Math.hypot(p.se, q.se)
      out.push({ row: i, N: p.N, change, se, z: change / se })
    }
  })
  return out
}
