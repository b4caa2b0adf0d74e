// Progress of a command's runs on stderr (`landau run`, `resume`, `chaos-study`, and the shard tasks of
// `landau submit`, which run `landau run`). On a terminal, one line rewritten in place (\r) as before. Where
// stderr is a file or a pipe (nohup, Slurm's log, a CI job) a rewritten line is useless, so there: a plain line
// per running run every few seconds (`--progress-every`, 5 s by default), or with `--progress json` one JSON
// object per line, for a script to follow. The step and t come from the run's fraction and its spec's time
// grid: t = step·Δt, printed to 12 significant digits (cleanTime.ts).
import type { RunRecord, WorkbenchEvent } from '../shared/api'
import { cleanTime } from '../shared/cleanTime'

export const PROGRESS_MODES = ['auto', 'lines', 'json', 'none'] as const
export type ProgressMode = (typeof PROGRESS_MODES)[number]
/** What is actually written: the terminal's line in place, time-based lines, JSON lines, or nothing. */
export type ProgressOutput = 'tty' | 'lines' | 'json' | 'none'

export const DEFAULT_PROGRESS_SECONDS = 5

/**
 * The output for `--progress MODE`: auto is the terminal's line on a TTY (none with --json, as before:
 * the report is the output there) and plain lines elsewhere (also with --json: they go to stderr, the
 * report to stdout).
 */
export function progressOutput(mode: ProgressMode | undefined, isTTY: boolean, reportJson: boolean): ProgressOutput {
  if (mode === undefined || mode === 'auto') return isTTY ? (reportJson ? 'none' : 'tty') : 'lines'
  return mode
}

/** One JSON progress line: the run, where it is on its time grid, and the estimate of the time left. */
export interface ProgressRecord {
  run: number
  solver: string
  status: string
  step: number
  steps: number
  t: number
  fraction: number
  /** Seconds left, estimated from the time so far; null before the first estimate. */
  eta: number | null
}

interface RunState {
  solver: string
  steps: number
  dt: number
  fraction: number
  eta: number | null
  /** Progress not yet printed. */
  fresh: boolean
}

export interface ProgressReporterOptions {
  output: ProgressOutput
  /** Seconds between time-based lines (lines, json). */
  everySeconds?: number
  write?: (text: string) => void
}

/**
 * Follows a workbench's 'run' and 'progress' events. Time-based outputs print, every `everySeconds`, the
 * runs that moved since the last print; a run's end is printed at once (json: its last object, with its
 * status; lines and tty leave that to the command's own "run N (solver): done" line).
 */
export class ProgressReporter {
  private readonly runs = new Map<number, RunState>()
  private readonly write: (text: string) => void
  private timer: ReturnType<typeof setInterval> | null = null
  /** The tty line is showing (a run's end line must start on a new line). */
  private ttyLine = false

  constructor(private readonly o: ProgressReporterOptions) {
    this.write = o.write ?? ((s) => void process.stderr.write(s))
    if (o.output === 'lines' || o.output === 'json') {
      // Unref'd: a report that is waiting for nothing else must not keep the process alive.
      this.timer = setInterval(() => this.flush(), 1000 * (o.everySeconds ?? DEFAULT_PROGRESS_SECONDS))
      this.timer.unref?.()
    }
  }

  /** Feed every workbench event here. */
  onEvent(e: WorkbenchEvent): void {
    if (e.type === 'run') this.onRun(e.run)
    else if (e.type === 'progress') {
      const s = this.runs.get(e.runId)
      if (!s) return // a run this command did not see start (another process's): not ours to report
      s.fraction = e.fraction
      s.eta = e.etaSeconds
      s.fresh = true
      if (this.o.output === 'tty') {
        const eta = e.etaSeconds === null ? '' : `, ETA ${e.etaSeconds.toFixed(0)} s`
        this.write(`\rrun ${e.runId}: ${(100 * e.fraction).toFixed(1)} %${eta}   `)
        this.ttyLine = true
      }
    }
  }

  /** Whether the next line on stderr must first end the tty line. */
  takeLineBreak(): boolean {
    const was = this.ttyLine
    this.ttyLine = false
    return was
  }

  /** Stops the time-based lines (each run's end was printed as it came). */
  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  private onRun(run: RunRecord): void {
    const { T, dt } = run.spec.time
    let s = this.runs.get(run.id)
    if (!s) {
      s = { solver: run.solver, steps: Math.round(T / dt), dt, fraction: run.progress, eta: null, fresh: false }
      this.runs.set(run.id, s)
    }
    if (run.status === 'queued' || run.status === 'running') return
    s.fraction = run.status === 'done' ? 1 : run.progress
    s.fresh = false
    if (this.o.output === 'json') this.write(JSON.stringify(this.record(run.id, s, run.status)) + '\n')
    this.runs.delete(run.id)
  }

  /** One record per run that moved since the last print. */
  flush(): void {
    for (const [id, s] of this.runs) {
      if (!s.fresh) continue
      s.fresh = false
      const r = this.record(id, s, 'running')
      if (this.o.output === 'json') this.write(JSON.stringify(r) + '\n')
      else if (this.o.output === 'lines') this.write(formatProgressLine(r))
    }
  }

  private record(run: number, s: RunState, status: string): ProgressRecord {
    // The step reached: floor, so a run at 99.99 % is not shown at its last step; exact at the end.
    const step = Math.min(s.steps, Math.floor(s.fraction * s.steps + 1e-9))
    return {
      run,
      solver: s.solver,
      status,
      step,
      steps: s.steps,
      t: cleanTime(step * s.dt),
      fraction: Number(s.fraction.toFixed(6)),
      eta: s.eta === null ? null : Number(s.eta.toFixed(1)),
    }
  }
}

/** A plain progress line: `run 3 (kac): 42.0 %, step 420 of 1000, t = 0.42, ETA 12 s`. */
export function formatProgressLine(r: ProgressRecord): string {
  const eta = r.eta === null ? '' : `, ETA ${formatSeconds(r.eta)}`
  return `run ${r.run} (${r.solver}): ${(100 * r.fraction).toFixed(1)} %, step ${r.step} of ${r.steps}, t = ${r.t}${eta}\n`
}

/** Seconds as a log reader wants them: 42 s, 3 min 20 s, 2 h 05 min. */
export function formatSeconds(s: number): string {
  const n = Math.round(s)
  if (n < 60) return `${n} s`
  if (n < 3600) return `${Math.floor(n / 60)} min ${String(n % 60).padStart(2, '0')} s`
  return `${Math.floor(n / 3600)} h ${String(Math.floor((n % 3600) / 60)).padStart(2, '0')} min`
}
