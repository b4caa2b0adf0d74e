// A stored run as an experiment spec of its own, for "Open in designer": its problem, time grid, snapshots,
// seed and solver entry (with the N and replicas it ran with), under the name it is shown by. Run as it is,
// it gets run index 0, so its random streams are the original's only if that was index 0; "Re-run" (the
// backend's rerunRun) is the exact repeat.
import type { RunRecord } from '../../../shared/api'
import { runName } from '../../../shared/runQuery'

export function experimentSpecOf(run: RunRecord): Record<string, unknown> {
  const s = run.spec
  return {
    name: runName(run),
    initial: s.initial,
    kernel: s.kernel,
    solvers: [s.solver],
    time: s.time,
    ...(s.snapshots.length ? { snapshots: s.snapshots } : {}),
    ...(s.snapshotKind ? { snapshotKind: s.snapshotKind } : {}),
    seed: s.seed,
  }
}
