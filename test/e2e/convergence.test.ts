// The convergence view in the browser: a Kac sweep over N = 40, 80, 160 with 4 replicas and a
// bkw-exact reference, started from the JSON view; the Convergence tab shows the error at the snapshot time
// vs N on log–log axes (three points, a slope with its interval, a table), switches metric, and exports
// the figure as SVG at a size in mm (with its metadata) and the table as CSV. (PDF and PNG: chaosExample.test.ts.)
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { byId, SHOTS, useSession } from './server'
import { scratchDir } from '../helpers/tmp'

const dir = scratchDir('landau-e2e-convergence-')
const project = join(dir, 'convergence.landau')
const session = useSession(['--workers', '2'])
let page: Page
beforeAll(() => {
  page = session.page
})

const { attr, waitAttr } = session

const spec = {
  name: 'e2e kac convergence',
  initial: { family: 'bkw', K0: 0.6 },
  kernel: { gamma: 0 },
  solvers: [
    { kind: 'kac', N: 2, replicas: 4 },
    { kind: 'bkw-exact', points: 200 },
  ],
  sweep: { N: [40, 80, 160] },
  time: { T: 0.2, dt: 0.02 },
  snapshots: [0.2],
  seed: 3,
}

describe('convergence view in Chromium', () => {
  it('plots the error vs N with intervals and a slope, and exports SVG and CSV', async () => {
    await page.goto(session.server.url)
    await page.fill(byId('project-path'), project)
    await page.click(byId('project-create'))
    await page.waitForFunction(([sel, path]) => document.querySelector(sel)?.textContent?.includes(path), [byId('project-current'), project] as const)

    await page.click(byId('exp-json-toggle'))
    await page.fill(byId('exp-json'), JSON.stringify(spec, null, 2))
    await page.waitForFunction((sel) => (document.querySelector(sel)?.textContent ?? '').trim() === '', byId('exp-error'))
    await page.click(byId('exp-start'))
    for (const id of [1, 2, 3, 4]) await waitAttr(`run-row-${id}`, 'data-status', 'done', 120_000)

    await page.click(byId('tab-convergence'))
    await waitAttr('convergence-panel', 'data-state', 'ok')
    expect(await attr('convergence-panel', 'data-experiment')).toBe('1')
    expect(await attr('convergence-panel', 'data-t')).toBe('0.2')
    // The view opens on W2 itself, positive by construction (the excess over the floor is ≤ 0 for most Kac runs).
    expect(await attr('convergence-panel', 'data-metric')).toBe('w2')
    // The metric selector speaks in words, and each measure has its definition as a tooltip.
    const labels = await page.$$eval(`${byId('conv-metric')} option`, (os) => os.map((o) => o.textContent?.trim()))
    expect(labels).toEqual(['W2 excess over floor', 'W2² excess over floor²', 'W2(F_N1, f)', 'W2(F_N2, f⊗f)', 'weak k=1', 'weak k=2', '|entropy gap|'])
    const titles = await page.$$eval(`${byId('conv-metric')} option`, (os) => os.map((o) => o.getAttribute('title') ?? ''))
    for (const t of titles) expect(t.length).toBeGreaterThan(40)
    expect(await attr('conv-metric-help', 'title')).toMatch(/^W2\(F_N1, f\): the mean over replicas of the exact Wasserstein-2 distance/)
    // A click on a run row keeps the Convergence tab (it follows the selected run's experiment).
    await page.click(byId('run-row-2'))
    expect(await attr('tab-convergence', 'aria-selected')).toBe('true')
    await page.selectOption(byId('conv-metric'), 'w2-excess')
    await waitAttr('convergence-panel', 'data-metric', 'w2-excess')
    await waitAttr('convergence-panel', 'data-state', 'ok')
    // Every run is in the table; an excess ≤ 0 (within the floor, as Kac's usually is here) is listed, not drawn.
    await page.waitForSelector(byId('conv-table'))
    expect(await page.locator(`${byId('conv-table')} tbody tr`).count()).toBe(3)
    const drawn = Number(await attr('convergence-panel', 'data-points'))
    expect(await page.locator(`${byId('conv-table')} tbody tr.omitted`).count()).toBe(3 - drawn)
    if (drawn === 0) expect(await page.textContent(byId('conv-message'))).toMatch(/W2 excess over floor is ≤ 0 for every run/)
    await page.screenshot({ path: join(SHOTS, 'e2e-convergence-excess.png') })

    // W2 itself is positive at every N: three points, a fitted slope, the floor beside them.
    await page.selectOption(byId('conv-metric'), 'w2')
    await waitAttr('convergence-panel', 'data-metric', 'w2')
    await waitAttr('convergence-panel', 'data-state', 'ok')
    expect(await attr('convergence-panel', 'data-points')).toBe('3')
    expect(await attr('convergence-panel', 'data-fits')).toBe('1')
    expect(await page.textContent(byId('conv-slope-kac'))).toMatch(/p = −0\.\d{3} ± \d\.\d{3} \(95 % −?\d+\.\d{3} … −?\d+\.\d{3}\)/)
    expect(await page.locator(`${byId('conv-table')} tbody tr`).count()).toBe(3)
    expect(await page.textContent(byId('conv-table'))).toContain('floor')
    expect(await page.$$eval(`${byId('conv-time')} option`, (os) => os.map((o) => o.textContent?.trim()))).toEqual(['0.2'])
    await page.waitForTimeout(600) // let the chart's entry animation finish before the picture
    await page.screenshot({ path: join(SHOTS, 'e2e-convergence.png') })

    // SVG at a chosen size in mm (the export pop-up), with the metadata.
    await page.click(byId('conv-export-toggle'))
    await page.fill(byId('conv-width'), '160')
    await page.fill(byId('conv-height'), '100')
    const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.click(byId('conv-export-svg'))])
    expect(svgDownload.suggestedFilename()).toBe('convergence-exp1-t0.2-w2.svg')
    const svg = readFileSync((await svgDownload.path())!, 'utf8')
    // 160 × 100 mm, laid out at 96 CSS px per inch: 605 × 378 px.
    expect(svg).toMatch(/^<svg[^>]* width="160mm" height="100mm"[^>]* viewBox="0 0 605 378"/)
    expect(svg).toContain('</svg>')
    const meta = /<metadata id="landau-convergence">([^<]*)<\/metadata>/.exec(svg)
    expect(meta).not.toBeNull()
    const unescaped = meta![1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
    const m = JSON.parse(unescaped)
    expect(m).toMatchObject({ experiment: 1, runs: [1, 2, 3], reference: { run: 4, solver: 'bkw-exact' }, time: 0.2, metric: 'w2' })
    expect(m.spec).toMatchObject({ name: 'e2e kac convergence', sweep: { N: [40, 80, 160] } })
    expect(svg).toContain('kac fit: p = ')
    // The DOM parser agrees that it is an SVG document.
    const root = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml')
      return doc.querySelector('parsererror')?.textContent ?? doc.documentElement.nodeName
    }, svg)
    expect(root).toBe('svg')
    writeFileSync(join(SHOTS, 'e2e-convergence-export.svg'), svg)

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click(byId('conv-export-csv'))])
    const csv = readFileSync((await csvDownload.path())!, 'utf8')
    const lines = csv.trim().split('\n')
    expect(lines).toContain('# experiment: 1')
    expect(lines).toContain('# metric: w2')
    expect(lines.find((l) => l.startsWith('# spec: '))).toContain('"sweep":{"N":[40,80,160]}')
    const header = lines.findIndex((l) => l.startsWith('run,'))
    expect(lines[header]).toBe('run,solver,N,M,w2,se,lo95,hi95,lo_clipped,plotted,floor,floor_se')
    expect(lines.slice(header + 1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual(['1,kac,40,4', '2,kac,80,4', '3,kac,160,4'])

    // Errors whose intervals reach 0: the bars run open-ended (dashed) off the bottom of the log axis.
    await page.selectOption(byId('conv-metric'), 'entropy-gap')
    await waitAttr('convergence-panel', 'data-metric', 'entropy-gap')
    await waitAttr('convergence-panel', 'data-state', 'ok')
    expect(Number(await attr('convergence-panel', 'data-points'))).toBeGreaterThan(0)
    expect(await page.textContent(byId('conv-table'))).not.toContain('floor')
    await page.waitForTimeout(600)
    await page.screenshot({ path: join(SHOTS, 'e2e-convergence-entropy.png') })

    // Weak chaos with a chosen test function φ (the CLI's text form), and a refused one.
    await page.selectOption(byId('conv-metric'), 'weak1')
    await waitAttr('convergence-panel', 'data-metric', 'weak1')
    await page.fill(byId('conv-phi'), 'cosine:1,0,0')
    await page.press(byId('conv-phi'), 'Tab')
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('φ = cosine:1,0,0'), byId('convergence-panel'))
    await waitAttr('convergence-panel', 'data-state', 'ok')
    await page.fill(byId('conv-phi'), 'exp(-v^2)')
    await page.press(byId('conv-phi'), 'Tab')
    expect(await page.textContent(byId('conv-phi-error'))).toMatch(/expected "gaussian:cx,cy,cz,width" or "cosine:kx,ky,kz"/)
  })
})
