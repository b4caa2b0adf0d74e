// Runs a merge (mergeProjects.ts) in a worker thread of its own (the task in mergeWorker.ts) and resolves
// with its result, or rejects with its ApiError. Its own one-thread pool, made for the merge and destroyed
// after it, not the run pool: merges are rare, must not wait behind long runs for a pool thread, and must
// not hold one while they copy a large file. Piscina, as for runs, because it loads a TypeScript task file
// through tsx (a bare Worker cannot take a .ts entry).
import { pathToFileURL } from 'node:url'
import { Piscina } from 'piscina'
import { ApiError } from '../shared/api'
import type { ApiErrorCode } from '../shared/api'
import type { MergeResult } from './store/mergeProjects'
import { workerExecArgv } from './workerExecArgv'

export interface MergeThreadRequest {
  out: string
  inputs: string[]
  nativeBinding?: string
}

export type MergeThreadReply = { ok: true; result: MergeResult } | { ok: false; code: ApiErrorCode; message: string }

export async function mergeInThread(taskFile: string, request: MergeThreadRequest): Promise<MergeResult> {
  const pool = new Piscina({ filename: pathToFileURL(taskFile).href, minThreads: 0, maxThreads: 1, execArgv: workerExecArgv(taskFile) })
  let reply: MergeThreadReply
  try {
    reply = (await pool.run(request)) as MergeThreadReply
  } catch (err) {
    // The thread died (out of memory, …): the file is whole all the same, as a merge replaces it in one
    // rename, its very last step.
    throw new ApiError('internal', `the merge stopped before it answered (${(err as Error).message}); the project is as it was, or merged whole`)
  } finally {
    void pool.destroy()
  }
  if (!reply.ok) throw new ApiError(reply.code, reply.message)
  return reply.result
}
