// The designer's form as a new user meets it in the first hour: a message disappears once its field is fixed
// and is said once, Start is disabled (with the reason on hover) while the spec is invalid, Enter in a field
// starts nothing, a minus sign typed as the UI prints it is read as one, the JSON editor says where its syntax
// error is, a sweep supplies N, and a reload keeps the unsaved design.
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { byId, useSession } from './server'
import { scratchDir } from '../helpers/tmp'

const dir = scratchDir('landau-designer-form-')
const project = join(dir, 'form.landau')
const session = useSession(['--workers', '1'])
let page: Page
beforeAll(() => {
  page = session.page
})

const text = async (id: string) => ((await page.textContent(byId(id))) ?? '').trim()
/** Waits for the element's text to match (checked in the page on every frame). */
const waitText = (id: string, re: RegExp) =>
  page.waitForFunction(([sel, src]) => new RegExp(src).test((document.querySelector(sel)?.textContent ?? '').trim()), [byId(id), re.source] as const)
/** How often a message appears anywhere on the page. */
const occurrences = (needle: string) => page.evaluate((n) => document.body.innerText.split(n).length - 1, needle)

describe('the designer form in Chromium', () => {
  it('shows each problem once, at its field, and only while it holds; Start waits for a valid spec', async () => {
    await page.goto(session.server.url)
    await page.fill(byId('project-path'), project)
    await page.click(byId('project-create'))
    await page.waitForFunction(([sel, path]) => document.querySelector(sel)?.textContent?.includes(path), [byId('project-current'), project] as const)
    await page.fill(byId('exp-T'), '0.1')
    await page.fill(byId('exp-dt'), '0.01')
    await page.fill(byId('exp-N'), '20')
    await waitText('exp-status', /^spec valid$/)

    await page.fill(byId('exp-N'), '1')
    await waitText('field-issue-exp-N', /^N must be ≥ 2$/)
    expect(await occurrences('N must be ≥ 2')).toBe(1)
    expect(await text('exp-error')).toBe('') // the foot lists only what no field shows
    expect(await text('exp-status')).toBe('1 field to fix (marked above)')
    expect(await page.isDisabled(byId('exp-start'))).toBe(true)
    expect(await page.getAttribute(byId('exp-start-reason'), 'title')).toBe('Fix the spec first: solvers.0.N: N must be ≥ 2')
    // Enter in a field submits nothing.
    await page.press(byId('exp-N'), 'Enter')
    await page.fill(byId('exp-N'), '30')
    await page.press(byId('exp-N'), 'Enter')
    await waitText('exp-status', /^spec valid$/)
    expect(await page.locator(byId('field-issue-exp-N')).count()).toBe(0)
    expect(await occurrences('N must be ≥ 2')).toBe(0)
    expect(await page.isDisabled(byId('exp-start'))).toBe(false)
    await page.waitForTimeout(500) // a run started by Enter would have its row by now
    expect(await page.locator('[data-testid^="run-row-"]').count()).toBe(0)

    // −1 as the UI prints negatives (U+2212): read as −1, so the message names the rule, not the type.
    await page.fill(byId('exp-seed'), '\u22121')
    await waitText('field-issue-exp-seed', /^seed must be ≥ 0$/)
    await page.fill(byId('exp-seed'), '5')
    await waitText('exp-status', /^spec valid$/)

    // A sweep supplies N: the entry's own N may be blank.
    await page.fill(byId('exp-sweep'), '10, 20')
    await page.fill(byId('exp-N'), '')
    await waitText('exp-status', /^spec valid$/)
    expect(await page.isDisabled(byId('exp-start'))).toBe(false)
    await page.fill(byId('exp-sweep'), '')
    await waitText('field-issue-exp-N', /^N must be an integer$/)
    await page.fill(byId('exp-N'), '30')
    await waitText('exp-status', /^spec valid$/)
  })

  it('says where a JSON syntax error is, and a schema error as "path: message"', async () => {
    await page.click(byId('exp-json-toggle'))
    const spec = await page.inputValue(byId('exp-json'))
    // Drop the comma after the "name" line: line 2 ends without one, so line 3 is where JSON.parse stops.
    const lines = spec.split('\n')
    expect(lines[1]).toMatch(/^ {2}"name": .*,$/)
    lines[1] = lines[1].slice(0, -1)
    await page.fill(byId('exp-json'), lines.join('\n'))
    await waitText('exp-error', /^JSON syntax error: line 3, column 3: /)
    expect(await text('exp-json-error')).toMatch(/^line 3: {3}"initial"/)
    expect(await page.isDisabled(byId('exp-start'))).toBe(true)
    await page.fill(byId('exp-json'), spec.replace('"N": 30', '"N": 1'))
    await waitText('exp-error', /^solvers\.0\.N: N must be ≥ 2$/)
    await page.fill(byId('exp-json'), spec)
    await waitText('exp-status', /^spec valid$/)
    expect(await text('exp-error')).toBe('')
    await page.click(byId('exp-json-toggle'))
  })

  it('keeps an unsaved design across a reload, with a notice and a way to discard it', async () => {
    await page.fill(byId('exp-name'), 'unsaved design')
    await page.fill(byId('exp-gamma'), '-2')
    await page.waitForTimeout(100) // the draft is written on Vue's next flush
    await page.reload()
    await page.waitForSelector(byId('exp-draft-note'))
    expect(await page.inputValue(byId('exp-name'))).toBe('unsaved design')
    expect(await page.inputValue(byId('exp-gamma'))).toBe('-2')
    expect(await page.inputValue(byId('exp-N'))).toBe('30')
    await page.click(byId('exp-draft-discard'))
    expect(await page.locator(byId('exp-draft-note')).count()).toBe(0)
    expect(await page.inputValue(byId('exp-name'))).toBe('anisotropic relaxation')
    await page.reload()
    await page.waitForSelector(byId('exp-name'))
    expect(await page.locator(byId('exp-draft-note')).count()).toBe(0)
    expect(await page.inputValue(byId('exp-name'))).toBe('anisotropic relaxation')
  })
})
