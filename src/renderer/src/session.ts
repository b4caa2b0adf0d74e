// Wires the backend's event stream into the stores (once) and reloads state when the project changes or
// the web event socket comes back after a drop (events may have been missed while it was down).
import { watch } from 'vue'
import type { ProjectInfo } from '../../shared/api'
import { api, connection, isWebTransport } from './api'
import { useStudiesStore } from './stores/studies'
import { useDensityStore } from './stores/density'
import { useDesignerStore } from './stores/designer'
import { useProjectStore } from './stores/project'
import { useHistoriesStore } from './stores/histories'
import { useRunsStore } from './stores/runs'

let started = false

/** Applies a new current project: a different file resets everything, the same one refreshes lists. */
export async function applyProject(p: ProjectInfo | null): Promise<void> {
  const project = useProjectStore()
  const runs = useRunsStore()
  const designer = useDesignerStore()
  const samePath = p !== null && project.project?.path === p.path
  project.setProject(p)
  if (!samePath) {
    runs.reset()
    designer.clearProjectState()
    useDensityStore().reset()
    useStudiesStore().reset()
  }
  if (p) await Promise.all([runs.refresh(), designer.refreshDesigns()])
}

/** Re-reads everything from the backend (start-up, reconnect). */
export async function reloadAll(): Promise<void> {
  const project = useProjectStore()
  let current: ProjectInfo | null
  try {
    current = await api.currentProject()
  } catch (err) {
    project.error = err instanceof Error ? err.message : String(err)
    return
  }
  await applyProject(current)
  useHistoriesStore().reloadHistories()
  void useDensityStore().reload()
}

export function startSession(): void {
  if (started) return
  started = true
  const project = useProjectStore()
  const runs = useRunsStore()
  const density = useDensityStore()
  const studies = useStudiesStore()

  api.onEvent((ev) => {
    if (ev.type === 'project') void applyProject(ev.project)
    else if (ev.type === 'density') density.handleEvent(ev)
    else if (ev.type === 'study') studies.handleEvent(ev)
    else runs.handleEvent(ev)
    // The bar's counts: an experiment started elsewhere (another tab, a re-run), runs removed for good.
    if (ev.type === 'experiment' || ev.type === 'runs-removed') void project.refreshCounts()
  })

  if (isWebTransport) {
    let wasConnected = connection.value === 'connected'
    watch(connection, (state) => {
      if (state === 'connected') {
        if (wasConnected) void reloadAll()
        wasConnected = true
      }
    })
  }

  void project.loadAppInfo()
  void project.loadRecent()
  void reloadAll()
}
