// After the Convergence view asked for an experiment's report at one time, the other stored times are
// likely next (the t selector, the "against t" axis). Their per-run diagnostics are computed ahead, one
// (run, time) task at a time on the scheduler's background thread, never on the interactive one, so that
// a report, preview or density view the user asks for never queues behind them; and only while no run is
// going, so that they never take a core from a run. They land in the Workbench's cache
// (chaosDiagnosticsCache.ts): a later report at those times is then lookups. Another project or `stop()`
// ends the current warm-up and its queue; a new report starts another.
import { isDeterministic } from '../shared/spec'
import { snapshotTimes } from '../shared/figures/convergenceRules'
import type { TestFunction } from '../solvers/chaos/testFunctions'
import type { ProjectStore } from './store/projectStore'
import type { ChaosResult, ChaosTask } from './worker'
import type { DiagnosticsCache } from './chaosDiagnosticsCache'

export interface WarmupHost {
  /** Runs a chaos task on the background thread. */
  chaosBackground(task: Omit<ChaosTask, 'kind'>): Promise<ChaosResult>
  /** Runs queued or running. */
  readonly activeCount: number
}

/** How often the warm-up looks again whether the runs have ended. */
const IDLE_POLL_MS = 500

export class ChaosWarmup {
  private generation = 0
  /** (run, time) pairs computed by the warm-up in all, for tests and benchmarks. */
  warmed = 0

  constructor(
    private readonly host: WarmupHost,
    private readonly cache: DiagnosticsCache,
    private readonly nativeBinding?: string,
  ) {}

  stop(): void {
    this.generation++
  }

  /** Starts warming the experiment's other snapshot times (after a report at `time`), replacing any warm-up. */
  start(store: ProjectStore, o: { experiment: number; time: number; reference?: number; phi?: TestFunction }): void {
    const gen = ++this.generation
    let queue: { run: number; time: number }[]
    try {
      const exp = store.getExperiment(o.experiment)
      const runs = store.listRuns().filter((r) => r.experimentId === exp.id && r.status === 'done' && !isDeterministic(r.params))
      const first = runs[0]
      if (!first) return
      // Nearest times first: the selector's neighbours are the likeliest next choice.
      const times = snapshotTimes(first.spec)
        .filter((t) => t !== o.time)
        .sort((a, b) => Math.abs(a - o.time) - Math.abs(b - o.time))
      queue = times.flatMap((time) => runs.map((r) => ({ run: r.id, time })))
    } catch {
      return // a report is not possible: nothing to warm
    }
    void this.drain(gen, store.path, o, queue)
  }

  private async drain(
    gen: number,
    path: string,
    o: { experiment: number; reference?: number; phi?: TestFunction },
    queue: { run: number; time: number }[],
  ): Promise<void> {
    const skip = new Set<number>()
    for (const item of queue) {
      if (skip.has(item.time)) continue
      while (gen === this.generation && this.host.activeCount > 0) await new Promise((r) => setTimeout(r, IDLE_POLL_MS))
      if (gen !== this.generation) return
      try {
        const r = await this.host.chaosBackground({
          path,
          experiment: o.experiment,
          time: item.time,
          metric: 'w2',
          reference: o.reference,
          phi: o.phi,
          onlyRun: item.run,
          known: this.cache.entriesOf(path),
          nativeBinding: this.nativeBinding,
        })
        // A time the reference or a run lacks makes every later task at it fail the same way: skip them.
        if (!r.ok) skip.add(item.time)
        else {
          for (const [k, v] of r.computed) this.cache.set(k, v)
          this.warmed++
        }
      } catch {
        return // the pool is closing
      }
    }
  }
}
