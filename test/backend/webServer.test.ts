// The web transport: WorkbenchApi over HTTP, events over WebSocket, the built UI as static files,
// and the loopback-only guard (foreign Host or Origin is refused).
import { mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createNodeWorkbench } from '../../src/backend/nodeWorkbench'
import { startWebServer } from '../../src/backend/webServer'
import type { RunningWebServer } from '../../src/backend/webServer'
import type { Workbench } from '../../src/backend/workbench'
import type { WorkbenchEvent } from '../../src/shared/api'
import { scratchDir } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'

const dir = scratchDir('landau-web-')
let wb: Workbench
let server: RunningWebServer

beforeAll(async () => {
  const ui = join(dir, 'ui')
  mkdirSync(ui)
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>ui</title>')
  wb = createNodeWorkbench({ threads: 1 })
  server = await startWebServer({ api: wb, staticDir: ui, port: 0 })
})
afterAll(async () => {
  await server.close()
  await wb.shutdown()
})

type Json = any

function call(method: string, args: unknown[], headers: Record<string, string> = {}) {
  return fetch(new URL('/api/call', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ method, args }),
  })
}

async function callJson(method: string, args: unknown[]): Promise<Json> {
  return (await call(method, args)).json()
}

/** A raw request, so the Host header can be forged as a DNS-rebinding page would. */
function rawGet(path: string, host: string): Promise<number> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers: { host } }, (res) => {
      res.resume()
      ok(res.statusCode ?? 0)
    })
    req.on('error', fail)
    req.end()
  })
}

describe('web server', () => {
  it('serves the UI with a CSP and falls back to index.html', async () => {
    const r = await fetch(server.url)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
    expect(await r.text()).toContain('<title>ui</title>')
    expect((await fetch(new URL('/some/route', server.url))).status).toBe(200)
    expect((await fetch(new URL('/%2e%2e/%2e%2e/etc/passwd', server.url))).status).not.toBe(500)
  })

  it('refuses foreign origins and hosts', async () => {
    expect((await call('appInfo', [], { origin: 'https://evil.example' })).status).toBe(403)
    expect(await rawGet('/', 'evil.example:80')).toBe(403)
    const noJson = await fetch(new URL('/api/call', server.url), { method: 'POST', body: '{}', headers: { 'content-type': 'text/plain' } })
    expect(noJson.status).toBe(415)
  })

  it('carries calls, errors and events', async () => {
    const info = await callJson('appInfo', [])
    expect(info).toMatchObject({ ok: true, value: { mode: 'web', canPickFiles: false } })
    const noProject = await callJson('listRuns', [])
    expect(noProject).toMatchObject({ ok: false, error: { code: 'no-project' } })
    const unknown = await callJson('eval', ['1'])
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })

    const events: WorkbenchEvent[] = []
    const ws = new WebSocket(new URL('/api/events', server.url.replace('http', 'ws')))
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
