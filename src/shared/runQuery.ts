// Finding runs: which ones a list shows (active, archived, in the trash), the filter a search box or the
// command line gives (words, tag, solver, status, γ, N, dates, star), and the order. Shared by the run table
// (src/renderer) and `landau runs` (src/cli), so the two find the same runs for the same words.
import type { RunRecord, RunStatus } from './api'

/** Which runs a list holds: 'active' (neither archived nor in the trash, the default), 'archived', 'trash', or 'all'. */
export const RUN_VIEWS = ['active', 'archived', 'trash', 'all'] as const
export type RunView = (typeof RUN_VIEWS)[number]

export const RUN_STATUSES: readonly RunStatus[] = ['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted']

export interface RunFilter {
  view: RunView
  /** Words that must each appear (case ignored) in the run's name, experiment, solver, notes, tags or id. */
  words: string[]
  /** Tags the run must all have (case ignored). */
  tags: string[]
  /** The run's solver kind is one of these (none: any). */
  solvers: string[]
  /** The run's status is one of these (none: any). */
  statuses: RunStatus[]
  gamma?: number
  N?: number
  starred?: boolean
  /** Created on or after this date or instant (ISO 8601, "2025-03-01"). */
  since?: string
  /** Created before this date or instant. */
  before?: string
}

export const emptyFilter = (view: RunView = 'active'): RunFilter => ({ view, words: [], tags: [], solvers: [], statuses: [] })

/** The name a run is shown by: its own label, else its experiment's. */
export const runName = (r: RunRecord): string => r.label ?? r.experimentName

export const runN = (r: RunRecord): number | null => ('N' in r.params ? r.params.N : null)

export function inView(r: RunRecord, view: RunView): boolean {
  switch (view) {
    case 'active':
      return !r.deletedAt && !r.archivedAt
    case 'archived':
      return !r.deletedAt && !!r.archivedAt
    case 'trash':
      return !!r.deletedAt
    default:
      return true
  }
}

export function matchRun(r: RunRecord, f: RunFilter): boolean {
  if (!inView(r, f.view)) return false
  if (f.statuses.length && !f.statuses.includes(r.status)) return false
  if (f.solvers.length && !f.solvers.includes(r.solver)) return false
  if (f.gamma !== undefined && r.spec.kernel.gamma !== f.gamma) return false
  if (f.N !== undefined && runN(r) !== f.N) return false
  if (f.starred !== undefined && r.starred !== f.starred) return false
  if (f.since && r.createdAt < f.since) return false
  if (f.before && r.createdAt >= f.before) return false
  const tags = r.tags.map((t) => t.toLowerCase())
  if (!f.tags.every((t) => tags.includes(t.toLowerCase()))) return false
  if (f.words.length) {
    const hay = [String(r.id), runName(r), r.experimentName, r.solver, r.notes, ...r.tags].join('\n').toLowerCase()
    if (!f.words.every((w) => hay.includes(w.toLowerCase()))) return false
  }
  return true
}

/**
 * The search box's language, also `landau runs`' words: plain words, and `tag:x`, `solver:kac`,
 * `status:done`, `gamma:-3` (or `γ:`), `N:1000`, `since:2025-03-01`, `before:2025-04-01`, `is:starred`,
 * `in:archived|trash|all`. A `key:value` with an unknown key or a bad value is an issue (and is left out of
 * the filter), so a typo does not silently match everything. Values may be quoted: tag:"two words".
 */
export function parseRunQuery(text: string, view: RunView = 'active'): { filter: RunFilter; issues: string[] } {
  const filter = emptyFilter(view)
  const issues: string[] = []
  for (const m of text.matchAll(/(?:([A-Za-zγ]+):)?(?:"([^"]*)"|(\S+))/g)) {
    const key = m[1]?.toLowerCase()
    const value = m[2] ?? m[3] ?? ''
    if (key === undefined) {
      filter.words.push(value)
      continue
    }
    const issue = applyTerm(filter, key, value)
    if (issue) issues.push(issue)
  }
  return { filter, issues }
}

function applyTerm(f: RunFilter, key: string, value: string): string | null {
  const number = () => (value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined)
  switch (key) {
    case 'tag':
      f.tags.push(value)
      return null
    case 'solver':
      f.solvers.push(value.toLowerCase())
      return null
    case 'status': {
      const s = value.toLowerCase() as RunStatus
      if (!RUN_STATUSES.includes(s)) return `status:${value}: a status is one of ${RUN_STATUSES.join(', ')}`
      f.statuses.push(s)
      return null
    }
    case 'gamma':
    case 'γ':
      f.gamma = number()
      return f.gamma === undefined ? `${key}:${value}: γ must be a number` : null
    case 'n':
      f.N = number()
      return f.N === undefined ? `N:${value}: N must be a number` : null
    case 'since':
    case 'before':
      if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(Date.parse(value))) return `${key}:${value}: a date is YYYY-MM-DD`
      f[key] = value
      return null
    case 'is':
      if (value.toLowerCase() !== 'starred') return `is:${value}: only is:starred`
      f.starred = true
      return null
    case 'in':
      if (!(RUN_VIEWS as readonly string[]).includes(value.toLowerCase())) return `in:${value}: one of ${RUN_VIEWS.join(', ')}`
      f.view = value.toLowerCase() as RunView
      return null
    default:
      return `${key}:${value}: unknown filter ${key}: (tag, solver, status, gamma, N, since, before, is, in)`
  }
}

export const RUN_SORTS = ['newest', 'oldest', 'name', 'solver', 'N', 'gamma', 'status', 'wall', 'starred'] as const
export type RunSort = (typeof RUN_SORTS)[number]

/** The runs in `sort` order; ties (and 'newest') by id, newest first. */
export function sortRuns(runs: readonly RunRecord[], sort: RunSort): RunRecord[] {
  const byId = (a: RunRecord, b: RunRecord) => b.id - a.id
  const key = (cmp: (a: RunRecord, b: RunRecord) => number) => (a: RunRecord, b: RunRecord) => cmp(a, b) || byId(a, b)
  const num = (f: (r: RunRecord) => number | null) => (a: RunRecord, b: RunRecord) => (f(a) ?? Infinity) - (f(b) ?? Infinity)
  const cmp: Record<RunSort, (a: RunRecord, b: RunRecord) => number> = {
    newest: byId,
    oldest: (a, b) => a.id - b.id,
    name: key((a, b) => runName(a).localeCompare(runName(b))),
    solver: key((a, b) => a.solver.localeCompare(b.solver)),
    N: key(num(runN)),
    gamma: key(num((r) => r.spec.kernel.gamma)),
    status: key((a, b) => RUN_STATUSES.indexOf(a.status) - RUN_STATUSES.indexOf(b.status)),
    wall: key(num((r) => r.wallMs)),
    starred: key((a, b) => Number(b.starred) - Number(a.starred)),
  }
  return [...runs].sort(cmp[sort])
}
