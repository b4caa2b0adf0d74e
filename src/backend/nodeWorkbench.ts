// The workbench as plain Node runs it (CLI, web mode, tests). Its pool threads (and a merge's thread) load
// their entries: src/backend/*.ts through tsx when running from the sources, out/cli/worker.cjs and
// out/cli/mergeWorker.mjs when running the built command line (scripts/build-cli.mjs: the pool's entry is
// CommonJS for the speed of the solvers' loops), which starts a thread without compiling.
import { join } from 'node:path'
import { Workbench } from './workbench'
import { repoRoot } from './repoRoot'
import type { RecentProjectsFile } from './recentProjects'

const fromSources = import.meta.url.endsWith('.ts')
const entry = (name: string, built: string) => (fromSources ? join(repoRoot, 'src', 'backend', `${name}.ts`) : join(repoRoot, 'out', 'cli', built))
export const nodeWorkerFile = entry('worker', 'worker.cjs')
export const nodeMergeWorkerFile = entry('mergeWorker', 'mergeWorker.mjs')

export function createNodeWorkbench(
  opts: { threads?: number; mode?: 'web' | 'desktop'; checkpointSeconds?: number; recent?: RecentProjectsFile } = {},
): Workbench {
  return new Workbench({
    workerFile: nodeWorkerFile,
    mergeWorkerFile: nodeMergeWorkerFile,
    threads: opts.threads,
    mode: opts.mode ?? 'web',
    checkpointSeconds: opts.checkpointSeconds,
    recent: opts.recent,
  })
}
