// The Resume button in Chromium: a project whose run was left interrupted (a crash, as the next open finds
// it) is opened in the UI; the run's row offers Resume, the run goes through the pool again and ends done,
// and its history is the one the uninterrupted run stored, byte for byte (the oracle: the file before the
// run was marked interrupted).
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { byId, SHOTS, useSession } from './server'
import { scratchDir } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'

const dir = scratchDir('landau-e2e-resume-')
const path = join(dir, 'stopped.landau')

const session = useSession(['--workers', '1'])
let page: Page
let history: string[] = []

const historyOf = () => {
  const db = new Database(path, { readonly: true })
  try {
    return (db.prepare(`SELECT seq, step, t, hex(vals) FROM history WHERE run_id = 1 ORDER BY seq`).raw().all() as unknown[][]).map((r) => r.join(' '))
  } finally {
    db.close()
  }
}

beforeAll(() => {
  page = session.page
  const spec = join(dir, 'spec.json')
  writeFileSync(spec, JSON.stringify(smallKacSpec({ name: 'stopped', time: { T: 0.3, dt: 0.01, every: 1 } })))
  execFileSync(process.execPath, [join(process.cwd(), 'bin', 'landau.js'), 'run', spec, '--project', path, '--workers', '1'], { stdio: 'pipe' })
  history = historyOf()
  // As a killed process leaves it: interrupted by a crash, its last rows never written.
  const db = new Database(path)
  db.prepare(`UPDATE runs SET status = 'interrupted', stop_reason = 'crash', progress = 0.5, finished_at = NULL WHERE id = 1`).run()
  db.prepare(`DELETE FROM history WHERE run_id = 1 AND step > 15`).run()
  db.close()
})

describe('the Resume button in Chromium', () => {
  it('continues an interrupted run to the history of an uninterrupted one', async () => {
    expect(history).toHaveLength(31)
    expect(historyOf().length).toBeLessThan(31)
    await page.goto(session.server.url)
    await page.fill(byId('project-path'), path)
    await page.click(byId('project-open'))
    await page.waitForSelector(byId('run-resume-1'))
    expect(await page.getAttribute(byId('run-row-1'), 'data-status')).toBe('interrupted')
    await page.screenshot({ path: join(SHOTS, 'e2e-resume-before.png') })
    await page.click(byId('run-resume-1'))
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-status') === 'done', byId('run-row-1'), { timeout: 30_000 })
    expect(await page.locator(byId('run-resume-1')).count()).toBe(0)
    await page.screenshot({ path: join(SHOTS, 'e2e-resume-after.png') })
    expect(historyOf()).toEqual(history)
  })
})
