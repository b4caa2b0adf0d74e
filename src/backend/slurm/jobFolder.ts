// The job folder of a submitted experiment: `landau submit SPEC --project OUT.landau --slurm` writes
// `OUT.slurm/` beside OUT, holding the spec the jobs run (spec.json), the two job scripts, the manifest,
// the shard files (shards/s<i>.landau) and Slurm's logs (logs/). One place for its names, so the submit
// command, `landau status` and the UI agree on them.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { ApiError } from '../../shared/apiError'
import { PROJECT_EXTENSION } from '../projectPath'
import { SubmitManifest } from '../../shared/submitManifest'

export const MANIFEST_FILE = 'manifest.json'
export const SPEC_FILE = 'spec.json'
export const SHARD_SCRIPT = 'shard.sh'
export const MERGE_SCRIPT = 'merge.sh'
export const SHARDS_DIR = 'shards'
export const LOGS_DIR = 'logs'

/** `/a/b/OUT.landau` → `/a/b/OUT.slurm` (OUT already checked by projectPath: absolute, *.landau). */
export function jobFolderFor(out: string): string {
  return join(dirname(out), `${basename(out).slice(0, -PROJECT_EXTENSION.length)}.slurm`)
}

/** The folder's manifest, checked (SubmitManifest); null when there is none. ApiError 'io' when it is not one. */
export function readManifest(folder: string): SubmitManifest | null {
  const file = join(folder, MANIFEST_FILE)
  if (!existsSync(file)) return null
  let json: unknown
  try {
    json = JSON.parse(readFileSync(file, 'utf8'))
  } catch (err) {
    throw new ApiError('io', `cannot read ${file}: ${(err as Error).message}`)
  }
  const r = SubmitManifest.safeParse(json)
  if (!r.success) throw new ApiError('io', `${file} is not a landau submit manifest: ${r.error.issues[0].path.join('.')} ${r.error.issues[0].message}`)
  return r.data
}

/** Written whole or not at all (a reader never sees half a manifest): a temporary file renamed over it. */
export function writeManifest(folder: string, manifest: SubmitManifest): void {
  const file = join(folder, MANIFEST_FILE)
  const tmp = `${file}.tmp-${process.pid}`
  writeFileSync(tmp, `${JSON.stringify(manifest, null, 2)}\n`)
  renameSync(tmp, file)
}
