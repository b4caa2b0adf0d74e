// `landau serve` (and `npm run web`, which runs it) on a port another program holds: one line saying what
// to do and exit code 2, not Node's EADDRINUSE stack; the pool it started does not keep the process alive.
import { spawn } from 'node:child_process'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../helpers/tmp'

const dir = scratchDir('landau-serve-')
const bin = join(process.cwd(), 'bin', 'landau.js')
let holder: Server
let port: number

beforeAll(async () => {
  holder = createServer()
  await new Promise<void>((ok) => holder.listen(0, '127.0.0.1', ok))
  port = (holder.address() as { port: number }).port
})
afterAll(() => new Promise<void>((ok) => holder.close(() => ok())))

function serve(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    // XDG_CONFIG_HOME: the recent-projects list goes to the scratch folder, not the user's.
    const child = spawn(process.execPath, [bin, 'serve', ...args], { env: { ...process.env, XDG_CONFIG_HOME: dir }, timeout: 60_000 })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('close', (code) => done({ code, stdout, stderr }))
  })
}

describe('landau serve on a busy port', () => {
  it('prints one line naming the port and --port, exits 2', async () => {
    const r = await serve('--port', String(port), '--project', join(dir, 'p.landau'), '--workers', '1', '--static', dir)
    expect(r.stderr).toBe(`error: port ${port} is in use; use --port N (0 picks a free one)\n`)
    expect(r.stdout).toBe('')
    expect(r.code).toBe(2)
  })
})
