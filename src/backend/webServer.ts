// Web mode: serves the built renderer (out/renderer) and carries WorkbenchApi over HTTP (POST /api/call)
// and WebSocket (/api/events) on a loopback address. Only pages the server itself served may call it:
// the Host and Origin headers are checked, which stops other web sites (CSRF, DNS rebinding) from
// reaching a researcher's projects through the browser.
//
// Loopback is not one user: any local account or process can connect to 127.0.0.1. So, as Jupyter does,
// each launch makes a secret token, printed in the URL it gives (`http://127.0.0.1:PORT/?token=…`).
// Every request, static files and the event socket included, must carry it: the first visit with
// ?token= gets it as a cookie (HttpOnly, so page scripts cannot read it; SameSite=Strict, so no other site
// makes the browser send it) and a redirect to the same URL without it (the token leaves the address bar
// and the history); later requests carry the cookie by themselves (same-origin fetch and WebSocket).
// Anything else gets 401 and a page saying where the URL is.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, resolve, sep } from 'node:path'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import type { WebSocket } from 'ws'
import { ApiError, WEB_API_PATH, WEB_EVENTS_PATH, WEB_EXPORT_PATH, dispatchApiCall } from '../shared/api'
import type { ExportFormat, WorkbenchApi, WorkbenchEvent } from '../shared/api'
import type { Writable } from 'node:stream'
import { exportFileName } from '../shared/exportName'

export interface WebServerOptions {
  api: WorkbenchApi
  /** Folder of the built renderer. */
  staticDir: string
  host?: string
  /** 0 picks a free port. */
  port?: number
  /**
   * Streams a run's export, or several runs' in one file, into `out` (Workbench.exportRunTo): served at
   * WEB_EXPORT_PATH, so a download of any length goes row by row instead of as one API answer. Without it
   * that path is 404.
   */
  exportTo?: (runIds: number | number[], format: ExportFormat, out: Writable, options: { signal?: AbortSignal }) => Promise<void>
}

export interface RunningWebServer {
  /** The URL to open, with this launch's token: `http://127.0.0.1:PORT/?token=…`. */
  url: string
  /** This launch's secret (32 random bytes, base64url). */
  token: string
  /** Name of the cookie that carries the token (one per port: two servers on one host keep their own). */
  cookieName: string
  port: number
  server: Server
  close(): Promise<void>
}

const MAX_BODY = 16 * 1024 * 1024
/**
 * Event bytes queued for one WebSocket client before it is dropped. A client that stops reading (a
 * suspended tab, a stalled network) would otherwise hold every history batch sent to it in the server's
 * memory, without bound, for as long as runs go on. 8 MiB is seconds of the busiest stream; the dropped page
 * reconnects by itself and refetches what it shows.
 */
export const MAX_CLIENT_BUFFER = 8 * 1024 * 1024
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
}
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: http:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

/** What an unauthenticated visit sees: no app, only where to find the URL. */
const NEED_TOKEN_PAGE = `<!doctype html><meta charset="utf-8"><title>Landau Workbench</title>
<p>This Landau Workbench server needs the URL with its token, <code>http://127.0.0.1:PORT/?token=…</code>,
printed in the terminal where <code>landau serve</code> (or <code>npm run web</code>) runs. Open that URL.
If the server was restarted, its token changed: open the new URL it printed.</p>
<p>If you opened the URL from another web page, reload this page.</p>
`

export async function startWebServer(opts: WebServerOptions): Promise<RunningWebServer> {
  const host = opts.host ?? '127.0.0.1'
  const staticDir = resolve(opts.staticDir)
  const token = randomBytes(32).toString('base64url')
  const tokenBytes = Buffer.from(token)
  let port = 0
  const cookieName = () => `landau_token_${port}`
  /** Constant-time comparison (the length of a 32-byte base64url token is no secret). */
  const isToken = (candidate: string | null | undefined) => {
    if (typeof candidate !== 'string') return false
    const b = Buffer.from(candidate)
    return b.length === tokenBytes.length && timingSafeEqual(b, tokenBytes)
  }
  const hasCookie = (req: IncomingMessage) => cookieValues(req, cookieName()).some(isToken)
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${host}:${port}`])
  const sameOrigin = (req: IncomingMessage) => {
    if (!req.headers.host || !allowedHosts().has(req.headers.host)) return false
    const origin = req.headers.origin
    return origin === undefined || origin === `http://${req.headers.host}`
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `internal error: ${(err as Error).message}`)
      else res.destroy()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (!sameOrigin(req)) return send(res, 403, 'text/plain; charset=utf-8', 'forbidden: this server answers only its own pages on loopback')
    const url = parseUrl(req.url)
    if (!url) return send(res, 400, 'text/plain; charset=utf-8', 'bad request: malformed URL')
    const given = url.searchParams.get('token')
    if (given !== null && url.pathname !== WEB_API_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      if (!isToken(given)) return needToken(res)
      url.searchParams.delete('token')
      // The path only (never `//host`: a protocol-relative Location would leave this server).
      res.setHeader('location', `/${url.pathname.replace(/^[/\\]+/, '')}${url.search}`)
      res.setHeader('set-cookie', `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`)
      res.setHeader('cache-control', 'no-store')
      res.setHeader('referrer-policy', 'no-referrer')
      return send(res, 302, 'text/plain; charset=utf-8', 'signed in; redirecting')
    }
    if (!hasCookie(req)) return needToken(res)
    if (url.pathname === WEB_API_PATH) {
      if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'POST only')
      // A JSON content type forces a CORS preflight on any cross-site request, which we never grant.
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, 'text/plain; charset=utf-8', 'application/json only')
      let body: { method?: unknown; args?: unknown }
      try {
        body = JSON.parse(await readBody(req))
      } catch (err) {
        return sendJson(res, 400, { ok: false, error: { code: 'invalid-argument', message: `request is not JSON: ${(err as Error).message}` } })
      }
      return sendJson(res, 200, await dispatchApiCall(opts.api, body?.method, body?.args ?? []))
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'GET only')
    if (url.pathname === WEB_EXPORT_PATH) return streamExport(url, res)
    return serveStatic(url.pathname, res)
  }

  /** GET WEB_EXPORT_PATH?run=ID&format=csv|json (or ?runs=1,2,3&…): the export as an attachment, streamed. */
  async function streamExport(url: URL, res: ServerResponse) {
    if (!opts.exportTo) return send(res, 404, 'text/plain; charset=utf-8', 'not found')
    const runs = url.searchParams.get('runs')
    const runIds = (runs ?? url.searchParams.get('run') ?? '').split(',').map(Number)
    const format = url.searchParams.get('format')
    if (!runIds.every((id) => Number.isInteger(id) && id >= 1) || (format !== 'csv' && format !== 'json')) {
      return send(res, 400, 'text/plain; charset=utf-8', 'bad request: expected ?run=<id>&format=csv|json or ?runs=<id>,<id>,…&format=csv|json')
    }
    if (res.req.method === 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'GET only')
    const abort = new AbortController()
    res.on('close', () => abort.abort()) // the browser cancelled the download: stop reading rows
    res.setHeader('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
    res.setHeader('content-disposition', `attachment; filename="${exportFileName([...new Set(runIds)], format)}"`)
    res.setHeader('x-content-type-options', 'nosniff')
    res.setHeader('cache-control', 'no-store')
    try {
      // exportTo throws before its first byte for a bad id or no project: that still gets a status.
      await opts.exportTo(runs === null ? runIds[0] : runIds, format, res, { signal: abort.signal })
      res.end()
    } catch (err) {
      if (res.headersSent) return void res.destroy()
      res.removeHeader('content-disposition')
      const status = err instanceof ApiError ? (err.code === 'not-found' ? 404 : err.code === 'no-project' ? 409 : 400) : 500
      send(res, status, 'text/plain; charset=utf-8', (err as Error).message)
    }
  }

  function needToken(res: ServerResponse) {
    res.setHeader('cache-control', 'no-store')
    res.setHeader('content-security-policy', "default-src 'none'")
    const html = res.req.method === 'GET' || res.req.method === 'HEAD'
    send(
      res,
      401,
      html ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
      html ? NEED_TOKEN_PAGE : 'unauthorized: open the URL with the token printed by `landau serve`',
    )
  }

  async function serveStatic(pathname: string, res: ServerResponse) {
    let decoded: string
    try {
      decoded = decodeURIComponent(pathname)
    } catch {
      return send(res, 400, 'text/plain; charset=utf-8', 'bad request: malformed percent-encoding in the path')
    }
    if (decoded.includes('\0')) return send(res, 400, 'text/plain; charset=utf-8', 'bad request: NUL in the path')
    const rel = normalize(decoded).replace(/^([/\\])+/, '')
    const file = resolve(staticDir, rel === '' ? 'index.html' : rel)
    if (file !== staticDir && !file.startsWith(staticDir + sep)) return send(res, 404, 'text/plain; charset=utf-8', 'not found')
    const found = await stat(file).catch(() => null)
    const target = found?.isFile() ? file : join(staticDir, 'index.html')
    const body = await readFile(target).catch(() => null)
    if (!body) return send(res, 404, 'text/plain; charset=utf-8', `the web UI is not built: run \`npm run build:web\` (looked in ${staticDir})`)
    res.setHeader('content-security-policy', CSP)
    res.setHeader('x-content-type-options', 'nosniff')
    res.setHeader('cache-control', 'no-cache')
    send(res, 200, TYPES[extname(target)] ?? 'application/octet-stream', body)
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 })
  const clients = new Set<WebSocket>()
  server.on('upgrade', (req, socket, head) => {
    // An exception here would be uncaught (an event handler): nothing below may throw.
    const path = parseUrl(req.url)?.pathname
    if (path !== WEB_EVENTS_PATH || !sameOrigin(req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    if (!hasCookie(req)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws)
      ws.on('close', () => clients.delete(ws))
      ws.on('error', () => clients.delete(ws))
    })
  })
  const unsubscribe = opts.api.onEvent((event: WorkbenchEvent) => {
    if (clients.size === 0) return
    const text = JSON.stringify(event)
    for (const ws of clients) {
      if (ws.readyState !== ws.OPEN) continue
      // Backpressure: a client that does not read its events is dropped (terminate, not close: a closing
      // handshake would queue behind the backlog) instead of queueing them in this process without bound.
      if (ws.bufferedAmount > MAX_CLIENT_BUFFER) {
        clients.delete(ws)
        ws.terminate()
        continue
      }
      ws.send(text)
    }
  })

  await new Promise<void>((ok, fail) => {
    // A failed listen leaves nothing behind (the event subscription would keep the workbench referenced)
    // and says what to do in one line: the message of listenErrorMessage, the code kept for callers.
    const onError = (err: NodeJS.ErrnoException) => {
      wss.close()
      unsubscribe()
      const why = listenErrorMessage(err, host, opts.port ?? 0)
      fail(why === null ? err : Object.assign(new Error(why), { code: err.code }))
    }
    server.once('error', onError)
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', onError)
      ok()
    })
  })
  port = (server.address() as AddressInfo).port
  const shownHost = host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    token,
    cookieName: cookieName(),
    port,
    server,
    close: async () => {
      unsubscribe()
      for (const ws of clients) ws.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((ok) => server.close(() => ok()))
    },
  }
}

/**
 * What a user can do about a failed listen, in one line (the serve command prints it without a stack), or
 * null for an error that is not about the address. A second server on the default port is the common case.
 */
export function listenErrorMessage(err: NodeJS.ErrnoException, host: string, port: number): string | null {
  switch (err.code) {
    case 'EADDRINUSE':
      return `port ${port} is in use; use --port N (0 picks a free one)`
    case 'EACCES':
      return `port ${port} needs privileges on this system; use --port N above 1023 (0 picks a free one)`
    case 'EADDRNOTAVAIL':
      return `${host} is not an address of this machine; use --host 127.0.0.1`
    default:
      return null
  }
}

/** The request target as a URL, or null when it cannot be one (then the answer is 400, not a thrown error). */
function parseUrl(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://x')
  } catch {
    return null
  }
}

/** Every value of cookie `name` in the request's Cookie header(s). */
function cookieValues(req: IncomingMessage, name: string): string[] {
  const out: string[] = []
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) out.push(part.slice(eq + 1).trim())
  }
  return out
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer) {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) })
  res.end(res.req.method === 'HEAD' ? undefined : body)
}

function sendJson(res: ServerResponse, status: number, value: unknown) {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value))
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        fail(new Error(`request body over ${MAX_BODY} bytes`))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')))
    req.on('error', fail)
  })
}
