// The renderer's one API object. Desktop: the preload's `window.landau` transport; web: HTTP + WebSocket.
import { ref, readonly } from 'vue'
import { createApiClient } from '../../../shared/api'
import type { ApiTransport, WorkbenchApi } from '../../../shared/api'
import { createWebTransport } from './webTransport'
import type { ConnectionState } from './webTransport'

export type { ConnectionState }

const desktopTransport: ApiTransport | undefined = typeof window !== 'undefined' ? window.landau : undefined

/** True when the page talks to the backend over HTTP (no preload bridge). */
export const isWebTransport = !desktopTransport

const connectionRef = ref<ConnectionState>(isWebTransport ? 'connecting' : 'connected')
/** State of the event stream: always 'connected' on the desktop. */
export const connection = readonly(connectionRef)

function makeTransport(): ApiTransport {
  if (desktopTransport) return desktopTransport
  const web = createWebTransport()
  connectionRef.value = web.connection
  web.onConnectionChange((s) => {
    connectionRef.value = s
  })
  return web
}

export const api: WorkbenchApi = createApiClient(makeTransport())

/** The message to show for anything an API call throws (ApiError keeps the backend's message). */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message
  return String(err)
}
