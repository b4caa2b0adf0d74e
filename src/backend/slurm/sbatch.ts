// Slurm's commands as `landau submit` and `landau status` call them: execFile with argv words, never a
// shell, so a path or an --sbatch word is passed as it is and never read as code.
import { execFile } from 'node:child_process'
import { ApiError } from '../../shared/api'

interface Output {
  code: number | string | null
  stdout: string
  stderr: string
}

function run(cmd: string, args: string[], cwd?: string): Promise<Output> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as NodeJS.ErrnoException).code ?? 'error') : 0, stdout, stderr }),
    )
  })
}

/** `sbatch --parsable` prints "jobid" or "jobid;cluster". */
export function parseJobId(stdout: string): string {
  const m = /^(\d+)(;\S*)?$/.exec(stdout.trim())
  if (!m) throw new ApiError('io', `sbatch printed no job id: ${JSON.stringify(stdout.trim().slice(0, 200))}`)
  return m[1]
}

/** Submits a job (argv from jobScripts.sbatchArgv) from `cwd`; its job id. ApiError 'io' when sbatch is missing or refuses. */
export async function sbatch(args: string[], cwd: string): Promise<string> {
  const r = await run('sbatch', args, cwd)
  if (r.code === 'ENOENT') throw new ApiError('io', 'sbatch not found: submit from a Slurm login node (or print the scripts with --dry-run)')
  if (r.code !== 0) throw new ApiError('io', `sbatch refused the job: ${r.stderr.trim().split('\n').join(' ') || `exit ${r.code}`}`)
  return parseJobId(r.stdout)
}

/** Cancels jobs; best effort (used to take back an array whose merge job could not be submitted). */
export async function scancel(ids: string[]): Promise<void> {
  await run('scancel', ids)
}

/**
 * The states squeue knows for these jobs, one entry per array task ("123_4") and per plain job ("124");
 * null when squeue is not there or fails (a laptop, a finished job's folder copied elsewhere). Jobs that
 * left the queue have no entry.
 */
export async function queueStates(ids: string[]): Promise<Map<string, string> | null> {
  if (ids.length === 0) return new Map()
  // -r: one line per array task, rather than "123_[2-4]" for the pending ones.
  const r = await run('squeue', ['-h', '-r', '-j', ids.join(','), '-o', '%i %T'])
  if (r.code !== 0) return null
  const states = new Map<string, string>()
  for (const line of r.stdout.split('\n')) {
    const [id, state] = line.trim().split(/\s+/)
    if (id && state) states.set(id, state)
  }
  return states
}
