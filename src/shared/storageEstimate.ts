// What an experiment will store in its project file (docs/PROJECT_FORMAT.md), estimated from the spec
// alone, before anything runs: the history rows of every run (`history`, with their `history_blocks`
// summary), the particle snapshots (`snapshots`) and the deterministic densities (`densities`). The spec
// refuses an experiment above STORAGE_MAX_BYTES (spec.ts); `landau run` warns above STORAGE_WARN_BYTES.
// Pure (no Node, no DOM): the UI, the CLI and the schema call the same function.
import { CHAOS_PHIS } from '../solvers/chaos/chaosObservables'
import { DETERMINISTIC_METRICS } from '../solvers/deterministic/types'
import { MOMENT_METRICS, ROW_METRICS, entropyPoolSize } from '../solvers/diagnostics/moments'
import { historyRowCount, snapshotSteps } from '../solvers/driver/schedule'
import type { ExperimentSpec, RunSpec, SolverSpec } from './spec'

/** Above this a front end should warn before running (1 GiB). */
export const STORAGE_WARN_BYTES = 2 ** 30
/**
 * Above this the spec is refused (8 GiB): several times what a long, well-sampled study needs (a 10⁶-row
 * history is 0.16 GB; 100 snapshots of 10⁵ particles 0.24 GB), while a spec could ask for 24 GB of
 * snapshots (100 times, 10⁷ particles) or 16 GB of history (10⁸ rows) without a word.
 */
export const STORAGE_MAX_BYTES = 8 * 2 ** 30

/**
 * Bytes of one history row beyond its 8-byte values: key, step, t and the b-tree's own overhead. Measured
 * with the project's table (WITHOUT ROWID, 4 KiB pages, 2·10⁵ rows): 156.8 bytes a row at 14 columns, 183.0
 * at 17, i.e. 45–47 beyond the values.
 */
const ROW_OVERHEAD = 48
/** history_blocks: 4 doubles per column per block of 128 rows. */
const BLOCK_BYTES_PER_ROW_AND_COLUMN = (4 * 8) / 128
/** A snapshot or density row's key, scalars and (for densities) its JSON meta. */
const BLOB_ROW_OVERHEAD = 256
/** A run's row: its spec, params and host as JSON. */
const RUN_ROW_BYTES = 4096

export interface StorageEstimate {
  /** All of it: history + snapshots + densities + the runs' own rows. */
  bytes: number
  history: number
  snapshots: number
  densities: number
  /** Runs the experiment expands into, and history rows over all of them. */
  runs: number
  historyRows: number
}

/** Rows a run records: t = 0, every `every` steps, and the last step (runSolver.ts, deterministicRun.ts). */

/** Float64 values of one stored density of a deterministic entry (DensityRecord: grid, radial, weighted). */
function densityValues(s: SolverSpec): number {
  switch (s.kind) {
    case 'spectral':
      return s.n ** 3 // f on the grid
    case 'blob':
      return 4 * s.n ** 3 // x (3 per particle) and w; at most n³ particles
    case 'isotropic':
      return 2 * s.cells // r and f
    case 'bkw-exact':
      return 2 * s.points
    default:
      return 0
  }
}

/** The bytes `spec` (parsed) will store, by table. Linear in the number of runs; no run is expanded. */
export function storageEstimate(spec: ExperimentSpec): StorageEstimate {
  const totalSteps = Math.round(spec.time.T / spec.time.dt)
  const rows = historyRowCount(totalSteps, spec.time.every)
  const snaps = snapshotSteps(spec.snapshots, spec.time.dt, totalSteps).length
  const rowBytes = (columns: number) => rows * (8 * columns + ROW_OVERHEAD + columns * BLOCK_BYTES_PER_ROW_AND_COLUMN)
  const e: StorageEstimate = { bytes: 0, history: 0, snapshots: 0, densities: 0, runs: 0, historyRows: 0 }
  for (const s of spec.solvers) {
    if (s.kind === 'kac' || s.kind === 'fgm' || s.kind === 'fournier' || s.kind === 'pairing') {
      const replicas = spec.sweep?.replicas ?? s.replicas
      for (const N of spec.sweep?.N ?? [s.N]) {
        e.runs++
        e.history += rowBytes(ROW_METRICS.length)
        // 'moments': per snapshot time, one row per φ with two float64 per replica (replica_moments).
        e.snapshots +=
          spec.snapshotKind === 'moments'
            ? snaps * CHAOS_PHIS.length * (16 * replicas + 2 * BLOB_ROW_OVERHEAD)
            : snaps * replicas * (24 * N + BLOB_ROW_OVERHEAD)
      }
    } else {
      e.runs++
      e.history += rowBytes(DETERMINISTIC_METRICS.length)
      e.densities += snaps * (8 * densityValues(s) + BLOB_ROW_OVERHEAD)
    }
  }
  e.historyRows = e.runs * rows
  e.bytes = e.history + e.snapshots + e.densities + e.runs * RUN_ROW_BYTES
  return e
}

/**
 * What a replica-range part (a shard's piece of a run, shardPlan.ts) stores on top of its rows: at every
 * history row, 6 moments and the entropy pool's ⌊65536/M⌋ particles (at most N) of each of its replicas
 * (replica_rows, schema 8). 0 for a whole run.
 */
export function replicaRowBytes(run: RunSpec): number {
  if (!run.replicaRange || !('replicas' in run.solver)) return 0
  const count = run.replicaRange.to - run.replicaRange.from
  const rows = historyRowCount(Math.round(run.time.T / run.time.dt), run.time.every)
  const per = entropyPoolSize(run.solver.replicas, run.solver.N)
  return rows * (count * 8 * (MOMENT_METRICS.length + 3 * per) + 2 * BLOB_ROW_OVERHEAD)
}

/** The issue of an experiment above STORAGE_MAX_BYTES, naming the part to cut and the field to change; null if below. */
export function storageIssue(spec: ExperimentSpec): { path: string[]; message: string } | null {
  const est = storageEstimate(spec)
  if (est.bytes <= STORAGE_MAX_BYTES) return null
  const parts = `history ${formatBytes(est.history)}, snapshots ${formatBytes(est.snapshots)}, densities ${formatBytes(est.densities)}`
  const [path, advice] =
    est.history >= est.snapshots && est.history >= est.densities
      ? [['time', 'every'], `raise time.every or time.dt (${est.historyRows.toPrecision(3)} history rows)`]
      : [['snapshots'], est.snapshots >= est.densities ? 'store fewer snapshots, or lower replicas or N' : 'store fewer snapshots, or use a coarser grid']
  return { path, message: `the experiment would store about ${formatBytes(est.bytes)} (${parts}); at most ${formatBytes(STORAGE_MAX_BYTES)}: ${advice}` }
}

/** "1.2 GB": decimal units, as file managers show sizes. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB']
  let k = 0
  while (bytes >= 1000 && k < units.length - 1) {
    bytes /= 1000
    k++
  }
  return `${k === 0 ? bytes.toFixed(0) : bytes.toPrecision(3)} ${units[k]}`
}
