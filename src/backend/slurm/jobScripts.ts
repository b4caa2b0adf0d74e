// The text of the two Slurm job scripts `landau submit` writes (pure: no file, no process): shard.sh, an
// array job whose task i runs `landau run SPEC --project shards/s<i>.landau --shard i/K`, and merge.sh,
// which runs `landau merge OUT shards/s1.landau … shards/sK.landau` once every task ended well (the
// dependency is given to sbatch: sbatchArgv). And the sbatch command lines that submit them.
//
// Nothing a user typed reaches a shell as code: paths enter the scripts single-quoted (shellQuote), the
// #SBATCH lines hold only values checked against Slurm's own syntax (partition, time) or made of safe
// characters (the job name), and the `--sbatch` words go to sbatch as argv words (execFile, sbatch.ts).
import { LOGS_DIR, SHARDS_DIR } from './jobFolder'

/**
 * Whether the shard tasks run `landau run … --resume --checkpoint-every S`: a shard task, whether started
 * again by its retry loop or requeued by Slurm, then continues the runs of its file from their checkpoints
 * (docs/CLUSTER.md). Without (the tests look at both scripts) it would start its file anew.
 */
export const RUN_HAS_RESUME = true
/** `--checkpoint-every` of the shard tasks by default: a time limit or a preemption costs at most this much work. */
export const CHECKPOINT_EVERY_SECONDS = 300
/** How often a shard task starts landau again after it crashed or was killed (not after it failed). */
export const SHARD_MAX_ATTEMPTS = 3
/**
 * Exit codes of a landau that crashed or was killed (128 + SIGABRT, SIGKILL, SIGSEGV): started again. A
 * failed run (1), bad input (2) or a stop asked by a signal (SIGTERM, SIGINT, SIGHUP: Slurm's time limit,
 * preemption, scancel) is not: the first would fail again, the others end the job, which Slurm requeues.
 */
export const RETRY_EXIT_CODES = [134, 137, 139] as const

export interface JobScriptOptions {
  /** Absolute path of the job folder (OUT.slurm). */
  folder: string
  /** Absolute path of the merged project (OUT.landau). */
  out: string
  /** Absolute path of the folder's copy of the spec. */
  spec: string
  shards: number
  /** The node binary and the CLI entry (bin/landau.js) of the submitting command, absolute. */
  node: string
  cli: string
  cpusPerTask: number
  partition?: string
  time?: string
  /** Base of the job names (made of safe characters: jobName). */
  name: string
  codeVersion: string
  /** Defaults to RUN_HAS_RESUME; the tests set it to see both scripts. */
  resume?: boolean
  /** Seconds between a shard's checkpoints (landau submit --checkpoint-every); CHECKPOINT_EVERY_SECONDS if absent. */
  checkpointEvery?: number
}

/** One word for bash, whatever it holds: single quotes, each ' written as '\''. */
export function shellQuote(s: string): string {
  if (s.includes('\0')) throw new RangeError('a shell word cannot hold a NUL character')
  return `'${s.replace(/'/g, `'\\''`)}'`
}

/** A job name from a file name: Slurm shows it in squeue, so kept short and made of safe characters. */
export function jobName(base: string): string {
  const safe = base.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 40)
  return safe === '' ? 'landau' : safe
}

/** Slurm partition names: letters, digits, `_ . -`; a comma-separated list is a list of candidates. */
export const PARTITION_RE = /^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$/
/** Slurm's time limits: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS. */
export const TIME_RE = /^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+|\d+-\d+:\d{1,2}|\d+-\d+:\d{1,2}:\d{1,2})$/

function check(o: JobScriptOptions): void {
  // The CLI checked these already (index.ts); here again because they become #SBATCH lines.
  if (o.partition !== undefined && !PARTITION_RE.test(o.partition)) throw new RangeError(`not a Slurm partition name: ${JSON.stringify(o.partition)}`)
  if (o.time !== undefined && !TIME_RE.test(o.time)) throw new RangeError(`not a Slurm time limit: ${JSON.stringify(o.time)}`)
  if (!/^[A-Za-z0-9_.-]+$/.test(o.name)) throw new RangeError(`not a safe job name: ${JSON.stringify(o.name)}`)
  if (!Number.isInteger(o.shards) || o.shards < 1) throw new RangeError('shards must be a positive integer')
  if (!Number.isInteger(o.cpusPerTask) || o.cpusPerTask < 1) throw new RangeError('cpusPerTask must be a positive integer')
}

/** The #SBATCH lines both jobs have, after their own. */
const commonDirectives = (o: JobScriptOptions) => [
  ...(o.partition !== undefined ? [`#SBATCH --partition=${o.partition}`] : []),
  // Requeued (node failure, preemption) rather than lost; its log is appended to, not replaced.
  '#SBATCH --requeue',
  '#SBATCH --open-mode=append',
]

/** The first lines of both bodies: what the job is, and the absolute paths it uses. */
const prelude = (o: JobScriptOptions, what: string) => [
  `# ${what}`,
  `# Written by \`landau submit\` (code version ${o.codeVersion.replace(/[\r\n]/g, ' ')}) and submitted from the job folder,`,
  "# the jobs' working folder: the log paths above are relative to it.",
  'set -u',
  `NODE=${shellQuote(o.node)}`,
  `LANDAU=${shellQuote(o.cli)}`,
  `DIR=${shellQuote(o.folder)}`,
  `K=${o.shards}`,
]

export function shardScript(o: JobScriptOptions): string {
  check(o)
  const resume = o.resume ?? RUN_HAS_RESUME
  const every = o.checkpointEvery ?? CHECKPOINT_EVERY_SECONDS
  if (!(every >= 0) || !Number.isFinite(every)) throw new RangeError(`checkpoint interval must be a number of seconds ≥ 0: ${every}`)
  const resumeArgs = resume ? ` --resume --checkpoint-every ${every}` : ''
  return `${[
    '#!/bin/bash',
    `#SBATCH --job-name=${o.name}`,
    `#SBATCH --array=1-${o.shards}`,
    `#SBATCH --cpus-per-task=${o.cpusPerTask}`,
    ...(o.time !== undefined ? [`#SBATCH --time=${o.time}`] : []),
    `#SBATCH --output=${LOGS_DIR}/shard-%a.out`,
    ...commonDirectives(o),
    ...prelude(o, `Shard task i of K: \`landau run --shard i/K\` into ${SHARDS_DIR}/s<i>.landau.`),
    `SPEC=${shellQuote(o.spec)}`,
    'i="${SLURM_ARRAY_TASK_ID:?this script is a Slurm array task}"',
    `SHARD="$DIR/${SHARDS_DIR}/s$i.landau"`,
    '',
    `# A landau that crashed or was killed (${RETRY_EXIT_CODES.join(', ')}) is started again, at most ${SHARD_MAX_ATTEMPTS} times in all;`,
    '# any other exit code ends the task with it, and a shard that failed keeps the merge from running.',
    'attempt=1',
    'while :; do',
    ...(resume
      ? ['  # --resume continues the runs the file holds (from their checkpoints), or starts the shard.']
      : ['  # No resume yet: every attempt (a retry, a requeued task) starts the shard file anew.', '  rm -f -- "$SHARD" "$SHARD-wal" "$SHARD-shm"']),
    `  echo "shard $i/$K: attempt $attempt (Slurm restart count \${SLURM_RESTART_COUNT:-0}) on $(hostname) at $(date -Is)"`,
    `  "$NODE" "$LANDAU" run "$SPEC" --project "$SHARD" --shard "$i/$K" --workers ${o.cpusPerTask}${resumeArgs}`,
    '  code=$?',
    '  echo "shard $i/$K: landau exited with $code"',
    `  case $code in ${RETRY_EXIT_CODES.join('|')}) ;; *) exit $code ;; esac`,
    `  if [ $attempt -ge ${SHARD_MAX_ATTEMPTS} ]; then exit $code; fi`,
    '  attempt=$((attempt + 1))',
    'done',
  ].join('\n')}\n`
}

export function mergeScript(o: JobScriptOptions): string {
  check(o)
  return `${[
    '#!/bin/bash',
    `#SBATCH --job-name=${o.name}-merge`,
    '#SBATCH --cpus-per-task=1',
    `#SBATCH --output=${LOGS_DIR}/merge.out`,
    ...commonDirectives(o),
    ...prelude(o, 'Merge: every shard file into OUT, once all shard tasks ended well (atomic and idempotent: a rerun is harmless).'),
    `OUT=${shellQuote(o.out)}`,
    'shards=()',
    `for i in $(seq 1 "$K"); do shards+=("$DIR/${SHARDS_DIR}/s$i.landau"); done`,
    'echo "merge into $OUT on $(hostname) at $(date -Is)"',
    'exec "$NODE" "$LANDAU" merge "$OUT" "${shards[@]}"',
  ].join('\n')}\n`
}

/**
 * The sbatch argv of each job (without the program name). `--parsable` makes sbatch print the job id
 * alone; the user's `--sbatch` words go to both jobs, each one argv word, before the script. The merge
 * waits for every task of the array to end with exit code 0, and is cancelled if one did not (so it never
 * sits in the queue forever).
 */
export function sbatchArgv(job: 'shard' | 'merge', extra: readonly string[], script: string, arrayId?: string): string[] {
  if (job === 'merge' && !(arrayId && /^\d+$/.test(arrayId))) throw new RangeError('the merge job needs the array job id')
  const dependency = job === 'merge' ? [`--dependency=afterok:${arrayId}`, '--kill-on-invalid-dep=yes'] : []
  return ['--parsable', ...dependency, ...extra, script]
}

/** A command line as a user would type it (dry run, messages): every word quoted where it needs it. */
export function displayCommand(words: readonly string[]): string {
  return words.map((w) => (/^[A-Za-z0-9_./:=,@%+-]+$/.test(w) ? w : shellQuote(w))).join(' ')
}
