// The Piscina task: runs one solver run off the main thread and streams what it computes through a
// MessagePort. It batches rows and throttles progress by wall time (the solver itself never reads the
// clock), and it never opens the project file: the backend's store is the only writer.
import type { MessagePort } from 'node:worker_threads'
import { performance } from 'node:perf_hooks'
import type { RunSpec } from '../shared/spec'
import { runSolver } from '../solvers'
import type { HistoryRow } from './store/projectStore'

export interface RunTask {
  spec: RunSpec
  port: MessagePort
}

export type WorkerMessage =
  | { type: 'start'; metrics: string[]; totalSteps: number }
  | { type: 'rows'; rows: HistoryRow[] }
  | { type: 'progress'; fraction: number }
  | { type: 'end' }

const FLUSH_MS = 100 // rows reach the store and the screen at most this late
const MAX_BATCH = 2000 // and in batches no larger than this

export default function runTask({ spec, port }: RunTask): void {
  const post = (m: WorkerMessage) => port.postMessage(m)
  let rows: HistoryRow[] = []
  let lastFlush = performance.now()
  let lastProgress = 0
  const flush = () => {
    if (rows.length) post({ type: 'rows', rows })
    rows = []
    lastFlush = performance.now()
  }
  for (const ev of runSolver(spec)) {
    if (ev.type === 'start') post({ type: 'start', metrics: ev.metrics, totalSteps: ev.totalSteps })
    else if (ev.type === 'row') {
      rows.push({ step: ev.step, t: ev.t, values: ev.values })
      // The first row goes out at once, so a slow run shows its initial state immediately.
      if (ev.step === 0 || rows.length >= MAX_BATCH || performance.now() - lastFlush >= FLUSH_MS) flush()
    } else {
      // Progress events also come inside long steps: the time to flush pending rows, not only the next row.
      const now = performance.now()
      if (now - lastFlush >= FLUSH_MS) flush()
      if (now - lastProgress >= FLUSH_MS) {
        post({ type: 'progress', fraction: ev.fraction })
        lastProgress = now
      }
    }
  }
  flush()
  post({ type: 'progress', fraction: 1 })
  post({ type: 'end' })
}
