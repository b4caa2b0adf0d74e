// Starts `landau serve` as a user would: a child process on a free loopback port, signed in through the
// URL with its launch token that it prints. Used by the e2e tests, the concurrent-writers test and the bench.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'

export interface ServerProcess {
  /**
   * The URL `landau serve` printed, with its launch token (`http://127.0.0.1:PORT/?token=…`): a page that
   * goes there gets the token as a cookie and is redirected to the app, as a user's browser is.
   */
  url: string
  child: ChildProcess
  /** How the process ended, with what it wrote on stderr. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>
}

/**
 * `landau serve --port 0 ARGS…`, resolved once its URL line is printed (a minute at most); `env` is laid
 * over this process's environment (a HOME of the test's own, say).
 */
export async function startServer(args: string[] = [], options: { env?: NodeJS.ProcessEnv } = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [join(process.cwd(), 'bin', 'landau.js'), 'serve', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  })
  let err = ''
  child.stderr!.on('data', (d) => (err += d))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((ok) =>
    child.once('exit', (code, signal) => ok({ code, signal, stderr: err })),
  )
  const url = await new Promise<string>((ok, fail) => {
    let out = ''
    const timer = setTimeout(() => fail(new Error(`landau serve did not start: ${err}`)), 60_000)
    child.stdout!.on('data', (d) => {
      out += d
      // The whole line: a chunk may end inside the token.
      const m = /at (http:\/\/\S+\?token=[\w-]+)\r?\n/.exec(out)
      if (m) {
        clearTimeout(timer)
        ok(m[1])
      }
    })
    void exited.then(({ code }) => fail(new Error(`landau serve exited with ${code}: ${err}`)))
  })
  return {
    url,
    child,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}
