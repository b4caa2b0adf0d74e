// Signals and output of the CLI's long commands. SIGINT (Ctrl-C), SIGTERM and SIGHUP (the terminal went
// away) all mean "stop": the first lets the command stop cleanly (runs recorded as stopped, a partial file
// removed, the output written out), a second exits at once. Either way the exit code is 128 + the
// signal's number (130, 143, 129), as a shell reports a process killed by it.
//
// process.exit() drops what stdout/stderr still hold: a pipe to a slow reader takes 64 KB and queues the
// rest, so a command that exits after a signal first waits for its output (flushStdio).
import { constants } from 'node:os'

export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
export type StopSignal = (typeof STOP_SIGNALS)[number]

/** 128 + the signal's number. */
export function signalExitCode(signal: StopSignal): number {
  return 128 + constants.signals[signal]
}

export interface StopSignals {
  /** The first stop signal received, or null. */
  readonly received: StopSignal | null
  /** Stops listening (the default action, termination, applies again). */
  dispose(): void
}

/**
 * Listens for the stop signals: the first calls `onFirst`; a second calls `onSecond` (synchronous
 * last-moment cleanup, e.g. removing a temporary file) and exits at once with 128 + its number.
 */
export function onStopSignals(onFirst: (signal: StopSignal) => void, onSecond: () => void = () => {}): StopSignals {
  let received: StopSignal | null = null
  const handler = (signal: StopSignal) => {
    if (received) {
      try {
        onSecond()
      } finally {
        process.exit(signalExitCode(signal))
      }
    }
    received = signal
    onFirst(signal)
  }
  for (const s of STOP_SIGNALS) process.on(s, handler)
  return {
    get received() {
      return received
    },
    dispose: () => {
      for (const s of STOP_SIGNALS) process.off(s, handler)
    },
  }
}

/** Resolves once `stream` has handed everything written so far to the OS (writes complete in order). */
export function flushed(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || stream.writableEnded) return Promise.resolve()
  return new Promise((resolve) => {
    // Errors (a reader that went away) do not matter here: there is nothing left to deliver to it.
    stream.write('', () => resolve())
  })
}

export async function flushStdio(): Promise<void> {
  await Promise.all([flushed(process.stdout), flushed(process.stderr)])
}

/** Exits with `code` once stdout and stderr are written out. */
export async function exitAfterOutput(code: number): Promise<never> {
  await flushStdio()
  process.exit(code)
}

/** A write to a pipe whose reader is gone (`landau export … | head`). */
export function isBrokenPipe(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | null)?.code === 'EPIPE'
}

/** Exit code of a command whose reader went away: as if killed by SIGPIPE, with nothing printed. */
export const BROKEN_PIPE_EXIT = 128 + constants.signals.SIGPIPE
