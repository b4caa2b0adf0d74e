// `landau status OUT.landau`: where the experiment `landau submit` sent to Slurm for OUT stands, read from
// its job folder (src/backend/slurm/shardStatus.ts: the manifest, each shard file and OUT, all read-only),
// with the jobs' states from squeue where squeue answers. One line per shard and one for the merge, or
// --json. Exit code 2 when OUT has no job folder.
import type { ClusterStatus, ShardProgress } from '../shared/clusterStatus'
import { openOrCreateProjectPath } from '../backend/projectPath'
import { jobFolderFor } from '../backend/slurm/jobFolder'
import { readClusterStatusWithQueue } from '../backend/slurm/shardStatus'
import { InputError } from './inputError'
import { cleanTimes } from '../shared/cleanTime'

const queued = (state: string | null | undefined) => (state ? ` [${state}]` : '')

export function shardLine(s: ShardProgress, count: number): string {
  const what = s.state === 'running' ? `running ${(100 * s.progress).toFixed(0)}%` : s.state === 'failed' ? `failed: ${s.reason ?? 'unknown reason'}` : s.state
  const runs = s.runsTotal === null ? '' : `, ${s.runsDone}/${s.runsTotal} runs done`
  return `shard ${s.index}/${count}: ${what}${runs}${queued(s.job)}`
}

export function statusLines(st: ClusterStatus): string[] {
  const jobs = st.jobs ? `array job ${st.jobs.array}, merge job ${st.jobs.merge}` : 'not submitted'
  const m = st.merged
  return [
    `${st.out}: ${st.shards.length} shard${st.shards.length === 1 ? '' : 's'}, ${jobs}, submitted ${st.submittedAt}`,
    ...st.shards.map((s) => shardLine(s, st.shards.length)),
    `merged: ${m.complete ? 'yes' : 'no'}, ${m.runsDone}/${m.runsTotal} runs in OUT${queued(st.mergeJob && `merge job ${st.mergeJob}`)}`,
  ]
}

export async function statusCommand(out: string, opts: { json?: boolean }): Promise<void> {
  // Only checks the name (a .landau path, a project file if something is there): nothing is created.
  const path = openOrCreateProjectPath(out).path
  const status = await readClusterStatusWithQueue(path)
  if (!status) throw new InputError(`no landau submit job folder for ${path} (expected ${jobFolderFor(path)}/manifest.json)`)
  process.stdout.write(opts.json ? `${JSON.stringify(status, cleanTimes)}\n` : `${statusLines(status).join('\n')}\n`)
}
