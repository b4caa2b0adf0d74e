// Node needs tsx's loader in a worker thread to load a TypeScript worker file (plain Node runs the .ts
// sources: CLI, web mode, tests); the built app's .js worker files need nothing.
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

export function workerExecArgv(workerFile: string): string[] {
  if (!workerFile.endsWith('.ts')) return []
  const loader = createRequire(import.meta.url).resolve('tsx')
  return ['--import', pathToFileURL(loader).href]
}
