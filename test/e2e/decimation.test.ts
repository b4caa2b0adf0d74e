// A long history in the browser: a run of 2·10⁵ rows (written straight into the project file) is plotted
// from a min/max decimation within the plot's row budget, with the planted spike and dip still drawn and
// a note saying how many rows stand behind the line; a zoom fetches the visible range at full
// resolution; the UI answers a click at once afterwards; the CSV export still has every row.
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { byId, SHOTS, useSession } from './server'
import { scratchDir } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'
import { ProjectStore } from '../../src/backend/store/projectStore'
import { ExperimentSpec, expandRuns } from '../../src/shared/spec'
import { ROW_METRICS } from '../../src/solvers/diagnostics/moments'

const dir = scratchDir('landau-e2e-decimation-')
const project = join(dir, 'long.landau')
const ROWS = 200_000
const SPIKE = { row: 123_457, metric: 'Txx', value: 9.25 }
const DIP = { row: 77_777, metric: 'Tzz', value: -3.5 }
const DT = 1e-3

function writeProject(): void {
  const store = ProjectStore.open(project, { create: true, owner: 'e2e:1', ownerAlive: () => false })
  const spec = ExperimentSpec.parse(smallKacSpec({ name: 'long history' }))
  const { runIds } = store.insertExperiment(spec, expandRuns(spec), { codeVersion: 'e2e', host: 'e2e', owner: 'e2e:1' })
  const id = runIds[0]
  store.markRunning(id, ROW_METRICS)
  const col = (m: string) => ROW_METRICS.indexOf(m)
  let seed = 99
  const noise = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296 - 0.5) * 0.02
  for (let k0 = 0; k0 < ROWS; k0 += 20_000) {
    const rows = []
    for (let k = k0; k < k0 + 20_000; k++) {
      const v = new Float64Array(ROW_METRICS.length).fill(0.01)
      const e = Math.exp((-k * DT) / 40)
      v[col('mass')] = 1
      v[col('momentum')] = noise() * 1e-3
      v[col('Txx')] = 1 + 0.5 * e + noise()
      v[col('Tyy')] = 1 + noise()
      v[col('Tzz')] = 1 - 0.5 * e + noise()
      v[col('energy')] = 1.5
      v[col('entropy_knn')] = -4 - e + noise()
      if (k === SPIKE.row) v[col(SPIKE.metric)] = SPIKE.value
      if (k === DIP.row) v[col(DIP.metric)] = DIP.value
      rows.push({ step: k, t: k * DT, values: Array.from(v) })
    }
    store.appendHistory(id, rows)
  }
  store.finishRun(id, 'done', { wallMs: 1 })
  store.close()
}

const session = useSession(['--workers', '1'])
let page: Page
beforeAll(() => {
  page = session.page
  writeProject()
})

const { attr, waitAttr } = session
const num = async (name: string) => Number(await attr('history-chart', name))

describe('a long history in Chromium', () => {
  it('plots a min/max decimation that keeps the spike, zooms to full resolution, stays responsive, exports every row', async () => {
    await page.goto(session.server.url)
    await page.fill(byId('project-path'), project)
    await page.click(byId('project-open'))
    await page.waitForSelector(byId('run-row-1'))
    await page.click(byId('run-row-1'))
    await waitAttr('history-chart', 'data-total-rows', String(ROWS))
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-points')) > 0, byId('history-chart'))

    // Decimated within the budget, the spike and the dip drawn.
    const budget = await num('data-budget')
    const shown = await num('data-shown-rows')
    expect(budget).toBeGreaterThanOrEqual(1000)
    expect(shown).toBeGreaterThan(100)
    expect(shown).toBeLessThanOrEqual(budget)
    expect(await attr('history-chart', 'data-metrics')).toBe('Txx,Tyy,Tzz,energy')
    expect(await num('data-points')).toBe(4 * shown)
    expect(await num('data-ymax')).toBe(SPIKE.value)
    expect(await num('data-ymin')).toBe(DIP.value)
    const grouped = (n: number) => n.toLocaleString('en-US').replace(/,/g, '\u202f')
    expect(await page.textContent(byId('history-decimation'))).toContain(`showing ${grouped(shown)} of ${grouped(ROWS)} rows`)
    await page.screenshot({ path: join(SHOTS, 'e2e-decimated.png') })

    // Zoom in with the mouse wheel over the plot (ECharts' inside zoom) until the rows in view fit the
    // budget: the view is then drawn from every row.
    const box = (await page.locator(byId('history-chart')).boundingBox())!
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5)
    const note = async () => (await page.textContent(byId('history-decimation'))) ?? ''
    for (let k = 0; k < 80 && !/^zoomed: all /.test(await note()); k++) {
      await page.mouse.wheel(0, -500)
      await page.waitForTimeout(k < 30 ? 60 : 250)
    }
    await page.waitForFunction(
      (sel) => /^zoomed: all [\d\u202f]+ rows in view$/.test(document.querySelector(sel)?.textContent ?? ''),
      byId('history-decimation'),
      { timeout: 15_000 },
    )
    await page.screenshot({ path: join(SHOTS, 'e2e-decimated-zoom.png') })
    expect(await num('data-total-rows')).toBe(ROWS)

    // Responsive: ticking another metric redraws at once.
    const t0 = Date.now()
    await page.click(byId('metric-mass'))
    await waitAttr('history-chart', 'data-metrics', 'Txx,Tyy,Tzz,energy,mass', 5_000)
    expect(Date.now() - t0).toBeLessThan(2_000)

    // Exports read every row, not the decimation.
    const csv = await page.evaluate(async () => {
      const r = await fetch('/api/call', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ method: 'exportRun', args: [1, 'csv'] }),
      })
      return ((await r.json()) as { value: string }).value
    })
    const lines = csv
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('#'))
    expect(lines.length).toBe(ROWS + 1) // header + every row
    expect(lines[SPIKE.row + 1].split(',')[1 + ROW_METRICS.indexOf(SPIKE.metric)]).toBe(String(SPIKE.value))
  })
})
