// `landau run --shard i/K` and `landau merge`, as a user runs them on a cluster: one small experiment run
// whole, and as three shards into three files that are then merged. The oracle is the one-machine run:
// since the run index is part of every random-stream key, the merged file must hold the same logical
// content (every history, snapshot and moment bit for bit), provenance (ids, times, host, shard) aside.
import { spawn, spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { integrity, logicalDump, rowCounts } from '../helpers/projectDump'
import { scratchDir, sha256 } from '../helpers/tmp'

const dir = scratchDir('landau-shards-')
const bin = join(process.cwd(), 'bin', 'landau.js')
const at = (name: string) => join(dir, name)

function landau(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

// kac and pairing over a 3-value N sweep: 6 runs (indices 0–2 kac, 3–5 pairing), Coulomb (γ = −3),
// snapshots at two times, a few replicas and steps.
const spec = {
  name: 'shard demo',
  initial: { family: 'bimaxwellian', T: [1.5, 1, 0.5] },
  kernel: { gamma: -3 },
  solvers: [
    { kind: 'kac', N: 2, replicas: 3 },
    { kind: 'pairing', N: 2, replicas: 3 },
  ],
  sweep: { N: [20, 30, 40] },
  time: { T: 0.1, dt: 0.01, every: 2 },
  snapshots: [0.04, 0.1],
  seed: 11,
}
const specPath = at('spec.json')

/** A copy of a closed project (its -wal was folded back on close), edited as a test fixture. */
function edited(from: string, name: string, edit: (db: Database.Database) => void): string {
  copyFileSync(from, at(name))
  const db = new Database(at(name))
  edit(db)
  db.close()
  return at(name)
}

const shards = [1, 2, 3].map((i) => at(`s${i}.landau`))

describe('landau run --shard and landau merge', () => {
  it('runs the experiment whole and as three shards, each shard only its runs with their own indices', () => {
    writeFileSync(specPath, JSON.stringify(spec))
    expect(landau(['run', specPath, '--project', at('whole.landau'), '-w', '1']).code).toBe(0)
    shards.forEach((s, k) => {
      const r = landau(['run', specPath, '--project', s, '-w', '1', '--shard', `${k + 1}/3`])
      expect(r.code).toBe(0)
      const db = new Database(s, { readonly: true })
      // Shard i of 3 holds runs r with r % 3 == i − 1, stored under those indices and marked "i/3".
      expect(db.prepare(`SELECT idx, shard, status FROM runs ORDER BY idx`).raw().all()).toEqual([
        [k, `${k + 1}/3`, 'done'],
        [k + 3, `${k + 1}/3`, 'done'],
      ])
      // …and the whole experiment record.
      expect(db.prepare(`SELECT spec FROM experiments`).pluck().all()).toEqual(logicalDump(at('whole.landau')).map((e) => e.spec))
      db.close()
    })
    const whole = logicalDump(at('whole.landau'))
    expect(whole[0].runs.map((r) => r.idx)).toEqual([0, 1, 2, 3, 4, 5])
    expect(whole[0].runs.every((r) => r.snapshots.length === 2 * 3)).toBe(true) // 2 times × 3 replicas
  })

  it('merges the shards into the same logical content as the whole run', () => {
    const r = landau(['merge', at('merged.landau'), ...shards])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout.trim().split('\n')).toEqual([
      `${shards[0]}: 1 experiment added, 0 already present; 2 runs added, 0 already present`,
      `${shards[1]}: 0 experiments added, 1 already present; 2 runs added, 0 already present`,
      `${shards[2]}: 0 experiments added, 1 already present; 2 runs added, 0 already present`,
      `created ${at('merged.landau')}`,
    ])
    expect(integrity(at('merged.landau'))).toBe('ok')
    expect(logicalDump(at('merged.landau'))).toEqual(logicalDump(at('whole.landau')))
    // The shard a run was computed in travels with it.
    const db = new Database(at('merged.landau'), { readonly: true })
    expect(db.prepare(`SELECT shard FROM runs ORDER BY idx`).pluck().all()).toEqual(['1/3', '2/3', '3/3', '1/3', '2/3', '3/3'])
    db.close()
    // The one-machine file's runs are the same runs: merging it in adds nothing and is no conflict.
    const again = landau(['merge', at('merged.landau'), at('whole.landau')])
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/0 experiments added, 1 already present; 0 runs added, 6 already present/)
  })

  it('adds nothing when the same shard is merged twice', () => {
    expect(landau(['merge', at('twice.landau'), shards[1]]).code).toBe(0)
    const dump = logicalDump(at('twice.landau'))
    const counts = rowCounts(at('twice.landau'))
    const r = landau(['merge', at('twice.landau'), shards[1]])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/0 experiments added, 1 already present; 0 runs added, 2 already present/)
    expect(logicalDump(at('twice.landau'))).toEqual(dump)
    expect(rowCounts(at('twice.landau'))).toEqual(counts)
  })

  const conflicts: [string, (db: Database.Database) => void, RegExp][] = [
    [
      'a different history',
      (db) => {
        // One bit of one history value of run index 1 flipped.
        const id = db.prepare(`SELECT id FROM runs WHERE idx = 1`).pluck().get()
        const vals = db.prepare(`SELECT vals FROM history WHERE run_id = ? AND seq = 3`).pluck().get(id) as Buffer
        vals[0] ^= 1
        db.prepare(`UPDATE history SET vals = ? WHERE run_id = ? AND seq = 3`).run(vals, id)
      },
      /conflict: experiment "shard demo" run index 1: history rows differ \(.*merged\.landau against .*bad\.landau\); nothing was merged/,
    ],
    [
      'a different code version',
      (db) => db.prepare(`UPDATE runs SET code_version = 'other' WHERE idx = 1`).run(),
      /conflict: experiment "shard demo" run index 1: code_version ".*" against "other"/,
    ],
  ]
  for (const [what, edit, message] of conflicts) {
    it(`refuses ${what} under the same experiment and run index, exit code 2, OUT's bytes unchanged`, () => {
      const bad = edited(shards[1], 'bad.landau', edit)
      const before = sha256(at('merged.landau'))
      const r = landau(['merge', at('merged.landau'), bad])
      expect(r.code).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).toMatch(message)
      expect(sha256(at('merged.landau'))).toBe(before)
    })
  }

  it('skips runs that are not done, says so, and merges designs once', () => {
    const design = (db: Database.Database) =>
      db.prepare(`INSERT INTO designs (name, initial, created_at) VALUES ('d', '{"family":"bkw","K0":0.6}', 'then')`).run()
    const a = edited(shards[0], 'da.landau', design)
    const b = edited(shards[2], 'db.landau', (db) => {
      design(db)
      db.prepare(`UPDATE runs SET status = 'failed', stop_reason = 'error', error = 'boom' WHERE idx = 2`).run()
    })
    const r = landau(['merge', at('partial.landau'), a, b])
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n')[0]).toMatch(/2 runs added, 0 already present; 1 design added$/)
    expect(r.stdout.split('\n')[1]).toMatch(/1 run added, 0 already present; skipped \(not done\): 1 failed$/)
    const counts = rowCounts(at('partial.landau'))
    expect(counts).toMatchObject({ designs: 1, experiments: 1, runs: 3 })
    const merged = logicalDump(at('partial.landau'))[0].runs
    expect(merged.map((x) => x.idx)).toEqual([0, 3, 5])
  })

  it('leaves OUT as it was, sound, when killed between the finished temporary file and the rename', async () => {
    const out = at('killed.landau')
    expect(landau(['merge', out, shards[0]]).code).toBe(0)
    const before = sha256(out)
    const dump = logicalDump(out)
    const killAtPause = async (target: string) => {
      const child = spawn(process.execPath, [bin, 'merge', target, shards[1], shards[2]], {
        env: { ...process.env, LANDAU_MERGE_PAUSE_MS: '60000' },
        stdio: ['ignore', 'ignore', 'pipe'],
      })
      let err = ''
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no pause within 60 s: ${err}`)), 60_000)
        child.once('exit', (code) => reject(new Error(`merge ended (${code}) before its pause: ${err}`)))
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString()
          if (err.includes('pausing')) {
            clearTimeout(timer)
            resolve()
          }
        })
      })
      child.kill('SIGKILL')
      await new Promise((r) => child.once('exit', r))
    }
    await killAtPause(out)
    expect(sha256(out)).toBe(before)
    expect(integrity(out)).toBe('ok')
    expect(logicalDump(out)).toEqual(dump)
    // A merge into a new OUT killed there leaves no OUT at all.
    await killAtPause(at('never.landau'))
    expect(existsSync(at('never.landau'))).toBe(false)
    // What the kills left is hidden and not named *.landau, so never taken for a project…
    const temps = readdirSync(dir).filter((n) => n.includes('.tmp-'))
    expect(temps.length).toBeGreaterThanOrEqual(2)
    expect(temps.every((n) => n.startsWith('.') && !n.endsWith('.landau'))).toBe(true)
    // …and the next merge into that OUT removes its leftovers once they are a minute old (their process is gone).
    const old = new Date(Date.now() - 120_000)
    for (const n of temps) utimesSync(join(dir, n), old, old)
    expect(landau(['merge', out, shards[1], shards[2]]).code).toBe(0)
    expect(readdirSync(dir).filter((n) => n.startsWith('.killed.landau.tmp-'))).toEqual([])
    expect(logicalDump(out)).toEqual(logicalDump(at('whole.landau')))
  })

  for (const bad of ['0/3', '4/3', '1/0', 'abc']) {
    it(`refuses --shard ${bad} in one line, exit code 2, creating no file`, () => {
      const p = at(`shard-${bad.replace('/', '-')}.landau`)
      const r = landau(['run', specPath, '--project', p, '--shard', bad])
      expect(r.code).toBe(2)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).toMatch(/--shard/)
      expect(existsSync(p)).toBe(false)
    })
  }
})
