// The initial-data designer end to end, as a researcher uses it: pick a family, change a parameter and
// watch the preview follow (a second peak in fx, the hypothesis table of Theorem 1.1 changing with the
// family), see a bad formula named inline and Start disabled, save the design, load it back, and run
// an experiment from it.
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { byId, SHOTS, useSession } from './server'
import { scratchDir } from '../helpers/tmp'

const dir = scratchDir('landau-designer-')
const project = join(dir, 'designer.landau')
const session = useSession(['--workers', '2'])
let page: Page
beforeAll(() => {
  page = session.page
})

const { attr, waitAttr } = session

/** The preview answers for what the form shows now (not a stale one, not the debounce). */
async function previewSettled(): Promise<void> {
  await page.waitForFunction((sel) => {
    const s = document.querySelector(sel)?.getAttribute('data-state')
    return s === 'ok' || s === 'failed'
  }, byId('preview-panel'))
}

async function family(name: string): Promise<void> {
  await page.selectOption(byId('exp-family'), name)
  await previewSettled()
}

describe('initial-data designer in Chromium', () => {
  it('previews f₀ live, checks the hypotheses, refuses a bad formula, saves, loads and runs a design', async () => {
    await page.goto(session.server.url)
    await page.fill(byId('project-path'), project)
    await page.click(byId('project-create'))
    await page.waitForFunction(([sel, path]) => document.querySelector(sel)?.textContent?.includes(path), [byId('project-current'), project] as const)

    // Two beams at ±u: fx has one hump while u < √θ, two once the beams separate.
    await page.selectOption(byId('exp-family'), 'two-beam')
    await page.fill(byId('init-theta'), '1')
    await page.fill(byId('init-u'), '0.3')
    await previewSettled()
    expect(await attr('preview-panel', 'data-state')).toBe('ok')
    expect(Number(await attr('preview-marginals', 'data-points'))).toBeGreaterThan(0)
    expect(Number(await attr('preview-slice', 'data-points'))).toBeGreaterThan(0)
    expect(await attr('preview-marginals', 'data-peaks-x')).toBe('1')
    await page.fill(byId('init-u'), '3')
    await waitAttr('preview-marginals', 'data-peaks-x', '2')
    expect(await attr('preview-marginals', 'data-peaks-y')).toBe('1')
    expect(await attr('preview-marginals', 'data-peaks-z')).toBe('1')
    expect(await attr('preview-hypotheses', 'data-hold')).toBe('true')
    for (const f of ['entropy', 'fisher', 'fisherWeighted', 'moment6', 'moment8']) {
      expect(['exact', 'numerical']).toContain(await attr(`preview-functional-${f}`, 'data-status'))
      expect(Number.isFinite(Number(await attr(`preview-functional-${f}`, 'data-value')))).toBe(true)
    }

    // A slow answer for an older datum must not overwrite the newer one: hold back the answer for
    // u = 0.4 until the answer for u = 3 has been drawn.
    let release = () => {}
    const held = new Promise<void>((ok) => (release = ok))
    await page.route('**/api/call', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as { method?: string; args?: { u?: number }[] }
      if (body.method === 'previewInitial' && body.args?.[0]?.u === 0.4) await held
      await route.continue()
    })
    await page.fill(byId('init-u'), '0.4')
    await page.waitForTimeout(400) // past the debounce: the request for u = 0.4 is out
    await page.fill(byId('init-u'), '3')
    await previewSettled()
    release()
    await page.waitForTimeout(500)
    await page.unroute('**/api/call')
    expect(await attr('preview-panel', 'data-state')).toBe('ok')
    expect(await attr('preview-marginals', 'data-peaks-x')).toBe('2')

    // The uniform ball is discontinuous: infinite Fisher information, Theorem 1.1 does not apply.
    await family('ball')
    await waitAttr('preview-hypotheses', 'data-hold', 'false')
    expect(await attr('preview-functional-fisher', 'data-status')).toBe('infinite')
    expect(await attr('preview-functional-fisher', 'data-value')).toBe('')
    await family('two-beam')
    await waitAttr('preview-hypotheses', 'data-hold', 'true')
    expect(await page.inputValue(byId('init-u'))).toBe('3') // the family's values were kept

    // A formula that does not parse: the backend's message under the editor, the preview greyed, Start refused.
    await family('formula')
    await page.fill(byId('init-expr'), 'exp(-v^2/2')
    await page.waitForFunction((sel) => (document.querySelector(sel)?.textContent ?? '').trim() !== '', byId('init-error'))
    expect(await attr('preview-panel', 'data-state')).toBe('failed')
    // Start is disabled while f₀ is refused, and says why on hover.
    await page.waitForSelector(`${byId('exp-start')}:disabled`)
    expect(await attr('exp-start-reason', 'title')).toMatch(/^(Fix the spec first: initial\.expr|f₀ is refused): /)
    expect(await page.locator('[data-testid^="run-row-"]').count()).toBe(0)
    await page.fill(byId('init-expr'), 'exp(-v^2/2) * (1 + 0.5*cos(2*vx))')
    await page.waitForFunction((sel) => (document.querySelector(sel)?.textContent ?? '').trim() === '', byId('init-error'))

    // Save the two-beam design, switch away, load it back.
    await family('two-beam')
    await page.fill(byId('design-name'), 'separated beams')
    await page.click(byId('design-save'))
    await page.waitForFunction((sel) => document.querySelectorAll(`${sel} option`).length === 2, byId('design-select'))
    await family('maxwellian')
    const value = await page.$eval(
      byId('design-select'),
      (el) => Array.from((el as HTMLSelectElement).options).find((o) => o.textContent?.includes('separated beams'))?.value ?? '',
    )
    await page.selectOption(byId('design-select'), value)
    expect(await page.inputValue(byId('exp-family'))).toBe('two-beam')
    expect(await page.inputValue(byId('init-u'))).toBe('3')
    expect(await page.inputValue(byId('init-theta'))).toBe('1')
    await previewSettled()
    await waitAttr('preview-marginals', 'data-peaks-x', '2')

    // Run it: a small Kac system; the run appears, finishes, and its history is plotted.
    await page.fill(byId('exp-name'), 'e2e two-beam')
    await page.selectOption(byId('exp-kind'), 'kac')
    expect(await page.inputValue(byId('exp-integrator'))).toBe('rotation')
    await page.fill(byId('exp-N'), '60')
    await page.fill(byId('exp-replicas'), '2')
    await page.fill(byId('exp-T'), '0.5')
    await page.fill(byId('exp-dt'), '0.01')
    await page.fill(byId('exp-every'), '5')
    await page.waitForFunction((sel) => (document.querySelector(sel)?.textContent ?? '').trim() === '', byId('exp-error'))
    await page.click(byId('exp-start'))
    await page.waitForSelector(byId('run-row-1'))
    await waitAttr('run-row-1', 'data-status', 'done', 60_000)
    expect((await page.textContent(byId('run-solver-1')))?.trim()).toBe('kac · rotation')
    expect(await attr('tab-history', 'aria-selected')).toBe('true')
    // 0.5 / 0.01 = 50 steps, a row every 5 steps plus t = 0: 11 rows per plotted metric.
    await page.waitForFunction((sel) => {
      const n = Number(document.querySelector(sel)?.getAttribute('data-points'))
      return n > 0 && n % 11 === 0
    }, byId('history-chart'))
    await page.screenshot({ path: join(SHOTS, 'e2e-designer.png') })
  })
})
