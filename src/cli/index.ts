// `landau`: the headless workbench. `run` executes an experiment file through the same scheduler and
// store as the app, `export` writes a stored run's history, `serve` starts the web UI, `refine` prints a
// deterministic solver's grid-refinement study on BKW against the exact solution.
// Exit codes: 0 success, 1 a run failed or was cancelled, 2 bad input (the project file is left untouched),
// 128 + its number when stopped by a signal (130 SIGINT, 143 SIGTERM, 129 SIGHUP; signals.ts).
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { ApiError } from '../shared/api'
import type { RunRecord, WorkbenchEvent } from '../shared/api'
import { checkExperiment, formatIssues, InitialSpec, TimeSpec } from '../shared/spec'
import { STORAGE_WARN_BYTES, formatBytes, storageEstimate } from '../shared/storageEstimate'
import { appVersion } from '../backend/codeVersion'
import { writeRunsJson } from '../backend/exporter'
import { createNodeWorkbench } from '../backend/nodeWorkbench'
import { owner, ownerAlive } from '../backend/processIdentity'
import { ProjectStore } from '../backend/store/projectStore'
import { openOrCreateProjectPath } from '../backend/projectPath'
import { startWebServer } from '../backend/webServer'
import { existsSync } from 'node:fs'
import { refinementStudy, type RefinableKind } from '../solvers/deterministic/refinement'
import { regularisationStudy } from '../solvers/deterministic/regularisationStudy'
import { CHAOS_METRICS, chaosReport, formatChaosReport, type ChaosMetric } from './chaos'
import { parseTestFunction, type TestFunction } from '../solvers/analysis/testFunctions'
import { exportCommand } from './exportCommand'
import { InputError } from './inputError'
import { BROKEN_PIPE_EXIT, exitAfterOutput, isBrokenPipe, onStopSignals, signalExitCode } from './signals'

const positiveInt = (what: string) => (v: string) => {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${what} must be a positive integer`)
  return n
}

function readSpecFile(file: string): unknown {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new InputError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new InputError(`${file} is not valid JSON: ${(err as Error).message}`)
  }
}

async function runCommand(specFile: string, opts: { project: string; json?: boolean; workers?: number }) {
  // Everything about the input is checked before the project file is opened or created.
  const check = checkExperiment(readSpecFile(specFile))
  if (!check.ok) throw new InputError(`${specFile}: ${formatIssues(check.issues)}`)
  const storage = storageEstimate(check.spec)
  if (storage.bytes > STORAGE_WARN_BYTES) process.stderr.write(`warning: this experiment will store about ${formatBytes(storage.bytes)} in the project\n`)
  // The app's rule for project paths (a .landau file; created only where nothing exists): checked here
  // too, so a bad --project is exit code 2 before the pool starts.
  const project = openOrCreateProjectPath(opts.project)
  const wb = createNodeWorkbench({ threads: opts.workers })
  // Stopping (signals.ts): the first SIGINT/SIGTERM/SIGHUP shuts the workbench down, which stops the runs
  // and records them as stopped by a shutdown; the command then reports what the file holds, as after a
  // normal end, and exits with 128 + the signal's number once that output is written. A signal during the
  // output stops the output. A second signal exits at once.
  let phase: 'running' | 'output' = 'running'
  let stopping: Promise<void> | null = null
  let stopped!: () => void
  const stoppedNow = new Promise<void>((r) => (stopped = r))
  const shutdown = () =>
    (stopping ??= wb
      .shutdown()
      .catch((err: unknown) => void process.stderr.write(`error while stopping: ${err instanceof Error ? err.message : String(err)}\n`))
      .finally(stopped))
  const output = new AbortController()
  const signals = onStopSignals((signal) => {
    const what = signal === 'SIGINT' ? 'interrupted' : `${signal} received`
    if (phase === 'output') {
      process.stderr.write(`\n${what}: output stopped\n`)
      output.abort(new Error(`output stopped by ${signal}`))
    } else {
      process.stderr.write(`\n${what}: stopping runs… (again to quit at once)\n`)
      void shutdown()
    }
  })
  let experimentId: number | null = null
  let runIds: number[] = []
  let projectPath: string | null = null
  try {
    await (project.create ? wb.createProject(project.path) : wb.openProject(project.path))
    projectPath = (await wb.currentProject())?.path ?? null // the file as opened, for reportRuns
    const showProgress = !opts.json && process.stderr.isTTY
    wb.onEvent((e: WorkbenchEvent) => {
      if (e.type === 'progress' && showProgress) {
        const eta = e.etaSeconds === null ? '' : `, ETA ${e.etaSeconds.toFixed(0)} s`
        process.stderr.write(`\rrun ${e.runId}: ${(100 * e.fraction).toFixed(1)} %${eta}   `)
      }
      if (e.type === 'run' && !opts.json && e.run.status !== 'queued' && e.run.status !== 'running') {
        process.stderr.write(`${showProgress ? '\n' : ''}run ${e.run.id} (${e.run.solver}): ${e.run.status}${e.run.error ? `: ${e.run.error}` : ''}\n`)
      }
    })
    ;({ experimentId, runIds } = await wb.startExperiment(check.spec))
    // A shutdown cancels every run, so whenIdle resolves; stoppedNow also covers a signal during the start.
    await Promise.race([wb.whenIdle(), stoppedNow])
  } catch (err) {
    // A call cut short by the shutdown (the project closed under it) is the signal's doing, not an error.
    if (!signals.received) {
      await shutdown()
      signals.dispose()
      throw err
    }
  } finally {
    await shutdown()
  }
  try {
    if (experimentId !== null && projectPath !== null) {
      phase = 'output'
      await reportRuns(projectPath, experimentId, runIds, !!opts.json, output.signal)
    }
  } catch (err) {
    if (isBrokenPipe(err)) process.exitCode = BROKEN_PIPE_EXIT // the reader went away (`| head`): nothing to say
    else if (!output.signal.aborted) throw err
  } finally {
    signals.dispose()
  }
  if (signals.received) await exitAfterOutput(signalExitCode(signals.received))
}

/**
 * The outcome of `landau run`, read back from the file once the workbench has closed it (so a stopped run
 * shows the status the shutdown recorded): one line per run, or with --json one JSON object with every
 * history, streamed from the file in bounded memory rather than built as one string. Sets the exit code:
 * 0 when every run is done, else 1.
 */
async function reportRuns(project: string, experimentId: number, runIds: number[], json: boolean, signal: AbortSignal): Promise<void> {
  const store = ProjectStore.open(project, { readonly: true, owner, ownerAlive })
  try {
    const runs: RunRecord[] = runIds.map((id) => store.getRun(id))
    if (json) {
      await writeRunsJson(store, experimentId, runIds, process.stdout, { signal })
    } else {
      for (const r of runs) process.stdout.write(`experiment ${experimentId} run ${r.id}: ${r.solver} ${r.status} in ${((r.wallMs ?? 0) / 1000).toFixed(2)} s\n`)
    }
    process.exitCode = runs.every((r) => r.status === 'done') ? 0 : 1
  } finally {
    store.close()
  }
}

async function serveCommand(opts: { project?: string; port: number; host: string; workers?: number; static: string }) {
  const project = opts.project === undefined ? null : openOrCreateProjectPath(opts.project) // before the pool starts
  const wb = createNodeWorkbench({ threads: opts.workers, mode: 'web' })
  if (project) await (project.create ? wb.createProject(project.path) : wb.openProject(project.path))
  const server = await startWebServer({ api: wb, staticDir: opts.static, host: opts.host, port: opts.port, exportTo: (id, format, out, o) => wb.exportRunTo(id, format, out, o) })
  if (!existsSync(resolve(opts.static, 'index.html'))) process.stderr.write(`warning: ${opts.static} holds no built UI; run \`npm run build:web\`\n`)
  // The URL carries this launch's secret token (webServer.ts): only who can read this terminal can open the UI.
  process.stdout.write(`Landau Workbench (web) at ${server.url}\n`)
  process.stdout.write('Open that URL in a browser on this machine; it holds this launch\'s access token, so keep it to yourself.\n')
  // Ctrl-C, SIGTERM and SIGHUP stop the server the same way: its runs are recorded as stopped by a
  // shutdown (not a user's cancel), then it exits with 128 + the signal's number; a second signal exits at once.
  onStopSignals((signal) => {
    void (async () => {
      await server.close()
      await wb.shutdown()
      await exitAfterOutput(signalExitCode(signal))
    })()
  })
}

const numberList = (what: string) => (v: string) => {
  const xs = v.split(',').map(Number)
  if (xs.length < 2 || xs.some((x) => !Number.isInteger(x) || x < 2)) throw new InvalidArgumentError(`${what} must list at least two integers ≥ 2, comma separated`)
  return xs
}
const positiveNumber = (what: string) => (v: string) => {
  const x = Number(v)
  if (!(x > 0) || !Number.isFinite(x)) throw new InvalidArgumentError(`${what} must be a positive number`)
  return x
}

const REFINE_DEFAULTS: Record<RefinableKind, { levels: number[]; dt: number }> = {
  blob: { levels: [12, 16, 20], dt: 0.05 },
  spectral: { levels: [16, 24, 32], dt: 0.05 },
  isotropic: { levels: [50, 100, 200], dt: 0.05 },
}

function refineCommand(kind: RefinableKind, opts: { n?: number[]; T: number; dt?: number; K0: number; extent?: number }) {
  const d = REFINE_DEFAULTS[kind]
  const dt = opts.dt ?? d.dt
  // The experiment schema's own checks (whole number of steps, K0 ∈ [3/5, 1)), not copies of them.
  const time = TimeSpec.safeParse({ T: opts.T, dt })
  if (!time.success) throw new InputError(`--T/--dt: ${time.error.issues.map((i) => i.message).join('; ')}`)
  const initial = InitialSpec.safeParse({ family: 'bkw', K0: opts.K0 })
  if (!initial.success) throw new InputError(`--K0: ${initial.error.issues.map((i) => i.message).join('; ')}`)
  const { exact, rows } = refinementStudy({ kind, levels: opts.n ?? d.levels, K0: opts.K0, T: opts.T, dt, extent: opts.extent, now: () => performance.now() })
  const e = (x: number) => x.toExponential(3).padStart(10)
  const p = (x: number) => (Number.isNaN(x) ? '     —' : x.toFixed(2).padStart(6))
  process.stdout.write(`${kind} on BKW (γ = 0, K0 = ${opts.K0}) at t = ${opts.T}, dt = ${dt}: exact ∫|v|⁴f = ${exact.moment4.toFixed(10)}, H = ${exact.entropy.toFixed(10)}\n`)
  process.stdout.write(`${'n'.padStart(5)} ${'h'.padStart(8)} ${'err ∫|v|⁴f'.padStart(10)} ${'order'.padStart(6)} ${'err H'.padStart(10)} ${'order'.padStart(6)} ${'seconds'.padStart(8)}\n`)
  for (const r of rows) process.stdout.write(`${String(r.n).padStart(5)} ${r.h.toFixed(4).padStart(8)} ${e(r.errMoment4)} ${p(r.orderMoment4)} ${e(r.errEntropy)} ${p(r.orderEntropy)} ${r.seconds.toFixed(2).padStart(8)}\n`)
}

interface RegularisationCliOptions {
  n: number[]
  blobMax: number
  T: number
  dt: number
  r0: number
  S: number
  L: number
}

/** Grids beyond this make the radial runs slow (cells ∝ 1/√ε) and say nothing new. */
const REGULARISATION_MAX_N = 400

function regularisationCommand(opts: RegularisationCliOptions) {
  const time = TimeSpec.safeParse({ T: opts.T, dt: opts.dt })
  if (!time.success) throw new InputError(`--T/--dt: ${time.error.issues.map((i) => i.message).join('; ')}`)
  const initial = InitialSpec.safeParse({ family: 'shell', r0: opts.r0, S: opts.S })
  if (!initial.success) throw new InputError(`--r0/--S: ${initial.error.issues.map((i) => i.message).join('; ')}`)
  if (opts.n.some((n) => n > REGULARISATION_MAX_N)) throw new InputError(`--n: grids up to ${REGULARISATION_MAX_N}`)
  if (opts.blobMax > 48) throw new InputError('--blob-max: the blob runs at n ≤ 48')
  const { rows } = regularisationStudy({ levels: opts.n, blobMax: opts.blobMax, r0: opts.r0, S: opts.S, L: opts.L, T: opts.T, dt: opts.dt, rMax: 6, now: () => performance.now() })
  const e = (x: number | null) => (x === null ? '—' : x.toExponential(3)).padStart(10)
  const f = (x: number | null, d = 4) => (x === null ? '—' : x.toFixed(d)).padStart(8)
  const out = process.stdout
  out.write(`Coulomb shell (r0 = ${opts.r0}, S = ${opts.S}), blob box L = ${opts.L}, entropy history on [0, ${opts.T}], dt = ${opts.dt}\n`)
  out.write(`drops H(0) − H(T): blob; isotropic at the blob's ε (the same regularised equation); plain isotropic (Landau): ${rows[0]?.dropPlain.toFixed(6) ?? '—'}\n`)
  out.write(`${'n'.padStart(5)} ${'h'.padStart(7)} ${'ε'.padStart(9)} ${'blob'.padStart(8)} ${'iso(ε)'.padStart(8)} ${'b/iso(ε)'.padStart(8)} ${'|H_b−H_ε|'.padStart(10)} ${'iso(ε)/iso'.padStart(10)} ${'ΔH gap'.padStart(10)} ${'gap/ε'.padStart(8)} ${'seconds'.padStart(8)}\n`)
  for (const r of rows) {
    out.write(
      `${String(r.n).padStart(5)} ${r.h.toFixed(4).padStart(7)} ${r.eps.toExponential(2).padStart(9)} ${f(r.dropBlob, 5)} ${f(r.dropRegularised, 5)} ` +
        `${f(r.dropBlob === null ? null : r.dropBlob / r.dropRegularised)} ${e(r.blobGap)} ${f(r.dropRegularised / r.dropPlain).padStart(10)} ${e(r.regularisationGap)} ` +
        `${f(r.regularisationGap / r.eps, 3)} ${r.seconds.toFixed(2).padStart(8)}\n`,
    )
  }
}

function writeOutput(file: string, content: string | Buffer): void {
  try {
    writeFileSync(file, content)
  } catch (err) {
    throw new InputError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
}

interface ChaosOptions {
  experiment: number
  time: number
  reference?: number
  metric: ChaosMetric
  phi?: TestFunction
  nMax: number
  json?: boolean
  svg?: string
  pdf?: string
  width: number
  height: number
}

async function chaosCommand(file: string, opts: ChaosOptions) {
  if (!existsSync(file)) throw new InputError(`${file} does not exist`)
  for (const [flag, v] of [['--width', opts.width], ['--height', opts.height]] as const) {
    if (v < 100 || v > 8000) throw new InputError(`${flag} must be between 100 and 8000 (px)`)
  }
  const store = ProjectStore.open(file, { readonly: true, owner, ownerAlive })
  try {
    let report
    try {
      report = chaosReport(store, opts)
    } catch (err) {
      if (err instanceof RangeError) throw new InputError(err.message)
      throw err
    }
    if (opts.svg || opts.pdf) {
      // Loaded only here: ECharts and pdfkit add ≈ 120 MB of RSS to any `landau` process that imports them
      // (≈ 200 MB against ≈ 80 MB measured), which a streaming `landau export` should not carry.
      const { convergencePdf, convergenceSvg, plottedPoints } = await import('./chaosFigure')
      // The figure of the UI's Convergence panel, with the same metadata; refused when it would be empty.
      if (!plottedPoints(report)) throw new InputError(`nothing to plot: no particle run has a positive ${report.metric} at t = ${report.time}`)
      const svg = convergenceSvg(report, opts.width, opts.height)
      if (opts.svg) writeOutput(opts.svg, svg)
      if (opts.pdf) writeOutput(opts.pdf, await convergencePdf(svg, report, opts.width, opts.height))
    }
    process.stdout.write(opts.json ? JSON.stringify(report) + '\n' : formatChaosReport(report))
  } finally {
    store.close()
  }
}

export function buildProgram(): Command {
  const program = new Command('landau')
    .description('Landau Workbench, headless: run experiments, export histories, serve the web UI')
    .version(appVersion)
    .exitOverride()
    .configureOutput({ outputError: (s, write) => write(s) })
  program
    .command('run')
    .description('run an experiment file through the pool and store it in a project (created if missing)')
    .argument('<spec>', 'experiment spec, JSON (docs/SPEC.md)')
    .requiredOption('-p, --project <file>', 'project file (.landau)')
    .option('--json', 'print one JSON object with the experiment, its runs and their histories')
    .option('-w, --workers <n>', 'pool threads (default: one per core)', positiveInt('--workers'))
    .action(runCommand)
  program
    .command('export')
    .description("write a run's history (every row, streamed) to stdout or a file")
    .argument('<project>', 'project file (.landau)')
    .requiredOption('-r, --run <id>', 'run id', positiveInt('--run'))
    .addOption(new Option('-f, --format <format>', 'output format').choices(['csv', 'json']).default('csv'))
    .option('-o, --out <file>', 'write to this file instead (replaced whole once complete: never left partial)')
    .action(exportCommand)
  program
    .command('serve')
    .description('serve the workbench to a browser on this machine')
    .option('-p, --project <file>', 'project to open (created if missing)')
    .option('--port <n>', 'port (0 picks a free one)', (v) => {
      const n = Number(v)
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('--port must be an integer in [0, 65535]')
      return n
    }, 5180)
    .option('--host <address>', 'address to listen on (keep it loopback)', '127.0.0.1')
    .option('-w, --workers <n>', 'pool threads (default: one per core)', positiveInt('--workers'))
    .option('--static <dir>', 'built renderer to serve', resolve('out/renderer'))
    .action(serveCommand)
  program
    .command('refine')
    .description('grid-refinement study of a deterministic solver on BKW (γ = 0) against the exact solution: errors and observed orders')
    .addArgument(new Argument('<solver>', 'deterministic solver').choices(['blob', 'spectral', 'isotropic']))
    .option('--n <list>', 'resolutions, comma separated (n for blob/spectral, cells for isotropic; default 12,16,20 / 16,24,32 / 50,100,200)', numberList('--n'))
    .option('--T <t>', 'time at which errors are measured', positiveNumber('--T'), 0.5)
    .option('--dt <dt>', 'time step (default 0.05)', positiveNumber('--dt'))
    .option('--K0 <K0>', 'BKW parameter K at t = 0', positiveNumber('--K0'), 0.6)
    .option('--extent <L>', 'box half-width L (blob, spectral) or rMax (isotropic); default: the solver default', positiveNumber('--extent'))
    .action(refineCommand)
  program
    .command('regularisation')
    .description("the blob's two errors on a Coulomb shell: its entropy history against isotropic at the blob's ε (the same regularised equation), and that against plain isotropic (the Landau equation)")
    .option('--n <list>', 'blob grids n (h = 2L/n, ε = 0.64h^1.98), comma separated', numberList('--n'), [16, 20, 28, 40, 64, 100, 160])
    .option('--blob-max <n>', 'largest n whose blob run is made (O(n⁶) work)', positiveInt('--blob-max'), 20)
    .option('--T <t>', 'end of the compared history', positiveNumber('--T'), 0.2)
    .option('--dt <dt>', 'output step', positiveNumber('--dt'), 0.05)
    .option('--r0 <r0>', 'shell radius (before normalisation)', positiveNumber('--r0'), 2)
    .option('--S <S>', 'shell sharpness S in exp(−S(|v| − r0)²)', positiveNumber('--S'), 1)
    .option('--L <L>', 'blob box half-width', positiveNumber('--L'), 4)
    .action(regularisationCommand)
  program
    .command('chaos')
    .description("propagation-of-chaos diagnostics of an experiment's particle runs against its deterministic run at a stored time, with log–log slopes over N")
    .argument('<project>', 'project file (.landau)')
    .requiredOption('-e, --experiment <id>', 'experiment id', positiveInt('--experiment'))
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
    .option('--svg <file>', 'also write the convergence figure (the UI\'s, with its metadata) as SVG')
    .option('--pdf <file>', 'also write the convergence figure as vector PDF, its font (DejaVu Sans) embedded')
    .option('--width <px>', 'figure width', positiveInt('--width'), 800)
    .option('--height <px>', 'figure height', positiveInt('--height'), 500)
    .action(chaosCommand)
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
