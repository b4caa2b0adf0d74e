// How often a run writes a checkpoint by default (docs/CLUSTER.md, "Checkpoints and resume"). A file of
// its own so that the command line's option help reads it without loading the workbench.

/** A run writes a checkpoint about this often by default: a minute of work at most is lost to a kill. */
export const DEFAULT_CHECKPOINT_SECONDS = 60

/**
 * The interval asked for by the environment, LANDAU_CHECKPOINT_EVERY (seconds ≥ 0; 0: none): how the
 * desktop app, which has no command line of its own, is given one. Undefined when unset; a value that is
 * not a number of seconds is reported (once, by the caller) and ignored.
 */
export function checkpointSecondsFromEnv(env: Record<string, string | undefined>): { seconds?: number; error?: string } {
  const v = env.LANDAU_CHECKPOINT_EVERY
  if (v === undefined || v.trim() === '') return {}
  const x = Number(v)
  if (!(x >= 0) || !Number.isFinite(x))
    return {
      error: `LANDAU_CHECKPOINT_EVERY must be a number of seconds ≥ 0 (0: no checkpoints), not ${JSON.stringify(v)}; using ${DEFAULT_CHECKPOINT_SECONDS}`,
    }
  return { seconds: x }
}
