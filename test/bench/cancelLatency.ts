// `npm run bench -- cancel`: time from cancelRun on a running Kac run to its status 'cancelled'.
import { performance } from 'node:perf_hooks'
import type { WorkbenchEvent } from '../../src/shared/api'
import { fix, median, openBench, REPS, sleep, spec, verdict } from './benchHelpers'

/** Starts a long run (N = 2000: ~0.3 s a step), waits until it has streamed rows, cancels, times until 'cancelled'. */
async function cancelSeconds(): Promise<number> {
  const w = await openBench(1)
  try {
    const events: WorkbenchEvent[] = []
    w.onEvent((e) => events.push(e))
    const { runIds } = await w.startExperiment(spec({ solvers: [{ kind: 'kac', N: 2000, replicas: 1 }], time: { T: 100, dt: 0.01, every: 1 } }))
    const id = runIds[0]
    while (!events.some((e) => e.type === 'history' && e.runId === id)) await sleep(10)
    await sleep(250) // well inside a step
    const t0 = performance.now()
    await w.cancelRun(id)
    for (;;) {
      if ((await w.getRun(id)).status === 'cancelled') break
      await sleep(1)
    }
    return (performance.now() - t0) / 1000
  } finally {
    await w.shutdown()
  }
}

export async function benchCancel(): Promise<void> {
  const xs: number[] = []
  for (let r = 0; r < REPS; r++) xs.push(await cancelSeconds())
  const m = median(xs)
  console.log(
    `cancel a running kac N=2000 run: workbench ${fix(m * 1000, 0)} ms to 'cancelled' (max ${fix(Math.max(...xs) * 1000, 0)} ms) · no peer (target < 1000 ms) ${verdict(Math.max(...xs) < 1)}`,
  )
}
