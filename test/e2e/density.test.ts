// A deterministic run's density in the browser: start a bkw-exact experiment from the JSON view, wait for
// it, and find its density beside the history chart: the three marginals and the slice at each recorded
// time, switched by the time buttons and the arrow keys.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium, startServer } from './server'
import type { ServerProcess } from './server'
import { scratchDir } from '../helpers/tmp'

const dir = scratchDir('landau-e2e-density-')
const shots = join(process.cwd(), 'test-results')
const project = join(dir, 'density.landau')
let browser: Browser
let server: ServerProcess
let page: Page

beforeAll(async () => {
  mkdirSync(shots, { recursive: true })
  browser = await launchChromium()
  server = await startServer(['--workers', '1'])
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const byId = (id: string) => `[data-testid="${id}"]`
const attr = (id: string, name: string) => page.getAttribute(byId(id), name)
async function waitAttr(id: string, name: string, want: string, timeout = 20_000): Promise<void> {
  await page.waitForFunction(([sel, n, w]) => document.querySelector(sel)?.getAttribute(n) === w, [byId(id), name, want] as const, { timeout })
}

const spec = {
  name: 'e2e bkw exact',
  initial: { family: 'bkw', K0: 0.6 },
  kernel: { gamma: 0 },
  solvers: [{ kind: 'bkw-exact' }],
  time: { T: 1, dt: 0.05 },
  snapshots: [0, 0.5, 1],
}

describe('density view in Chromium', () => {
  it('runs bkw-exact and shows its density at each recorded time', async () => {
    await page.goto(server.url)
    await page.fill(byId('project-path'), project)
    await page.click(byId('project-create'))
    await page.waitForFunction(([sel, path]) => document.querySelector(sel)?.textContent?.includes(path), [byId('project-current'), project] as const)

    await page.click(byId('exp-json-toggle'))
    await page.fill(byId('exp-json'), JSON.stringify(spec, null, 2))
    await page.waitForFunction((sel) => (document.querySelector(sel)?.textContent ?? '').trim() === '', byId('exp-error'))
    await page.click(byId('exp-start'))
    await page.waitForSelector(byId('run-row-1'))
    await waitAttr('run-row-1', 'data-status', 'done', 120_000)
    expect(await page.textContent(byId('run-solver-1'))).toContain('bkw-exact')

    // The new run is selected: its density shows beside the history, at the newest time.
    await waitAttr('density-panel', 'data-times', '3')
    await waitAttr('density-panel', 'data-t', '1')
    expect(await attr('density-panel', 'data-kind')).toBe('radial')
    expect(Number(await attr('history-chart', 'data-points'))).toBeGreaterThan(0)
    expect(Number(await attr('density-marginals', 'data-points'))).toBe(3 * 121)
    expect(Number(await attr('density-slice', 'data-points'))).toBe(61 * 61)
    expect(await page.textContent(byId('density-note'))).toMatch(/^radial · \d+ radii on /)
    await page.screenshot({ path: join(shots, 'e2e-density-t1.png') })

    await page.click(byId('density-t-0'))
    await waitAttr('density-panel', 'data-t', '0')
    expect(await attr('density-panel', 'data-state')).toBe('ok')
    expect(await attr('density-t-0', 'aria-checked')).toBe('true')
    await page.screenshot({ path: join(shots, 'e2e-density-t0.png') })

    await page.keyboard.press('ArrowRight')
    await waitAttr('density-panel', 'data-t', '0.5')
    expect(Number(await attr('density-marginals', 'data-points'))).toBe(3 * 121)
    await page.click(byId('density-t-2'))
    await waitAttr('density-panel', 'data-t', '1')
  })
})
