// Web mode: serves the built renderer (out/renderer) and carries WorkbenchApi over HTTP (POST /api/call)
// and WebSocket (/api/events) on a loopback address. Only pages the server itself served may call it:
// the Host and Origin headers are checked, which stops other web sites (CSRF, DNS rebinding) from
// reaching a researcher's projects through the browser.
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, resolve, sep } from 'node:path'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import type { WebSocket } from 'ws'
import { WEB_API_PATH, WEB_EVENTS_PATH, dispatchApiCall } from '../shared/api'
import type { WorkbenchApi, WorkbenchEvent } from '../shared/api'

export interface WebServerOptions {
  api: WorkbenchApi
  /** Folder of the built renderer. */
  staticDir: string
  host?: string
  /** 0 picks a free port. */
  port?: number
}

export interface RunningWebServer {
  url: string
  port: number
  server: Server
  close(): Promise<void>
}

const MAX_BODY = 16 * 1024 * 1024
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

export async function startWebServer(opts: WebServerOptions): Promise<RunningWebServer> {
  const host = opts.host ?? '127.0.0.1'
  const staticDir = resolve(opts.staticDir)
  let port = 0
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
    const url = new URL(req.url ?? '/', 'http://x')
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
    return serveStatic(url.pathname, res)
  }

  async function serveStatic(pathname: string, res: ServerResponse) {
    const rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '')
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
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (path !== WEB_EVENTS_PATH || !sameOrigin(req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
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
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text)
  })

  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', fail)
      ok()
    })
  })
  port = (server.address() as AddressInfo).port
  const shownHost = host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${shownHost}:${port}/`,
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
