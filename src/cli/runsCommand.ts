// `landau runs`: a project's runs, filtered and sorted as the run table does (src/shared/runQuery.ts), as a
// table or, with --json, one JSON array. Reads the file read-only (as `landau export`): listing never writes.
import type { RunRecord, RunStatus } from '../shared/api'
import { emptyFilter, matchRun, parseRunQuery, runN, runName, sortRuns } from '../shared/runQuery'
import type { RunFilter, RunSort, RunView } from '../shared/runQuery'
import { owner, ownerAlive } from '../backend/processIdentity'
import { projectPath } from '../backend/projectPath'
import { ProjectStore } from '../backend/store/projectStore'
import { InputError } from './inputError'
import { BROKEN_PIPE_EXIT, isBrokenPipe } from './signals'
import { cleanTimes } from '../shared/cleanTime'

export interface RunsCliOptions {
  tag: string[]
  solver: string[]
  status: RunStatus[]
  gamma?: number
  N?: number
  since?: string
  before?: string
  starred?: boolean
  archived?: boolean
  trash?: boolean
  all?: boolean
  sort: RunSort
  json?: boolean
}

export async function runsCommand(file: string, words: string[], opts: RunsCliOptions): Promise<void> {
  const filter = cliFilter(words, opts)
  const store = ProjectStore.open(projectPath(file, 'open'), { readonly: true, owner, ownerAlive })
  let runs: RunRecord[]
  try {
    runs = sortRuns(
      store.listRuns().filter((r) => matchRun(r, filter)),
      opts.sort,
    )
  } finally {
    store.close()
  }
  try {
    process.stdout.write(opts.json ? `${JSON.stringify(runs.map(jsonRun), cleanTimes)}\n` : table(runs))
  } catch (err) {
    if (!isBrokenPipe(err)) throw err
    process.exitCode = BROKEN_PIPE_EXIT
  }
}

/** The words (the search box's language) and the options, which add to them. */
export function cliFilter(words: string[], opts: RunsCliOptions): RunFilter {
  const view: RunView = opts.all ? 'all' : opts.trash ? 'trash' : opts.archived ? 'archived' : 'active'
  const { filter, issues } = words.length ? parseRunQuery(words.join(' '), view) : { filter: emptyFilter(view), issues: [] }
  if (issues.length) throw new InputError(issues.join('; '))
  if ([opts.all, opts.trash, opts.archived].filter(Boolean).length > 1) throw new InputError('give one of --archived, --trash and --all')
  filter.tags.push(...opts.tag)
  filter.solvers.push(...opts.solver)
  filter.statuses.push(...opts.status)
  if (opts.gamma !== undefined) filter.gamma = opts.gamma
  if (opts.N !== undefined) filter.N = opts.N
  if (opts.since) filter.since = opts.since
  if (opts.before) filter.before = opts.before
  if (opts.starred) filter.starred = true
  return filter
}

/** What --json prints of a run: the record without its full spec (`landau export` and the file have it). */
function jsonRun(r: RunRecord) {
  return {
    id: r.id,
    name: runName(r),
    label: r.label,
    experiment: { id: r.experimentId, name: r.experimentName },
    solver: r.solver,
    N: runN(r),
    gamma: r.spec.kernel.gamma,
    seed: r.seed,
    status: r.status,
    stopReason: r.stopReason ?? null,
    params: r.params,
    tags: r.tags,
    starred: r.starred,
    notes: r.notes,
    archivedAt: r.archivedAt,
    deletedAt: r.deletedAt,
    createdAt: r.createdAt,
    finishedAt: r.finishedAt,
    wallMs: r.wallMs,
  }
}

const REASONS: Record<string, string> = { user: 'by user', shutdown: 'by shutdown', crash: 'crashed', error: 'error' }

function table(runs: RunRecord[]): string {
  if (runs.length === 0) return 'no runs match\n'
  const head = ['id', '', 'name', 'solver', 'N', 'γ', 'status', 'tags', 'created']
  const rows = runs.map((r) => [
    String(r.id),
    r.starred ? '★' : '',
    clip(runName(r), 48),
    r.solver,
    runN(r)?.toString() ?? '',
    String(r.spec.kernel.gamma),
    r.stopReason ? `${r.status} (${REASONS[r.stopReason] ?? r.stopReason})` : r.status,
    r.tags.join(', '),
    r.createdAt.slice(0, 16).replace('T', ' '),
  ])
  const width = head.map((h, k) => Math.max(h.length, ...rows.map((row) => [...row[k]].length)))
  const right = new Set([0, 4, 5])
  const line = (cells: string[]) =>
    cells
      .map((c, k) => (right.has(k) ? c.padStart(width[k]) : c.padEnd(width[k])))
      .join('  ')
      .trimEnd()
  return [line(head), ...rows.map(line)].join('\n') + `\n${runs.length} run${runs.length === 1 ? '' : 's'}\n`
}

function clip(s: string, n: number): string {
  const chars = [...s.replace(/[\u0000-\u001f\u007f]/g, ' ')]
  return chars.length > n ? `${chars.slice(0, n - 1).join('')}…` : chars.join('')
}
