// `landau`: the headless workbench. `run` executes an experiment file through the same scheduler and
// store as the app, `export` writes a stored run's history, `serve` starts the web UI.
// Exit codes: 0 success, 1 a run failed or was cancelled, 2 bad input (the project file is left untouched).
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { ApiError } from '../shared/api'
import type { RunRecord, WorkbenchEvent } from '../shared/api'
import { checkExperiment, formatIssues } from '../shared/spec'
import { appVersion } from '../backend/codeVersion'
import { exportCsv, exportJson, runJson } from '../backend/exporter'
import { createNodeWorkbench } from '../backend/nodeWorkbench'
import { owner, ownerAlive } from '../backend/processIdentity'
import { ProjectStore } from '../backend/store/projectStore'
import { startWebServer } from '../backend/webServer'
import { existsSync } from 'node:fs'

/** A user error: one line on stderr, exit code 2. */
class InputError extends Error {}

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
  const wb = createNodeWorkbench({ threads: opts.workers })
  let interrupted = false
  const stop = () => {
    if (interrupted) process.exit(130)
    interrupted = true
    process.stderr.write('\ninterrupted: cancelling runs…\n')
    void wb.shutdown().then(() => process.exit(130))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  try {
    await (existsSync(opts.project) ? wb.openProject(opts.project) : wb.createProject(opts.project))
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
    const { experimentId, runIds } = await wb.startExperiment(check.spec)
    await wb.whenIdle()
    const runs: RunRecord[] = await Promise.all(runIds.map((id) => wb.getRun(id)))
    if (opts.json) {
      const out = { experiment: experimentId, runs: await Promise.all(runs.map(async (r) => runJson(r, await wb.getHistory(r.id)))) }
      process.stdout.write(JSON.stringify(out) + '\n')
    } else {
      for (const r of runs) process.stdout.write(`experiment ${experimentId} run ${r.id}: ${r.solver} ${r.status} in ${((r.wallMs ?? 0) / 1000).toFixed(2)} s\n`)
    }
    process.exitCode = runs.every((r) => r.status === 'done') ? 0 : 1
  } finally {
    if (!interrupted) await wb.shutdown()
  }
}

async function exportCommand(file: string, opts: { run: number; format: 'csv' | 'json' }) {
  // Read-only: exporting never writes to the project file.
  const store = ProjectStore.open(file, { readonly: true, owner, ownerAlive })
  try {
    const run = store.getRun(opts.run)
    const history = store.getHistory(run.id)
    process.stdout.write(opts.format === 'csv' ? exportCsv(run, history) : exportJson(run, history))
  } finally {
    store.close()
  }
}

async function serveCommand(opts: { project?: string; port: number; host: string; workers?: number; static: string }) {
  const wb = createNodeWorkbench({ threads: opts.workers, mode: 'web' })
  if (opts.project) await (existsSync(opts.project) ? wb.openProject(opts.project) : wb.createProject(opts.project))
  const server = await startWebServer({ api: wb, staticDir: opts.static, host: opts.host, port: opts.port })
  if (!existsSync(resolve(opts.static, 'index.html'))) process.stderr.write(`warning: ${opts.static} holds no built UI; run \`npm run build:web\`\n`)
  process.stdout.write(`Landau Workbench (web) at ${server.url}\n`)
  const stop = async () => {
    await server.close()
    await wb.shutdown()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
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
    .description("write a run's history to stdout")
    .argument('<project>', 'project file (.landau)')
    .requiredOption('-r, --run <id>', 'run id', positiveInt('--run'))
    .addOption(new Option('-f, --format <format>', 'output format').choices(['csv', 'json']).default('csv'))
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
