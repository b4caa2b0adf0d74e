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
import { checkExperiment, expandRuns } from '../../src/shared/spec'
import { planShards, shardRuns } from '../../src/shared/shardPlan'
import { replicaRowBytes } from '../../src/shared/storageEstimate'

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
  it('runs the experiment whole and as three shards, each shard only its runs and replica ranges, with their own indices', () => {
    writeFileSync(specPath, JSON.stringify(spec))
    expect(landau(['run', specPath, '--project', at('whole.landau'), '-w', '1']).code).toBe(0)
    // The plan (shardPlan.ts) gives Kac at N = 40 (index 2), more than a third of the work alone, to two
    // shards by replica range; every other run goes whole to one shard.
    const check = checkExperiment(spec)
    if (!check.ok) throw new Error('spec')
    const plan = planShards(expandRuns(check.spec), 3)
    expect(plan.flat().filter((u) => u.replicaRange)).toEqual([
      { runIndex: 2, replicaRange: { from: 1, to: 3 } },
      { runIndex: 2, replicaRange: { from: 0, to: 1 } },
    ])
    expect(
      plan
        .flat()
        .map((u) => u.runIndex)
        .sort(),
    ).toEqual([0, 1, 2, 2, 3, 4, 5])
    shards.forEach((s, k) => {
      const r = landau(['run', specPath, '--project', s, '-w', '1', '--shard', `${k + 1}/3`])
      expect(r.code).toBe(0)
      const db = new Database(s, { readonly: true })
      // Shard i of 3 holds its runs of the plan, stored under their indices and marked "i/3".
      expect(db.prepare(`SELECT idx, shard, status, replica_from, replica_to FROM runs ORDER BY idx`).raw().all()).toEqual(
        plan[k].map((u) => [u.runIndex, `${k + 1}/3`, 'done', u.replicaRange?.from ?? null, u.replicaRange?.to ?? null]),
      )
      // A part stores its replicas' snapshots under their own replica indices.
      for (const u of plan[k].filter((x) => x.replicaRange)) {
        const id = db.prepare(`SELECT id FROM runs WHERE idx = ?`).pluck().get(u.runIndex)
        const replicas = db.prepare(`SELECT DISTINCT replica FROM snapshots WHERE run_id = ? ORDER BY replica`).pluck().all(id)
        expect(replicas).toEqual(Array.from({ length: u.replicaRange!.to - u.replicaRange!.from }, (_, j) => u.replicaRange!.from + j))
        expect(db.prepare(`SELECT count(*) FROM replica_rows WHERE run_id = ?`).pluck().get(id)).toBe(6) // rows at steps 0, 2, …, 10
        // The storage estimate's account of them: 6 moments and N = 40 pooled particles (⌊65536/3⌋ > N) a replica, per row.
        const bytes = db.prepare(`SELECT sum(length(moments) + length(pool)) FROM replica_rows WHERE run_id = ?`).pluck().get(id)
        const part = shardRuns(check.spec, { index: k + 1, count: 3 }).find((r) => r.runIndex === u.runIndex)!
        expect(bytes).toBe(6 * (u.replicaRange!.to - u.replicaRange!.from) * 8 * (6 + 3 * 40))
        expect(replicaRowBytes(part)).toBe(Number(bytes) + 6 * 2 * 256) // + the estimate's per-blob overhead
      }
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
      `${shards[0]}: 1 experiment added, 0 already present; 0 runs added, 0 already present; 1 replica-range part joined into whole runs`,
      `${shards[1]}: 0 experiments added, 1 already present; 3 runs added, 0 already present`,
      `${shards[2]}: 0 experiments added, 1 already present; 2 runs added, 0 already present; 1 replica-range part joined into whole runs`,
      `experiment "shard demo" run index 2: whole run written from 2 parts`,
      `created ${at('merged.landau')}`,
    ])
    expect(integrity(at('merged.landau'))).toBe('ok')
    expect(logicalDump(at('merged.landau'))).toEqual(logicalDump(at('whole.landau')))
    // The shard a run was computed in travels with it.
    const db = new Database(at('merged.landau'), { readonly: true })
    expect(db.prepare(`SELECT shard FROM runs ORDER BY idx`).pluck().all()).toEqual([
      '3/3',
      '2/3',
      '3/3 replicas [0, 1) + 1/3 replicas [1, 3)',
      '2/3',
      '3/3',
      '2/3',
    ])
    // The parts' per-replica row inputs served their purpose: the whole run does not keep them.
    expect(db.prepare(`SELECT count(*) FROM replica_rows`).pluck().get()).toBe(0)
    db.close()
    // Merging a shard again: its whole runs are present, its part belongs to a whole run already there.
    const shardAgain = landau(['merge', at('merged.landau'), shards[0]])
    expect(shardAgain.stdout).toMatch(/0 runs added, 0 already present; 1 part already merged$/m)
    expect(logicalDump(at('merged.landau'))).toEqual(logicalDump(at('whole.landau')))
    // The one-machine file's runs are the same runs: merging it in adds nothing and is no conflict.
    const again = landau(['merge', at('merged.landau'), at('whole.landau')])
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/0 experiments added, 1 already present; 0 runs added, 6 already present/)
  })

  it('adds nothing when the same shard is merged twice, and keeps a lone part waiting', () => {
    const first = landau(['merge', at('twice.landau'), shards[2]])
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/2 runs added, 0 already present; 1 part waiting for the run's other parts/)
    const dump = logicalDump(at('twice.landau'))
    expect(dump[0].runs.map((r) => r.idx)).toEqual([0, 4])
    const counts = rowCounts(at('twice.landau'))
    const r = landau(['merge', at('twice.landau'), shards[2]])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/0 experiments added, 1 already present; 0 runs added, 2 already present; 1 part waiting/)
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

  // Replica-range parts of run index 2: shard 1 holds [1, 3), shard 3 holds [0, 1) (the plan above).
  const partConflicts: [string, () => string[], string, RegExp][] = [
    [
      'the same part with other row inputs',
      () => [shards[0], edited(shards[0], 'badpart.landau', (db) => db.prepare(`UPDATE replica_rows SET pool = zeroblob(length(pool)) WHERE step = 4`).run())],
      'pc1.landau',
      /conflict: experiment "shard demo" run index 2: replicas \[1, 3\): replica_rows rows differ \(.*s1\.landau against .*badpart\.landau\); nothing was merged/,
    ],
    [
      'overlapping parts',
      () => [shards[0], edited(shards[2], 'overlap.landau', (db) => db.prepare(`UPDATE runs SET replica_to = 2 WHERE idx = 2`).run())],
      'pc2.landau',
      /conflict: experiment "shard demo" run index 2: overlapping parts replicas \[0, 2\) and replicas \[1, 3\)/,
    ],
    [
      'a part of another run than the whole run in OUT',
      () => [edited(shards[0], 'otherpart.landau', (db) => db.prepare(`UPDATE runs SET code_version = 'other' WHERE idx = 2`).run())],
      'merged.landau',
      /conflict: experiment "shard demo" run index 2: replicas \[1, 3\) is not a part of the run already in the output/,
    ],
  ]
  for (const [what, inputs, out, message] of partConflicts) {
    it(`refuses ${what}, exit code 2, OUT unchanged`, () => {
      const target = at(out)
      const before = existsSync(target) ? sha256(target) : null
      const r = landau(['merge', target, ...inputs()])
      expect(r.code).toBe(2)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).toMatch(message)
      expect(existsSync(target) ? sha256(target) : null).toBe(before)
    })
  }

  it('skips runs that are not done, says so, and merges designs once', () => {
    const design = (db: Database.Database) =>
      db.prepare(`INSERT INTO designs (name, initial, created_at) VALUES ('d', '{"family":"bkw","K0":0.6}', 'then')`).run()
    const a = edited(shards[0], 'da.landau', design)
    const b = edited(shards[2], 'db.landau', (db) => {
      design(db)
      db.prepare(`UPDATE runs SET status = 'failed', stop_reason = 'error', error = 'boom' WHERE idx = 0`).run()
    })
    const r = landau(['merge', at('partial.landau'), a, b])
    expect(r.code).toBe(0)
    // The two parts of run index 2 come from the two inputs: joined.
    expect(r.stdout.split('\n')[0]).toMatch(/0 runs added, 0 already present; 1 design added; 1 replica-range part joined into whole runs$/)
    expect(r.stdout.split('\n')[1]).toMatch(/1 run added, 0 already present; skipped \(not done\): 1 failed; 1 replica-range part joined into whole runs$/)
    const counts = rowCounts(at('partial.landau'))
    expect(counts).toMatchObject({ designs: 1, experiments: 1, runs: 2 })
    const merged = logicalDump(at('partial.landau'))[0].runs
    expect(merged.map((x) => x.idx)).toEqual([2, 4])
    expect(merged[0]).toEqual(logicalDump(at('whole.landau'))[0].runs[2])
  })

  it('leaves OUT as it was, sound, when killed between the finished temporary file and the rename', async () => {
    const out = at('killed.landau')
    expect(landau(['merge', out, shards[1]]).code).toBe(0)
    const before = sha256(out)
    const dump = logicalDump(out)
    const killAtPause = async (target: string) => {
      const child = spawn(process.execPath, [bin, 'merge', target, shards[0], shards[2]], {
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
    expect(landau(['merge', out, shards[0], shards[2]]).code).toBe(0)
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
