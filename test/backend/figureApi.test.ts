// The figure API of issue 5, through dispatchApiCall as both transports call it: figurePdf turns a chart's
// exported SVG into a one-page vector PDF of the asked size that an independent reader (pdf.js) opens, with
// the text readable, DejaVu Sans embedded and the metadata in the document info; a bad request is refused
// clearly. listExamples lists the bundled examples, each a valid spec.
import { init, setPlatformAPI, use } from 'echarts/core'
import { LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent } from 'echarts/components'
import { SVGRenderer } from 'echarts/renderers'
import { afterAll, describe, expect, it } from 'vitest'
import { createNodeWorkbench } from '../../src/backend/nodeWorkbench'
import { figureTextWidth } from '../../src/backend/figurePdf'
import { dispatchApiCall } from '../../src/shared/api'
import type { ApiResult, ExampleSpec } from '../../src/shared/api'
import { cssPixels, points, svgAtPaperSize, withSvgMetadata } from '../../src/shared/figureExport'
import { checkExperiment, formatIssues } from '../../src/shared/spec'
import { openPdf } from '../helpers/pdf'

use([LineChart, GridComponent, LegendComponent, SVGRenderer])
const w = createNodeWorkbench({ threads: 1 })
afterAll(() => w.shutdown())
const call = (method: string, ...args: unknown[]): Promise<ApiResult> => dispatchApiCall(w, method, args)

/** An SVG as the renderer's export makes it: ECharts' SVG renderer, metadata, physical size. */
function chartSvg(widthMm: number, heightMm: number): string {
  setPlatformAPI({ measureText: (text: string, font?: string) => ({ width: figureTextWidth(text, font) }) })
  const c = init(null, null, { renderer: 'svg', ssr: true, width: cssPixels(widthMm), height: cssPixels(heightMm) })
  c.setOption({
    animation: false,
    textStyle: { fontFamily: 'DejaVu Sans' },
    legend: { data: ['energy · #1'] },
    xAxis: { type: 'value', name: 't' },
    yAxis: { type: 'value' },
    series: [{ type: 'line', name: 'energy · #1', data: [[0, 3], [0.5, 3.01], [1, 2.99]] }],
  })
  const svg = c.renderToSVGString()
  c.dispose()
  return svgAtPaperSize(withSvgMetadata(svg, { runs: [1] }, 'landau-history'), widthMm, heightMm)
}

describe('figurePdf', () => {
  it('gives a PDF of the asked size that pdf.js opens, its font embedded and its metadata in the info', async () => {
    const metadata = { kind: 'landau-workbench history', runs: [1], specs: [{ run: 1, spec: { seed: 3 } }] }
    const r = await call('figurePdf', { svg: chartSvg(85, 60), widthMm: 85, heightMm: 60, title: 'History of run #1', metadata })
    expect(r.ok).toBe(true)
    const bytes = Buffer.from((r as { ok: true; value: string }).value, 'base64')
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const pdf = await openPdf(bytes)
    expect(pdf.pages).toBe(1)
    // 85 × 60 mm = 240.94 × 170.08 pt (pdfkit writes the box to 2 decimals at most; 0.01 pt is 3.5 µm).
    expect(pdf.widthPt).toBeCloseTo(points(85), 1)
    expect(pdf.heightPt).toBeCloseTo(points(60), 1)
    expect(pdf.text).toContain('energy · #1')
    expect(pdf.text).toMatch(/\bt\b/)
    expect(pdf.fonts.length).toBeGreaterThan(0)
    for (const f of pdf.fonts) {
      expect(f.name).toMatch(/DejaVuSans/)
      expect(f.embedded).toBe(true)
    }
    expect(pdf.info.Title).toBe('History of run #1')
    expect(JSON.parse(String(pdf.info.Subject))).toEqual(metadata)
  })

  it('refuses a bad request with a clear message', async () => {
    const ok = { svg: chartSvg(85, 60), widthMm: 85, heightMm: 60, title: 't', metadata: {} }
    const cases: [unknown, RegExp][] = [
      [{ ...ok, svg: 'hello' }, /svg: not an SVG document/],
      [{ ...ok, widthMm: 5 }, /widthMm: width must be ≥ 30 mm/],
      [{ ...ok, extra: 1 }, /extra/],
      [null, /figure PDF/],
    ]
    for (const [req, msg] of cases) {
      const r = await call('figurePdf', req)
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
      expect((r as { ok: false; error: { message: string } }).error.message).toMatch(msg)
    }
  })
})

describe('listExamples', () => {
  it('lists every bundled example with its name, each a valid spec', async () => {
    const r = await call('listExamples')
    expect(r.ok).toBe(true)
    const list = (r as { ok: true; value: ExampleSpec[] }).value
    expect(list.map((e) => e.file)).toContain('bkw-chaos-sweep.json')
    for (const e of list) {
      expect(e.name).toBe((e.spec as { name: string }).name)
      const check = checkExperiment(e.spec)
      expect(check.ok ? '' : formatIssues(check.issues)).toBe('')
    }
  })
})
