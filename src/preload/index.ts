// The preload exposes exactly one object to the renderer: the ApiTransport of WorkbenchApi
// (src/shared/api.ts). No Node, no ipcRenderer, nothing else crosses the context bridge.
import { contextBridge, ipcRenderer } from 'electron'
import type { ApiMethod, ApiResult, ApiTransport, WorkbenchEvent } from '../shared/api'
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels'

const transport: ApiTransport = {
  call: (method: ApiMethod, args: unknown[]) => ipcRenderer.invoke(CALL_CHANNEL, method, args) as Promise<ApiResult>,
  subscribe: (listener: (e: WorkbenchEvent) => void) => {
    const handler = (_e: unknown, event: WorkbenchEvent) => listener(event)
    ipcRenderer.on(EVENT_CHANNEL, handler)
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler)
    }
  },
}

contextBridge.exposeInMainWorld('landau', transport)
