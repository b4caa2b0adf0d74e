// The progress of a submitted experiment (`landau status`, the UI's cluster panel), as read from its job
// folder by src/backend/slurm/shardStatus.ts: one entry per shard file, and whether OUT holds the merge.

/**
 * missing: no shard file yet (the task has not started); running: some run queued or running; done: every
 * run done; failed: a run ended otherwise (the reason says how).
 */
export type ShardState = 'missing' | 'running' | 'done' | 'failed'

export interface ShardProgress {
  /** 1-based shard index i of `--shard i/K`. */
  index: number
  /** Absolute path of the shard's project file. */
  file: string
  state: ShardState
  /** Fraction done over the shard's runs, in [0, 1]. */
  progress: number
  runsDone: number
  /** Runs in the shard file; null while it is missing. */
  runsTotal: number | null
  /** Why the shard failed, or why it could not be read. */
  reason: string | null
  /** The array task's state in Slurm's queue (squeue), when known. */
  job?: string | null
}

export interface ClusterStatus {
  /** The job folder (`OUT.slurm/`). */
  folder: string
  out: string
  submittedAt: string
  jobs: { array: string; merge: string } | null
  shards: ShardProgress[]
  /** OUT's runs of the experiment that are done, against the experiment's run count. */
  merged: { runsDone: number; runsTotal: number; complete: boolean }
  /** The merge job's state in Slurm's queue (squeue), when known. */
  mergeJob?: string | null
}
