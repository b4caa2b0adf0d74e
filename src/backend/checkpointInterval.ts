// How often a run writes a checkpoint by default (docs/CLUSTER.md, "Checkpoints and resume"). A file of
// its own so that the command line's option help reads it without loading the workbench.

/** A run writes a checkpoint about this often by default: a minute of work at most is lost to a kill. */
export const DEFAULT_CHECKPOINT_SECONDS = 60
