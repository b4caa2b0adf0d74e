// The task of a merge into the open project, in a thread of its own (mergeThread.ts runs it): mergeProjects
// is synchronous SQLite work that can take seconds to minutes on large projects, and the backend's event
// loop (the web server, Electron's IPC) must keep answering meanwhile. The outcome goes back as a value;
// an ApiError as its code and message, which the thread boundary would otherwise lose.
import { ApiError } from '../shared/api'
import { owner, ownerAlive } from './processIdentity'
import { mergeProjects } from './store/mergeProjects'
import type { MergeThreadReply, MergeThreadRequest } from './mergeThread'

export default function mergeTask(request: MergeThreadRequest): MergeThreadReply {
  try {
    // The thread shares the process: its owner string (host:pid) is the backend's own.
    return { ok: true, result: mergeProjects(request.out, request.inputs, { owner, ownerAlive, nativeBinding: request.nativeBinding }) }
  } catch (err) {
    if (err instanceof ApiError) return { ok: false, code: err.code, message: err.message }
    return { ok: false, code: 'internal', message: err instanceof Error ? err.message : String(err) }
  }
}
