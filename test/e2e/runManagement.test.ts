// The archive a researcher lives in, in Chromium: the README's project path typed literally (`~`, a folder
// that does not exist yet), the web file browser, then run management on a small experiment: rename, tag, note, search, archive,
// delete with Undo, the trash emptied only after a confirmation, a run's spec opened in the designer, and a
// re-run with the same seed that repeats the run bit for bit. The server runs with a HOME of its own.
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { History, RunRecord } from '../../src/shared/api'
import { byId, SHOTS, useSession } from './server'
import { scratchDir } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'

const dir = scratchDir('landau-e2e-archive-')
const home = join(dir, 'home')
mkdirSync(home)
const session = useSession(['--workers', '2'], { env: { HOME: home, XDG_CONFIG_HOME: join(dir, 'config') } })
let page: Page
beforeAll(() => {
  page = session.page
})

/** An API call from the page, as the UI makes it (its cookie signs it in). */
async function call<T>(method: string, ...args: unknown[]): Promise<T> {
  const r = await page.evaluate(
    async ([m, a]) =>
      (await fetch('/api/call', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method: m, args: a }) })).json(),
    [method, args] as const,
  )
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`)
  return r.value as T
}

/** Waits until the rows on screen are these runs, top to bottom. */
async function waitRows(want: number[]): Promise<void> {
  await page.waitForFunction(
    (w) => JSON.stringify(Array.from(document.querySelectorAll('[data-testid^="run-row-"]')).map((r) => Number(r.getAttribute('data-testid')!.slice(8)))) === w,
    JSON.stringify(want),
    { timeout: 30_000 },
  )
}
const bits = (h: History) => [h.t, ...Object.values(h.values)].map((xs) => xs.map((x) => (Object.is(x, -0) ? '-0' : String(x))).join())

describe('an archive to live in', () => {
  it('creates the README’s ~/runs/isotropisation.landau, offering the missing folder first', async () => {
    await page.goto(session.server.url)
    const want = join(home, 'runs', 'isotropisation.landau')
    await page.fill(byId('project-path'), '~/runs/isotropisation.landau')
    // The bar says what the server will make of it before anything is done.
    await page.waitForFunction(([sel, w]) => document.querySelector(sel)?.textContent?.includes(w), [byId('project-resolved'), want] as const)
    expect(await page.textContent(byId('project-resolved'))).toContain(`new folder ${join(home, 'runs')}`)
    await page.click(byId('project-create'))
    await page.waitForSelector(byId('project-folder-offer'))
    expect(await page.textContent(byId('project-folder-offer'))).toContain(join(home, 'runs'))
    expect(existsSync(join(home, 'runs'))).toBe(false) // only offered
    await page.screenshot({ path: join(SHOTS, 'archive-folder-offer.png') })
    await page.click(byId('project-create-folder'))
    await page.waitForFunction(([sel, w]) => document.querySelector(sel)?.textContent?.includes(w), [byId('project-current'), want] as const)
    expect(existsSync(want)).toBe(true)
    expect(await page.textContent(byId('project-error'))).toBe('')
    // It is a recent project now (kept in the user's config folder, for the next start too).
    await page.waitForSelector(`${byId('project-recent')} option[value="${want}"]`, { state: 'attached' })
    expect(existsSync(join(dir, 'config', 'landau-workbench', 'recent.json'))).toBe(true)

    // The file browser: it starts in the typed path's folder, goes up to home and no higher, and a project
    // file chosen in it goes into the bar.
    await page.click(byId('project-browse'))
    await page.waitForFunction(([sel, w]) => document.querySelector(sel)?.textContent === w, [byId('folder-path'), join(home, 'runs')] as const)
    await page.click(byId('folder-up'))
    await page.waitForFunction(([sel, w]) => document.querySelector(sel)?.textContent === w, [byId('folder-path'), home] as const)
    expect(await page.isDisabled(byId('folder-up'))).toBe(true)
    await page.click(byId('folder-entry-runs'))
    await page.screenshot({ path: join(SHOTS, 'archive-browse.png') })
    await page.click(byId('folder-entry-isotropisation.landau'))
    await page.waitForSelector(byId('folder-browser'), { state: 'detached' })
    expect(await page.inputValue(byId('project-path'))).toBe(want)
  })

  it('renames, tags, notes, searches, archives, deletes with Undo and empties the trash', async () => {
    await call('startExperiment', smallKacSpec({ name: 'Propagation of chaos on BKW', solvers: [20, 30, 40].map((N) => ({ kind: 'kac', N, replicas: 2 })) }))
    await waitRows([3, 2, 1])
    await page.waitForFunction(
      () => Array.from(document.querySelectorAll('[data-testid^="run-row-"]')).every((r) => r.getAttribute('data-status') === 'done'),
      null,
      {
        timeout: 60_000,
      },
    )

    // Rename, tag and note run 1 in its details.
    await page.click(byId('run-more-1'))
    await page.fill(byId('run-label-1'), 'baseline N=20')
    await page.fill(byId('run-tags-1'), 'bkw, check')
    await page.fill(byId('run-notes-1'), '**Why:** the smallest N, to compare with the exact solution.')
    await page.click(byId('run-save-1'))
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'baseline N=20', byId('run-name-1'))
    expect(await page.$$eval(byId('run-tag-1'), (tags) => tags.map((t) => t.textContent))).toEqual(['bkw', 'check'])
    await page.click(byId('run-star-1'))
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-pressed') === 'true', byId('run-star-1'))
    expect(await call<RunRecord>('getRun', 1)).toMatchObject({
      label: 'baseline N=20',
      tags: ['bkw', 'check'],
      notes: '**Why:** the smallest N, to compare with the exact solution.',
      starred: true,
    })
    // The notes as markdown: drawn as elements, their text as text.
    await page.click(byId('run-notes-preview-1'))
    expect(await page.innerHTML(`${byId('run-notes-view-1')} p`)).toBe('<strong>Why:</strong> the smallest N, to compare with the exact solution.')
    await page.screenshot({ path: join(SHOTS, 'archive-details.png') })
    await page.click(byId('run-more-1'))

    // Search: words, tags, N, and a mistake that is named rather than matching everything.
    for (const [query, want] of [
      ['tag:check', [1]],
      ['baseline', [1]],
      ['N:30', [2]],
      ['propagation is:starred', [1]],
      ['', [3, 2, 1]],
    ] as const) {
      await page.fill(byId('run-search'), query)
      await waitRows([...want])
    }
    await page.fill(byId('run-search'), 'colour:red')
    await page.waitForSelector(byId('run-search-issues'))
    expect(await page.textContent(byId('run-search-issues'))).toContain('unknown filter colour:')
    await page.fill(byId('run-search'), '')

    // Archive run 2: hidden from the list, listed under Show: Archived.
    await page.click(byId('run-more-2'))
    await page.click(byId('run-archive-2'))
    await waitRows([3, 1])
    await page.selectOption(byId('run-view'), 'archived')
    await waitRows([2])
    await page.selectOption(byId('run-view'), 'active')
    await waitRows([3, 1])

    // Delete run 3, undo, delete it again: in the trash, which is emptied only once confirmed.
    await page.click(byId('run-more-3'))
    await page.click(byId('run-delete-3'))
    await waitRows([1])
    await page.waitForSelector(byId('run-undo-bar'))
    await page.screenshot({ path: join(SHOTS, 'archive-undo.png') })
    await page.click(byId('run-undo'))
    await waitRows([3, 1])
    expect((await call<RunRecord>('getRun', 3)).deletedAt).toBeNull()
    await page.click(byId('run-delete-3'))
    await waitRows([1])
    await page.selectOption(byId('run-view'), 'trash')
    await waitRows([3])
    await page.click(byId('run-empty-trash'))
    await page.waitForSelector(byId('run-empty-confirm'))
    expect((await call<RunRecord[]>('listRuns')).map((r) => r.id)).toEqual([1, 2, 3]) // nothing removed before the confirmation
    await page.click(byId('run-empty-yes'))
    await waitRows([])
    expect((await call<RunRecord[]>('listRuns')).map((r) => r.id)).toEqual([1, 2])
    await page.selectOption(byId('run-view'), 'all')
    await waitRows([2, 1])
    await page.selectOption(byId('run-view'), 'active')
  })

  it('opens a run’s spec in the designer and re-runs it with the same seed, bit for bit', async () => {
    await page.click(byId('run-more-1'))
    await page.click(byId('run-open-spec-1'))
    await page.waitForSelector(byId('exp-json'))
    const spec = JSON.parse(await page.inputValue(byId('exp-json')))
    expect(spec).toMatchObject({ name: 'baseline N=20', solvers: [{ kind: 'kac', N: 20, replicas: 2 }], seed: 7 })

    await page.click(byId('run-rerun-same-1'))
    await page.waitForSelector(byId('run-row-4'))
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-status') === 'done', byId('run-row-4'), { timeout: 60_000 })
    expect(await page.textContent(byId('run-name-4'))).toContain('re-run of run 1')
    const [original, again] = await Promise.all([call<History>('getHistory', 1), call<History>('getHistory', 4)])
    expect(again.t.length).toBeGreaterThan(1)
    expect(bits(again)).toEqual(bits(original))
    await page.fill(byId('run-search'), '')
    // Several at once: the selected runs to the trash, and Undo brings both back.
    await page.click(byId('run-row-4'))
    await page.click(byId('run-row-1'), { modifiers: ['Control'] })
    expect(await page.textContent(byId('run-bulk-delete'))).toContain('Delete 2')
    await page.click(byId('run-bulk-delete'))
    await waitRows([])
    await page.click(byId('run-undo'))
    await waitRows([4, 1])
    await page.click(byId('run-group'))
    await page.waitForSelector('[data-testid^="run-group-"]')
    await page.screenshot({ path: join(SHOTS, 'archive-rerun.png') })
  })
})
