// A deterministic run's density in the browser: start a bkw-exact experiment from the JSON view, wait for
// it, and find its density beside the history chart: the three marginals and the slice at each recorded
// time, switched by the time buttons and the arrow keys. Then the same from the form: the deterministic
// kinds in the solver select, their own fields in place of N / replicas / sweep, the schema's verdict on
// a kind that does not fit the data, the JSON round trip, and the entropy and Fisher information plotted
// by default for the new run.
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { byId, SHOTS, useSession } from './server'
import { scratchDir } from '../helpers/tmp'

const dir = scratchDir('landau-e2e-density-')
const project = join(dir, 'density.landau')
const session = useSession(['--workers', '1'])
let page: Page
beforeAll(() => {
  page = session.page
})

const { attr, waitAttr } = session

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
    await page.goto(session.server.url)
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
    await page.screenshot({ path: join(SHOTS, 'e2e-density-t1.png') })

    await page.click(byId('density-t-0'))
    await waitAttr('density-panel', 'data-t', '0')
    expect(await attr('density-panel', 'data-state')).toBe('ok')
    expect(await attr('density-t-0', 'aria-checked')).toBe('true')
    await page.screenshot({ path: join(SHOTS, 'e2e-density-t0.png') })

    await page.keyboard.press('ArrowRight')
    await waitAttr('density-panel', 'data-t', '0.5')
    expect(Number(await attr('density-marginals', 'data-points'))).toBe(3 * 121)
    await page.click(byId('density-t-2'))
    await waitAttr('density-panel', 'data-t', '1')
    // The history of a deterministic run plots its entropy and Fisher information (and energy) by default.
    await waitAttr('history-chart', 'data-metrics', 'entropy,fisher,energy')
  })

  it('sets a deterministic method up in the form and plots its entropy', async () => {
    const waitError = (re: RegExp) =>
      page.waitForFunction(([sel, src]) => new RegExp(src).test((document.querySelector(sel)?.textContent ?? '').trim()), [
        byId('field-issue-exp-kind'),
        re.source,
      ] as const)

    await page.click(byId('exp-json-toggle')) // back to the form, which the JSON above filled in
    expect(await page.inputValue(byId('exp-kind'))).toBe('bkw-exact')
    expect(await page.locator(byId('exp-N')).count()).toBe(0)
    // Particle systems first, then the deterministic methods.
    const groups = await page.$$eval(`${byId('exp-kind')} optgroup`, (gs) =>
      gs.map((g) => [(g as HTMLOptGroupElement).label, Array.from(g.querySelectorAll('option')).map((o) => o.value)]),
    )
    expect(groups).toEqual([
      ['particle systems', ['kac', 'fgm', 'fournier', 'pairing']],
      ['deterministic', ['bkw-exact', 'isotropic', 'blob', 'spectral']],
    ])

    // A particle system: N, replicas, integrator and sweep; a deterministic method: its own fields instead.
    await page.selectOption(byId('exp-kind'), 'kac')
    await page.waitForSelector(byId('exp-N'))
    expect(await page.locator(byId('exp-det-points')).count()).toBe(0)
    await page.selectOption(byId('exp-family'), 'bimaxwellian')
    await page.selectOption(byId('exp-kind'), 'isotropic')
    await page.waitForSelector(byId('exp-det-cells'))
    expect(await page.locator(byId('exp-N')).count()).toBe(0)
    expect(await page.locator(byId('exp-sweep')).count()).toBe(0)
    expect(await page.getAttribute(byId('exp-det-cells'), 'placeholder')).toBe('200')
    // ε blank: the Landau equation; a blob run's ε makes it the blob's regularised equation.
    expect(await page.getAttribute(byId('exp-det-eps'), 'placeholder')).toBe('none')
    await waitError(/isotropic needs radially symmetric initial data/)
    expect(((await page.textContent(byId('exp-error'))) ?? '').trim()).toBe('') // said once, at its field

    // bkw-exact with BKW data for Maxwell molecules, picked in the form.
    await page.selectOption(byId('exp-kind'), 'bkw-exact')
    await page.selectOption(byId('exp-family'), 'bkw')
    await page.fill(byId('init-K0'), '0.7')
    await page.fill(byId('exp-gamma'), '-1')
    await waitError(/kernel\.gamma must be 0/)
    await page.fill(byId('exp-gamma'), '0')
    expect(await page.getAttribute(byId('exp-det-points'), 'placeholder')).toBe('400')
    expect(await page.getAttribute(byId('exp-det-rMax'), 'placeholder')).toBe('10')
    await page.fill(byId('exp-det-points'), '200')
    await page.fill(byId('exp-name'), 'e2e bkw exact from the form')
    await page.fill(byId('exp-T'), '0.5')
    await page.fill(byId('exp-dt'), '0.05')
    await page.fill(byId('exp-snapshots'), '0, 0.5')
    await page.waitForFunction((sel) => (document.querySelector(sel)?.textContent ?? '').trim() === '', byId('exp-error'))

    // The JSON view says the same, without N or replicas; back in the form nothing was lost.
    await page.click(byId('exp-json-toggle'))
    const json = JSON.parse(await page.inputValue(byId('exp-json'))) as { solvers: unknown[]; sweep?: unknown }
    expect(json.solvers).toEqual([{ kind: 'bkw-exact', points: 200 }])
    expect(json.sweep).toBeUndefined()
    await page.click(byId('exp-json-toggle'))
    expect(await page.inputValue(byId('exp-kind'))).toBe('bkw-exact')
    expect(await page.inputValue(byId('exp-det-points'))).toBe('200')
    await page.screenshot({ path: join(SHOTS, 'e2e-density-form.png') })

    await page.click(byId('exp-start'))
    await page.waitForSelector(byId('run-row-2'))
    await waitAttr('run-row-2', 'data-status', 'done', 120_000)
    expect(await page.textContent(byId('run-solver-2'))).toContain('bkw-exact')
    await waitAttr('density-panel', 'data-times', '2')
    expect(await attr('density-panel', 'data-kind')).toBe('radial')
    // 0.5 / 0.05 = 10 steps and t = 0: 11 rows of each plotted metric.
    await waitAttr('history-chart', 'data-metrics', 'entropy,fisher,energy')
    await waitAttr('history-chart', 'data-points', String(3 * 11))
    expect(await page.isChecked(byId('metric-entropy'))).toBe(true)
    expect(await page.isChecked(byId('metric-Txx'))).toBe(false)
    await page.screenshot({ path: join(SHOTS, 'e2e-density-form-run.png') })
  })
})
