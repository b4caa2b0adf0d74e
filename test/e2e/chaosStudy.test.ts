// A chaos study in Chromium, as a user runs one: the bundled chaos-rates.json is loaded from the Examples
// menu into the Chaos study tab, reduced in its editor to a study that fits in well under 2 minutes on 2
// workers (γ = 0, random pairing, N = 10 … 80, the energy correlation only), started, and read: the fitted
// rate with its interval in the table and the figure, then the figure exported as SVG whose metadata
// carries the study, then the one-click time-step check (the same study at dt/2). The rate must cover the energy identity's: C = (Var₀ − Var_t)/(N − 1) exactly, so
// the log–log slope over these N is that of 1/(N − 1) (−1.04), within the study's ±0.25 target.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Download, Page } from 'playwright-core'
import { byId, SHOTS, useSession } from './server'
import { scratchDir } from '../helpers/tmp'
import { rateFit } from '../../src/solvers/chaos/rateFit'

const dir = scratchDir('landau-e2e-study-')
const project = join(dir, 'study.landau')
const session = useSession(['--workers', '2'])
let page: Page
beforeAll(() => {
  page = session.page
})
const { attr, waitAttr } = session

const example = JSON.parse(readFileSync(join(process.cwd(), 'resources', 'examples', 'chaos-rates.json'), 'utf8'))
const reduced = {
  ...example,
  name: 'reduced chaos study',
  gammas: [0],
  systems: [{ kind: 'pairing' }],
  N: [10, 20, 40, 80],
  times: [0.5],
  dt: 0.05,
  observables: ['energy-correlation'],
  pilotReplicas: 100,
  budgetSeconds: 60,
}

describe('a chaos study in Chromium', () => {
  it('loads from the Examples menu, runs reduced, shows the rate with its interval and exports the figure', async () => {
    await page.goto(session.server.url)
    await page.fill(byId('project-path'), project)
    await page.click(byId('project-create'))
    await page.waitForFunction(([sel, path]) => document.querySelector(sel)?.textContent?.includes(path), [byId('project-current'), project] as const)

    await page.selectOption(byId('exp-examples'), 'chaos-rates.json')
    await waitAttr('study-panel', 'data-state', 'none')
    expect(JSON.parse(await page.inputValue(byId('study-spec')))).toEqual(example)
    await page.fill(byId('study-spec'), JSON.stringify(reduced, null, 2))
    await page.click(byId('study-start'))
    await waitAttr('study-panel', 'data-state', 'done', 110_000)

    expect(await attr('study-panel', 'data-rows')).toBe('1')
    expect(await attr('study-panel', 'data-resolved')).toBe('1')
    const rate = (await page.textContent(byId('study-row-0')))!
    const m = /(−?\d+\.\d+) \[(−?\d+\.\d+), (−?\d+\.\d+)\]/.exec(rate)
    expect(m).not.toBeNull()
    const [p, lo, hi] = m!.slice(1).map((x) => Number(x.replace('−', '-')))
    const identity = rateFit(reduced.N.map((N: number) => ({ N, value: 1 / (N - 1), se: 1e-12, replicas: 100 }))).p
    expect(lo).toBeLessThanOrEqual(identity)
    expect(hi).toBeGreaterThanOrEqual(identity)
    expect(hi - lo).toBeLessThanOrEqual(2 * reduced.target.halfWidth + 2e-3) // printed to 3 decimals
    expect(p).toBeGreaterThan(lo)
    await page.waitForTimeout(1500) // the chart's entry animation
    await page.screenshot({ path: join(SHOTS, 'e2e-chaos-study.png') })

    await page.click(byId('study-export-toggle'))
    const [d] = (await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click(byId('study-export-svg'))])) as [Download, void]
    const svg = readFileSync((await d.path())!, 'utf8')
    expect(d.suggestedFilename()).toBe('chaos-study-energy-correlation.svg')
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml')
      return doc.querySelector('parsererror')?.textContent ?? doc.documentElement.nodeName
    }, svg)
    expect(parsed).toBe('svg')
    expect(svg).toContain('reduced chaos study')
    writeFileSync(join(SHOTS, 'e2e-chaos-study.svg'), svg)

    // The time-step check, one click: the same study at dt/2, and per row how far the error moved. The
    // energy identity holds at any dt for the pairing rotation step, so the move is within a few SE.
    await page.click(byId('study-halve-dt'))
    await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLTextAreaElement | null)?.value.includes('dt/2'), byId('study-spec'))
    await waitAttr('study-panel', 'data-state', 'running', 20_000)
    await waitAttr('study-panel', 'data-state', 'done', 110_000)
    const moved = (await page.textContent(byId('study-dt-0')))!
    const z = Number(/\((\d+\.\d) SE\)/.exec(moved)![1])
    expect(moved).toMatch(/dt\/2 moves it .* at N = \d+/)
    expect(z).toBeLessThan(4)
    await page.waitForTimeout(1500)
    await page.screenshot({ path: join(SHOTS, 'e2e-chaos-study-dt.png') })
  }, 300_000)
})
