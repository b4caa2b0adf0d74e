// The figure API, through dispatchApiCall as both transports call it: figurePdf turns a chart's
// exported SVG into a one-page vector PDF of the asked size that an independent reader (pdf.js) opens, with
// the text readable, DejaVu Sans embedded and the metadata in the document info; a bad request is refused
// clearly. listExamples lists the bundled examples, each a valid spec.
import { ChaosStudySpec } from '../../src/shared/chaosStudySpec'
import { init, setPlatformAPI, use } from 'echarts/core'
import { LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent } from 'echarts/components'
import { SVGRenderer } from 'echarts/renderers'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createNodeWorkbench } from '../../src/backend/nodeWorkbench'
import { checkFigureSvg, figureTextWidth, MAX_FIGURE_ELEMENTS, svgToPdf } from '../../src/backend/figurePdf'
import { dispatchApiCall } from '../../src/shared/api'
import type { ApiResult, ExampleSpec } from '../../src/shared/api'
import { cssPixels, points, svgAtPaperSize, withSvgMetadata } from '../../src/shared/figureExport'
import { checkExperiment, formatIssues } from '../../src/shared/spec'
import { openPdf } from '../helpers/pdf'
import { scratchDir } from '../helpers/tmp'

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
    series: [
      {
        type: 'line',
        name: 'energy · #1',
        data: [
          [0, 3],
          [0.5, 3.01],
          [1, 2.99],
        ],
      },
    ],
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

describe('figurePdf takes only the SVG the app draws', () => {
  const dir = scratchDir('landau-figure-')
  const fifo = join(dir, 'fifo')
  spawnSync('mkfifo', [fifo])
  const request = (svg: string) => ({ svg, widthMm: 85, heightMm: 60, title: 't', metadata: {} })
  /** The app's own chart with `inject` placed inside its root element. */
  const withInside = (inject: string) => chartSvg(85, 60).replace(/<\/svg>\s*$/, `${inject}</svg>`)
  async function refusedWith(svg: string, message: RegExp) {
    const r = await call('figurePdf', request(svg))
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    expect((r as { ok: false; error: { message: string } }).error.message).toMatch(message)
  }

  it('refuses an <image> naming a local file, a URL, a FIFO, /dev/zero or a data URI, in every spelling of href', async () => {
    const targets = ['/etc/passwd', 'file:///etc/hostname', fifo, '/dev/zero', 'http://127.0.0.1:9/x.png', 'data:image/png;base64,iVBORw0KGgo=']
    for (const href of targets) {
      for (const attr of ['href', 'xlink:href']) {
        // A FIFO would hang an open and /dev/zero fill memory: a refusal must come without touching the path (the test's timeout says so).
        await refusedWith(withInside(`<image ${attr}="${href}" width="10" height="10"/>`), /<image> element/)
      }
    }
    // Hidden behind a namespace prefix, in capitals, or with the path entity-encoded.
    await refusedWith(withInside('<svg:image href="/etc/passwd"/>'), /<svg:image> element/)
    await refusedWith(withInside('<IMAGE href="/etc/passwd"/>'), /<IMAGE> element/)
    await refusedWith(withInside('<image href="&#47;etc&#x2F;passwd"/>'), /<image> element/)
  }, 20_000)

  it('refuses references outside the document, scripts, foreign objects, fonts and style sheets that load', async () => {
    const cases: [string, RegExp][] = [
      ['<use href="other.svg#x"/>', /<use href="other.svg#x"> refers outside the document/],
      ['<use xlink:href="/etc/passwd"/>', /refers outside the document/],
      ['<use xlink:href="&#47;etc/passwd"/>', /refers outside the document/],
      ['<use href=" file:///etc/hostname#a"/>', /refers outside the document/],
      ['<linearGradient id="q" href="http://evil.example/g.svg#g"/>', /refers outside the document/],
      ['<a href="http://evil.example/"><path d="M0 0L1 1"/></a>', /<a> element/],
      ['<path d="M0 0L1 1" fill="url(other.svg#p)"/>', /refers to "url\(other.svg#p\)" outside the document/],
      ['<path d="M0 0L1 1" style="clip-path:url(\'file:///etc/passwd\')"/>', /outside the document/],
      ['<path d="M0 0L1 1" mask="u&#114;l(/etc/passwd)"/>', /outside the document/],
      ['<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>', /<foreignObject> element/],
      ['<script>alert(1)</script>', /<script> element/],
      ['<style>@import url("file:///etc/passwd");</style>', /<style> sheet imports/],
      ['<style><![CDATA[@font-face { font-family: x; src: url(/etc/passwd) }]]></style>', /<style> sheet imports/],
      ['<style>path { fill: url(/tmp/x.svg#p) }</style>', /<style> sheet imports/],
      ['<font-face font-family="x"><font-face-src><font-face-uri href="/etc/passwd"/></font-face-src></font-face>', /<font-face> element/],
      ['<text><textPath href="#p">x</textPath></text>', /<textPath> element/],
      ['<set attributeName="href" to="/etc/passwd"/>', /<set> element/],
    ]
    for (const [inject, message] of cases) await refusedWith(withInside(inject), message)
    await refusedWith('<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>', /never contain/)
    await refusedWith('<?xml-stylesheet href="file:///etc/passwd"?><svg></svg>', /never contain/)
    await refusedWith('<svg><image href="/etc/passwd"/>', /<image> element/)
    await refusedWith('<svg><g></svg>', /does not match/)
    await refusedWith('<svg></svg><image href="/etc/passwd"/>', /<image> element/)
    await refusedWith('<svg><path d="M0 0" fill="#a" fill="url(/x)"/></svg>', /repeats the attribute fill/)
  })

  it('bounds the work: element count, nesting and references that multiply the drawing', async () => {
    const many = `<svg>${'<path d="M0 0L1 1"/>'.repeat(MAX_FIGURE_ELEMENTS)}</svg>`
    await refusedWith(many, /over 50000 elements/)
    await refusedWith(`<svg>${'<g>'.repeat(300)}${'</g>'.repeat(300)}</svg>`, /nests elements over 256 deep/)
    // Ten levels of ten <use> each: 10¹⁰ paths from 100 elements; refused before any is drawn.
    let defs = '<path id="l0" d="M0 0L1 1"/>'
    for (let k = 1; k <= 10; k++) defs += `<g id="l${k}">${`<use href="#l${k - 1}"/>`.repeat(10)}</g>`
    const t0 = performance.now()
    await refusedWith(`<svg><defs>${defs}</defs><use href="#l10"/></svg>`, /counting those its references draw again/)
    expect(performance.now() - t0).toBeLessThan(2000)
    await refusedWith('<svg><g id="a"><use href="#a"/></g></svg>', /refers to itself/)
    await refusedWith(
      `<svg><defs><clipPath id="c">${'<path d="M0 0L1 1"/>'.repeat(1000)}</clipPath></defs><style>path { clip-path: #c }</style></svg>`,
      /<style> sheet refers to the element #c/,
    )
    // References the app's figures do use (clip paths, gradients) stay within the bound and convert.
    const clipped = `<svg width="100" height="100"><defs><clipPath id="c"><rect width="50" height="50"/></clipPath><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs><g clip-path="url(#c)"><path d="M0 0L100 100" stroke="url(#g)"/></g></svg>`
    expect((await call('figurePdf', request(clipped))).ok).toBe(true)
  })

  it("checks the CLI's conversion as the API's, and passes the app's own figures", async () => {
    await expect(svgToPdf(withInside('<image href="/etc/passwd"/>'), 100, 100, { title: 't', metadata: {}, creator: 'test' })).rejects.toThrow(
      /<image> element/,
    )
    expect(() => checkFigureSvg(chartSvg(85, 60))).not.toThrow()
    expect(() => checkFigureSvg(chartSvg(254, 143))).not.toThrow()
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
      if ((e.spec as { kind?: string }).kind === 'chaos-study') {
        expect(ChaosStudySpec.safeParse(e.spec).success).toBe(true)
        continue
      }
      const check = checkExperiment(e.spec)
      expect(check.ok ? '' : formatIssues(check.issues)).toBe('')
    }
  })
})
