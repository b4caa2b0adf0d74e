// ACCEPTANCE (hardening): "two CLIs and a server writing one project for 30 s lose no row and crash
// nothing". Two lanes of `landau run` processes (each lane starts a new CLI when the last one ends, so
// opens, sweeps and closes interleave with the writes too) and a real `landau serve`, driven over HTTP
// with its launch token as the browser drives it, write the same project for WRITE_SECONDS. Before
// IMMEDIATE transactions, about one writer in two died of an uncaught SQLITE_BUSY in appendHistory.
// Then: every CLI exited 0 and the server ran until its SIGTERM (exit 143), every run is in the file and
// done, each holds exactly the rows its spec prescribes (t = 0, every `every` steps, t = T), and PRAGMA
// integrity_check says ok. ≈ 35 s on 2 cores.
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ProjectStore } from '../../src/backend/store/projectStore'
import { startServer } from '../helpers/landauServe'
import { scratchDir } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'

const WRITE_SECONDS = 30
const dir = scratchDir('landau-writers-')
const bin = join(process.cwd(), 'bin', 'landau.js')

interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

function run(args: string[]): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

/** Rows a particle run writes: t = 0, every `every` steps, and the last step if not already one. */
function expectedRows(time: { T: number; dt: number; every: number }): number {
  const steps = Math.round(time.T / time.dt)
  return 1 + Math.floor(steps / time.every) + (steps % time.every === 0 ? 0 : 1)
}

/**
 * The server's lane: `landau serve` on the project; signed in with the token it prints (as a browser is),
 * it starts one experiment after another over HTTP, each once the last has ended, until the deadline;
 * then SIGTERM. Returns what it started and how the process ended.
 */
async function serveLane(project: string, specFile: string, deadline: number) {
  const server = await startServer(['--project', project, '--workers', '1'])
  const url = server.url
  const signIn = await fetch(url, { redirect: 'manual' })
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]
  const call = async (method: string, ...args: unknown[]) => {
    const res = await fetch(new URL('/api/call', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ method, args }),
    })
    const answer = (await res.json()) as { ok: boolean; value?: any; error?: { message: string } }
    if (!answer.ok) throw new Error(`${method}: ${answer.error?.message}`)
    return answer.value
  }
  const spec: unknown = JSON.parse(readFileSync(specFile, 'utf8'))
  const experiments: number[] = []
  const runIds: number[] = []
  const statuses: string[] = []
  try {
    while (Date.now() < deadline) {
      const ids = (await call('startExperiment', spec)) as { experimentId: number; runIds: number[] }
      experiments.push(ids.experimentId)
      runIds.push(...ids.runIds)
      for (const id of ids.runIds) {
        let status = 'queued'
        while (status === 'queued' || status === 'running') {
          await new Promise((r) => setTimeout(r, 50))
          status = ((await call('getRun', id)) as { status: string }).status
        }
        statuses.push(status)
      }
    }
  } finally {
    await server.stop()
  }
  return { experiments, runIds, statuses, exit: await server.exited }
}

describe('concurrent writers (acceptance)', () => {
  it(`two CLIs and a web server write one project for ${WRITE_SECONDS} s: no row lost, no crash`, async () => {
    const project = join(dir, 'shared.landau')
    ProjectStore.open(project, { create: true, owner: 'test:1', ownerAlive: () => false }).close()
    // Small particle systems, a row every step or every third (1000 steps: the end row is extra), so that
    // rows, not arithmetic, are the work: each run commits a few batches and many progress updates.
    const cliSpec = join(dir, 'cli.json')
    writeFileSync(
      cliSpec,
      JSON.stringify(
        smallKacSpec({
          name: 'cli',
          solvers: [
            { kind: 'kac', N: 8, replicas: 2 },
            { kind: 'kac', N: 5 },
          ],
          time: { T: 20, dt: 0.01, every: 1 },
        }),
      ),
    )
    const wbSpec = join(dir, 'wb.json')
    writeFileSync(
      wbSpec,
      JSON.stringify(smallKacSpec({ name: 'workbench', solvers: [{ kind: 'kac', N: 6, replicas: 2 }], time: { T: 10, dt: 0.01, every: 3 } })),
    )

    const deadline = Date.now() + WRITE_SECONDS * 1000
    const cliRuns: number[] = []
    const failures: string[] = []
    const lane = async () => {
      let n = 0
      while (Date.now() < deadline || n === 0) {
        const r = await run([bin, 'run', cliSpec, '--project', project, '--workers', '1'])
        n++
        if (r.code !== 0) failures.push(`landau run exited ${r.code ?? r.signal}: ${r.stderr.slice(-2000)}`)
        for (const m of r.stdout.matchAll(/^experiment \d+ run (\d+): kac (\w+)/gm)) {
          cliRuns.push(Number(m[1]))
          if (m[2] !== 'done') failures.push(`CLI run ${m[1]} ended ${m[2]}`)
        }
      }
      return n
    }
    const [server, invocationsA, invocationsB] = await Promise.all([serveLane(project, wbSpec, deadline), lane(), lane()])
    if (server.exit.code !== 143)
      failures.push(`landau serve exited ${server.exit.code ?? server.exit.signal} (143 expected, its SIGTERM): ${server.exit.stderr.slice(-2000)}`)
    expect(failures).toEqual([])
    expect(server.statuses.every((s) => s === 'done')).toBe(true)
    // Enough overlap to mean something: several CLI processes per lane, many experiments from the server.
    expect(invocationsA + invocationsB).toBeGreaterThanOrEqual(4)
    expect(server.experiments.length).toBeGreaterThanOrEqual(5)

    const store = ProjectStore.open(project, { readonly: true, owner: 'test:2', ownerAlive: () => true })
    try {
      expect(store.integrityCheck()).toBe('ok')
      const runs = store.listRuns()
      // Every run a writer reported is in the file, and nothing else.
      expect(runs.map((r) => r.id).sort((a, b) => a - b)).toEqual([...cliRuns, ...server.runIds].sort((a, b) => a - b))
      for (const r of runs) {
        expect(r.status, `run ${r.id}`).toBe('done')
        expect(r.stopReason ?? null).toBeNull()
        const h = store.getHistory(r.id)
        expect(h.t.length, `rows of run ${r.id}`).toBe(expectedRows(r.spec.time))
        // In order, no duplicate: seq 0.. holds steps 0, every, 2·every, …, and T.
        expect(h.t[0]).toBe(0)
        expect(h.t.at(-1)).toBeCloseTo(r.spec.time.T, 9)
        expect(
          h.t.every((t, k) => k === 0 || t > h.t[k - 1]),
          `run ${r.id} in time order`,
        ).toBe(true)
      }
    } finally {
      store.close()
    }
  }, 90_000)
})
