// `landau chaos --svg/--pdf`: the Convergence panel's figure written headless, as SVG with the
// export metadata (run ids, spec, fits) and as vector PDF with its font embedded.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { scratchDir } from '../helpers/tmp'

const dir = scratchDir('landau-chaos-figure-')
const bin = join(process.cwd(), 'bin', 'landau.js')

function landau(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('landau chaos --svg --pdf', () => {
  const project = join(dir, 'chaos.landau')
  const specFile = join(dir, 'chaos.json')
  // The sweep of the 'landau chaos' test in cli.test.ts: Kac at N = 40, 80, 160 (4 replicas) and BKW's exact f.
  const spec = {
    name: 'chaos sweep',
    initial: { family: 'bkw', K0: 0.6 },
    kernel: { gamma: 0 },
    solvers: [
      { kind: 'kac', N: 2, replicas: 4 },
      { kind: 'bkw-exact', points: 200 },
    ],
    sweep: { N: [40, 80, 160] },
    time: { T: 0.2, dt: 0.02, every: 5 },
    snapshots: [0.2],
    seed: 3,
  }

  it('writes the convergence figure as SVG with its metadata and as PDF with the font embedded', () => {
    writeFileSync(specFile, JSON.stringify(spec))
    expect(landau('run', specFile, '--project', project, '--workers', '2').code).toBe(0)
    const svgFile = join(dir, 'a.svg')
    const pdfFile = join(dir, 'a.pdf')
    const r = landau(
      'chaos',
      project,
      '--experiment',
      '1',
      '--time',
      '0.2',
      '--metric',
      'w2',
      '--svg',
      svgFile,
      '--pdf',
      pdfFile,
      '--width-mm',
      '170',
      '--height-mm',
      '100',
    )
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/kac: w2 ∝ N\^p/) // the text report still comes

    const svg = readFileSync(svgFile, 'utf8')
    expect(svg.startsWith('<svg')).toBe(true)
    // The UI's size: laid out in CSS px (170 mm = 642.5 px at 96 px/in, 100 mm = 378.0 px), printed in mm.
    expect(svg).toMatch(/<svg width="170mm" height="100mm"[^>]*viewBox="0 0 643 378"/)
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true)
    const m = /<metadata id="landau-convergence">([^<]*)<\/metadata>/.exec(svg)
    expect(m).not.toBeNull()
    const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
    const meta = JSON.parse(unescape(m![1]))
    expect(meta).toMatchObject({
      kind: 'landau-workbench convergence',
      experiment: 1,
      runs: [1, 2, 3],
      reference: { run: 4, solver: 'bkw-exact' },
      time: 0.2,
      metric: 'w2',
    })
    expect(meta.spec).toMatchObject({ name: 'chaos sweep', sweep: { N: [40, 80, 160] }, seed: 3 })
    expect(meta.fits).toHaveLength(1)
    // The legend names the fit with its slope; the text is set in the font the PDF embeds.
    expect(svg).toMatch(/kac fit: p = −0\.\d{3} ± 0\.\d{3} \(95 % /)
    expect(svg).toMatch(/font-family:DejaVu Sans/)

    const pdf = readFileSync(pdfFile)
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const text = pdf.toString('latin1')
    expect(text).toMatch(/\/FontFile2/) // an embedded TrueType font …
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans/) // … DejaVu Sans, subset
    expect(text).not.toMatch(/\/BaseFont \/Helvetica/) // and no unembedded standard font
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true)
  })

  it('refuses a bad figure size, and the px options of old, with exit code 2 and writes nothing', () => {
    const r = landau('chaos', project, '--experiment', '1', '--time', '0.2', '--svg', join(dir, 'b.svg'), '--width-mm', '20')
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('error: --width-mm: width must be ≥ 30 mm\n')
    const px = landau('chaos', project, '--experiment', '1', '--time', '0.2', '--svg', join(dir, 'b.svg'), '--width', '900')
    expect(px.code).toBe(2)
    expect(px.stderr).toMatch(/--width \(px\) was replaced by --width-mm, .* \(900 px is 238 mm/)
    expect(existsSync(join(dir, 'b.svg'))).toBe(false)
  })

  it('takes the weak chaos test function as --phi, and refuses one outside the closed set', () => {
    const r = landau('chaos', project, '--experiment', '1', '--time', '0.2', '--metric', 'weak1', '--phi', 'cosine:1,0,0', '--json')
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).phi).toEqual({ kind: 'cosine', k: [1, 0, 0] })
    const text = landau('chaos', project, '--experiment', '1', '--time', '0.2', '--phi', 'gaussian:1,0,0,0.5')
    expect(text.stdout).toContain('weak chaos with φ = gaussian:1,0,0,0.5')
    const bad = landau('chaos', project, '--experiment', '1', '--time', '0.2', '--phi', 'exp(-v^2)')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/expected "gaussian:cx,cy,cz,width" or "cosine:kx,ky,kz"/)
  })

  it('takes the only experiment without --experiment, lists them when there are several, and says which fit is missing and why', () => {
    const one = landau('chaos', project, '--time', '0.2', '--metric', 'w2', '--json')
    expect(one.code).toBe(0)
    const report = JSON.parse(one.stdout)
    expect(report.experiment).toBe(1)
    expect(report.missingFits).toEqual([]) // Kac at three N: fitted

    // A second experiment of two N only: no slope can be fitted (it needs a residual degree of freedom).
    const two = join(dir, 'two.json')
    writeFileSync(two, JSON.stringify({ ...spec, name: 'two N', sweep: { N: [40, 80] } }))
    expect(landau('run', two, '--project', project, '--workers', '2').code).toBe(0)
    const several = landau('chaos', project, '--time', '0.2')
    expect(several.code).toBe(2)
    expect(several.stderr).toBe(`error: ${project} holds 2 experiments: give one with --experiment ID\n  1: chaos sweep (4 runs)\n  2: two N (3 runs)\n`)

    const text = landau('chaos', project, '--experiment', '2', '--time', '0.2', '--metric', 'w2')
    expect(text.code).toBe(0)
    expect(text.stdout).toContain('kac: no fit of w2 over N: it needs 3 distinct N with w2 > 0, and has 2 (N = 40, 80)\n')
    const json = JSON.parse(landau('chaos', project, '--experiment', '2', '--time', '0.2', '--metric', 'w2', '--json').stdout)
    expect(json.fits).toEqual([])
    expect(json.missingFits).toEqual([{ solver: 'kac', reason: 'it needs 3 distinct N with w2 > 0, and has 2 (N = 40, 80)' }])
  })
})
