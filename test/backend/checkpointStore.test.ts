// The store side of checkpoints (checkpoints.ts, schema 9): one per run, replaced in place, gone once the
// run is done; prepareResume drops what a run stored after its checkpoint in one transaction and leaves the
// history's block summary exactly as an append of the kept rows would have written it (so the rows a resumed
// run appends end in the blocks of an uninterrupted run); `landau merge` copies no checkpoint. The oracle
// for the blocks is a second file that received only the uninterrupted appends.
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { mergeProjects } from '../../src/backend/store/mergeProjects'
import { HISTORY_BLOCK_ROWS, ProjectStore } from '../../src/backend/store/projectStore'
import { ExperimentSpec, expandRuns } from '../../src/shared/spec'
import { scratchDir } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'

const dir = scratchDir('landau-checkpoints-')
const me = { owner: 'testhost:1', ownerAlive: () => false }
const meta = { codeVersion: 'test', host: 'testhost', owner: 'testhost:1' }
const spec = ExperimentSpec.parse(smallKacSpec())

/** Rows 0 … count−1 at steps 0, 2, 4, …; values that make min and max move, ties and a NaN included. */
const rowsOf = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, k) => {
    const i = from + k
    return { step: 2 * i, t: i / 10, values: [Math.sin(i), i % 7 === 3 ? Number.NaN : Math.floor(i / 5), -i] }
  })

function fresh(name: string): { s: ProjectStore; id: number; path: string } {
  const path = join(dir, name)
  const s = ProjectStore.open(path, { ...me, create: true })
  const id = s.insertExperiment(spec, expandRuns(spec), meta).runIds[0]
  s.markRunning(id, ['a', 'b', 'c'])
  return { s, id, path }
}

function table(path: string, sql: string): unknown[][] {
  const db = new Database(path, { readonly: true })
  try {
    return db.prepare(sql).raw().all() as unknown[][]
  } finally {
    db.close()
  }
}

describe('checkpoints in the project file', () => {
  it('keeps one per run, replaced in place, and drops it when the run is done', () => {
    const { s, id, path } = fresh('one.landau')
    s.putCheckpoint(id, { step: 4, t: 0.4, state: Float64Array.of(1, 2, 3) }, 'v1')
    s.putCheckpoint(id, { step: 8, t: 0.8, state: Float64Array.of(-0, Number.NaN) }, 'v2')
    const cp = s.getCheckpoint(id)
    expect(cp).toMatchObject({ step: 8, t: 0.8, codeVersion: 'v2' })
    expect(Buffer.from(cp!.state.buffer).equals(Buffer.from(Float64Array.of(-0, Number.NaN).buffer))).toBe(true)
    expect(table(path, `SELECT count(*) FROM checkpoints`)).toEqual([[1]])
    s.finishRun(id, 'interrupted', { stopReason: 'shutdown' })
    expect(s.getCheckpoint(id)?.step).toBe(8) // kept for a resume
    s.finishRun(id, 'done', {})
    expect(s.getCheckpoint(id)).toBeUndefined()
    s.close()
  })

  it.each([
    ['inside the second block', HISTORY_BLOCK_ROWS + 20],
    ['on a block boundary', 2 * HISTORY_BLOCK_ROWS],
    ['in the first block', 5],
  ])('prepareResume cuts after the checkpoint (%s) and the blocks end as uninterrupted', (_name, kept) => {
    const total = 2 * HISTORY_BLOCK_ROWS + 60
    const whole = fresh(`whole-${kept}.landau`)
    // The uninterrupted run: appended in batches as a worker flushes them.
    for (let i = 0; i < total; i += 37) whole.s.appendHistory(whole.id, rowsOf(i, Math.min(total, i + 37)))
    whole.s.close()

    const cut = fresh(`cut-${kept}.landau`)
    const checkpointStep = 2 * (kept - 1) // the step of the last kept row
    cut.s.appendHistory(cut.id, rowsOf(0, kept + 50)) // 50 rows past the checkpoint, lost to a kill
    cut.s.insertSnapshot(cut.id, { step: checkpointStep, t: 0, replica: 0, v: new Float64Array(6) })
    cut.s.insertSnapshot(cut.id, { step: checkpointStep + 2, t: 0, replica: 0, v: new Float64Array(6) })
    cut.s.putCheckpoint(cut.id, { step: checkpointStep, t: 0, state: new Float64Array(3) }, 'test')
    cut.s.finishRun(cut.id, 'interrupted', { error: 'killed', stopReason: 'crash' })
    const from = cut.s.prepareResume(cut.id, 'testhost:2', 2 * total)
    expect(from?.step).toBe(checkpointStep)
    expect(cut.s.getRun(cut.id)).toMatchObject({ status: 'queued', error: null, stopReason: null, progress: checkpointStep / (2 * total) })
    expect(table(cut.path, `SELECT max(step) FROM history`)).toEqual([[checkpointStep]])
    expect(table(cut.path, `SELECT step FROM snapshots`)).toEqual([[checkpointStep]])
    // The resumed run appends the rest, in other batches.
    for (let i = kept; i < total; i += 53) cut.s.appendHistory(cut.id, rowsOf(i, Math.min(total, i + 53)))
    cut.s.close()
    const blocks = `SELECT seq0, seq1, t0, t1, stats FROM history_blocks ORDER BY seq0`
    const history = `SELECT seq, step, t, vals FROM history ORDER BY seq`
    expect(table(cut.path, blocks)).toEqual(table(whole.path, blocks))
    expect(table(cut.path, history)).toEqual(table(whole.path, history))
  })

  it('prepareResume without a checkpoint starts from nothing, and refuses a run no longer stopped', () => {
    const { s, id, path } = fresh('none.landau')
    s.appendHistory(id, rowsOf(0, 10))
    s.finishRun(id, 'cancelled', { stopReason: 'user' })
    expect(s.prepareResume(id, 'testhost:2', 10)).toBeUndefined()
    expect(table(path, `SELECT count(*) FROM history`)).toEqual([[0]])
    expect(table(path, `SELECT count(*) FROM history_blocks`)).toEqual([[0]])
    expect(() => s.prepareResume(id, 'testhost:3', 10)).toThrow(/run \d+ is queued now: another process has resumed or finished it/)
    s.close()
  })

  it('`landau merge` copies no checkpoint and skips the runs that hold one', () => {
    const { s, id, path } = fresh('merge-in.landau')
    s.appendHistory(id, rowsOf(0, 3))
    s.putCheckpoint(id, { step: 2, t: 0.1, state: new Float64Array(3) }, 'test')
    s.finishRun(id, 'interrupted', { stopReason: 'crash' })
    s.close()
    const out = join(dir, 'merge-out.landau')
    const r = mergeProjects(out, [path], me)
    expect(r.inputs[0].skipped).toMatchObject({ interrupted: 1 })
    expect(table(out, `SELECT count(*) FROM checkpoints`)).toEqual([[0]])
  })
})
