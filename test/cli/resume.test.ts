// Checkpoints and resume as a cluster job meets them: `landau run --checkpoint-every` killed with SIGKILL at
// random instants (a time limit, a preemption), continued by `landau run --resume` and `landau resume`, each
// leg killed again, and finally run to the end. The oracle is the same experiment run once, never stopped:
// every history row, history block, snapshot and density must be equal byte for byte, for a particle run
// (Kac, four replicas, snapshots) and a deterministic one (the regularised isotropic scheme, whose adaptive
// step carries state from one step to the next). The kill instants come from a seeded generator (set
// LANDAU_RESUME_SEED to replay another draw) and are logged.
import { spawn, spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { scratchDir } from '../helpers/tmp'
import { mulberry32 } from '../helpers/specFuzz'

const dir = scratchDir('landau-resume-')
const bin = join(process.cwd(), 'bin', 'landau.js')
const at = (name: string) => join(dir, name)

function landau(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const spec = {
  name: 'resume demo',
  initial: { family: 'bkw', K0: 0.6 },
  kernel: { gamma: 0 },
  solvers: [
    { kind: 'kac', N: 500, replicas: 4, integrator: 'rotation' },
    { kind: 'isotropic', cells: 80, rMax: 8, eps: 0.2 },
  ],
  time: { T: 0.6, dt: 0.005, every: 5 },
  snapshots: [0.2, 0.4, 0.6],
  seed: 5,
}
const specPath = at('spec.json')
writeFileSync(specPath, JSON.stringify(spec))

function query<T>(file: string, sql: string): T[] {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return db.prepare(sql).all() as T[]
  } finally {
    db.close()
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Starts `landau args`, waits until it runs every run not done (the file says so), then `delayMs` more,
 * and kills it with SIGKILL: no handler runs, the file is left as the last commit left it.
 */
async function killWhileRunning(args: string[], file: string, delayMs: number): Promise<void> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: 'ignore' })
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
  let exitedEarly = false
  void exited.then(() => (exitedEarly = true))
  for (;;) {
    if (exitedEarly) throw new Error(`landau ${args.join(' ')} ended before it could be killed`)
    try {
      // Running under this process: a killed leg leaves its runs 'running' under its own (dead) pid.
      const runs = query<{ status: string; owner: string }>(file, `SELECT status, owner FROM runs`)
      if (runs.length > 0 && runs.every((r) => r.status === 'done' || (r.status === 'running' && r.owner.endsWith(`:${child.pid}`)))) break
    } catch {
      // the file is not there yet, or not yet a project
    }
    await sleep(20)
  }
  await sleep(delayMs)
  child.kill('SIGKILL')
  await exited
}

/** Everything a run stores as it goes, by run index, as comparable text (blobs in hex). */
function dump(file: string): Record<string, string[]> {
  const hex = (r: Record<string, unknown>) => Object.values(r).map((v) => (Buffer.isBuffer(v) ? v.toString('hex') : String(v)))
  const of = (table: string, cols: string, order: string) =>
    query<Record<string, unknown>>(file, `SELECT r.idx, ${cols} FROM ${table} x JOIN runs r ON r.id = x.run_id ORDER BY r.idx, ${order}`).map((r) =>
      hex(r).join(' '),
    )
  return {
    history: of('history', 'x.seq, x.step, x.t, x.vals', 'x.seq'),
    blocks: of('history_blocks', 'x.seq0, x.seq1, x.t0, x.t1, x.stats', 'x.seq0'),
    snapshots: of('snapshots', 'x.step, x.t, x.replica, x.n, x.v', 'x.step, x.replica'),
    densities: of('densities', 'x.step, x.t, x.kind, x.meta, x.data', 'x.step'),
    moments: of('replica_moments', 'x.step, x.t, x.phi, x.m, x.q', 'x.step, x.phi'),
  }
}

describe('landau resume', () => {
  it('continues runs killed at random instants to the bits of an uninterrupted run', { timeout: 120_000 }, async () => {
    const ref = at('ref.landau')
    const t0 = Date.now()
    const r0 = landau(['run', specPath, '--project', ref, '--checkpoint-every', '0'])
    console.log(`uninterrupted run: ${Date.now() - t0} ms`)
    expect(r0.code, r0.stderr).toBe(0)
    expect(query(ref, `SELECT * FROM checkpoints`)).toEqual([]) // none asked for

    // Kill instants scaled by the shorter run's own wall time on this machine (the built command line runs
    // these in ~1 s, the sources through tsx or a loaded CI machine take several): three legs of 10–25 % of
    // it each leave both runs unfinished until the last resume, whatever the machine's speed.
    const shortest = Math.min(...query<{ wall_ms: number }>(ref, `SELECT wall_ms FROM runs`).map((r) => r.wall_ms))
    const seed = Number(process.env.LANDAU_RESUME_SEED ?? 20240611)
    const random = mulberry32(seed) // seeded, so that the kill instants of a failure can be replayed
    const file = at('killed.landau')
    const legs = [
      ['run', specPath, '--project', file, '--checkpoint-every', '0.05', '--workers', '2'],
      ['run', specPath, '--project', file, '--resume', '--checkpoint-every', '0.05', '--workers', '2'],
      ['resume', file, '--checkpoint-every', '0.05', '--workers', '2'],
    ]
    const fromCheckpoint = new Set<number>()
    for (const args of legs) {
      const t0 = Date.now()
      const delay = Math.round(shortest * (0.1 + 0.15 * random()))
      await killWhileRunning(args, file, delay)
      const cps = query<{ idx: number; step: number }>(file, `SELECT r.idx, c.step FROM checkpoints c JOIN runs r ON r.id = c.run_id ORDER BY r.idx`)
      const status = query<{ idx: number; status: string }>(file, `SELECT idx, status FROM runs ORDER BY idx`)
      console.log(
        `seed ${seed}: \`landau ${args[0]}${args.includes('--resume') ? ' --resume' : ''}\` killed ${delay} ms into its runs (${Date.now() - t0} ms after its start);`,
        {
          status: status.map((s) => `${s.idx}:${s.status}`).join(' '),
          checkpoints: cps.map((c) => `${c.idx}@${c.step}`).join(' '),
        },
      )
      for (const c of cps) if (c.step > 0) fromCheckpoint.add(c.idx)
    }
    // The oracle must have been put to work: each run went on from a checkpoint past step 0 at least once.
    expect([...fromCheckpoint].sort()).toEqual([0, 1])

    const t1 = Date.now()
    const last = landau(['resume', file, '--checkpoint-every', '0.05'])
    console.log(`last resume: ${Date.now() - t1} ms`)
    expect(last.code, last.stderr).toBe(0)
    expect(query(file, `SELECT count(*) AS n FROM experiments`)).toEqual([{ n: 1 }]) // --resume added nothing
    expect(query(file, `SELECT status FROM runs ORDER BY idx`)).toEqual([{ status: 'done' }, { status: 'done' }])
    expect(query(file, `SELECT * FROM checkpoints`)).toEqual([]) // deleted once done

    const want = dump(ref)
    const got = dump(file)
    for (const table of Object.keys(want)) {
      expect(got[table].length, table).toBe(want[table].length)
      got[table].forEach((line, k) => expect(line, `${table} ${k}`).toBe(want[table][k]))
    }
    expect(want.history.length).toBeGreaterThan(0)
    expect(want.snapshots.length).toBeGreaterThan(0)
    expect(want.densities.length).toBeGreaterThan(0)
  })

  it('refuses bad input with exit code 2 and has nothing to do in a finished project', () => {
    const ref = at('ref.landau')
    const none = landau(['resume', ref])
    expect(none.code, none.stderr).toBe(0)
    expect(none.stderr).toMatch(/no run to resume/)
    const done = landau(['resume', ref, '--run', '1'])
    expect(done.code).toBe(2)
    expect(done.stderr).toMatch(/run 1 is done: there is nothing to resume/)
    expect(landau(['resume', ref, '--run', '99']).stderr).toMatch(/has no run 99/)
    const bad = landau(['run', specPath, '--project', at('x.landau'), '--checkpoint-every', '-1'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--checkpoint-every must be a number of seconds ≥ 0/)
    expect(landau(['resume', at('missing.landau')]).code).toBe(2)
  })
})
