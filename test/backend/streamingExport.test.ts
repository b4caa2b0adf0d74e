// Streaming exports (src/backend/exporter.ts over store/historyCursor.ts): the bytes of the in-memory
// exports, in bounded memory, honouring backpressure, stopping when the output goes away. Acceptance: a
// 2.5·10^6-row run exports through `landau export` in a child process whose peak RSS stays under 300 MB.
import { spawn } from 'node:child_process'
import { createReadStream, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../src/shared/api'
import { checkExperiment, expandRuns } from '../../src/shared/spec'
import { ROW_METRICS } from '../../src/solvers/diagnostics/moments'
import { commentJson } from '../../src/shared/csvComment'
import { exportCsv, exportJson, runJson, writeExport, writeRunsJson } from '../../src/backend/exporter'
import { ProjectStore } from '../../src/backend/store/projectStore'
import type { HistoryRow } from '../../src/backend/store/projectStore'
import { createNodeWorkbench } from '../../src/backend/nodeWorkbench'
import { MAX_EXPORT_STRING_VALUES } from '../../src/backend/workbench'
import { scratchDir } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'

const dir = scratchDir('landau-stream-')
const J = ROW_METRICS.length

/** A project with one kac run (its metrics ROW_METRICS) holding `rows` rows from `row(i)`; returns the store. */
function project(name: string, rows: number, row: (i: number) => number[], spec = smallKacSpec()): ProjectStore {
  const s = ProjectStore.open(join(dir, name), { create: true, owner: 'test:1', ownerAlive: () => false })
  const c = checkExperiment(spec)
  if (!c.ok) throw new Error('bad spec')
  const { runIds } = s.insertExperiment(c.spec, expandRuns(c.spec), { codeVersion: '0.1.0+test', host: 'test', owner: 'test:1' })
  s.markRunning(runIds[0], ROW_METRICS)
  appendRows(s, runIds[0], 0, rows, row)
  s.finishRun(runIds[0], 'done', { wallMs: 12.5 })
  return s
}

function appendRows(s: ProjectStore, runId: number, from: number, to: number, row: (i: number) => number[], batch = 50_000): void {
  for (let k = from; k < to; k += batch) {
    const rows: HistoryRow[] = []
    for (let i = k; i < Math.min(to, k + batch); i++) {
      const [t, ...values] = row(i)
      rows.push({ step: i, t, values })
    }
    s.appendHistory(runId, rows)
  }
}

/** Values that exercise number formatting: NaN (an undefined standard error), ±Infinity, -0, tiny and huge. */
const SPECIAL = [NaN, Infinity, -Infinity, -0, 5e-324, 1e21, 1.7976931348623157e308, 123456789012, 0.1 + 0.2, -1e-7]
const edgy = (i: number) => [
  i * 0.01,
  ...Array.from({ length: J }, (_, j) => ((i + j) % 7 === 3 ? SPECIAL[(i + j) % SPECIAL.length] : Math.sin(i + j) * (j + 1))),
]

/** A Writable that keeps what it is given (as text); `delayMs` makes it slow; `onChunk(n)` sees the n-th chunk. */
function collector(opts: { highWaterMark?: number; delayMs?: number; onChunk?: (n: number, w: Writable) => void } = {}) {
  const chunks: string[] = []
  let maxBuffered = 0
  const w = new Writable({
    highWaterMark: opts.highWaterMark,
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString('utf8'))
      opts.onChunk?.(chunks.length, w)
      if (opts.delayMs) setTimeout(cb, opts.delayMs)
      else cb()
    },
  })
  const origWrite = w.write.bind(w)
  w.write = ((chunk: unknown, ...rest: never[]) => {
    const r = origWrite(chunk as string, ...rest)
    maxBuffered = Math.max(maxBuffered, w.writableLength)
    return r
  }) as typeof w.write
  return { w, text: () => chunks.join(''), maxBuffered: () => maxBuffered }
}

describe('streaming exports', () => {
  const store = project('edgy.landau', 5003, edgy)
  const run = store.getRun(1)
  const history = store.getHistory(1)

  it('writes the bytes of exportCsv/exportJson, whatever the page size or column buffer', async () => {
    const csv = exportCsv(run, history)
    const json = exportJson(run, history)
    expect(csv).toContain(',NaN,')
    expect(csv).toContain(',-Infinity')
    expect(json).toContain('   null')
    for (const pageRows of [1, 7, 2000, 10_000]) {
      for (const columnBufferBytes of [0, 8 * 5003 * 3, 32 << 20]) {
        const c = collector()
        await writeExport(store, 1, 'csv', c.w, { pageRows, columnBufferBytes })
        expect(c.text()).toBe(csv)
        const j = collector()
        await writeExport(store, 1, 'json', j.w, { pageRows, columnBufferBytes })
        expect(j.text()).toBe(json)
      }
    }
    // …and `landau run --json`'s one line: JSON.stringify({ experiment, runs }) + '\n'.
    const r = collector()
    await writeRunsJson(store, 1, [1, 1], r.w, { pageRows: 333, columnBufferBytes: 8 * 5003 })
    expect(r.text()).toBe(JSON.stringify({ experiment: 1, runs: [runJson(run, history), runJson(run, history)] }) + '\n')
  })

  it('writes an empty history as the in-memory exports do', async () => {
    const s = project('empty.landau', 0, edgy)
    const c = collector()
    await writeExport(s, 1, 'json', c.w)
    expect(c.text()).toBe(exportJson(s.getRun(1), s.getHistory(1)))
    expect(JSON.parse(c.text()).history.t).toEqual([])
    const d = collector()
    await writeExport(s, 1, 'csv', d.w)
    expect(d.text()).toBe(exportCsv(s.getRun(1), s.getHistory(1)))
    s.close()
  })

  it('honours backpressure: a slow reader never has more than about a chunk waiting', async () => {
    const c = collector({ highWaterMark: 1024, delayMs: 1 })
    await writeExport(store, 1, 'json', c.w)
    expect(c.text()).toBe(exportJson(run, history))
    // One chunk (≥ 64 K characters, less than two) is handed over at a time, after the last one drained.
    expect(c.maxBuffered()).toBeGreaterThan(65_536)
    expect(c.maxBuffered()).toBeLessThan(2 * 65_536)
  })

  it('rejects, and stops reading, when the output closes or fails, or on abort', async () => {
    // A reader that goes away after two chunks (an HTTP client that disconnects).
    const closing = collector({ highWaterMark: 1024, onChunk: (n, w) => n === 2 && w.destroy() })
    await expect(writeExport(store, 1, 'json', closing.w)).rejects.toThrow(/closed before the export finished/)

    const failing = new Writable({ write: (_c, _e, cb) => cb(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })) })
    await expect(writeExport(store, 1, 'csv', failing)).rejects.toMatchObject({ code: 'EPIPE' })

    const abort = new AbortController()
    const slow = collector({ highWaterMark: 1024, delayMs: 1, onChunk: (n) => n === 2 && abort.abort(new Error('stop now')) })
    await expect(writeExport(store, 1, 'csv', slow.w, { signal: abort.signal })).rejects.toThrow('stop now')
    expect(slow.text().length).toBeLessThan(exportCsv(run, history).length)
  })

  it('refuses an unknown run or format before writing anything', async () => {
    const c = collector()
    await expect(writeExport(store, 99, 'csv', c.w)).rejects.toMatchObject({ code: 'not-found' })
    await expect(writeExport(store, 1, 'xml' as 'csv', c.w)).rejects.toBeInstanceOf(ApiError)
    expect(c.text()).toBe('')
  })

  it('exports the rows present when it began, in every column of a multi-pass JSON', async () => {
    const s = project('growing.landau', 3000, edgy)
    const c = collector({ highWaterMark: 1024, delayMs: 1 })
    const before = exportJson(s.getRun(1), s.getHistory(1))
    // One column per pass (no buffer): rows appended between passes must not make columns unequal.
    const done = writeExport(s, 1, 'json', c.w, { pageRows: 100, columnBufferBytes: 0 })
    await new Promise((r) => setTimeout(r, 30))
    appendRows(s, 1, 3000, 4000, edgy)
    await done
    expect(c.text()).toBe(before)
    const parsed = JSON.parse(c.text())
    for (const m of ['t', ...ROW_METRICS]) expect(parsed.history[m]).toHaveLength(3000)
    s.close()
  })

  it('keeps user text out of CSV lines and cells: no forged line, no formula at the start of a cell', async () => {
    const name = 'evil\n1,2,3\r\n# code forged\u2028x\u0085y,=cmd|\' /C calc\'!A0, +1, -2,@SUM(A1) "q" \\'
    // The spec line's user text: a formula (a comma before '-' in it), written as JSON.
    const spec = smallKacSpec({ name, initial: { family: 'formula', expr: 'exp(-v^2/2) * max(1,-v)' } })
    expect(checkExperiment(spec).ok).toBe(true)
    const s = project('evil.landau', 3, edgy, spec)
    const r = s.getRun(1)
    const streamed = collector()
    await writeExport(s, 1, 'csv', streamed.w)
    for (const text of [exportCsv(r, s.getHistory(1)), streamed.text()]) {
      const lines = text.split(/\r\n|\r|\n|\u2028|\u2029|\u0085/)
      expect(lines.pop()).toBe('')
      // Three provenance lines, the header, three rows: nothing else became a line.
      expect(lines).toHaveLength(7)
      expect(lines.slice(0, 3).every((l) => l.startsWith('# '))).toBe(true)
      expect(lines[1]).toBe('# code 0.1.0+test, seed 7')
      // As a spreadsheet splits them: a cell may start with a number, never with = + - @ before text.
      for (const l of lines) for (const cell of l.split(',').slice(1)) expect(cell.trimStart()).not.toMatch(/^[=+@\t\r]|^-(?![\d.])/)
      for (const l of lines.slice(4)) for (const cell of l.split(',')) expect(Number.isNaN(Number(cell)) && cell !== 'NaN').toBe(false)
      // The name and the spec still read back exactly, as JSON.
      const quoted = lines[0].slice(lines[0].indexOf('"'), lines[0].lastIndexOf('"') + 1)
      expect(JSON.parse(quoted)).toBe(name)
      expect(lines[0]).toBe(`# landau-workbench run 1 (experiment 1 ${quoted}), status done`)
      expect(JSON.parse(lines[2].slice('# spec '.length))).toEqual(JSON.parse(JSON.stringify(r.spec)))
      expect(lines[2]).toContain('max(1\\u002c-v)')
    }
    s.close()
  })

  it('backs the Workbench: exportRun (one string) and exportRunTo (a stream) give those bytes; bad calls write nothing', async () => {
    const wb = createNodeWorkbench({ threads: 1 })
    try {
      await wb.openProject(store.path)
      expect(await wb.exportRun(1, 'csv')).toBe(exportCsv(run, history))
      expect(await wb.exportRun(1, 'json')).toBe(exportJson(run, history))
      const c = collector({ highWaterMark: 1024 })
      await wb.exportRunTo(1, 'json', c.w)
      expect(c.text()).toBe(exportJson(run, history))
      expect(c.w.writableEnded).toBe(false) // the caller ends its stream
      const untouched = collector()
      await expect(wb.exportRunTo(0, 'csv', untouched.w)).rejects.toMatchObject({ code: 'invalid-argument' })
      await expect(wb.exportRunTo(1, 'tsv' as 'csv', untouched.w)).rejects.toMatchObject({ code: 'invalid-argument' })
      await expect(wb.exportRunTo(42, 'csv', untouched.w)).rejects.toMatchObject({ code: 'not-found' })
      expect(untouched.text()).toBe('')
      await wb.closeProject()
      await expect(wb.exportRunTo(1, 'csv', untouched.w)).rejects.toMatchObject({ code: 'no-project' })
    } finally {
      await wb.shutdown()
    }
  })

  it('leaves ordinary names and specs as they were written before', () => {
    const json = JSON.stringify({ name: 'sweep N = 100, 200, 400', T: [1.5, -1, 0.5], expr: 'a - b' })
    expect(commentJson(json)).toBe(json)
    expect(commentJson('"x, =1"')).toBe('"x\\u002c =1"')
    expect(commentJson('[1,-1,{"a":"b,-c"}]')).toBe('[1,-1,{"a":"b\\u002c-c"}]')
    expect(commentJson(`"x,${' '.repeat(100)}@y"`)).toBe(`"x\\u002c${' '.repeat(100)}@y"`)
  })
})

/** Counts newlines and occurrences of '": [' (a JSON array opening) in a stream of chunks, across chunk edges. */
function streamCounter() {
  let lines = 0
  let keys = 0
  let carry = Buffer.alloc(0)
  let head = ''
  let tail = ''
  return {
    add(b: Buffer) {
      for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) lines++
      const s = carry.length ? Buffer.concat([carry, b]) : b
      for (let i = s.indexOf('": ['); i !== -1; i = s.indexOf('": [', i + 1)) keys++
      carry = Buffer.from(s.subarray(Math.max(0, s.length - 3)))
      if (head.length < 65536) head += b.toString('latin1', 0, Math.min(b.length, 65536))
      tail = (tail + b.toString('latin1', Math.max(0, b.length - 65536))).slice(-65536)
    },
    get: () => ({ lines, keys, head, tail }),
  }
}

/** Rows of the acceptance test: 14 columns as a particle run has, values needing all 17 digits. */
const bigRow = (i: number) => [i * 0.01, ...Array.from({ length: J }, (_, j) => Math.sin(i * 0.001 + j) * (j + 1))]

/**
 * Runs `landau export` with stdout piped here, consuming it as it comes (so the pipe, not this process,
 * sets the pace); returns the exit code, the byte and line counts, the first and last 64 KB, and the child's
 * peak RSS: its own ru_maxrss (process.resourceUsage().maxRSS) written at exit by a preloaded module,
 * the kernel's figure for the whole life of that process.
 */
async function exportInChild(file: string, format: 'csv' | 'json', extra: string[] = []) {
  const rssFile = join(dir, `rss-${format}.txt`)
  const preload = join(dir, 'peak-rss.mjs')
  writeFileSync(
    preload,
    `import { writeFileSync } from 'node:fs'\nprocess.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS * 1024)))\n`,
  )
  const t0 = performance.now()
  const child = spawn(
    process.execPath,
    ['--import', preload, join(process.cwd(), 'bin', 'landau.js'), 'export', file, '--run', '1', '--format', format, ...extra],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let bytes = 0
  let stderr = ''
  const counter = streamCounter()
  child.stdout.on('data', (b: Buffer) => {
    bytes += b.length
    counter.add(b)
  })
  child.stderr.on('data', (b: Buffer) => (stderr += b))
  const code = await new Promise<number | null>((r) => child.on('close', r))
  const seconds = (performance.now() - t0) / 1000
  return { code, stderr, bytes, ...counter.get(), seconds, peakRss: Number(await readFile(rssFile, 'utf8')) }
}

// Acceptance of the streaming exports. LANDAU_STREAM_ROWS shortens it for a quick local run.
const BIG = Number(process.env.LANDAU_STREAM_ROWS ?? 2_500_000)
const MB = 1 << 20

describe(`a ${BIG.toExponential(1)}-row export`, () => {
  const file = join(dir, 'big.landau')
  let buildSeconds = 0

  it('is written to the project in well under a minute (appendHistory in batches of 50 000)', () => {
    const t0 = performance.now()
    project('big.landau', BIG, bigRow).close()
    buildSeconds = (performance.now() - t0) / 1000
    console.log(`built ${BIG} rows in ${buildSeconds.toFixed(1)} s`)
    expect(buildSeconds).toBeLessThan(60)
  }, 120_000)

  it('streams as CSV through `landau export` in < 300 MB, every row there', async () => {
    const r = await exportInChild(file, 'csv')
    console.log(`csv: ${(r.bytes / MB).toFixed(0)} MB in ${r.seconds.toFixed(1)} s, peak RSS ${(r.peakRss / MB).toFixed(0)} MB`)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.peakRss).toBeLessThan(300 * MB)
    expect(r.lines).toBe(4 + BIG) // three provenance lines, the header, the rows
    const line = (i: number) => bigRow(i).map(String).join(',')
    const headLines = r.head.split('\n')
    expect(headLines[3]).toBe(['t', ...ROW_METRICS].join(','))
    expect(headLines[4]).toBe(line(0))
    const tailLines = r.tail.split('\n')
    expect(tailLines.at(-1)).toBe('')
    expect(tailLines.at(-2)).toBe(line(BIG - 1))
    expect(tailLines.at(-3)).toBe(line(BIG - 2))
  }, 300_000)

  it('streams as JSON through `landau export --out` in < 300 MB, every value there', async () => {
    const out = join(dir, 'big.json')
    const r = await exportInChild(file, 'json', ['--out', out])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.bytes).toBe(0) // all went to the file
    // Count the file as a stream: its lines and array openings (the 15 columns and the spec's arrays).
    let bytes = 0
    const counter = streamCounter()
    for await (const b of createReadStream(out, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      bytes += b.length
      counter.add(b)
    }
    const { lines, keys, head, tail } = counter.get()
    console.log(`json: ${(bytes / MB).toFixed(0)} MB in ${r.seconds.toFixed(1)} s, peak RSS ${(r.peakRss / MB).toFixed(0)} MB`)
    expect(r.peakRss).toBeLessThan(300 * MB)
    // The layout of JSON.stringify(…, null, 1): the provenance, then per column its key line, one line
    // per value and its closing bracket, then the two closing braces. The lines of a one-row export
    // fix the provenance part; each further row adds a line to each column.
    const s = ProjectStore.open(file, { readonly: true, owner: 'test:1', ownerAlive: () => false })
    const run = s.getRun(1)
    s.close()
    const one = exportJson(run, { runId: 1, t: [0], values: Object.fromEntries(ROW_METRICS.map((m) => [m, [0]])) })
    const oneLines = one.split('\n').length - 1
    expect(keys).toBe(one.split('": [').length - 1)
    expect(lines).toBe(oneLines + (BIG - 1) * (1 + J))
    // Head: the provenance as JSON.parse reads it, then t's first values.
    const at = head.indexOf('\n "history": {')
    const meta = JSON.parse(head.slice(0, at - 1) + '\n}')
    expect(meta).toMatchObject({ id: 1, status: 'done', seed: 7, codeVersion: '0.1.0+test' })
    expect(head.slice(at)).toMatch(new RegExp(`^\\n "history": \\{\\n  "t": \\[\\n   0,\\n   ${bigRow(1)[0]},\\n`))
    // Tail: the last metric's last values, then the closing brackets.
    const last = ROW_METRICS.length
    expect(tail.endsWith(`,\n   ${bigRow(BIG - 2)[last]},\n   ${bigRow(BIG - 1)[last]}\n  ]\n }\n}\n`)).toBe(true)
  }, 300_000)

  it('is refused by the one-string exportRun (with the streaming way named) but streams through exportRunTo', async () => {
    const wb = createNodeWorkbench({ threads: 1 })
    try {
      await wb.openProject(file)
      if (BIG * (J + 1) > MAX_EXPORT_STRING_VALUES) {
        await expect(wb.exportRun(1, 'csv')).rejects.toThrow(/too many to export in one piece; use `landau export/)
      }
      // exportRunTo: the first rows of the stream, then the consumer goes away; the export stops.
      let got = ''
      const out = new Writable({
        write(chunk: Buffer, _e, cb) {
          got += chunk.toString()
          if (got.length > 100_000) this.destroy()
          cb()
        },
      })
      await expect(wb.exportRunTo(1, 'csv', out)).rejects.toThrow(/closed before the export finished/)
      expect(got.split('\n')[4]).toBe(bigRow(0).map(String).join(','))
      await expect(wb.exportRunTo(99, 'csv', out)).rejects.toMatchObject({ code: 'not-found' })
    } finally {
      await wb.shutdown()
    }
  }, 120_000)
})
