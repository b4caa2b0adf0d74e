// Web transport: calls are POSTed as JSON to WEB_API_PATH, events arrive on a WebSocket at WEB_EVENTS_PATH.
// The socket reconnects with backoff when it closes (the backend may restart); listeners are not told
// about reconnects, but the transport exposes its connection state for the status line.
// Authentication needs nothing here: the server's token cookie (HttpOnly, SameSite=Strict) goes with every
// same-origin fetch and with the WebSocket handshake by itself.
import { WEB_API_PATH, WEB_EVENTS_PATH } from '../../../shared/api'
import type { ApiMethod, ApiResult, ApiTransport, WebCallRequest, WorkbenchEvent } from '../../../shared/api'

export type ConnectionState = 'connecting' | 'connected' | 'disconnected'

export interface WebTransport extends ApiTransport {
  readonly connection: ConnectionState
  /** Called with every change of the event socket's state; returns the unsubscribe function. */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void
  /** Closes the socket for good (tests, page teardown). */
  close(): void
}

export interface WebTransportOptions {
  /** Origin-relative base; defaults to the page's own host. */
  location?: Pick<Location, 'protocol' | 'host'>
  minBackoffMs?: number
  maxBackoffMs?: number
}

function ioError(message: string): ApiResult {
  return { ok: false, error: { code: 'io', message } }
}

function isApiResult(x: unknown): x is ApiResult {
  if (typeof x !== 'object' || x === null || !('ok' in x)) return false
  const r = x as { ok: unknown; error?: unknown }
  if (r.ok === true) return true
  if (r.ok !== false || typeof r.error !== 'object' || r.error === null) return false
  const e = r.error as { code?: unknown; message?: unknown }
  return typeof e.code === 'string' && typeof e.message === 'string'
}

function isWorkbenchEvent(x: unknown): x is WorkbenchEvent {
  return typeof x === 'object' && x !== null && typeof (x as { type?: unknown }).type === 'string'
}

export function createWebTransport(opts: WebTransportOptions = {}): WebTransport {
  const loc = opts.location ?? window.location
  const minBackoff = opts.minBackoffMs ?? 250
  const maxBackoff = opts.maxBackoffMs ?? 5000
  const wsUrl = `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}${WEB_EVENTS_PATH}`

  const listeners = new Set<(event: WorkbenchEvent) => void>()
  const stateListeners = new Set<(state: ConnectionState) => void>()
  let state: ConnectionState = 'connecting'
  let socket: WebSocket | null = null
  let backoff = minBackoff
  let timer: ReturnType<typeof setTimeout> | null = null
  let closed = false

  function setState(next: ConnectionState): void {
    if (next === state) return
    state = next
    for (const l of [...stateListeners]) {
      try {
        l(next)
      } catch (err) {
        console.error('connection listener failed', err)
      }
    }
  }

  function scheduleReconnect(): void {
    if (closed || timer !== null) return
    const delay = backoff
    backoff = Math.min(maxBackoff, backoff * 2)
    timer = setTimeout(() => {
      timer = null
      connect()
    }, delay)
  }

  function connect(): void {
    if (closed) return
    let ws: WebSocket
    try {
      ws = new WebSocket(wsUrl)
    } catch (err) {
      console.error('event socket', err)
      setState('disconnected')
      scheduleReconnect()
      return
    }
    socket = ws
    ws.onopen = () => {
      backoff = minBackoff
      setState('connected')
    }
    ws.onmessage = (msg) => {
      if (typeof msg.data !== 'string') return
      let event: unknown
      try {
        event = JSON.parse(msg.data)
      } catch {
        console.warn('event socket: not JSON', msg.data.slice(0, 200))
        return
      }
      if (!isWorkbenchEvent(event)) return
      for (const l of [...listeners]) {
        try {
          l(event)
        } catch (err) {
          console.error('event listener failed', err)
        }
      }
    }
    // An error is always followed by close; reconnecting there covers both.
    ws.onclose = () => {
      if (socket === ws) socket = null
      if (closed) return
      setState('disconnected')
      scheduleReconnect()
    }
  }

  async function call(method: ApiMethod, args: unknown[]): Promise<ApiResult> {
    const body: WebCallRequest = { method, args }
    let res: Response
    try {
      res = await fetch(WEB_API_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    } catch (err) {
      return ioError(`cannot reach the backend: ${err instanceof Error ? err.message : String(err)}`)
    }
    // The server wants its per-launch token, which the page holds as a cookie set from the printed URL
    // (src/backend/webServer.ts); a restarted server has a new one.
    if (res.status === 401)
      return ioError('the server did not accept this page: it may have been restarted. Open the URL with the token that `landau serve` printed.')
    let payload: unknown
    try {
      payload = await res.json()
    } catch {
      return ioError(`backend answered HTTP ${res.status} ${res.statusText} without a JSON result`)
    }
    if (!isApiResult(payload)) return ioError(`backend answered HTTP ${res.status} with a malformed result`)
    return payload
  }

  connect()

  return {
    call,
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    get connection() {
      return state
    },
    onConnectionChange(listener) {
      stateListeners.add(listener)
      return () => {
        stateListeners.delete(listener)
      }
    },
    close() {
      closed = true
      if (timer !== null) clearTimeout(timer)
      timer = null
      socket?.close()
      socket = null
      setState('disconnected')
    },
  }
}
