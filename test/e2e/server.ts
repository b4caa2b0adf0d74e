// The e2e tests' browser session: `landau serve` as a user starts it and Debian's Chromium
// (test/helpers/landauServe.ts, test/helpers/chromium.ts), with a 1400×900 page.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchChromium } from '../helpers/chromium'
import { startServer } from '../helpers/landauServe'
import type { ServerProcess } from '../helpers/landauServe'

export { chromiumPath, launchChromium } from '../helpers/chromium'
export { startServer } from '../helpers/landauServe'
export type { ServerProcess } from '../helpers/landauServe'

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

export function useSession(serverArgs: string[], options: { env?: NodeJS.ProcessEnv } = {}): Session {
  const s = {
    attr: (id: string, name: string) => s.page.getAttribute(byId(id), name),
    async waitAttr(id: string, name: string, want: string, timeout = 30_000) {
      await s.page.waitForFunction(([sel, n, w]) => document.querySelector(sel)?.getAttribute(n) === w, [byId(id), name, want] as const, { timeout })
    },
  } as Session & { page: Page; browser: Browser }
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    s.browser = await launchChromium()
    s.server = await startServer(serverArgs, options)
    s.page = await s.browser.newPage({ viewport: { width: 1400, height: 900 } })
  })
  afterAll(async () => {
    await s.browser?.close()
    await s.server?.stop()
  })
  return s
}
