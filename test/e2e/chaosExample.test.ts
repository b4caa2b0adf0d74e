// The propagation-of-chaos study in the browser: the bundled example resources/examples/bkw-chaos-sweep.json (kac vs
// fournier, N = 125…1000, 8 replicas, against bkw-exact at γ = 0) is loaded from the Examples menu, run,
// and its convergence figure exported as SVG, PDF and PNG at a journal size; each file is then opened by
// an independent reader: the SVG by Chromium's XML parser and as an image, the PDF by pdf.js, the PNG as an
// image (and its DPI and metadata read back). The Conservation tab shows the systems side by side, and the
// History tab exports its figure too. About 2 minutes of CPU for the runs on 2 workers.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Download, Page } from 'playwright-core'
import { byId, SHOTS, useSession } from './server'
import { scratchDir } from '../helpers/tmp'
import { openPdf } from '../helpers/pdf'
import { pngDpi, pngText } from '../../src/shared/pngMetadata'
import { cssPixels, points } from '../../src/shared/figureExport'

const dir = scratchDir('landau-e2e-chaos-example-')
const project = join(dir, 'chaos.landau')
const session = useSession(['--workers', '2'])
let page: Page
beforeAll(() => {
  page = session.page
})
const { attr, waitAttr } = session

const example = JSON.parse(readFileSync(join(process.cwd(), 'resources', 'examples', 'bkw-chaos-sweep.json'), 'utf8'))

async function download(testid: string): Promise<{ name: string; bytes: Buffer }> {
  const [d] = (await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click(byId(testid))])) as [Download, void]
  return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) }
}

/** Chromium decodes the image (as an <img> would show it): its natural size, or an error. */
async function imageSize(bytes: Buffer, mime: string): Promise<{ w: number; h: number }> {
  return page.evaluate(
    async ([b64, type]) => {
      const img = new Image()
      img.src = `data:${type};base64,${b64}`
      await img.decode()
      return { w: img.naturalWidth, h: img.naturalHeight }
    },
    [bytes.toString('base64'), mime] as const,
  )
}

describe('the bundled chaos sweep in Chromium', () => {
  it('runs from the Examples menu and exports its convergence figure as SVG, PDF and PNG that open', async () => {
    await page.goto(session.server.url)
    await page.fill(byId('project-path'), project)
    await page.click(byId('project-create'))
    await page.waitForFunction(([sel, path]) => document.querySelector(sel)?.textContent?.includes(path), [byId('project-current'), project] as const)

    // The Examples menu puts the spec into the JSON editor, as written in the file.
    await page.selectOption(byId('exp-examples'), 'bkw-chaos-sweep.json')
    await page.waitForSelector(byId('exp-json'))
    expect(JSON.parse(await page.inputValue(byId('exp-json')))).toEqual(example)
    await page.waitForFunction((sel) => (document.querySelector(sel)?.textContent ?? '').trim() === '', byId('exp-error'))
    await page.click(byId('exp-start'))
    // 4 N × (kac, fournier) + bkw-exact = 9 runs.
    for (let id = 1; id <= 9; id++) await waitAttr(`run-row-${id}`, 'data-status', 'done', 480_000)

    // Convergence at t = 1 (the last snapshot, the default) in W2 with its floor.
    await page.click(byId('tab-convergence'))
    await waitAttr('convergence-panel', 'data-state', 'ok', 120_000)
    expect(await attr('convergence-panel', 'data-t')).toBe('1')
    expect(await attr('convergence-panel', 'data-metric')).toBe('w2') // the default measure
    await waitAttr('convergence-panel', 'data-state', 'ok', 120_000)

    // A change of measure, from the click to the new chart: the runs' diagnostics at t are cached by the
    // backend, so only the measure's field is picked (≈ 5 ms there; ≈ 0.1 s here with the transport and the
    // redraw). The issue asks for under 1 s; that bound, not the expected 0.1 s, is asserted, so a loaded
    // 2-core CI keeps a 10× margin. Before the cache this took 2–5 s (every W2 computed again).
    for (const m of ['entropy-gap', 'w2-pair', 'w2'] as const) {
      const t0 = Date.now()
      await page.selectOption(byId('conv-metric'), m)
      await page.waitForFunction(
        ([sel, want]) => {
          const p = document.querySelector(sel)
          return p?.getAttribute('data-metric') === want && p.getAttribute('data-state') === 'ok'
        },
        [byId('convergence-panel'), m] as const,
        { polling: 'raf' },
      )
      const ms = Date.now() - t0
      console.log(`convergence: measure → ${m} in ${ms} ms`)
      expect(ms).toBeLessThan(1000)
    }
    expect(await attr('convergence-panel', 'data-points')).toBe('8')
    expect(await attr('convergence-panel', 'data-fits')).toBe('2')
    expect(await page.textContent(byId('conv-slope-kac'))).toMatch(/p = /)
    expect(await page.textContent(byId('conv-slope-fournier'))).toMatch(/p = /)
    // The reference can be chosen: the experiment's own bkw-exact run is offered.
    expect(await page.$$eval(`${byId('conv-reference')} option`, (os) => os.map((o) => o.textContent?.trim()))).toEqual([
      "the experiment's own",
      '#9 bkw-exact',
    ])
    await page.selectOption(byId('conv-reference'), { label: '#9 bkw-exact' })
    await waitAttr('convergence-panel', 'data-state', 'ok', 120_000)
    await page.waitForTimeout(600) // the chart's entry animation
    await page.screenshot({ path: join(SHOTS, 'e2e-chaos-example.png') })

    // Single column, 300 dpi.
    await page.click(byId('conv-export-toggle'))
    await page.selectOption(byId('conv-preset'), { label: 'single column (85 × 60 mm)' })
    await page.selectOption(byId('conv-dpi'), '300')
    const runIds = [1, 2, 3, 4, 5, 6, 7, 8]

    const svg = await download('conv-export-svg')
    expect(svg.name).toBe('convergence-exp1-t1-w2.svg')
    const svgText = svg.bytes.toString('utf8')
    expect(svgText).toMatch(/^<svg[^>]* width="85mm" height="60mm"/)
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml')
      return doc.querySelector('parsererror')?.textContent ?? doc.documentElement.nodeName
    }, svgText)
    expect(parsed).toBe('svg')
    const svgMeta = JSON.parse(
      /<metadata id="landau-convergence">([^<]*)<\/metadata>/.exec(svgText)![1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'),
    )
    expect(svgMeta).toMatchObject({ experiment: 1, runs: runIds, reference: { run: 9, solver: 'bkw-exact' }, time: 1, metric: 'w2' })
    expect(svgMeta.spec).toMatchObject({ name: example.name, sweep: example.sweep, seed: example.seed })
    expect(await imageSize(svg.bytes, 'image/svg+xml')).toEqual({ w: cssPixels(85), h: cssPixels(60) })
    writeFileSync(join(SHOTS, 'e2e-chaos-example.svg'), svg.bytes)

    const pdf = await download('conv-export-pdf')
    expect(pdf.name).toBe('convergence-exp1-t1-w2.pdf')
    const opened = await openPdf(pdf.bytes)
    expect(opened.pages).toBe(1)
    expect(opened.widthPt).toBeCloseTo(points(85), 1)
    expect(opened.heightPt).toBeCloseTo(points(60), 1)
    expect(opened.text).toContain('N (particles)')
    expect(opened.text).toContain('kac')
    expect(opened.text).toContain('fournier')
    expect(opened.fonts.length).toBeGreaterThan(0)
    for (const f of opened.fonts) expect(f).toMatchObject({ name: expect.stringMatching(/DejaVuSans/), embedded: true })
    expect(JSON.parse(String(opened.info.Subject))).toMatchObject({ experiment: 1, runs: runIds, metric: 'w2' })
    writeFileSync(join(SHOTS, 'e2e-chaos-example.pdf'), pdf.bytes)

    const png = await download('conv-export-png')
    expect(png.name).toBe('convergence-exp1-t1-w2.png')
    // 85 × 60 mm laid out at 321 × 227 CSS px and drawn at 300/96 device px each.
    const size = await imageSize(png.bytes, 'image/png')
    expect(size.w).toBeGreaterThanOrEqual(1000)
    expect(size.w).toBeLessThanOrEqual(1005)
    expect(size.h).toBeGreaterThanOrEqual(707)
    expect(size.h).toBeLessThanOrEqual(711)
    expect(Math.abs(pngDpi(new Uint8Array(png.bytes))! - 300)).toBeLessThan(0.02)
    expect(JSON.parse(pngText(new Uint8Array(png.bytes))['landau-workbench'])).toMatchObject({ experiment: 1, runs: runIds })
    writeFileSync(join(SHOTS, 'e2e-chaos-example-export.png'), png.bytes)

    const csv = await download('conv-export-csv')
    const lines = csv.bytes.toString('utf8').trim().split('\n')
    expect(lines).toContain('# experiment: 1')
    expect(lines.filter((l) => /^\d+,(kac|fournier),/.test(l))).toHaveLength(8)

    // The same error along t (every stored time, each with its floor): 8 runs × 4 snapshot times.
    await page.click(byId('conv-axis-t'))
    await waitAttr('convergence-panel', 'data-time-state', 'ok', 240_000)
    expect(await attr('convergence-panel', 'data-time-points')).toBe('32')
    await page.waitForTimeout(600)
    await page.screenshot({ path: join(SHOTS, 'e2e-chaos-vs-t.png') })
    const vsT = await download('conv-export-png')
    expect(vsT.name).toBe('chaos-vs-t-exp1-w2.png')
    expect(JSON.parse(pngText(new Uint8Array(vsT.bytes))['landau-workbench'])).toMatchObject({ kind: 'landau-workbench chaos vs t', times: [0, 0.25, 0.5, 1] })
    writeFileSync(join(SHOTS, 'e2e-chaos-vs-t-export.png'), vsT.bytes)

    // Conservation, side by side: Kac's rotation step keeps the energy to round-off, Fournier's Euler step does not.
    await page.click(byId('tab-conservation'))
    await waitAttr('conservation-panel', 'data-state', 'ok', 60_000)
    expect(await attr('conservation-panel', 'data-series')).toBe('8')
    const worst = async (run: number) => Number(await page.getAttribute(`${byId(`cons-row-${run}`)} td[data-value]`, 'data-value'))
    // The mean of 8 replicas' energies, each conserved to ~1e-16·N per pair update sum: far below 1e-10.
    for (const run of [1, 2, 3, 4]) expect(await worst(run)).toBeLessThan(1e-10)
    // Euler–Maruyama at Δt = 0.01 over T = 1 moves the energy by O(Δt·T) relative: well above 1e-4.
    for (const run of [5, 6, 7, 8]) expect(await worst(run)).toBeGreaterThan(1e-4)
    // Momentum, as its change since t = 0 (a sample's own |P| ~ 1/√N is no error): Kac keeps every replica's
    // P to round-off (a change far below 1e-12), Fournier only in expectation (its noise moves |P| by ≫ 1e-8).
    const momentum = async (run: number) => Number(await page.getAttribute(`${byId(`cons-row-${run}`)} td[data-momentum]`, 'data-momentum'))
    for (const run of [1, 2, 3, 4]) expect(await momentum(run)).toBeLessThan(1e-12)
    for (const run of [5, 6, 7, 8]) expect(await momentum(run)).toBeGreaterThan(1e-8)
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(SHOTS, 'e2e-chaos-conservation.png') })
    await page.click(byId('cons-export-toggle'))
    const consPng = await download('cons-export-png')
    expect((await imageSize(consPng.bytes, 'image/png')).w).toBeGreaterThan(900)
    writeFileSync(join(SHOTS, 'e2e-chaos-conservation-export.png'), consPng.bytes)

    // The History tab's figure: the plotted runs' metrics, its metadata naming them.
    await page.click(byId('run-row-4'))
    await page.click(byId('run-row-8'), { modifiers: ['Control'] })
    await page.click(byId('tab-history'))
    await page.click(byId('history-export-toggle'))
    const hist = await download('history-export-svg')
    expect(hist.name).toBe('history-4-8.svg')
    const histMeta = JSON.parse(
      /<metadata id="landau-history">([^<]*)<\/metadata>/
        .exec(hist.bytes.toString('utf8'))![1]
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&'),
    )
    expect(histMeta).toMatchObject({ kind: 'landau-workbench history', runs: [4, 8] })
    expect(histMeta.specs.map((s: { run: number; solver: string }) => [s.run, s.solver])).toEqual([
      [4, 'kac'],
      [8, 'fournier'],
    ])
    const histPng = await download('history-export-png')
    expect(Math.abs(pngDpi(new Uint8Array(histPng.bytes))! - 300)).toBeLessThan(0.02)
    writeFileSync(join(SHOTS, 'e2e-chaos-history-export.png'), histPng.bytes)
    const histCsv = (await download('history-export-csv')).bytes.toString('utf8').trim().split('\n')
    expect(histCsv).toContain('run,t,metric,value')
    // Every stored row: T = 1, Δt = 0.01, a row every 10 steps → 11 rows per run and metric.
    expect(histCsv.filter((l) => /^4,[^,]+,energy,/.test(l))).toHaveLength(11)
  }, 600_000)
})
