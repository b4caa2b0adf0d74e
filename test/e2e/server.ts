// Starts `landau serve` as a user would (a child process on a free loopback port) and Chromium for the e2e tests.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'

export interface ServerProcess {
  /**
   * The URL `landau serve` printed, with its launch token (`http://127.0.0.1:PORT/?token=…`): a page that
   * goes there gets the token as a cookie and is redirected to the app, as a user's browser is.
   */
  url: string
  child: ChildProcess
  stop(): Promise<void>
}

export async function startServer(args: string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [join(process.cwd(), 'bin', 'landau.js'), 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let err = ''
  child.stderr!.on('data', (d) => (err += d))
  const url = await new Promise<string>((ok, fail) => {
    let out = ''
    const timer = setTimeout(() => fail(new Error(`server did not start: ${err}`)), 60_000)
    child.stdout!.on('data', (d) => {
      out += d
      // The whole line: a chunk may end inside the token.
      const m = /at (http:\/\/\S+\?token=[\w-]+)\r?\n/.exec(out)
      if (m) {
        clearTimeout(timer)
        ok(m[1])
      }
    })
    child.once('exit', (code) => fail(new Error(`server exited with ${code}: ${err}`)))
  })
  return {
    url,
    child,
    stop: () =>
      new Promise((ok) => {
        if (child.exitCode !== null) return ok()
        child.once('exit', () => ok())
        child.kill('SIGTERM')
      }),
  }
}

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[]
  const found = candidates.find((p) => existsSync(p))
  if (!found) throw new Error("Chromium not found: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH")
  return found
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    // Root in a container needs --no-sandbox; the rest keeps Chromium off the (closed) network.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}

/** Where the e2e tests leave their screenshots. */
export const SHOTS = join(process.cwd(), 'test-results')

/** The selector of a data-testid. */
export const byId = (id: string) => `[data-testid="${id}"]`

/**
 * One browser session per test file: hooks that start the web server (with `serverArgs`) and Chromium with
 * a 1400×900 page before the file's tests and stop both after. Read `page` inside tests, not at import;
 * a test that restarts the server assigns the new one to `server`, and that one is stopped at the end.
 */
export interface Session {
  readonly page: Page
  server: ServerProcess
  /** The attribute of the element with this data-testid. */
  attr(id: string, name: string): Promise<string | null>
  /** Waits until that attribute equals `want` (checked in the page on every frame). */
  waitAttr(id: string, name: string, want: string, timeout?: number): Promise<void>
}

export function useSession(serverArgs: string[]): Session {
  const s = {
    attr: (id: string, name: string) => s.page.getAttribute(byId(id), name),
    async waitAttr(id: string, name: string, want: string, timeout = 30_000) {
      await s.page.waitForFunction(([sel, n, w]) => document.querySelector(sel)?.getAttribute(n) === w, [byId(id), name, want] as const, { timeout })
    },
  } as Session & { page: Page; browser: Browser }
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    s.browser = await launchChromium()
    s.server = await startServer(serverArgs)
    s.page = await s.browser.newPage({ viewport: { width: 1400, height: 900 } })
  })
  afterAll(async () => {
    await s.browser?.close()
    await s.server?.stop()
  })
  return s
}
