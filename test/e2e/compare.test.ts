// Comparing runs in the browser (issue 17, "comparison that reads"): four deterministic solvers of the same
// BKW problem (bkw-exact, isotropic, spectral, blob, each small) overlaid in the density view and differenced
// against the exact solution; their histories as small multiples (a panel per metric group) with legends
// naming solver · N · γ, a log y axis that says what it did with values ≤ 0; and a metric chosen for one
// kind of run that does not blank another. Screenshots at 1400×900 and 1100×700.
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { byId, SHOTS, useSession } from './server'
import { scratchDir } from '../helpers/tmp'

const dir = scratchDir('landau-e2e-compare-')
const project = join(dir, 'compare.landau')
const session = useSession(['--workers', '2'])
let page: Page
beforeAll(() => {
  page = session.page
})
const { attr, waitAttr } = session

const spec = {
  name: 'e2e four solvers on BKW',
  initial: { family: 'bkw', K0: 0.6 },
  kernel: { gamma: 0 },
  solvers: [
    { kind: 'bkw-exact', points: 200 },
    { kind: 'isotropic', cells: 60 },
    { kind: 'spectral', n: 8 },
    { kind: 'blob', n: 6 },
    { kind: 'kac', N: 50, replicas: 2 },
  ],
  time: { T: 0.2, dt: 0.05 },
  snapshots: [0, 0.2],
  seed: 2,
}

describe('comparison views in Chromium', () => {
  it('overlays four deterministic densities, differences them against the exact one, and plots histories as labelled small multiples', async () => {
    await page.goto(session.server.url)
    await page.fill(byId('project-path'), project)
    await page.click(byId('project-create'))
    await page.waitForFunction(([sel, path]) => document.querySelector(sel)?.textContent?.includes(path), [byId('project-current'), project] as const)
    await page.click(byId('exp-json-toggle'))
    await page.fill(byId('exp-json'), JSON.stringify(spec, null, 2))
    await page.waitForFunction((sel) => (document.querySelector(sel)?.textContent ?? '').trim() === '', byId('exp-error'))
    await page.click(byId('exp-start'))
    for (const id of [1, 2, 3, 4, 5]) await waitAttr(`run-row-${id}`, 'data-status', 'done', 120_000)

    // The four deterministic runs: primary bkw-exact, then the three others.
    await page.click(byId('run-row-1'))
    for (const id of [2, 3, 4]) await page.click(byId(`run-row-${id}`), { modifiers: ['Control'] })
    await page.click(byId('run-row-1'), { modifiers: ['Control'] }) // off and on again: the primary
    await page.click(byId('run-row-1'), { modifiers: ['Control'] })
    await waitAttr('density-overlay-card', 'data-runs', '4')
    await waitAttr('density-overlay', 'data-lines', '4')
    const legend = (await attr('density-overlay', 'data-legend'))!.split('|')
    expect(legend).toHaveLength(4)
    for (const solver of ['bkw-exact', 'isotropic', 'spectral', 'blob']) expect(legend.some((l) => l.startsWith(solver))).toBe(true)
    await page.screenshot({ path: join(SHOTS, 'e2e-compare-density-overlay.png') })

    // f − f_ref against the exact solution (the bkw-exact run, chosen by default): three lines, small.
    await page.check(byId('density-diff'))
    await waitAttr('density-overlay-card', 'data-diff', 'true')
    await waitAttr('density-overlay', 'data-lines', '3')
    const maxDiff = Number(await attr('density-overlay', 'data-max-abs-diff'))
    // The marginals peak near 0.4 (a BKW profile of temperature 1); coarse solvers at T = 0.2 differ from
    // the exact one by a visible but small amount: above round-off, below the peak itself.
    expect(maxDiff).toBeGreaterThan(1e-6)
    expect(maxDiff).toBeLessThan(0.2)
    await page.screenshot({ path: join(SHOTS, 'e2e-compare-density-diff.png') })

    // Histories: one panel per metric group, the legend one entry per run saying what it is.
    await waitAttr('history-chart', 'data-panels', 'entropy,fisher,temperatures')
    const hist = (await attr('history-chart', 'data-legend'))!.split('|')
    expect(hist).toEqual(['isotropic', 'spectral', 'blob', 'bkw-exact']) // in the order selected
    expect(await page.textContent('.chart-panel .title')).toContain('γ = 0')

    // The particle run joins: N in its entry; its default temperatures beside the deterministic defaults.
    await page.click(byId('run-row-5'), { modifiers: ['Control'] })
    await page.waitForFunction((sel) => (document.querySelector(sel)?.getAttribute('data-legend') ?? '').includes('kac · N = 50'), byId('history-chart'))
    // A choice made for the particle run (Txx alone) leaves the deterministic runs their own defaults:
    // they record Txx too, so they draw it; nothing shows "No metric selected".
    for (const m of ['Tyy', 'Tzz', 'energy', 'entropy', 'fisher']) if (await page.isChecked(byId(`metric-${m}`))) await page.uncheck(byId(`metric-${m}`))
    await waitAttr('history-chart', 'data-metrics', 'Txx')
    expect(await page.locator('.chart-wrap .overlay').count()).toBe(0)

    // Log y: entropy (< 0 everywhere) is drawn as −entropy, and the note says so.
    await page.check(byId('metric-entropy'))
    await page.check(byId('metric-log-y'))
    await waitAttr('history-chart', 'data-log-y', 'true')
    // The option set on the chart: every panel's y axis is logarithmic.
    await page.waitForFunction((sel) => /^log(,log)*$/.test(document.querySelector(sel)?.getAttribute('data-y-types') ?? ''), byId('history-chart'))
    await page.waitForSelector(byId('history-log-note'))
    expect(await page.textContent(byId('history-log-note'))).toMatch(/entropy < 0 everywhere, drawn as −\(entropy\)/)
    await page.screenshot({ path: join(SHOTS, 'e2e-compare-history-log-1400.png') })
    await page.setViewportSize({ width: 1100, height: 700 })
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(SHOTS, 'e2e-compare-history-log-1100.png') })
    await page.setViewportSize({ width: 1400, height: 900 })
  })
})
