// The workbench as plain Node runs it (CLI, web mode, tests): the TypeScript worker entry is loaded
// through tsx in each pool thread, so no build step stands between an edit and a run.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Workbench } from './workbench'

export const nodeWorkerFile = join(dirname(fileURLToPath(import.meta.url)), 'worker.ts')

export function createNodeWorkbench(opts: { threads?: number; mode?: 'web' | 'desktop'; checkpointSeconds?: number } = {}): Workbench {
  return new Workbench({ workerFile: nodeWorkerFile, threads: opts.threads, mode: opts.mode ?? 'web', checkpointSeconds: opts.checkpointSeconds })
}
