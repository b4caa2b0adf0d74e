// The manifest of a `landau submit` (src/cli/submitCommand.ts): what was submitted to Slurm, kept as
// manifest.json in the job folder beside the project (`OUT.slurm/`, src/backend/slurm/jobFolder.ts).
// `landau status` and the UI's cluster panel read it back, so it is checked here on every read: a
// hand-edited manifest cannot make them read files outside the job folder.
import { z } from 'zod'
import { MAX_SHARDS } from './shard'

export const SUBMIT_MANIFEST_VERSION = 1

/** Shard i's file, relative to the job folder: the only form a manifest may name. */
export const shardFileName = (i: number) => `shards/s${i}.landau`

const jobId = z.string().regex(/^\d+$/, { error: 'a Slurm job id is digits' })

export const SubmitManifest = z
  .object({
    version: z.literal(SUBMIT_MANIFEST_VERSION),
    /** The merged project (absolute path), `landau submit`'s OUT. */
    out: z.string().min(1),
    /** The spec the jobs run, a copy in the job folder (its file name there). */
    spec: z.literal('spec.json'),
    /** sha256 of spec.json's bytes: a submission of another spec into the same folder is refused. */
    specSha256: z.string().regex(/^[0-9a-f]{64}$/),
    shards: z.number().int().min(1).max(MAX_SHARDS),
    /** shardFiles[i − 1] is shard i's project file, relative to the job folder. */
    shardFiles: z.array(z.string()),
    /** The array job and the merge job; null until both were submitted. */
    jobs: z.object({ array: jobId, merge: jobId }).nullable(),
    submittedAt: z.string(),
    /** The code version of the submitting checkout: the jobs run the same files (node and CLI below). */
    codeVersion: z.string(),
    node: z.string(),
    cli: z.string(),
    /** `--sbatch` words, given to both sbatch calls as they came. */
    sbatchArgs: z.array(z.string()),
  })
  .strict()
  .refine((m) => m.shardFiles.length === m.shards && m.shardFiles.every((f, k) => f === shardFileName(k + 1)), {
    error: 'shardFiles must be shards/s1.landau … shards/sK.landau',
  })
export type SubmitManifest = z.infer<typeof SubmitManifest>
