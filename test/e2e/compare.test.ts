// Comparing runs in the browser (issue 17, "comparison that reads"): four deterministic solvers of the same
// BKW problem (bkw-exact, isotropic, spectral, blob, each small) overlaid in the density view and differenced
// against the exact solution; their histories as small multiples (a panel per metric group) with legends
// naming solver · N · γ, a log y axis that says what it did with values ≤ 0; and a metric chosen for one
// kind of run that does not blank another; the Export buttons write the whole selection (five runs, with a
// run's label and tags) in one file. Screenshots at 1400×900 and 1100×700.
import { readFileSync, writeFileSync } from 'node:fs'
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
    // Five runs with long names at 1100 px: the run table's last columns (Wall, Seed, the actions) stay inside the
    // window — names wrap and the progress column narrows instead of pushing them off to the right.
    const overflow = await page.evaluate(() => {
      const heads = Array.from(document.querySelectorAll('table th')).filter((th) => ['Wall', 'Seed'].includes(th.textContent?.trim() ?? ''))
      return { found: heads.length, right: Math.max(...heads.map((th) => th.getBoundingClientRect().right)), width: window.innerWidth }
    })
    expect(overflow.found).toBe(2)
    expect(overflow.right).toBeLessThanOrEqual(overflow.width)
    await page.setViewportSize({ width: 1400, height: 900 })
  })

  it('exports every selected run in one file, each with its label and tags', async () => {
    // The API the page itself uses (same origin, the session cookie): annotate run 3, read the stored rows.
    const call = (method: string, args: unknown[]) =>
      page.evaluate(
        async ([m, a]) => {
          const r = await fetch('/api/call', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method: m, args: a }) })
          return (await r.json()) as { ok: boolean; value: unknown }
        },
        [method, args] as const,
      )
    expect((await call('annotateRun', [3, { label: 'coarse spectral', tags: ['n8', 'compare'] }])).ok).toBe(true)
    const selected = [2, 3, 4, 1, 5] // the selection of the test above, in its order
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'Export 5 runs', byId('export-label'))

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click(byId('export-csv'))])
    expect(csvDownload.suggestedFilename()).toBe('runs-2-3-4-1-5.csv')
    const lines = readFileSync((await csvDownload.path())!, 'utf8')
      .trimEnd()
      .split('\n')
    const provenance = lines.filter((l) => l.startsWith('# landau-workbench run ')).map((l) => Number(l.split(' ')[3]))
    expect(provenance).toEqual(selected)
    expect(lines).toContain('# label "coarse spectral", tags ["n8","compare"]')
    const [header, ...rows] = lines.filter((l) => !l.startsWith('#'))
    const columns = header.split(',')
    expect(columns.slice(0, 2)).toEqual(['run', 't'])
    // Every stored row of every run, its values the stored ones (empty where the run has no such metric).
    for (const id of selected) {
      const h = (await call('getHistory', [id])).value as { t: number[]; values: Record<string, number[]> }
      const mine = rows.filter((r) => r.startsWith(`${id},`)).map((r) => r.split(','))
      expect(mine).toHaveLength(h.t.length)
      mine.forEach((cells, k) => {
        expect(Number(cells[1])).toBe(h.t[k])
        for (let j = 2; j < columns.length; j++) {
          const stored = h.values[columns[j]]
          if (!stored) expect(cells[j]).toBe('')
          else if (stored[k] === null)
            expect(['NaN', 'Infinity', '-Infinity']).toContain(cells[j]) // JSON carried it as null
          else expect(Number(cells[j])).toBe(stored[k])
        }
      })
    }

    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.click(byId('export-json'))])
    expect(jsonDownload.suggestedFilename()).toBe('runs-2-3-4-1-5.json')
    const json = JSON.parse(readFileSync((await jsonDownload.path())!, 'utf8'))
    expect(json.format).toBe('landau-workbench/runs')
    expect(json.runs.map((r: { id: number }) => r.id)).toEqual(selected)
    expect(json.runs[1]).toMatchObject({ id: 3, label: 'coarse spectral', tags: ['n8', 'compare'] })

    // The History figure draws the screen's panels: log y, −(entropy), the notes, the runs in its legend.
    await page.click(byId('history-export-toggle'))
    const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.click(byId('history-export-svg'))])
    const svg = readFileSync((await svgDownload.path())!, 'utf8')
    for (const text of ['kac · N = 50', 'bkw-exact', '−(entropy) (all values &lt; 0)', 'log y: entropy &lt; 0 everywhere, drawn as −(entropy)'])
      expect(svg).toContain(text)
    const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.click(byId('history-export-png'))])
    writeFileSync(join(SHOTS, 'e2e-compare-history-figure.png'), readFileSync((await pngDownload.path())!))
    await page.click(byId('history-export-toggle'))

    // One run selected: the single-run file, as before.
    await page.click(byId('run-row-4'))
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'Export run #4', byId('export-label'))
    const [single] = await Promise.all([page.waitForEvent('download'), page.click(byId('export-csv'))])
    expect(single.suggestedFilename()).toBe('run-4.csv')
    expect(readFileSync((await single.path())!, 'utf8').split('\n')[0]).toMatch(/^# landau-workbench run 4 /)
  })
})
