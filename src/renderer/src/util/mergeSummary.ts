// What a merge brought, in words for the merge dialog: one line each for runs, experiments, designs and
// the runs left out (only done runs are merged; docs/CLUSTER.md), and replica-range parts when there are some. The counts are mergeProject's.
import type { MergeInputSummary } from '../../../shared/api'

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`

export function mergeSummary(r: MergeInputSummary): string[] {
  const lines = [
    `${count(r.runsAdded, 'run')} added, ${r.runsPresent} already present`,
    `${count(r.experimentsAdded, 'experiment')} added, ${r.experimentsPresent} already present`,
  ]
  if (r.designsAdded > 0) lines.push(`${count(r.designsAdded, 'design')} added`)
  const skipped = Object.entries(r.skipped)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${n} ${status}`)
  if (skipped.length > 0) lines.push(`left out (not done): ${skipped.join(', ')}`)
  if (r.partsUsed > 0) lines.push(`${count(r.partsUsed, 'replica-range part')} joined into whole runs`)
  if (r.partsPresent > 0) lines.push(`${count(r.partsPresent, 'part')} already merged`)
  if (r.partsPending > 0) lines.push(`${count(r.partsPending, 'part')} waiting for its run's other parts (merge the run's other shards)`)
  return lines
}
