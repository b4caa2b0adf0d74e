// `npm run bench -- memory`: peak RSS of a fresh workbench process (memory.ts, a child process) while a
// 10⁴-particle, 10-replica pairing run stores every history row.
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { fix, repo, sh, verdict } from './benchHelpers'

/** Peak RSS of a fresh child process (main thread, worker threads, SQLite) during a 10⁴ × 10 pairing run writing every row. */
export async function benchMemory(): Promise<void> {
  const steps = 100 // ~0.14 s a step here, most of it the history row (moments of 10⁵ particles)
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
  const out = sh(process.execPath, ['--import', tsx, join(repo, 'test', 'bench', 'memory.ts'), String(steps)])
  const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
    status: string
    error: string | null
    seconds: number
    rows: number
    before: number
    peak: number
  }
  if (r.status !== 'done') throw new Error(`memory benchmark: run ended ${r.status}: ${r.error ?? ''}`)
  const mb = r.peak / 1e6
  console.log(
    `memory, pairing N=1e4 ×10 replicas, ${steps} steps, ${r.rows} rows stored (${fix(r.seconds, 1)} s): peak RSS ${fix(mb, 0)} MB (fresh process at start: ${fix(r.before / 1e6, 0)} MB) · no peer (target < 500 MB) ${verdict(r.peak < 500e6)}`,
  )
}
