// The web transport: WorkbenchApi over HTTP, events over WebSocket, the built UI as static files,
// the loopback-only guard (foreign Host or Origin is refused), the per-launch token every request needs
// (as a cookie, set from the printed URL's ?token=), malformed URLs, and the bound on a slow event client.
import { mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createNodeWorkbench } from '../../src/backend/nodeWorkbench'
import { startWebServer } from '../../src/backend/webServer'
import type { RunningWebServer } from '../../src/backend/webServer'
import type { Workbench } from '../../src/backend/workbench'
import type { WorkbenchApi, WorkbenchEvent } from '../../src/shared/api'
import { scratchDir } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'

const dir = scratchDir('landau-web-')
const ui = join(dir, 'ui')
let wb: Workbench
let server: RunningWebServer

beforeAll(async () => {
  mkdirSync(ui)
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>ui</title>')
  wb = createNodeWorkbench({ threads: 1 })
  server = await startWebServer({ api: wb, staticDir: ui, port: 0, exportTo: (id, f, out, o) => wb.exportRunTo(id, f, out, o) })
})
afterAll(async () => {
  await server.close()
  await wb.shutdown()
})

type Json = any

/** The cookie a browser holds once it opened the printed URL. */
const signedIn = (s: RunningWebServer = server) => `${s.cookieName}=${s.token}`

function call(method: string, args: unknown[], headers: Record<string, string> = {}) {
  return fetch(new URL('/api/call', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: signedIn(), ...headers },
    body: JSON.stringify({ method, args }),
  })
}

/** A page or file as a signed-in browser asks for it (no redirect followed). */
function get(path: string, headers: Record<string, string> = { cookie: signedIn() }) {
  return fetch(new URL(path, server.url), { headers, redirect: 'manual' })
}

async function callJson(method: string, args: unknown[]): Promise<Json> {
  return (await call(method, args)).json()
}

/** A raw request, so the Host header and the request target can be what no fetch would send. */
function rawGet(path: string, host: string, headers: Record<string, string> = { cookie: signedIn() }): Promise<number> {
  return rawRequest(path, { host, ...headers }).then((r) => r.status)
}

function rawRequest(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      res.resume()
      ok({ status: res.statusCode ?? 0, headers: res.headers })
    })
    req.on('error', fail)
    req.end()
  })
}

/** Opens the event socket; resolves with it once open, or with the HTTP status that refused it. */
function openEvents(s: RunningWebServer, headers: Record<string, string>, path = '/api/events'): Promise<WebSocket | number> {
  return new Promise((ok, fail) => {
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}${path}`, { headers })
    ws.once('open', () => ok(ws))
    ws.once('unexpected-response', (_req, res) => ok(res.statusCode ?? 0))
    ws.once('error', fail)
  })
}

describe('web server', () => {
  it('serves the UI with a CSP and falls back to index.html', async () => {
    const r = await get('/')
    expect(r.status).toBe(200)
    expect(r.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
    expect(await r.text()).toContain('<title>ui</title>')
    expect((await get('/some/route')).status).toBe(200)
    expect((await get('/%2e%2e/%2e%2e/etc/passwd')).status).not.toBe(500)
  })

  it('refuses foreign origins and hosts', async () => {
    expect((await call('appInfo', [], { origin: 'https://evil.example' })).status).toBe(403)
    expect(await rawGet('/', 'evil.example:80')).toBe(403)
    expect(await rawGet(`/?token=${server.token}`, 'evil.example:80', {})).toBe(403) // the token does not open a rebound host
    const noJson = await fetch(new URL('/api/call', server.url), { method: 'POST', body: '{}', headers: { 'content-type': 'text/plain', cookie: signedIn() } })
    expect(noJson.status).toBe(415)
  })

  it('prints a URL with a fresh 32-byte token, which signs the browser in with a cookie and leaves the address', async () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{43}$`))
    expect(Buffer.from(server.token, 'base64url')).toHaveLength(32)
    const r = await fetch(server.url, { redirect: 'manual' })
    expect(r.status).toBe(302)
    expect(r.headers.get('location')).toBe('/')
    const cookie = r.headers.get('set-cookie')!
    expect(cookie.split(';').map((p) => p.trim())).toEqual([`landau_token_${server.port}=${server.token}`, 'HttpOnly', 'SameSite=Strict', 'Path=/'])
    // The cookie is all later requests need.
    const page = await get('/', { cookie: cookie.split(';')[0] })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<title>ui</title>')
    // Other parameters and the path stay; the redirect never leaves this server (no `//host` Location).
    expect((await get(`/some/route?a=1&token=${server.token}&b=2`, {})).headers.get('location')).toBe('/some/route?a=1&b=2')
    const sneaky = await rawRequest(`//evil.example/x?token=${server.token}`, {})
    expect(sneaky.status).toBe(302)
    expect(String(sneaky.headers.location)).toMatch(/^\/(?![/\\])/)
    // Another launch has another token and cookie: neither opens this server.
    const other = await startWebServer({ api: wb, staticDir: ui, port: 0 })
    try {
      expect(other.token).not.toBe(server.token)
      expect(other.cookieName).not.toBe(server.cookieName)
      expect((await get('/', { cookie: `${server.cookieName}=${other.token}` })).status).toBe(401)
      expect((await get('/', { cookie: signedIn(other) })).status).toBe(401)
    } finally {
      await other.close()
    }
  })

  it('answers 401 to any request without the token: pages, files, API calls and the event socket', async () => {
    const wrong = Buffer.alloc(32, 7).toString('base64url')
    const cookies: [string, Record<string, string>][] = [
      ['no cookie', {}],
      ['a wrong token', { cookie: `${server.cookieName}=${wrong}` }],
      ['a token of another length', { cookie: `${server.cookieName}=${server.token}x` }],
      ['an empty token', { cookie: `${server.cookieName}=` }],
      ['the token under another name', { cookie: `landau_token=${server.token}` }],
    ]
    for (const [what, headers] of cookies) {
      for (const path of ['/', '/index.html', '/assets/app.js', '/some/route']) {
        const r = await get(path, headers)
        expect(r.status, `${what}: GET ${path}`).toBe(401)
        const body = await r.text()
        expect(body).not.toContain('<title>ui</title>')
        expect(body).toMatch(/URL with its token/)
      }
      const api = await fetch(new URL('/api/call', server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ method: 'appInfo', args: [] }),
      })
      expect(api.status, `${what}: POST /api/call`).toBe(401)
      expect(await openEvents(server, headers), `${what}: WebSocket`).toBe(401)
    }
    // A wrong ?token= is no sign-in, and the token in the URL of an API call does not count.
    const bad = await get(`/?token=${wrong}`, {})
    expect(bad.status).toBe(401)
    expect(bad.headers.get('set-cookie')).toBeNull()
    const viaQuery = await fetch(new URL(`/api/call?token=${server.token}`, server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"method":"appInfo","args":[]}',
    })
    expect(viaQuery.status).toBe(401)
    expect(await openEvents(server, {}, `/api/events?token=${server.token}`)).toBe(401)
    // With the cookie, among others, the socket opens.
    const ws = await openEvents(server, { cookie: `theme=dark; ${signedIn()}; x=1` })
    expect(ws).toBeInstanceOf(WebSocket)
    ;(ws as WebSocket).close()
  })

  it('answers a malformed URL with 400, not 500, and survives one on the event socket', async () => {
    expect((await get('/%E0%A4%A')).status).toBe(400)
    expect((await get('/%ZZ')).status).toBe(400)
    expect((await get('/a%00b')).status).toBe(400)
    expect(await rawGet('http://[', `127.0.0.1:${server.port}`)).toBe(400)
    expect(await openEvents(server, { cookie: signedIn() }, '/api/events%E0%A4%A')).toBe(403)
    // A request target no URL parser takes, on the upgrade path (an uncaught throw there would end the server).
    const upgrade = {
      host: `127.0.0.1:${server.port}`,
      connection: 'Upgrade',
      upgrade: 'websocket',
      'sec-websocket-version': '13',
      'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      cookie: signedIn(),
    }
    expect((await rawRequest('http://[', upgrade)).status).toBe(403)
    expect((await get('/')).status).toBe(200)
  })

  it('carries calls, errors and events', async () => {
    const info = await callJson('appInfo', [])
    expect(info).toMatchObject({ ok: true, value: { mode: 'web', canPickFiles: false } })
    const noProject = await callJson('listRuns', [])
    expect(noProject).toMatchObject({ ok: false, error: { code: 'no-project' } })
    const unknown = await callJson('eval', ['1'])
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })

    const events: WorkbenchEvent[] = []
    const ws = new WebSocket(new URL('/api/events', server.url.replace('http', 'ws')), { headers: { cookie: signedIn() } })
    await new Promise((ok, fail) => ws.once('open', ok).once('error', fail))
    ws.on('message', (m) => events.push(JSON.parse(String(m))))

    const created = await callJson('createProject', [join(dir, 'web.landau')])
    expect(created.ok).toBe(true)
    const bad = await callJson('startExperiment', [smallKacSpec({ kernel: { gamma: 2 } })])
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-spec', issues: [{ path: 'kernel.gamma' }] } })
    const started = await callJson('startExperiment', [smallKacSpec()])
    expect(started).toMatchObject({ ok: true, value: { experimentId: 1, runIds: [1] } })
    await wb.whenIdle()
    await new Promise((r) => setTimeout(r, 200)) // let the last frames arrive
    ws.close()

    expect(events[0]).toMatchObject({ type: 'project' })
    const statuses = events.filter((e) => e.type === 'run').map((e) => (e as { run: { status: string } }).run.status)
    expect(statuses).toEqual(['queued', 'running', 'done'])
    const streamed = events.filter((e) => e.type === 'history').reduce((n, e) => n + (e as { t: number[] }).t.length, 0)
    const history = (await callJson('getHistory', [1])).value
    expect(streamed).toBe(history.t.length)
  })
})

describe('streamed export', () => {
  it("streams a run's export as the API's bytes, with the token only, and answers bad requests with a status", async () => {
    // Runs after 'carries calls, errors and events', which made run 1 of web.landau.
    for (const format of ['csv', 'json'] as const) {
      const res = await get(`/api/export?run=1&format=${format}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="run-1.${format}"`)
      expect(await res.text()).toBe(await wb.exportRun(1, format))
    }
    expect((await get('/api/export?run=1&format=csv', {})).status).toBe(401)
    expect((await get('/api/export?run=99&format=csv')).status).toBe(404)
    expect((await get('/api/export?run=1&format=xml')).status).toBe(400)
    expect((await get('/api/export?run=-1&format=csv')).status).toBe(400)
  })
})

describe('event backpressure', () => {
  it('drops a client that stops reading once over 8 MiB is queued for it, and keeps serving the others', async () => {
    const listeners = new Set<(e: WorkbenchEvent) => void>()
    const api = { onEvent: (l: (e: WorkbenchEvent) => void) => (listeners.add(l), () => listeners.delete(l)) } as unknown as WorkbenchApi
    const s = await startWebServer({ api, staticDir: ui, port: 0 })
    try {
      const slow = (await openEvents(s, { cookie: signedIn(s) })) as WebSocket
      const fast = (await openEvents(s, { cookie: signedIn(s) })) as WebSocket
      let fastGot = 0
      fast.on('message', () => fastGot++)
      // The slow page's socket stops reading: what the server sends piles up in its queue.
      ;(slow as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause()
      let slowGot = 0
      slow.on('message', () => slowGot++)
      const closed = new Promise<void>((ok) => slow.once('close', () => ok()))
      const big = { type: 'history', runId: 1, t: [0], values: { x: 'x'.repeat(1 << 20) } } as unknown as WorkbenchEvent
      const sent = 64 // 64 MiB, 8 times the bound
      for (let k = 0; k < sent; k++) {
        for (const l of listeners) l(big)
        await new Promise((r) => setImmediate(r)) // let the fast client read
      }
      ;(slow as unknown as { _socket: { resume(): void } })._socket.resume()
      await closed
      expect(slowGot).toBeLessThan(sent)
      await new Promise((r) => setTimeout(r, 200))
      expect(fastGot).toBe(sent)
      fast.close()
    } finally {
      await s.close()
    }
  })
})
