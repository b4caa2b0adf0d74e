// `landau chaos-study --svg/--pdf`: the figure of one observable written headless from a report (here a
// synthetic one), as SVG with its metadata and as vector PDF with its font embedded; refusals as InputError.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ChaosStudyReport, ChaosStudyRow } from '../../src/shared/chaosStudyReport'
import { writeChaosStudyFigure } from '../../src/cli/chaosStudyFigure'
import { InputError } from '../../src/cli/inputError'
import { scratchDir } from '../helpers/tmp'

const dir = scratchDir('landau-chaos-study-figure-')

function row(system: string, observable: string, label: string, resolved: boolean): ChaosStudyRow {
  return {
    gamma: 0,
    system,
    observable,
    label,
    t: 1,
    points: [100, 200, 400].map((N) => {
      const value = -2 / N
      return { N, replicas: 400, dt: 0.01, value, se: 0.1 / N, lo: value - 0.2 / N, hi: value + 0.2 / N }
    }),
    fit: {
      verdict: resolved ? 'resolved' : 'unresolved',
      reasons: resolved ? [] : ['too wide'],
      p: -1,
      pLo: -1.05,
      pHi: -0.95,
      halfWidth: 0.05,
      amplitude: 2,
      sign: -1,
      chi2: 1,
      dof: 1,
      scale: 1,
    },
    plan: null,
  }
}

const report: ChaosStudyReport = {
  name: 'figure study',
  spec: { name: 'figure study', times: [1], observables: ['energy-correlation', 'momentum-bias'] } as unknown as ChaosStudyReport['spec'],
  experiments: [1, 2],
  workers: 2,
  elapsedSeconds: 10,
  rows: [
    row('kac', 'energy-correlation', 'C(|v|², |v|²)', true),
    row('pairing', 'energy-correlation', 'C(|v|², |v|²)', false),
    row('kac', 'momentum-bias', 'bias of v_x² − v_z²', true),
  ],
}

describe('chaos study figure', () => {
  it('writes the SVG with the observable and its metadata, and a PDF', async () => {
    const svgFile = join(dir, 'a.svg')
    const pdfFile = join(dir, 'a.pdf')
    await writeChaosStudyFigure(report, { svg: svgFile, pdf: pdfFile, widthMm: 120, heightMm: 80 })
    const svg = readFileSync(svgFile, 'utf8')
    expect(svg.startsWith('<svg')).toBe(true)
    // The UI's sizes: laid out in CSS px (120 mm = 453.5 px at 96 px/in, 80 mm = 302.4 px), printed in mm.
    expect(svg).toMatch(/<svg width="120mm" height="80mm"[^>]*viewBox="0 0 454 302"/)
    expect(svg).toContain('C(|v|², |v|²)')
    expect(svg).toContain('pairing (rate unresolved)')
    expect(svg).toContain('kac: p = −1.00 [−1.05, −0.95]')
    const m = /<metadata id="landau-chaos-study">([^<]*)<\/metadata>/.exec(svg)
    expect(m).not.toBeNull()
    const meta = JSON.parse(
      m![1]
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&'),
    )
    expect(meta).toMatchObject({ kind: 'landau-workbench chaos-study', study: 'figure study' })
    expect(meta.rows.map((r: { row: number }) => r.row)).toEqual([0, 1])

    const pdf = readFileSync(pdfFile)
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    // The page in points: 120 mm = 340.157 pt, 80 mm = 226.772 pt (72 pt per inch).
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 340\.157\d* 226\.771\d*\]/)
  })

  it('draws the observable asked for, and refuses one the study has no rows of', async () => {
    const svgFile = join(dir, 'b.svg')
    await writeChaosStudyFigure(report, { svg: svgFile, observable: 'momentum-bias' })
    const svg = readFileSync(svgFile, 'utf8')
    expect(svg).toMatch(/<svg width="170mm" height="85mm"/) // the default size
    expect(svg).toContain('bias of v_x² − v_z²')
    expect(svg).not.toContain('pairing')

    const bad = join(dir, 'c.svg')
    await expect(writeChaosStudyFigure(report, { svg: bad, observable: 'pair-v4' })).rejects.toThrow(InputError)
    await expect(writeChaosStudyFigure(report, { svg: bad, widthMm: 20 })).rejects.toThrow(/^--width-mm: width must be ≥ 30 mm$/)
    // The shared schema's bound on the PNG the size would make in the UI: 600 mm at 1200 DPI is 28 346 px.
    await expect(writeChaosStudyFigure(report, { svg: bad, widthMm: 600, dpi: 1200 })).rejects.toThrow(/exceed 12 000 px/)
    expect(existsSync(bad)).toBe(false)
  })
})
