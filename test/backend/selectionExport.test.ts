// Exports of several runs in one file (src/backend/selectionExport.ts): every value is the stored row's,
// each run carries its provenance and annotations, a metric a run does not record is an empty cell, the
// streamed bytes are the in-memory reference's, and one run alone keeps the single-run format.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { checkExperiment, expandRuns } from '../../src/shared/spec'
import { exportCsv, exportJson, runJson } from '../../src/backend/exporter'
import { SELECTION_FORMAT, SELECTION_VERSION, exportSelectionCsv, exportSelectionJson, writeSelectionExport } from '../../src/backend/selectionExport'
import { ProjectStore } from '../../src/backend/store/projectStore'
import type { HistoryRow } from '../../src/backend/store/projectStore'
import { createNodeWorkbench } from '../../src/backend/nodeWorkbench'
import type { ExportFormat, History } from '../../src/shared/api'
import { scratchDir } from '../helpers/tmp'
import { cleanTime } from '../../src/shared/cleanTime'
import { smallKacSpec } from '../helpers/specs'

const dir = scratchDir('landau-selection-export-')

// Three runs as a comparison selects them: two particle-like runs with the same columns, and one with
// other columns (a deterministic run records entropy and fisher, no temperatures), in an order that is not
// the id order, so that the export is seen to keep the selection's order.
const PARTICLE = ['mass', 'energy', 'Txx', 'entropy_knn']
const DETERMINISTIC = ['mass', 'energy', 'entropy', 'fisher']
/** Values that exercise number formatting: NaN (an undefined standard error), ±Infinity, tiny and huge. */
const SPECIAL = [NaN, Infinity, -Infinity, 5e-324, 1e21, 0.1 + 0.2, -1e-7]
const value = (run: number, i: number, j: number) => ((i + j + run) % 5 === 2 ? SPECIAL[(i + j) % SPECIAL.length] : Math.sin(run * 100 + i + j) * (j + 1))

function project(): ProjectStore {
  const s = ProjectStore.open(join(dir, 'selection.landau'), { create: true, owner: 'test:1', ownerAlive: () => false })
  const runs: [string[], number][] = [
    [PARTICLE, 7],
    [DETERMINISTIC, 5],
    [PARTICLE, 6],
  ]
  for (const [metrics, rows] of runs) {
    const c = checkExperiment(smallKacSpec())
    if (!c.ok) throw new Error('bad spec')
    const { runIds } = s.insertExperiment(c.spec, expandRuns(c.spec), { codeVersion: '0.1.0+test', host: 'test', owner: 'test:1' })
    const id = runIds[0]
    s.markRunning(id, metrics)
    const hist: HistoryRow[] = []
    for (let i = 0; i < rows; i++) hist.push({ step: i, t: i * 0.05, values: metrics.map((_, j) => value(id, i, j)) })
    s.appendHistory(id, hist)
    s.finishRun(id, 'done', { wallMs: 3 })
  }
  // Run 3 is annotated with text that must stay in comment lines and read back exactly.
  s.annotateRun(3, { label: 'baseline\nforged,=cmd|calc "q"', tags: ['bkw', '=SUM(A1)', '-2'], notes: '# why\nbecause', starred: true })
  return s
}

function collector() {
  const chunks: string[] = []
  const w = new Writable({
    write(chunk: Buffer, _e, cb) {
      chunks.push(chunk.toString('utf8'))
      cb()
    },
  })
  return { w, text: () => chunks.join('') }
}

async function streamed(store: ProjectStore, ids: number[], format: ExportFormat, pageRows?: number): Promise<string> {
  const c = collector()
  await writeSelectionExport(store, ids, format, c.w, { pageRows, columnBufferBytes: 8 * 3 })
  return c.text()
}

/** The same number, NaN included (CSV writes String(x), which reads back exactly). */
const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b))

describe('a selection export', () => {
  const store = project()
  const order = [3, 2, 1]
  const items = order.map((id) => ({ run: store.getRun(id), history: store.getHistory(id) }))
  const stored = new Map<number, History>(items.map((i) => [i.run.id, i.history]))

  it('streams the in-memory reference bytes, whatever the page size', async () => {
    for (const pageRows of [1, 4, 1000]) {
      expect(await streamed(store, order, 'csv', pageRows)).toBe(exportSelectionCsv(items))
      expect(await streamed(store, order, 'json', pageRows)).toBe(exportSelectionJson(items))
    }
    // The JSON is what JSON.stringify writes of the object, indent 1: a runs array of the single-run objects.
    expect(exportSelectionJson(items)).toBe(
      JSON.stringify({ format: SELECTION_FORMAT, version: SELECTION_VERSION, runs: items.map((i) => runJson(i.run, i.history)) }, null, 1) + '\n',
    )
  })

  it('CSV: one row per stored row with a run column; values are the stored ones, empty where a run has no such metric', async () => {
    const text = await streamed(store, order, 'csv', 2)
    const lines = text.split('\n')
    expect(lines.pop()).toBe('')
    const comments = lines.filter((l) => l.startsWith('#'))
    const [header, ...rows] = lines.filter((l) => !l.startsWith('#'))
    const columns = header.split(',')
    expect(columns).toEqual(['run', 't', ...PARTICLE, 'entropy', 'fisher'])
    // Every run's provenance is there, in the selection's order.
    expect(comments.filter((l) => l.startsWith('# landau-workbench run ')).map((l) => Number(l.split(' ')[3]))).toEqual(order)
    expect(rows).toHaveLength(6 + 5 + 7)
    const seen = new Map<number, number>()
    for (const row of rows) {
      const cells = row.split(',')
      expect(cells).toHaveLength(columns.length)
      const id = Number(cells[0])
      const k = seen.get(id) ?? 0
      seen.set(id, k + 1)
      const h = stored.get(id)!
      expect(Number(cells[1])).toBe(h.t[k])
      for (let j = 2; j < columns.length; j++) {
        const m = columns[j]
        if (m in h.values) expect(same(Number(cells[j]), h.values[m][k])).toBe(true)
        else expect(cells[j]).toBe('') // not recorded by this run: empty, never a made-up 0 or NaN
      }
    }
    expect([...seen]).toEqual([
      [3, 6],
      [2, 5],
      [1, 7],
    ])
  })

  it('CSV: the annotations read back from comment lines; no user text starts a line or a cell a spreadsheet would evaluate', async () => {
    const text = await streamed(store, order, 'csv')
    const lines = text.split(/\r\n|\r|\n|\u2028|\u2029|\u0085/)
    lines.pop()
    const annotations = lines.filter((l) => l.startsWith('# label '))
    expect(annotations).toHaveLength(1) // only run 3 is annotated; the others keep their three lines
    const m = /^# label (".*"), tags (\[.*\])$/.exec(annotations[0])!
    expect(JSON.parse(m[1])).toBe('baseline\nforged,=cmd|calc "q"')
    expect(JSON.parse(m[2])).toEqual(['bkw', '=SUM(A1)', '-2'])
    // Lines: 1 head + 3 × 3 provenance + 1 label line + the header + the rows, nothing else.
    expect(lines).toHaveLength(1 + 9 + 1 + 1 + 18)
    for (const l of lines) {
      for (const cell of l.split(',').slice(1)) expect(cell.trimStart().replace(/^"/, '')).not.toMatch(/^[=+@\t\r]|^-(?![\d.])/)
    }
  })

  it('JSON: a versioned runs array; each run has its provenance, annotations and the stored values (null where not finite)', async () => {
    const parsed = JSON.parse(await streamed(store, order, 'json'))
    expect(parsed.format).toBe(SELECTION_FORMAT)
    expect(parsed.version).toBe(1)
    expect(parsed.runs.map((r: { id: number }) => r.id)).toEqual(order)
    for (const r of parsed.runs) {
      const h = stored.get(r.id)!
      const run = store.getRun(r.id)
      expect(r).toMatchObject({
        solver: run.solver,
        seed: run.seed,
        codeVersion: '0.1.0+test',
        label: run.label,
        tags: run.tags,
        notes: run.notes,
        starred: run.starred,
      })
      expect(Object.keys(r.history)).toEqual(['t', ...run.metrics])
      // JSON exports print times to 12 significant digits (cleanTime.ts: 0.15, not 0.15000000000000002).
      expect(r.history.t).toEqual(h.t.map(cleanTime))
      for (const m of run.metrics) expect(r.history[m]).toEqual(h.values[m].map((x) => (Number.isFinite(x) ? x : null)))
    }
    expect(parsed.runs[0]).toMatchObject({ label: 'baseline\nforged,=cmd|calc "q"', tags: ['bkw', '=SUM(A1)', '-2'], notes: '# why\nbecause', starred: true })
    expect(parsed.runs[1]).toMatchObject({ label: null, tags: [], notes: '', starred: false })
  })

  it('one run (or the same id twice) keeps the single-run format, byte for byte', async () => {
    for (const format of ['csv', 'json'] as const) {
      const single = format === 'csv' ? exportCsv(store.getRun(1), stored.get(1)!) : exportJson(store.getRun(1), stored.get(1)!)
      expect(await streamed(store, [1], format)).toBe(single)
      expect(await streamed(store, [1, 1], format)).toBe(single)
    }
    // The annotated run's single export has its label line after the three provenance lines.
    expect(exportCsv(store.getRun(3), stored.get(3)!).split('\n')[3]).toMatch(/^# label "baseline\\nforged/)
  })

  it('refuses an unknown run before writing anything', async () => {
    const c = collector()
    await expect(writeSelectionExport(store, [1, 99], 'csv', c.w)).rejects.toMatchObject({ code: 'not-found' })
    await expect(writeSelectionExport(store, [], 'csv', c.w)).rejects.toMatchObject({ code: 'invalid-argument' })
    expect(c.text()).toBe('')
  })

  it('is what the Workbench (the UI buttons) and `landau export --runs` write', async () => {
    const wb = createNodeWorkbench({ threads: 1 })
    try {
      await wb.openProject(store.path)
      expect(await wb.exportRun(order, 'csv')).toBe(exportSelectionCsv(items))
      expect(await wb.exportRun(order, 'json')).toBe(exportSelectionJson(items))
      expect(await wb.exportRun(1, 'csv')).toBe(exportCsv(store.getRun(1), stored.get(1)!))
    } finally {
      await wb.shutdown()
    }
    const cli = spawnSync(process.execPath, [join(process.cwd(), 'bin', 'landau.js'), 'export', store.path, '--runs', order.join(','), '--format', 'csv'], {
      encoding: 'utf8',
    })
    expect(cli.stderr).toBe('')
    expect(cli.stdout).toBe(exportSelectionCsv(items))
    const neither = spawnSync(process.execPath, [join(process.cwd(), 'bin', 'landau.js'), 'export', store.path], { encoding: 'utf8' })
    expect(neither.status).toBe(2)
    expect(neither.stderr).toMatch(/--run <id> or --runs/)
  })
})
