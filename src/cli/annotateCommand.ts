// `landau annotate` and `landau empty-trash`: run management from the command line, the same store writes
// as the run table's (store/runAnnotations.ts), checked by the same schema (shared/runAnnotations.ts).
// Deleting moves runs to the trash; only `empty-trash --yes` removes them, and without --yes it only says
// what it would remove.
import { readFileSync } from 'node:fs'
import type { RunRecord } from '../shared/api'
import { RunAnnotationPatch, splitTags } from '../shared/runAnnotations'
import { runName } from '../shared/runQuery'
import { owner, ownerAlive } from '../backend/processIdentity'
import { projectPath } from '../backend/projectPath'
import { ProjectStore } from '../backend/store/projectStore'
import { InputError } from './inputError'
import { cleanTimes } from '../shared/cleanTime'

export interface AnnotateCliOptions {
  label?: string
  notes?: string
  notesFile?: string
  tags?: string
  addTag: string[]
  removeTag: string[]
  star?: boolean
  archive?: boolean
  delete?: boolean
  restore?: boolean
  json?: boolean
}

export async function annotateCommand(file: string, runs: string[], opts: AnnotateCliOptions): Promise<void> {
  const ids = runIds(runs)
  if (opts.notes !== undefined && opts.notesFile !== undefined) throw new InputError('give --notes or --notes-file, not both')
  if (opts.tags !== undefined && (opts.addTag.length || opts.removeTag.length)) throw new InputError('give --tags, or --add-tag/--remove-tag, not both')
  if (opts.delete && opts.restore) throw new InputError('give --delete or --restore, not both')
  const notes = opts.notesFile !== undefined ? readNotes(opts.notesFile) : opts.notes
  const store = ProjectStore.open(projectPath(file, 'open'), { owner, ownerAlive })
  try {
    // Every run found and every change checked before the first write.
    const changes = ids.map((id) => {
      const run = store.getRun(id)
      const tags =
        opts.tags !== undefined
          ? splitTags(opts.tags)
          : opts.addTag.length || opts.removeTag.length
            ? [...run.tags, ...opts.addTag].filter((t) => !opts.removeTag.some((r) => r.toLowerCase() === t.toLowerCase()))
            : undefined
      return { id, patch: parsePatch({ label: opts.label, notes, tags, starred: opts.star, archived: opts.archive }) }
    })
    let out = changes.map(({ id, patch }) => (Object.keys(patch).length ? store.annotateRun(id, patch) : store.getRun(id)))
    if (opts.delete) out = store.trashRuns(ids)
    if (opts.restore) out = store.restoreRuns(ids)
    process.stdout.write(opts.json ? `${JSON.stringify(out, cleanTimes)}\n` : out.map(describe).join(''))
  } finally {
    store.close()
  }
}

export interface EmptyTrashCliOptions {
  yes?: boolean
}

export async function emptyTrashCommand(file: string, opts: EmptyTrashCliOptions): Promise<void> {
  const store = ProjectStore.open(projectPath(file, 'open'), { owner, ownerAlive })
  try {
    const trashed = store.listRuns().filter((r) => r.deletedAt)
    if (trashed.length === 0) {
      process.stdout.write('the trash is empty\n')
    } else if (!opts.yes) {
      process.stdout.write(
        `${trashed.length} run${trashed.length === 1 ? '' : 's'} in the trash (${trashed.map((r) => r.id).join(', ')}); add --yes to remove them for good\n`,
      )
      process.exitCode = 1
    } else {
      const ids = store.emptyTrash()
      process.stdout.write(`removed ${ids.length} run${ids.length === 1 ? '' : 's'} for good: ${ids.join(', ')}\n`)
    }
  } finally {
    store.close()
  }
}

/** "3", "3,5", "3 5": run ids. */
function runIds(words: string[]): number[] {
  const ids = words.flatMap((w) => w.split(',')).filter((w) => w.trim() !== '')
  if (ids.length === 0) throw new InputError('name at least one run id')
  return [
    ...new Set(
      ids.map((w) => {
        const n = Number(w)
        if (!Number.isInteger(n) || n < 1) throw new InputError(`${JSON.stringify(w)} is not a run id`)
        return n
      }),
    ),
  ]
}

function parsePatch(fields: Record<string, unknown>): RunAnnotationPatch {
  const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined))
  const r = RunAnnotationPatch.safeParse(given)
  if (!r.success) throw new InputError(r.error.issues[0].message)
  return r.data
}

function readNotes(file: string): string {
  try {
    return file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8')
  } catch (err) {
    throw new InputError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
}

function describe(r: RunRecord): string {
  const marks = [r.starred && 'starred', r.archivedAt && 'archived', r.deletedAt && 'in the trash'].filter(Boolean).join(', ')
  return `run ${r.id}: ${runName(r)}${r.tags.length ? ` [${r.tags.join(', ')}]` : ''}${marks ? ` (${marks})` : ''}\n`
}
