// Per-run propagation-of-chaos diagnostics, kept between convergence reports. A report's cost is the
// exact W2 assignments of every particle run against the reference (seconds for the bundled sweep), and
// none of it depends on the error measure shown: switching the measure only picks another field of the
// same diagnostics, and switching back to a time already seen reads the same snapshots again. So the
// interactive thread keeps each run's diagnostics at a time, keyed by what they are computed from, and a
// report is then a few lookups. Only the weak functional depends on the test function φ; it is O(N) per
// replica, so a report with another φ recomputes that part alone from the snapshots.
import type { ChaosDiagnostics } from '../solvers/chaos/chaosDiagnostics'
import { formatTestFunction, type TestFunction } from '../solvers/chaos/testFunctions'

export interface CachedDiagnostics {
  diagnostics: ChaosDiagnostics
  /** φ of the weak fields, in the CLI's text form. */
  phi: string
}

/**
 * What a run's diagnostics at one time are a function of: the project file, the run (its creation time
 * too, so a new project written at the same path never hits an old entry; ids are never reused within a
 * project), the snapshot's step and replica count, the reference run and the step of its density, the
 * reference samples' key (experiment seed, run index) and the W2 point cap.
 */
export interface DiagnosticsKey {
  path: string
  run: { id: number; createdAt: string; index: number }
  snapshot: { step: number; replicas: number }
  reference: { id: number; createdAt: string; step: number }
  seed: number
  nMax: number
}

export const diagnosticsKey = (k: DiagnosticsKey): string =>
  [
    k.path,
    k.run.id,
    k.run.createdAt,
    k.run.index,
    k.snapshot.step,
    k.snapshot.replicas,
    k.reference.id,
    k.reference.createdAt,
    k.reference.step,
    k.seed,
    k.nMax,
  ].join('\u0000')

export const phiKey = (phi: TestFunction): string => formatTestFunction(phi)

/** Least recently used first out. An entry is a few dozen numbers, so the bound is on count alone:
 * 512 entries hold e.g. 16 times × 32 runs, far more than one view asks for. The Workbench keeps one
 * (main thread) and hands a task its entries; the task's own cache says which entries it added. */
export class DiagnosticsCache {
  private readonly map = new Map<string, CachedDiagnostics>()
  /** Entries set since construction (what a task computed). */
  readonly added: [string, CachedDiagnostics][] = []
  hits = 0
  misses = 0
  constructor(
    readonly capacity = 512,
    known: Iterable<[string, CachedDiagnostics]> = [],
  ) {
    for (const [k, v] of known) this.map.set(k, v)
  }

  get(key: string): CachedDiagnostics | undefined {
    const hit = this.map.get(key)
    if (hit) {
      this.map.delete(key)
      this.map.set(key, hit)
      this.hits++
    } else this.misses++
    return hit
  }

  set(key: string, value: CachedDiagnostics): void {
    this.map.delete(key)
    this.map.set(key, value)
    this.added.push([key, value])
    while (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as string)
  }

  /** Entries whose key starts with this project path (what a report on that project may use). */
  entriesOf(path: string): [string, CachedDiagnostics][] {
    const prefix = path + '\u0000'
    return [...this.map].filter(([k]) => k.startsWith(prefix))
  }

  get size(): number {
    return this.map.size
  }

  clear(): void {
    this.map.clear()
  }
}
