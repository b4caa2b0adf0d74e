// `landau`: the headless workbench. This file only builds the commander program; each command's action is
// in its own file: `run` (runCommand.ts) executes an experiment file through the same scheduler and store as
// the app, `export` (exportCommand.ts) writes a stored run's history, `serve` (serveCommand.ts) starts the
// web UI, `refine-dt` (refineDtCommand.ts) a particle system's time-step study, `refine` (refineCommand.ts) prints a deterministic solver's grid-refinement study on BKW against
// the exact solution, `regularisation` (regularisationCommand.ts) the blob's errors on a Coulomb shell,
// `chaos` (chaosCommand.ts) the convergence report of an experiment, `merge` (mergeCommand.ts) brings the
// project files of a sharded experiment (`run --shard`) together, `submit` (submitCommand.ts) sends an
// experiment to Slurm as shard jobs and a merge job, `status` (statusCommand.ts) shows how far they are,
// `resume` (resumeCommand.ts) continues stopped runs from their checkpoints, `runs` (runsCommand.ts) lists and
// filters a project's runs, `annotate` and `empty-trash` (annotateCommand.ts) manage them.
// Exit codes: 0 success, 1 a run failed or was cancelled, 2 bad input (the project file is left untouched),
// 128 + its number when stopped by a signal (130 SIGINT, 143 SIGTERM, 129 SIGHUP; signals.ts).
import { resolve } from 'node:path'
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { ApiError } from '../shared/apiError'
import { appVersion } from '../backend/codeVersion'
import { parseShard } from '../shared/shard'
import { CHAOS_OBSERVABLE_NAMES } from '../solvers/chaos/chaosObservables'
import { parseTestFunction } from '../solvers/chaos/testFunctions'
import { CHAOS_METRICS } from './chaos'
import { InputError } from './inputError'
import { RUN_SORTS, RUN_STATUSES } from '../shared/runQuery'
import { checkpointSeconds, finiteNumber, isoDate, numberList, positiveInt, positiveIntList, positiveList, positiveNumber } from './optionParsers'
import { DEFAULT_CHECKPOINT_SECONDS } from '../backend/checkpointInterval'
import { PARTITION_RE, TIME_RE } from '../backend/slurm/jobScripts'
import { DEFAULT_PROGRESS_SECONDS, PROGRESS_MODES } from './progressReporter'
import { DEFAULT_FIGURE_SIZE, DEFAULT_STUDY_FIGURE_SIZE, figureSizeOptions } from './figureSize'

/**
 * A command's action, loaded when the command runs: the modules behind the commands pull in the store,
 * the pool, ECharts and PDFKit (≈ 1 s of loading together), which `landau --version` or `landau merge`
 * must not pay for.
 */
function lazy<M, K extends keyof M>(load: () => Promise<M>, name: K) {
  return async (...args: unknown[]): Promise<void> => {
    const action = (await load())[name] as (...a: unknown[]) => unknown
    await action(...args)
  }
}

/** `--status`, repeatable: each value one of the statuses, all of them kept. */
const runStatus = (v: string, all: string[]) => {
  if (!(RUN_STATUSES as readonly string[]).includes(v)) throw new InvalidArgumentError(`--status must be one of ${RUN_STATUSES.join(', ')}`)
  return [...all, v]
}

/** `--progress` and `--progress-every`, for the commands that run runs (progressReporter.ts). */
function progressOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option(
        '--progress <mode>',
        'progress on stderr: auto (a line kept in place on a terminal, else a line every few seconds), lines, json (one object per line), none',
      )
        .choices(PROGRESS_MODES)
        .default('auto'),
    )
    .option(
      '--progress-every <seconds>',
      `seconds between progress lines off a terminal (default ${DEFAULT_PROGRESS_SECONDS})`,
      positiveNumber('--progress-every'),
    )
}

export function buildProgram(): Command {
  const program = new Command('landau')
    .description('Landau Workbench, headless: run experiments, export histories, serve the web UI')
    .version(appVersion)
    .exitOverride()
    .configureOutput({ outputError: (s, write) => write(s) })
  const run = program
    .command('run')
    .description('run an experiment file through the pool and store it in a project (created if missing)')
    .argument('<spec>', 'experiment spec, JSON (docs/SPEC.md)')
    .requiredOption('-p, --project <file>', 'project file (.landau)')
    .option('--json', 'print one JSON object with the experiment, its runs and their histories')
    .option('-w, --workers <n>', 'pool threads (default: one per core)', positiveInt('--workers'))
    .option('--shard <i/K>', 'run only shard i of K: its runs, and replica ranges of runs too big for one shard (1 ≤ i ≤ K ≤ 10000; docs/CLUSTER.md)', (v) => {
      try {
        return parseShard(v)
      } catch (err) {
        throw new InvalidArgumentError((err as Error).message)
      }
    })
    .option(
      '--checkpoint-every <seconds>',
      `wall time between a run's checkpoints, from which \`landau resume\` continues it (0: none; default ${DEFAULT_CHECKPOINT_SECONDS})`,
      checkpointSeconds,
    )
    .option('--resume', 'if the project holds this experiment already (the same stored spec), continue its runs that are not done instead')
    .option('--force', 'with --resume: continue runs of another code version too (the bits may then differ)')
  progressOptions(run).action(lazy(() => import('./runCommand'), 'runCommand'))
  const resume = program
    .command('resume')
    .description('continue the interrupted, failed or cancelled runs of a project from their checkpoints (bit-identical to uninterrupted runs)')
    .argument('<project>', 'project file (.landau)')
    .option('-r, --run <id>', 'only this run', positiveInt('--run'))
    .option('--json', 'print one JSON object per experiment (one line each) with its resumed runs and their histories')
    .option('-w, --workers <n>', 'pool threads (default: one per core)', positiveInt('--workers'))
    .option('--checkpoint-every <seconds>', `wall time between checkpoints (0: none; default ${DEFAULT_CHECKPOINT_SECONDS})`, checkpointSeconds)
    .option('--force', 'resume runs computed by another code version or JavaScript engine too (the bits may then differ)')
  progressOptions(resume).action(lazy(() => import('./resumeCommand'), 'resumeCommand'))
  program
    .command('merge')
    .description('merge project files (shards of one experiment, or any projects) into OUT, created if missing; atomic (docs/CLUSTER.md)')
    .argument('<out>', 'project file to merge into (.landau)')
    .argument('<inputs...>', 'project files to merge from (.landau)')
    .action(lazy(() => import('./mergeCommand'), 'mergeCommand'))
  program
    .command('submit')
    .description('run an experiment on a Slurm cluster: a job array of shard tasks and a merge job into OUT (docs/CLUSTER.md)')
    .argument('<spec>', 'experiment spec, JSON (docs/SPEC.md)')
    .requiredOption('-p, --project <file>', 'merged project file (.landau); the jobs live in the folder beside it, OUT.slurm/')
    .option('--slurm', 'submit with sbatch (the only scheduler so far)')
    .option('--shards <K>', 'number of shard tasks (default: one per run)', positiveInt('--shards'))
    .option('-c, --cpus-per-task <n>', 'cores of each shard task (its pool threads)', positiveInt('--cpus-per-task'), 1)
    .option('--partition <name>', 'Slurm partition of both jobs', (v) => {
      if (!PARTITION_RE.test(v)) throw new InvalidArgumentError('--partition must be a Slurm partition name (letters, digits, _ . -; a comma-separated list)')
      return v
    })
    .option('--time <limit>', 'time limit of each shard task (minutes, HH:MM:SS, D-HH:MM, …)', (v) => {
      if (!TIME_RE.test(v)) throw new InvalidArgumentError('--time must be a Slurm time limit: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS')
      return v
    })
    .option(
      '--sbatch <word>',
      'an sbatch argument for both jobs, passed as it is (repeat for each: --sbatch --mem=4G --sbatch --qos=low)',
      (v, all: string[]) => [...all, v],
      [],
    )
    .option('--dry-run', 'print the job scripts and the sbatch commands; write and submit nothing')
    .option(
      '--checkpoint-every <seconds>',
      "wall time between a shard's checkpoints, from which a restarted or requeued task continues (default 300)",
      checkpointSeconds,
    )
    .action(lazy(() => import('./submitCommand'), 'submitCommand'))
  program
    .command('status')
    .description('where an experiment sent by `landau submit` stands: each shard file (read-only), the merge, the jobs (squeue)')
    .argument('<out>', 'the merged project file given to landau submit (.landau)')
    .option('--json', 'print one JSON object')
    .action(lazy(() => import('./statusCommand'), 'statusCommand'))
  program
    .command('export')
    .description("write a run's history, or several runs' in one file (every row, streamed), to stdout or a file")
    .argument('<project>', 'project file (.landau)')
    .option('-r, --run <id>', 'run id', positiveInt('--run'))
    .option('--runs <ids>', 'several runs in one file: CSV with a run column, JSON with a runs array', positiveIntList('--runs'))
    .addOption(new Option('-f, --format <format>', 'output format').choices(['csv', 'json']).default('csv'))
    .option('-o, --out <file>', 'write to this file instead (replaced whole once complete: never left partial)')
    .action(lazy(() => import('./exportCommand'), 'exportCommand'))
  program
    .command('runs')
    .description("list a project's runs, filtered and sorted as the run table does (read-only); archived and trashed runs only when asked")
    .argument('<project>', 'project file (.landau)')
    .argument('[words...]', 'search words, and tag:X solver:X status:X gamma:X N:X since:DATE before:DATE is:starred in:archived|trash|all')
    .option('--tag <tag>', 'only runs with this tag (repeat for several: all required)', (v, all: string[]) => [...all, v], [])
    .option('--solver <kind>', 'only runs of this solver (repeat: any of them)', (v, all: string[]) => [...all, v], [])
    .option('--status <status>', `only runs with this status: ${RUN_STATUSES.join(', ')} (repeat: any of them)`, runStatus, [])
    .option('--gamma <g>', 'only runs with this kernel exponent γ', finiteNumber('--gamma'))
    .option('--N <n>', 'only particle runs with N particles', positiveInt('--N'))
    .option('--since <date>', 'only runs created on or after this date (YYYY-MM-DD)', isoDate('--since'))
    .option('--before <date>', 'only runs created before this date (YYYY-MM-DD)', isoDate('--before'))
    .option('--starred', 'only starred runs')
    .option('--archived', 'the archived runs instead')
    .option('--trash', 'the runs in the trash instead')
    .option('--all', 'every run: active, archived and in the trash')
    .addOption(new Option('--sort <key>', 'order').choices(RUN_SORTS).default('newest'))
    .option('--json', 'print one JSON array of the runs')
    .action(lazy(() => import('./runsCommand'), 'runsCommand'))
  program
    .command('annotate')
    .description("change runs' name, notes, tags, star or archived mark, or move them to the trash and back (as the run table does)")
    .argument('<project>', 'project file (.landau)')
    .argument('<runs...>', 'run ids (space or comma separated)')
    .option('--label <name>', "the run's own name ('' removes it: the experiment's name is shown)")
    .option('--notes <markdown>', 'notes, replacing the old ones')
    .option('--notes-file <file>', 'notes from a file (- : stdin)')
    .option('--tags <a,b>', 'tags, replacing the old ones (comma separated; "" removes all)')
    .option('--add-tag <tag>', 'add a tag (repeatable)', (v, all: string[]) => [...all, v], [])
    .option('--remove-tag <tag>', 'remove a tag (repeatable)', (v, all: string[]) => [...all, v], [])
    .option('--star', 'star the runs')
    .option('--no-star', 'unstar the runs')
    .option('--archive', 'archive the runs (hidden from lists unless asked)')
    .option('--no-archive', 'bring archived runs back')
    .option('--delete', 'move the runs to the trash (kept until landau empty-trash --yes)')
    .option('--restore', 'take the runs out of the trash')
    .option('--json', 'print the runs as one JSON array')
    .action(lazy(() => import('./annotateCommand'), 'annotateCommand'))
  program
    .command('empty-trash')
    .description('remove the runs in the trash for good, with everything they stored (asks for --yes)')
    .argument('<project>', 'project file (.landau)')
    .option('--yes', 'do remove them (without it: only say which runs would go)')
    .action(lazy(() => import('./annotateCommand'), 'emptyTrashCommand'))
  program
    .command('serve')
    .description('serve the workbench to a browser on this machine')
    .option('-p, --project <file>', 'project to open (created if missing)')
    .option('--checkpoint-every <seconds>', `wall time between a run's checkpoints (0: none; default ${DEFAULT_CHECKPOINT_SECONDS})`, checkpointSeconds)
    .option(
      '--port <n>',
      'port (0 picks a free one)',
      (v) => {
        const n = Number(v)
        if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('--port must be an integer in [0, 65535]')
        return n
      },
      5180,
    )
    .option('--host <address>', 'address to listen on (keep it loopback)', '127.0.0.1')
    .option('-w, --workers <n>', 'pool threads (default: one per core)', positiveInt('--workers'))
    .option('--static <dir>', 'built renderer to serve', resolve('out/renderer'))
    .action(lazy(() => import('./serveCommand'), 'serveCommand'))
  program
    .command('refine')
    .description('grid-refinement study of a deterministic solver on BKW (γ = 0) against the exact solution: errors and observed orders')
    .addArgument(new Argument('<solver>', 'deterministic solver').choices(['blob', 'spectral', 'isotropic']))
    .option(
      '--n <list>',
      'resolutions, comma separated (n for blob/spectral, cells for isotropic; default 12,16,20 / 16,24,32 / 50,100,200)',
      numberList('--n'),
    )
    .option('--T <t>', 'time at which errors are measured', positiveNumber('--T'), 0.5)
    .option('--dt <dt>', 'time step (default 0.05)', positiveNumber('--dt'))
    .option('--K0 <K0>', 'BKW parameter K at t = 0', positiveNumber('--K0'), 0.6)
    .option('--extent <L>', 'box half-width L (blob, spectral) or rMax (isotropic); default: the solver default', positiveNumber('--extent'))
    .action(lazy(() => import('./refineCommand'), 'refineCommand'))
  program
    .command('refine-dt')
    .description('time-step refinement study of a particle system: weak error of E[Txx − Tzz](T) as dt halves, observed order and its 95 % interval')
    .addArgument(new Argument('<system>', 'particle system, or all (every system and integrator)').choices(['kac', 'pairing', 'fgm', 'fournier', 'all']))
    .addOption(new Option('--integrator <name>', 'pair integrator (default rotation; fgm, fournier: euler)').choices(['rotation', 'sbm', 'euler']))
    .option('--gamma <g>', 'kernel exponent: 0 is checked against the exact law, others against a dt_min/4 reference', finiteNumber('--gamma'), 0)
    .option('--N <n>', 'particles', positiveInt('--N'), 20)
    .option('--replicas <m>', 'replicas', positiveInt('--replicas'), 2000)
    .option('--T <t>', 'time at which the error is measured', positiveNumber('--T'), 0.16)
    .option('--dt <list>', 'time steps, comma separated, each dividing T (default 0.04,0.02,0.01,0.005)', positiveList('--dt'))
    .option('--seed <s>', 'seed', positiveInt('--seed'), 1)
    .option('--json', 'print the results as JSON')
    .action(lazy(() => import('./refineDtCommand'), 'refineDtCommand'))
  program
    .command('regularisation')
    .description(
      "the blob's two errors on a Coulomb shell: its entropy history against isotropic at the blob's ε (the same regularised equation), and that against plain isotropic (the Landau equation)",
    )
    .option('--n <list>', 'blob grids n (h = 2L/n, ε = 0.64h^1.98), comma separated', numberList('--n'), [16, 20, 28, 40, 64, 100, 160])
    .option('--blob-max <n>', 'largest n whose blob run is made (O(n⁶) work)', positiveInt('--blob-max'), 20)
    .option('--T <t>', 'end of the compared history', positiveNumber('--T'), 0.2)
    .option('--dt <dt>', 'output step', positiveNumber('--dt'), 0.05)
    .option('--r0 <r0>', 'shell radius (before normalisation)', positiveNumber('--r0'), 2)
    .option('--S <S>', 'shell sharpness S in exp(−S(|v| − r0)²)', positiveNumber('--S'), 1)
    .option('--L <L>', 'blob box half-width', positiveNumber('--L'), 4)
    .action(lazy(() => import('./regularisationCommand'), 'regularisationCommand'))
  const chaos = program
    .command('chaos')
    .description("propagation-of-chaos diagnostics of an experiment's particle runs against its deterministic run at a stored time, with log–log slopes over N")
    .argument('<project>', 'project file (.landau)')
    .option('-e, --experiment <id>', "experiment id (default: the project's only experiment)", positiveInt('--experiment'))
    .requiredOption('-t, --time <t>', 'a time stored in both the particle snapshots and the reference densities', (v) => {
      const x = Number(v)
      if (!(x >= 0) || !Number.isFinite(x)) throw new InvalidArgumentError('--time must be a number ≥ 0')
      return x
    })
    .option('-r, --reference <run>', 'deterministic reference run (default: the experiment’s first)', positiveInt('--reference'))
    .addOption(new Option('-m, --metric <metric>', 'error fitted against N').choices(Object.keys(CHAOS_METRICS)).default('w2-excess'))
    .option('--phi <φ>', 'test function of the weak chaos columns: gaussian:cx,cy,cz,width or cosine:kx,ky,kz (default gaussian:0,0,0,1)', (v) => {
      try {
        return parseTestFunction(v)
      } catch (err) {
        throw new InvalidArgumentError((err as Error).message)
      }
    })
    .option('--n-max <n>', 'cap on points per exact W2', positiveInt('--n-max'), 2000)
    .option('--json', 'print the report as one JSON object')
    .option('--svg <file>', "also write the convergence figure (the UI's, with its metadata) as SVG")
    .option('--pdf <file>', 'also write the convergence figure as vector PDF, its font (DejaVu Sans) embedded')
  figureSizeOptions(chaos, DEFAULT_FIGURE_SIZE).action(lazy(() => import('./chaosCommand'), 'chaosCommand'))
  const study = program
    .command('chaos-study')
    .description('run a chaos study (pilot, planned replicas, rate fits of the propagation-of-chaos error over N) into a project, and print its table')
    .argument('<study>', 'chaos study spec, JSON (docs/CHAOS.md)')
    .requiredOption('-p, --project <file>', 'project file (.landau; created if missing)')
    .option('--json', 'print the report as one JSON object')
    .option('-w, --workers <n>', 'pool threads (default: one per core)', positiveInt('--workers'))
    .option('--svg <file>', 'also write the figure of one observable (|value| and N·value vs N, the fitted rates) as SVG, with its metadata')
    .option('--pdf <file>', 'also write that figure as vector PDF, its font (DejaVu Sans) embedded')
    .addOption(
      new Option('--observable <name>', "the figure's observable: its rows at the study's first time (default: the study's first observable)").choices(
        CHAOS_OBSERVABLE_NAMES,
      ),
    )
  figureSizeOptions(study, DEFAULT_STUDY_FIGURE_SIZE)
  progressOptions(study).action(lazy(() => import('./chaosStudyCommand'), 'chaosStudyCommand'))
  return program
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv)
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed by commander.
      process.exitCode = err.exitCode === 0 ? 0 : 2
    } else if (err instanceof InputError || err instanceof ApiError) {
      process.stderr.write(`error: ${err.message}\n`)
      process.exitCode = 2
    } else {
      process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
      process.exitCode = 1
    }
  }
}
