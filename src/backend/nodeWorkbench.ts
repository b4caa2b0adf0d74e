// The workbench as plain Node runs it (CLI, web mode, tests). Its pool threads load the worker entry:
// src/backend/worker.ts through tsx when running from the sources, out/cli/worker.mjs when running the
// built command line (scripts/build-cli.mjs), which starts a thread without compiling.
import { join } from 'node:path'
import { Workbench } from './workbench'
import { repoRoot } from './repoRoot'

const fromSources = import.meta.url.endsWith('.ts')
export const nodeWorkerFile = fromSources ? join(repoRoot, 'src', 'backend', 'worker.ts') : join(repoRoot, 'out', 'cli', 'worker.mjs')

export function createNodeWorkbench(opts: { threads?: number; mode?: 'web' | 'desktop' } = {}): Workbench {
  return new Workbench({ workerFile: nodeWorkerFile, threads: opts.threads, mode: opts.mode ?? 'web' })
}
