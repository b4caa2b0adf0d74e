// Child process of `npm run bench` (run.ts): peak resident memory of a fresh workbench process while a
// 10⁴-particle, 10-replica pairing run streams every history row into a project file. RSS covers the whole
// process: main thread, the pool's worker threads, SQLite. Prints one JSON line for the parent.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createNodeWorkbench } from '../../src/backend/nodeWorkbench'

const steps = Number(process.argv[2] ?? 500)
const dir = mkdtempSync(join(tmpdir(), 'landau-bench-mem-'))
const before = process.memoryUsage.rss()
let peak = before
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10)
const w = createNodeWorkbench({ threads: 1 })
try {
  await w.createProject(join(dir, 'mem.landau'))
  const t0 = performance.now()
  await w.startExperiment({
    name: 'bench memory',
    initial: { family: 'maxwellian' },
    kernel: { gamma: -3 },
    solvers: [{ kind: 'pairing', N: 10_000, replicas: 10 }],
    time: { T: steps * 0.01, dt: 0.01, every: 1 },
    seed: 1,
  })
  await w.whenIdle()
  const seconds = (performance.now() - t0) / 1000
  peak = Math.max(peak, process.memoryUsage.rss())
  const run = (await w.listRuns())[0]
  const rows = (await w.getHistory(run.id)).t.length
  console.log(JSON.stringify({ status: run.status, error: run.error, seconds, rows, before, peak }))
} finally {
  clearInterval(timer)
  await w.shutdown()
  rmSync(dir, { recursive: true, force: true })
}
