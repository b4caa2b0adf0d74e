// "Merge another project…" in the browser: project A is computed by `landau run` (as on another machine),
// project B is created in the UI, A is merged into it from the project bar's dialog, and A's runs appear
// in B's run list with the dialog saying what was added; merging B into itself is refused in the dialog.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { byId, SHOTS, useSession } from './server'
import { scratchDir } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'

const dir = scratchDir('landau-e2e-merge-')
const a = join(dir, 'shard-a.landau')
const b = join(dir, 'b.landau')

const session = useSession(['--workers', '1'])
let page: Page
beforeAll(() => {
  page = session.page
  const spec = join(dir, 'tiny.json')
  const tiny = smallKacSpec({
    name: 'from A',
    solvers: [
      { kind: 'kac', N: 6 },
      { kind: 'kac', N: 8 },
    ],
    time: { T: 0.05, dt: 0.01, every: 1 },
  })
  writeFileSync(spec, JSON.stringify(tiny))
  execFileSync(process.execPath, [join(process.cwd(), 'bin', 'landau.js'), 'run', spec, '--project', a, '--workers', '1'], { stdio: 'pipe' })
})

const text = (id: string) => page.textContent(byId(id)).then((t) => (t ?? '').trim())

describe('merge another project in Chromium', () => {
  it("brings project A's runs into the open project B and says what it added", async () => {
    await page.goto(session.server.url)
    await page.fill(byId('project-path'), b)
    await page.click(byId('project-create'))
    await page.waitForFunction(([sel, path]) => document.querySelector(sel)?.textContent?.includes(path), [byId('project-current'), b] as const)
    expect(await page.locator('[data-testid^="run-row-"]').count()).toBe(0)

    await page.click(byId('merge-toggle'))
    await page.getByRole('dialog', { name: 'Merge another project into this one' }).waitFor()
    await page.getByLabel('Project file to merge').fill(a)
    await page.click(byId('merge-run'))
    await page.waitForSelector(byId('merge-result'))

    expect(await text('merge-result')).toContain('2 runs added, 0 already present')
    expect(await text('merge-result')).toContain('1 experiment added, 0 already present')
    expect(await text('merge-error')).toBe('')
    await page.waitForSelector(byId('run-row-2'))
    const rows = page.locator('[data-testid^="run-row-"]')
    expect(await rows.count()).toBe(2)
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(['done', 'done'])
    expect(await text('project-current')).toContain(b)
    await page.waitForFunction(() => /1 experiments · 2 runs/.test(document.querySelector('.project-bar')?.textContent ?? ''))
    await page.screenshot({ path: join(SHOTS, 'e2e-merge.png') })

    // Again: nothing new, said so.
    await page.click(byId('merge-run'))
    await page.waitForFunction((sel) => /0 runs added, 2 already present/.test(document.querySelector(sel)?.textContent ?? ''), byId('merge-result'))
    expect(await rows.count()).toBe(2)

    // The open project into itself: refused in the dialog, the lists as they were.
    await page.getByLabel('Project file to merge').fill(b)
    await page.click(byId('merge-run'))
    await page.waitForFunction((sel) => /is the open project itself/.test(document.querySelector(sel)?.textContent ?? ''), byId('merge-error'))
    expect(await page.locator(byId('merge-result')).count()).toBe(0)
    expect(await rows.count()).toBe(2)
    await page.screenshot({ path: join(SHOTS, 'e2e-merge-refused.png') })

    await page.click(byId('merge-close'))
    expect(await page.locator(byId('merge-dialog')).count()).toBe(0)
  })
})
