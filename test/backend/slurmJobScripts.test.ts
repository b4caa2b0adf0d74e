// The job scripts of `landau submit` (src/backend/slurm/jobScripts.ts), run by bash outside Slurm with a
// stand-in for node that prints the argv it gets and exits as told: paths with spaces, quotes, `$` and
// backquotes must arrive as the words they are, the retry loop must start a killed landau again (and only
// a killed one, a bounded number of times), and the merge must name every shard file.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  CHECKPOINT_EVERY_SECONDS,
  SHARD_MAX_ATTEMPTS,
  displayCommand,
  jobName,
  mergeScript,
  sbatchArgv,
  shardScript,
  shellQuote,
} from '../../src/backend/slurm/jobScripts'
import type { JobScriptOptions } from '../../src/backend/slurm/jobScripts'
import { scratchDir } from '../helpers/tmp'

const dir = scratchDir('landau-jobs-')
const nasty = join(dir, `it's a "$HOME" \`id\` $(id)\nfolder`)
mkdirSync(nasty, { recursive: true })

// The fake node: one argv word per line (NUL-free words only, which is all a path can be), then the exit
// code that `codes` holds next (one per line, consumed as it goes; 0 once it is empty).
const fakeNode = join(dir, 'fake node')
writeFileSync(
  fakeNode,
  `#!/bin/bash
for a in "$@"; do printf '<%s>\\n' "$a"; done
codes=${shellQuote(join(dir, 'codes'))}
code=$(head -n1 "$codes" 2>/dev/null); tail -n +2 "$codes" > "$codes.next" 2>/dev/null; mv "$codes.next" "$codes"
exit "\${code:-0}"
`,
  { mode: 0o755 },
)

const options = (o: Partial<JobScriptOptions> = {}): JobScriptOptions => ({
  folder: nasty,
  out: `${nasty}.landau`,
  spec: join(nasty, 'spec.json'),
  shards: 4,
  node: fakeNode,
  cli: join(nasty, 'bin', 'landau.js'),
  cpusPerTask: 2,
  name: 'demo',
  codeVersion: '0.1.0+abc',
  ...o,
})

function runScript(text: string, codes: number[], task?: number) {
  writeFileSync(join(dir, 'codes'), codes.map((c) => `${c}\n`).join(''))
  writeFileSync(join(dir, 'job.sh'), text)
  const r = spawnSync('bash', [join(dir, 'job.sh')], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...(task ? { SLURM_ARRAY_TASK_ID: String(task) } : {}) },
  })
  const calls = r.stdout.split(/^shard \d+\/\d+: attempt/m).slice(1)
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, calls }
}

/** The argv words the fake node printed, in order. */
const words = (stdout: string) => [...stdout.matchAll(/^<([^>]*)>$/gm)].map((m) => m[1])

describe('shard.sh', () => {
  it('runs the CLI with each path as one word, as shard i/K into shards/s<i>.landau', () => {
    const r = runScript(shardScript(options()), [0], 3)
    expect(r.code).toBe(0)
    expect(r.calls).toHaveLength(1)
    // Newlines in the folder split the fake's lines: compare against the same split.
    const expected = [
      join(nasty, 'bin', 'landau.js'),
      'run',
      join(nasty, 'spec.json'),
      '--project',
      join(nasty, 'shards', 's3.landau'),
      '--shard',
      '3/4',
      '--workers',
      '2',
      '--resume',
      '--checkpoint-every',
      String(CHECKPOINT_EVERY_SECONDS),
    ]
    expect(
      r.stdout
        .split('\n')
        .filter((l) => !l.startsWith('shard '))
        .join('\n'),
    ).toBe(`${expected.map((w) => `<${w}>`).join('\n')}\n`)
    expect(r.stdout).toMatch(/^shard 3\/4: landau exited with 0$/m)
  })

  it(`starts a killed landau again (137, 139, 134), at most ${SHARD_MAX_ATTEMPTS} times, and ends with its code`, () => {
    const retried = runScript(shardScript(options()), [137, 139, 0], 1)
    expect(retried.code).toBe(0)
    expect(retried.calls).toHaveLength(3)
    expect(retried.stdout).toMatch(/landau exited with 137\nshard 1\/4: attempt 2 .*\n(.|\n)*landau exited with 139\nshard 1\/4: attempt 3 /)
    const givenUp = runScript(shardScript(options()), [137, 137, 137, 0], 1)
    expect(givenUp.code).toBe(137)
    expect(givenUp.calls).toHaveLength(SHARD_MAX_ATTEMPTS)
  })

  for (const code of [1, 2, 143]) {
    it(`does not start landau again after exit code ${code} (a failed run, bad input, a stop asked for)`, () => {
      const r = runScript(shardScript(options()), [code, 0], 2)
      expect(r.code).toBe(code)
      expect(r.calls).toHaveLength(1)
    })
  }

  it('starts the shard file anew on each attempt without resume, and asks landau to resume with it', () => {
    const plain = shardScript(options({ resume: false }))
    expect(plain).toMatch(/rm -f -- "\$SHARD" "\$SHARD-wal" "\$SHARD-shm"/)
    expect(plain).not.toMatch(/--resume/)
    const resuming = shardScript(options({ resume: true }))
    expect(resuming).not.toMatch(/rm -f/)
    const r = runScript(resuming, [0], 1)
    expect(words(r.stdout).slice(-3)).toEqual(['--resume', '--checkpoint-every', String(CHECKPOINT_EVERY_SECONDS)])
    // landau submit --checkpoint-every: the tasks' interval.
    expect(words(runScript(shardScript(options({ checkpointEvery: 0.5 })), [0], 1).stdout).slice(-2)).toEqual(['--checkpoint-every', '0.5'])
    expect(() => shardScript(options({ checkpointEvery: -1 }))).toThrow(/checkpoint interval/)
  })

  it('refuses to run outside an array task', () => {
    const r = runScript(shardScript(options()), [0])
    expect(r.code).not.toBe(0)
    expect(r.stderr).toMatch(/this script is a Slurm array task/)
  })

  it('declares the array, requeue, append mode and the checked partition and time as #SBATCH lines', () => {
    const text = shardScript(options({ partition: 'gpu,cpu', time: '1-02:30:00' }))
    const directives = text.split('\n').filter((l) => l.startsWith('#SBATCH'))
    expect(directives).toEqual([
      '#SBATCH --job-name=demo',
      '#SBATCH --array=1-4',
      '#SBATCH --cpus-per-task=2',
      '#SBATCH --time=1-02:30:00',
      '#SBATCH --output=logs/shard-%a.out',
      '#SBATCH --partition=gpu,cpu',
      '#SBATCH --requeue',
      '#SBATCH --open-mode=append',
    ])
    // sbatch reads #SBATCH lines only before the first command.
    const lines = text.split('\n')
    const firstCommand = lines.findIndex((l) => l !== '' && !l.startsWith('#'))
    expect(lines.slice(firstCommand).some((l) => l.startsWith('#SBATCH'))).toBe(false)
  })

  for (const [what, o] of [
    ['partition', { partition: 'a b' }],
    ['partition', { partition: 'x\n#SBATCH --uid=0' }],
    ['time', { time: '1h' }],
    ['time', { time: '10\nrm -rf /' }],
    ['job name', { name: 'a;b' }],
  ] as [string, Partial<JobScriptOptions>][]) {
    it(`refuses a ${what} that is not Slurm's syntax: ${JSON.stringify(Object.values(o)[0])}`, () => {
      expect(() => shardScript(options(o))).toThrow(RangeError)
      expect(() => mergeScript(options(o))).toThrow(RangeError)
    })
  }
})

describe('merge.sh', () => {
  it('merges every shard file into OUT, each path one word', () => {
    const r = runScript(mergeScript(options()), [0])
    expect(r.code).toBe(0)
    const expected = [join(nasty, 'bin', 'landau.js'), 'merge', `${nasty}.landau`, ...[1, 2, 3, 4].map((i) => join(nasty, 'shards', `s${i}.landau`))]
    expect(r.stdout.slice(r.stdout.indexOf('<'))).toBe(`${expected.map((w) => `<${w}>`).join('\n')}\n`)
    expect(readFileSync(join(dir, 'job.sh'), 'utf8')).toMatch(/^#SBATCH --output=logs\/merge\.out$/m)
  })
})

describe('sbatch command lines', () => {
  it('passes --sbatch words through as they are, before the script; the merge waits on the array', () => {
    const extra = ['--mem=4G', '--comment=a b; rm -rf /', '--qos', 'low']
    expect(sbatchArgv('shard', extra, 'shard.sh')).toEqual(['--parsable', ...extra, 'shard.sh'])
    expect(sbatchArgv('merge', extra, 'merge.sh', '123')).toEqual(['--parsable', '--dependency=afterok:123', '--kill-on-invalid-dep=yes', ...extra, 'merge.sh'])
    expect(() => sbatchArgv('merge', extra, 'merge.sh')).toThrow(RangeError)
    expect(() => sbatchArgv('merge', extra, 'merge.sh', '1,2')).toThrow(RangeError)
  })

  it('shows a command line quoted where a word needs it', () => {
    expect(displayCommand(['sbatch', '--mem=4G', 'a b', "it's"])).toBe(`sbatch --mem=4G 'a b' 'it'\\''s'`)
    for (const w of ['plain', 'a b', `'"$x\`y\`\n`, '']) expect(spawnSync('bash', ['-c', `printf %s ${shellQuote(w)}`], { encoding: 'utf8' }).stdout).toBe(w)
    expect(jobName("it's my run")).toBe('it_s_my_run')
    expect(jobName('¡¿')).toBe('_')
  })
})
