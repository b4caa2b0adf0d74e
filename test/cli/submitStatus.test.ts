// `landau submit --slurm` and `landau status` without a cluster: sbatch, squeue and scancel are stand-ins
// on PATH that record their argv and working folder and answer as told (the real cluster is
// test/cluster/slurmSubmit.test.ts's). What is checked: the job folder's contents, the argv sbatch gets
// (--sbatch words passed through as they are), nothing written on bad input or --dry-run, the refusals of
// a folder holding another submission, and the status read from hand-made shard files.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { createNodeWorkbench } from '../../src/backend/nodeWorkbench'
import { owner, ownerAlive } from '../../src/backend/processIdentity'
import { readClusterStatus } from '../../src/backend/slurm/shardStatus'
import { ProjectStore } from '../../src/backend/store/projectStore'
import { checkExperiment } from '../../src/shared/spec'
import { expandRuns } from '../../src/shared/specExperiment'
import { SubmitManifest } from '../../src/shared/submitManifest'
import { scratchDir } from '../helpers/tmp'

const dir = scratchDir('landau-submit-')
const at = (name: string) => join(dir, name)
const bin = join(process.cwd(), 'bin', 'landau.js')
const fakeBin = at('bin')

// Each stand-in appends "<cmd> <cwd>" and its argv (one word a line, then a blank line) to calls.log.
// sbatch prints the next job id (100, 101, …), or fails with the message in sbatch.fail from its call number
// sbatch.fail.after on; squeue prints queue.txt.
const record = `printf '%s %s\\n' "$(basename "$0")" "$PWD" >> "$LOG"; for a in "$@"; do printf '%s\\n' "$a" >> "$LOG"; done; echo >> "$LOG"`
const fakes: Record<string, string> = {
  sbatch: `${record}
if [ -s "$FAKE/sbatch.fail" ] && [ "$(grep -c '^sbatch ' "$LOG")" -ge "$(cat "$FAKE/sbatch.fail.after")" ]; then cat "$FAKE/sbatch.fail" >&2; exit 1; fi
n=$(cat "$FAKE/next" 2>/dev/null || echo 100); echo $((n + 1)) > "$FAKE/next"; echo "$n;cluster"`,
  squeue: `${record}\ncat "$FAKE/queue.txt" 2>/dev/null; true`,
  scancel: record,
}

const env = () => ({ ...process.env, PATH: `${fakeBin}${delimiter}${process.env.PATH}`, LOG: at('calls.log'), FAKE: fakeBin })
function landau(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000, env: env() })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}
/** The calls the stand-ins recorded since the last read: [command, cwd, argv]. */
function calls(): [string, string, string[]][] {
  const log = existsSync(at('calls.log')) ? readFileSync(at('calls.log'), 'utf8') : ''
  writeFileSync(at('calls.log'), '')
  return log
    .split('\n\n')
    .filter((c) => c.trim())
    .map((c) => {
      const [head, ...argv] = c.split('\n')
      const sp = head.indexOf(' ')
      return [head.slice(0, sp), head.slice(sp + 1), argv]
    })
}

// 4 runs (kac and pairing at two N), in 2 shards of 2.
const spec = {
  name: 'submit demo',
  initial: { family: 'bimaxwellian', T: [1.5, 1, 0.5] },
  kernel: { gamma: -3 },
  solvers: [
    { kind: 'kac', N: 2, replicas: 3 },
    { kind: 'pairing', N: 2, replicas: 3 },
  ],
  sweep: { N: [20, 30] },
  time: { T: 0.1, dt: 0.01, every: 2 },
  seed: 11,
}
const out = at('my "results".landau')
const folder = at('my "results".slurm')

beforeAll(() => {
  mkdirSync(fakeBin)
  for (const [name, text] of Object.entries(fakes)) writeFileSync(join(fakeBin, name), `#!/bin/bash\n${text}\n`, { mode: 0o755 })
  writeFileSync(at('spec.json'), JSON.stringify(spec))
  writeFileSync(at('other.json'), JSON.stringify({ ...spec, seed: 12 }))
  writeFileSync(at('bad.json'), JSON.stringify({ ...spec, kernel: { gamma: 7 } }))
})

describe('landau submit --slurm', () => {
  it('prints the scripts and the sbatch commands with --dry-run, and writes and submits nothing', () => {
    const r = landau(['submit', at('spec.json'), '--project', out, '--slurm', '--shards', '2', '--sbatch', '--mem=4G', '--dry-run'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`# ${join(folder, 'shard.sh')}\n#!/bin/bash\n`)
    expect(r.stdout).toContain(`# ${join(folder, 'merge.sh')}\n#!/bin/bash\n`)
    expect(r.stdout).toMatch(/^sbatch --parsable --mem=4G shard\.sh$/m)
    expect(r.stdout).toMatch(/^sbatch --parsable --dependency=afterok:ARRAY_JOB_ID --kill-on-invalid-dep=yes --mem=4G merge\.sh$/m)
    expect(existsSync(folder)).toBe(false)
    expect(calls()).toEqual([])
  })

  for (const [what, args, message] of [
    ['a bad spec', [at('bad.json'), '--project', out, '--slurm'], /bad\.json: .*gamma/],
    ['a project that is not *.landau', [at('spec.json'), '--project', at('out.db'), '--slurm'], /not named \*\.landau/],
    ['no scheduler', [at('spec.json'), '--project', out], /--slurm/],
    ['a time limit Slurm would not read', [at('spec.json'), '--project', out, '--slurm', '--time', '2h'], /--time must be a Slurm time limit/],
    ['a partition that is not a name', [at('spec.json'), '--project', out, '--slurm', '--partition', 'a b'], /--partition must be/],
  ] as [string, string[], RegExp][]) {
    it(`refuses ${what} in one line, exit code 2, before writing anything`, () => {
      const r = landau(['submit', ...args])
      expect(r.code).toBe(2)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).toMatch(message)
      expect(existsSync(folder)).toBe(false)
      expect(calls()).toEqual([])
    })
  }

  it('writes the job folder beside OUT and submits the array, then the merge depending on it', () => {
    const r = landau(['submit', at('spec.json'), '--project', out, '--slurm', '--shards', '2', '--sbatch', '--mem=4G', '--sbatch', '--comment=a b; $(id)'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n').slice(0, 3)).toEqual([
      'array job 100: 2 shard tasks of 4 runs',
      'merge job 101: runs after every shard task ended well',
      `job folder ${folder}`,
    ])
    const extra = ['--mem=4G', '--comment=a b; $(id)']
    expect(calls()).toEqual([
      ['sbatch', folder, ['--parsable', ...extra, 'shard.sh']],
      ['sbatch', folder, ['--parsable', '--dependency=afterok:100', '--kill-on-invalid-dep=yes', ...extra, 'merge.sh']],
    ])
    expect(JSON.parse(readFileSync(join(folder, 'spec.json'), 'utf8'))).toEqual(spec)
    for (const s of ['shard.sh', 'merge.sh']) expect(statSync(join(folder, s)).mode & 0o111).not.toBe(0)
    expect(readFileSync(join(folder, 'shard.sh'), 'utf8')).toMatch(/^#SBATCH --array=1-2$/m)
    const manifest = SubmitManifest.parse(JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')))
    expect(manifest).toMatchObject({
      out,
      shards: 2,
      shardFiles: ['shards/s1.landau', 'shards/s2.landau'],
      jobs: { array: '100', merge: '101' },
      sbatchArgs: extra,
    })
    expect(existsSync(join(folder, 'shards')) && existsSync(join(folder, 'logs'))).toBe(true)
  })

  it('refuses a folder holding another spec’s submission, and one whose jobs are still queued', () => {
    const before = readFileSync(join(folder, 'manifest.json'), 'utf8')
    const other = landau(['submit', at('other.json'), '--project', out, '--slurm'])
    expect(other.code).toBe(2)
    expect(other.stderr).toMatch(/holds the submission of another spec/)
    writeFileSync(join(fakeBin, 'queue.txt'), '100_1 RUNNING\n')
    const queued = landau(['submit', at('spec.json'), '--project', out, '--slurm', '--shards', '2'])
    expect(queued.code).toBe(2)
    expect(queued.stderr).toMatch(/still in the queue \(array 100, merge 101\)/)
    expect(readFileSync(join(folder, 'manifest.json'), 'utf8')).toBe(before)
    expect(calls().map((c) => c[0])).toEqual(['squeue'])
    writeFileSync(join(fakeBin, 'queue.txt'), '')
  })

  it('takes the array back when the merge job cannot be submitted (exit code 2)', () => {
    writeFileSync(join(fakeBin, 'sbatch.fail'), 'sbatch: error: Batch job submission failed: Invalid qos specification\n')
    writeFileSync(join(fakeBin, 'sbatch.fail.after'), '2') // the second sbatch call, the merge's
    const o = at('again.landau')
    const r = landau(['submit', at('spec.json'), '--project', o, '--slurm'])
    writeFileSync(join(fakeBin, 'sbatch.fail'), '')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/sbatch refused the job: .*Invalid qos/)
    expect(calls().map(([c, , argv]) => [c, argv.at(-1)])).toEqual([
      ['sbatch', 'shard.sh'],
      ['sbatch', 'merge.sh'],
      ['scancel', '102'],
    ])
  })
})

describe('landau status', () => {
  beforeAll(() => {
    // Hand-made shard files: shard 1 has one run done and one at 40 %; shard 2 is not there yet.
    const checked = checkExperiment(spec)
    if (!checked.ok) throw new Error('spec')
    const runs = expandRuns(checked.spec).filter((r) => r.runIndex === 0 || r.runIndex === 2)
    const file = join(folder, 'shards', 's1.landau')
    const store = ProjectStore.open(file, { create: true, owner, ownerAlive })
    store.insertExperiment(checked.spec, runs, { codeVersion: 'x', host: 'h', owner, shard: '1/2' })
    store.close()
    const db = new Database(file)
    db.prepare(`UPDATE runs SET status = 'done', progress = 1 WHERE idx = 0`).run()
    db.prepare(`UPDATE runs SET status = 'running', progress = 0.4 WHERE idx = 2`).run()
    db.close()
  })

  it('reads each shard file and OUT read-only: progress, runs done, what is missing', () => {
    const file = join(folder, 'shards', 's1.landau')
    const bytes = readFileSync(file)
    const st = readClusterStatus(out)!
    expect(st.shards).toEqual([
      { index: 1, file, state: 'running', progress: 0.7, runsDone: 1, runsTotal: 2, reason: null },
      { index: 2, file: join(folder, 'shards', 's2.landau'), state: 'missing', progress: 0, runsDone: 0, runsTotal: null, reason: null },
    ])
    expect(st.merged).toEqual({ runsDone: 0, runsTotal: 4, complete: false })
    expect(st.jobs).toEqual({ array: '100', merge: '101' })
    expect(readFileSync(file).equals(bytes)).toBe(true)
    expect(readClusterStatus(at('never submitted.landau'))).toBeNull()
  })

  it('says failed, with the reason, when a run ended otherwise than done; done when all are', () => {
    const file = join(folder, 'shards', 's1.landau')
    const db = new Database(file)
    db.prepare(`UPDATE runs SET status = 'failed', error = 'boom' WHERE idx = 2`).run()
    expect(readClusterStatus(out)!.shards[0]).toMatchObject({ state: 'failed', reason: 'run index 2 failed: boom', runsDone: 1 })
    db.prepare(`UPDATE runs SET status = 'done', error = NULL, progress = 1 WHERE idx = 2`).run()
    db.close()
    expect(readClusterStatus(out)!.shards[0]).toMatchObject({ state: 'done', progress: 1, runsDone: 2, runsTotal: 2 })
  })

  it('prints one line per shard and the merge, with the queue states squeue gives', () => {
    writeFileSync(join(fakeBin, 'queue.txt'), '100_2 PENDING\n101 PENDING\n')
    const r = landau(['status', out])
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n').slice(1)).toEqual([
      'shard 1/2: done, 2/2 runs done',
      'shard 2/2: missing [PENDING]',
      'merged: no, 0/4 runs in OUT [merge job PENDING]',
      '',
    ])
    expect(calls()).toEqual([['squeue', process.cwd(), ['-h', '-r', '-j', '100,101', '-o', '%i %T']]])
    const json = landau(['status', out, '--json'])
    expect(JSON.parse(json.stdout).shards[1]).toMatchObject({ index: 2, state: 'missing', job: 'PENDING' })
    writeFileSync(join(fakeBin, 'queue.txt'), '')
    const none = landau(['status', at('never submitted.landau')])
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/no landau submit job folder/)
  })

  it('is the API’s clusterStatus for the open project, null for a project without a job folder', async () => {
    const wb = createNodeWorkbench({ threads: 1 })
    try {
      await wb.createProject(out)
      const st = await wb.clusterStatus()
      expect(st?.shards.map((s) => s.state)).toEqual(['done', 'missing'])
      expect(st?.merged).toEqual({ runsDone: 0, runsTotal: 4, complete: false })
      await wb.createProject(at('plain.landau'))
      expect(await wb.clusterStatus()).toBeNull()
      await wb.closeProject()
      expect(await wb.clusterStatus()).toBeNull()
    } finally {
      await wb.shutdown()
    }
  })
})
