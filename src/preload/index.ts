// The preload exposes exactly one object to the renderer: the ApiTransport of WorkbenchApi
// (src/shared/api.ts), passing on only the methods the renderer uses (RENDERER_METHODS). No Node, no
// ipcRenderer, nothing else crosses the context bridge. The main process checks the method (and the
// project paths) again: this is the first gate, not the only one.
import { contextBridge, ipcRenderer } from 'electron'
import type { ApiMethod, ApiResult, ApiTransport, WorkbenchEvent } from '../shared/api'
import { CALL_CHANNEL, EVENT_CHANNEL, isRendererMethod } from './channels'

const transport: ApiTransport = {
  call: (method: ApiMethod, args: unknown[]) => {
    if (!isRendererMethod(method)) {
      return Promise.resolve<ApiResult>({ ok: false, error: { code: 'invalid-argument', message: `${String(method)} is not available to the desktop window` } })
    }
    // Only an array of arguments crosses (structured clone copies it; nothing else the page passes goes along).
    return ipcRenderer.invoke(CALL_CHANNEL, method, Array.isArray(args) ? args : []) as Promise<ApiResult>
  },
  subscribe: (listener: (e: WorkbenchEvent) => void) => {
    const handler = (_e: unknown, event: WorkbenchEvent) => listener(event)
    ipcRenderer.on(EVENT_CHANNEL, handler)
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler)
    }
  },
}

contextBridge.exposeInMainWorld('landau', transport)
