// `landau serve`: the workbench behind the web server (backend/webServer.ts) for a browser on this machine,
// its URL carrying the launch's access token; stopped by SIGINT, SIGTERM or SIGHUP like `landau run`.
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { RecentProjectsFile, configDir } from '../backend/recentProjects'
import { createNodeWorkbench } from '../backend/nodeWorkbench'
import { openOrCreateProjectPath } from '../backend/projectPath'
import { startWebServer } from '../backend/webServer'
import { InputError } from './inputError'
import { exitAfterOutput, onStopSignals, signalExitCode } from './signals'

export interface ServeCliOptions {
  project?: string
  port: number
  host: string
  workers?: number
  static: string
  /** `--checkpoint-every S`: seconds between a run's checkpoints (0: none). */
  checkpointEvery?: number
}

export async function serveCommand(opts: ServeCliOptions) {
  const project = opts.project === undefined ? null : openOrCreateProjectPath(opts.project) // before the pool starts
  // The UI lists the projects opened lately (this user's, whichever server opened them).
  const recent = new RecentProjectsFile(join(configDir(), 'recent.json'))
  const wb = createNodeWorkbench({ threads: opts.workers, mode: 'web', recent, checkpointSeconds: opts.checkpointEvery })
  if (project) await (project.create ? wb.createProject(project.path, { createFolders: true }) : wb.openProject(project.path))
  let server
  try {
    server = await startWebServer({
      api: wb,
      staticDir: opts.static,
      host: opts.host,
      port: opts.port,
      exportTo: (id, format, out, o) => wb.exportRunTo(id, format, out, o),
    })
  } catch (err) {
    // The pool's threads and the open project would keep the process alive: closed before the one line.
    await wb.shutdown()
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') throw new InputError((err as Error).message)
    throw err
  }
  if (!existsSync(resolve(opts.static, 'index.html'))) process.stderr.write(`warning: ${opts.static} holds no built UI; run \`npm run build:web\`\n`)
  // The URL carries this launch's secret token (webServer.ts): only who can read this terminal can open the UI.
  process.stdout.write(`Landau Workbench (web) at ${server.url}\n`)
  process.stdout.write("Open that URL in a browser on this machine; it holds this launch's access token, so keep it to yourself.\n")
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
