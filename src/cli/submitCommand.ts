// `landau submit SPEC --project OUT.landau --slurm`: runs an experiment on a Slurm cluster as a job array of
// K shard tasks (`landau run --shard i/K`, each into its own file) and a merge job that waits for them
// (`landau merge OUT` of the shard files). The scripts, a copy of the spec, the manifest, the shard files
// and the logs live in the job folder beside OUT (`OUT.slurm/`, src/backend/slurm/jobFolder.ts);
// `landau status OUT` reads them. docs/CLUSTER.md says how to use it.
// Exit code 2, before anything is written, for a bad spec, a bad OUT, a job folder holding another spec's
// submission or one still in the queue, or when sbatch is missing or refuses.
import { createHash } from 'node:crypto'
import { existsSync, lstatSync, mkdirSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { repoRoot } from '../backend/repoRoot'
import { checkExperiment, formatIssues } from '../shared/spec'
import { expandRuns } from '../shared/specExperiment'
import { gpuIssues } from '../backend/gpuRefusal'
import { MAX_SHARDS } from '../shared/shard'
import { SUBMIT_MANIFEST_VERSION, shardFileName } from '../shared/submitManifest'
import type { SubmitManifest } from '../shared/submitManifest'
import { codeVersion } from '../backend/codeVersion'
import { PROJECT_EXTENSION, openOrCreateProjectPath } from '../backend/projectPath'
import { LOGS_DIR, MERGE_SCRIPT, SHARDS_DIR, SHARD_SCRIPT, SPEC_FILE, jobFolderFor, readManifest, writeManifest } from '../backend/slurm/jobFolder'
import { displayCommand, jobName, mergeScript, sbatchArgv, shardScript } from '../backend/slurm/jobScripts'
import { queueStates, sbatch, scancel } from '../backend/slurm/sbatch'
import { InputError } from './inputError'
import { readSpecFile } from './readSpecFile'

export interface SubmitCliOptions {
  project: string
  slurm?: boolean
  shards?: number
  cpusPerTask: number
  partition?: string
  time?: string
  sbatch: string[]
  dryRun?: boolean
  /** `--checkpoint-every S` of the shard tasks. */
  checkpointEvery?: number
}

/** The CLI entry the jobs run: this checkout's, so that they run the code that submitted them. */
const CLI_ENTRY = join(repoRoot, 'bin', 'landau.js')

export async function submitCommand(specFile: string, opts: SubmitCliOptions): Promise<void> {
  if (!opts.slurm) throw new InputError('landau submit needs a scheduler: --slurm (the only one so far)')
  const raw = readSpecFile(specFile)
  const check = checkExperiment(raw)
  if (!check.ok) throw new InputError(`${specFile}: ${formatIssues(check.issues)}`)
  // Device "gpu" is checked where it runs: each shard task's `landau run` refuses it, before storing anything,
  // on a node without an adapter. A login node without one is usual, so here it is only a warning.
  const gpu = await gpuIssues(check.spec)
  if (gpu.length > 0)
    process.stderr.write(
      `warning: ${gpu[0].path}: this host has no WebGPU adapter; the shard tasks need nodes with one (e.g. --sbatch --gres=gpu:1), else they stop with that error\n`,
    )
  const out = openOrCreateProjectPath(opts.project).path // a .landau path; if something is there, a project file
  const runCount = expandRuns(check.spec).length
  // Default: one task per run; more tasks than runs cut the big particle runs by replica range (shardPlan.ts).
  const shards = opts.shards ?? Math.min(runCount, MAX_SHARDS)
  if (shards > MAX_SHARDS) throw new InputError(`--shards must be at most ${MAX_SHARDS}`)

  const folder = jobFolderFor(out)
  // The spec as read from the user's file: the jobs run this copy, so editing the file later changes nothing.
  const specText = `${JSON.stringify(raw, null, 2)}\n`
  const specSha256 = createHash('sha256').update(specText).digest('hex')
  const scriptOptions = {
    folder,
    out,
    spec: join(folder, SPEC_FILE),
    shards,
    node: process.execPath,
    cli: CLI_ENTRY,
    cpusPerTask: opts.cpusPerTask,
    partition: opts.partition,
    time: opts.time,
    name: jobName(basename(out, PROJECT_EXTENSION)),
    codeVersion: codeVersion(),
    checkpointEvery: opts.checkpointEvery,
  }
  const scripts = { [SHARD_SCRIPT]: shardScript(scriptOptions), [MERGE_SCRIPT]: mergeScript(scriptOptions) }
  const shardArgv = sbatchArgv('shard', opts.sbatch, SHARD_SCRIPT)

  if (opts.dryRun) {
    // Nothing is written: the scripts and the commands that would submit them, on stdout.
    for (const [name, text] of Object.entries(scripts)) process.stdout.write(`# ${join(folder, name)}\n${text}\n`)
    // The merge's dependency names the array's job id, which only sbatch can tell.
    const mergeArgv = sbatchArgv('merge', opts.sbatch, MERGE_SCRIPT, '0').map((w) => (w === '--dependency=afterok:0' ? '--dependency=afterok:ARRAY_JOB_ID' : w))
    process.stdout.write(`# ${runCount} runs in ${shards} shard${shards === 1 ? '' : 's'}; would be submitted (from the job folder) with:\n`)
    process.stdout.write(`cd ${displayCommand([folder])}\n${displayCommand(['sbatch', ...shardArgv])}\n${displayCommand(['sbatch', ...mergeArgv])}\n`)
    return
  }

  await checkFolder(folder, specSha256)
  mkdirSync(join(folder, SHARDS_DIR), { recursive: true })
  mkdirSync(join(folder, LOGS_DIR), { recursive: true })
  writeFileSync(join(folder, SPEC_FILE), specText)
  for (const [name, text] of Object.entries(scripts)) writeFileSync(join(folder, name), text, { mode: 0o755 })
  const manifest: SubmitManifest = {
    version: SUBMIT_MANIFEST_VERSION,
    out,
    spec: SPEC_FILE,
    specSha256,
    shards,
    shardFiles: Array.from({ length: shards }, (_, k) => shardFileName(k + 1)),
    jobs: null,
    submittedAt: new Date().toISOString(),
    codeVersion: codeVersion(),
    node: process.execPath,
    cli: CLI_ENTRY,
    sbatchArgs: opts.sbatch,
  }
  writeManifest(folder, manifest)

  const array = await sbatch(shardArgv, folder)
  let merge: string
  try {
    merge = await sbatch(sbatchArgv('merge', opts.sbatch, MERGE_SCRIPT, array), folder)
  } catch (err) {
    // An array without its merge would compute shards that nothing merges: take it back.
    await scancel([array])
    throw err
  }
  writeManifest(folder, { ...manifest, jobs: { array, merge } })
  process.stdout.write(`array job ${array}: ${shards} shard task${shards === 1 ? '' : 's'} of ${runCount} runs\n`)
  process.stdout.write(`merge job ${merge}: runs after every shard task ended well\n`)
  process.stdout.write(`job folder ${folder}\n`)
  process.stdout.write(`landau status ${displayCommand([out])}\n`)
}

/**
 * The job folder may be new, or hold an earlier submission of the same spec (to submit again after a
 * failure): not another spec's (its shard files would be taken for this one's), and not one whose jobs are
 * still in the queue (two tasks would write one shard file).
 */
async function checkFolder(folder: string, specSha256: string): Promise<void> {
  if (!existsSync(folder)) return
  if (!lstatSync(folder).isDirectory()) throw new InputError(`${folder} exists and is not a folder: move it away, or choose another --project`)
  const before = readManifest(folder)
  if (!before) return
  if (before.specSha256 !== specSha256)
    throw new InputError(`${folder} holds the submission of another spec: remove that folder (and its shards), or choose another --project`)
  if (before.jobs) {
    const states = await queueStates([before.jobs.array, before.jobs.merge])
    if (states && states.size > 0)
      throw new InputError(`the jobs of ${folder} are still in the queue (array ${before.jobs.array}, merge ${before.jobs.merge}): scancel them or wait`)
  }
}
