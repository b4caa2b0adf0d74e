// The walking skeleton end to end, as a researcher uses it in a browser: create a project, see a bad
// spec rejected inline, run a small Kac experiment and watch its chart grow, restart the backend,
// reopen the project and find the run and its history again.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { byId, SHOTS, startServer, useSession } from './server'
import { scratchDir, sha256 } from '../helpers/tmp'

const dir = scratchDir('landau-e2e-')
const project = join(dir, 'e2e.landau')
const session = useSession(['--workers', '2'])
let page: Page
beforeAll(() => {
  page = session.page
})

const points = async () => Number(await page.getAttribute(byId('history-chart'), 'data-points'))

async function openProject(mode: 'create' | 'open') {
  await page.fill(byId('project-path'), project)
  await page.click(byId(mode === 'create' ? 'project-create' : 'project-open'))
  await page.waitForFunction(([sel, path]) => document.querySelector(sel)?.textContent?.includes(path), [byId('project-current'), project] as const)
}

describe('workbench in Chromium', () => {
  it('creates a project, runs a Kac experiment and plots it live', async () => {
    await page.goto(session.server.url)
    await openProject('create')

    await page.fill(byId('exp-name'), 'e2e bimaxwellian')
    await page.selectOption(byId('exp-family'), 'bimaxwellian')
    await page.fill(byId('exp-Tx'), '1.5')
    await page.fill(byId('exp-Ty'), '1')
    await page.fill(byId('exp-Tz'), '0.5')
    await page.fill(byId('exp-gamma'), '0')
    await page.fill(byId('exp-replicas'), '4')
    await page.fill(byId('exp-T'), '3')
    await page.fill(byId('exp-dt'), '0.005')
    await page.fill(byId('exp-every'), '5')
    await page.fill(byId('exp-seed'), '11')

    // A bad value is named inline and nothing is written to the project.
    const before = sha256(project)
    await page.fill(byId('exp-N'), '1')
    await page.waitForFunction((sel) => /N must be ≥ 2/.test(document.querySelector(sel)?.textContent ?? ''), byId('field-issue-exp-N'))
    expect(await page.isDisabled(byId('exp-start'))).toBe(true)
    await page.press(byId('exp-N'), 'Enter') // Enter in a field never starts a run
    await page.waitForTimeout(300)
    expect(await page.locator('[data-testid^="run-row-"]').count()).toBe(0)
    expect(sha256(project)).toBe(before)

    await page.fill(byId('exp-N'), '120')
    await page.waitForFunction((sel) => (document.querySelector(sel)?.textContent ?? '').trim() === '', byId('exp-error'))
    await page.click(byId('exp-start'))
    await page.waitForSelector(`${byId('run-row-1')}`)

    // The chart grows while the run is running: record the point counts seen until it is done.
    const seen = new Set<number>()
    const deadline = Date.now() + 120_000
    while (Date.now() < deadline) {
      seen.add(await points())
      if ((await page.getAttribute(byId('run-row-1'), 'data-status')) === 'done') break
      await page.waitForTimeout(100)
    }
    expect(await page.getAttribute(byId('run-row-1'), 'data-status')).toBe('done')
    const positive = [...seen].filter((n) => n > 0)
    expect(positive.length).toBeGreaterThanOrEqual(2)
    await page.waitForTimeout(300)
    const finalPoints = await points()
    // 3 / 0.005 = 600 steps, a row every 5 steps plus t = 0: 121 rows for each plotted metric.
    expect(finalPoints % 121).toBe(0)
    expect(finalPoints).toBeGreaterThan(0)
    await page.screenshot({ path: join(SHOTS, 'e2e-run.png') })

    // Export: the browser downloads the server's streamed CSV (GET /api/export, signed in by the cookie).
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(byId('export-csv'))])
    expect(download.suggestedFilename()).toBe('run-1.csv')
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\n')
    expect(csv[0]).toMatch(/^# landau-workbench run 1 \(experiment 1 "e2e bimaxwellian"\)/)
    expect(csv.filter((l) => !l.startsWith('#'))).toHaveLength(1 + 121) // the header and every stored row
  })

  it('finds the run and its history after the backend restarts', async () => {
    const countBefore = await points()
    await session.server.stop()
    session.server = await startServer(['--workers', '1'])
    await page.goto(session.server.url)
    await openProject('open')
    const row = page.locator(byId('run-row-1'))
    await row.waitFor()
    expect(await row.getAttribute('data-status')).toBe('done')
    await row.click()
    await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel)?.getAttribute('data-points')) === n, [
      byId('history-chart'),
      countBefore,
    ] as const)
    await page.screenshot({ path: join(SHOTS, 'e2e-reopened.png') })
  })
})
