// The Convergence view's rules that are not drawing: which times a report can be asked for, which
// time stays chosen when they change, when to poll while runs go on, and the bounded cache of reports with
// the name a report is cached under. Pure (no DOM, no Vue): the renderer's useConvergenceReports uses them.
import { snapshotSteps } from '../../solvers/driver/schedule'

/**
 * The times the particle runs of a spec store snapshots at: spec.snapshots on the step grid, t = step·Δt,
 * exactly as the solver rounds them (src/solvers/driver/schedule.ts: step round(t/Δt) clamped to the last step,
 * times on the same step once), so they are known before any run has finished. Ascending.
 */
export function snapshotTimes(spec: { readonly snapshots: readonly number[]; readonly time: { readonly T: number; readonly dt: number } }): number[] {
  const { T, dt } = spec.time
  if (!(dt > 0) || !(T >= 0)) return []
  try {
    return snapshotSteps(spec.snapshots, dt, Math.round(T / dt)).map((step) => step * dt)
  } catch {
    return [] // a time the spec check would have refused: no report can be asked for it
  }
}

/** The time to show when the offered times change: the current one while offered, else the last (null: none). */
export function keptTime(current: number | null, times: readonly number[]): number | null {
  return current !== null && times.includes(current) ? current : (times.at(-1) ?? null)
}

/** Whether a poll tick is due: runs of the experiment are still queued or running and no report is loading. */
export function pollDue(unfinished: number, ...states: readonly string[]): boolean {
  return unfinished > 0 && !states.includes('loading')
}

/** What names a report: a report is reused only for the same experiment, reference, metric, φ, time and
 * finished runs, and, while runs go on, the same poll tick (a report may grow with each poll). */
export interface ReportKey {
  experiment: number
  /** The chosen reference run; null = the experiment's own. */
  reference: number | null
  metric: string
  /** φ in its text form. */
  phi: string
  time: number
  /** Changes when a run of the experiment finishes (ids and statuses). */
  doneKey: string
  unfinished: number
  tick: number
}

export function reportCacheKey(k: ReportKey): string {
  return `${k.experiment}|${k.reference ?? ''}|${k.metric}|${k.phi}|${k.time}|${k.doneKey}|${k.unfinished ? k.tick : ''}`
}

/** A cache of at most `limit` entries that forgets the oldest-inserted first: while runs go on every poll
 * names new reports, and old ones are never asked for again. */
export class BoundedCache<V> {
  private readonly map = new Map<string, V>()
  constructor(readonly limit: number) {}
  get(key: string): V | undefined {
    return this.map.get(key)
  }
  set(key: string, value: V): void {
    this.map.set(key, value)
    while (this.map.size > this.limit) this.map.delete(this.map.keys().next().value as string)
  }
  get size(): number {
    return this.map.size
  }
}
