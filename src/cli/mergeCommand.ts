// `landau merge OUT IN…`: brings project files (the shards of `landau run --shard`, or any projects) into
// OUT, created if missing; mergeProjects.ts holds the rules. Prints one line per input: what it added and
// what was there already, and the runs left out because they are not done. Exit code 2 on a bad path or a
// conflict (one line; OUT left as it was).
import { owner, ownerAlive } from '../backend/processIdentity'
import { openOrCreateProjectPath, projectPath } from '../backend/projectPath'
import { mergeProjects } from '../backend/store/mergeProjects'
import type { MergeInputReport } from '../backend/store/mergeProjects'
import { InputError } from './inputError'

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`

export function mergeLine(r: MergeInputReport): string {
  const skipped = Object.entries(r.skipped)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${n} ${status}`)
  return (
    `${r.file}: ${plural(r.experimentsAdded, 'experiment')} added, ${r.experimentsPresent} already present; ` +
    `${plural(r.runsAdded, 'run')} added, ${r.runsPresent} already present` +
    (r.designsAdded ? `; ${plural(r.designsAdded, 'design')} added` : '') +
    (skipped.length ? `; skipped (not done): ${skipped.join(', ')}` : '') +
    (r.partsUsed ? `; ${plural(r.partsUsed, 'replica-range part')} joined into whole runs` : '') +
    (r.partsPresent ? `; ${plural(r.partsPresent, 'part')} already merged` : '') +
    (r.partsPending ? `; ${plural(r.partsPending, 'part')} waiting for the run's other parts (merge all its shards together)` : '')
  )
}

export function mergeCommand(out: string, inputs: string[]): void {
  const target = openOrCreateProjectPath(out).path
  const files = inputs.map((f) => projectPath(f, 'open'))
  // A test hook: the pause between the finished temporary file and the rename, where a kill must leave OUT as it was.
  const pause = Number(process.env.LANDAU_MERGE_PAUSE_MS ?? 0)
  if (!Number.isFinite(pause) || pause < 0) throw new InputError('LANDAU_MERGE_PAUSE_MS must be a number of milliseconds ≥ 0')
  const result = mergeProjects(target, files, {
    owner,
    ownerAlive,
    pauseMs: pause,
    onPause: () => process.stderr.write(`pausing ${pause} ms before replacing ${target} (LANDAU_MERGE_PAUSE_MS)\n`),
  })
  for (const r of result.inputs) process.stdout.write(`${mergeLine(r)}\n`)
  for (const c of result.combined)
    process.stdout.write(`experiment ${JSON.stringify(c.experiment)} run index ${c.runIndex}: whole run written from ${c.parts} parts\n`)
  process.stdout.write(`${result.created ? 'created' : 'updated'} ${target}\n`)
}
