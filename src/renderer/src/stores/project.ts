// The open project, the app's identity (code version, mode) and the project bar's state: the typed path
// as the backend reads it (web mode: `~`, relative paths and missing folders shown before anything is done),
// the offer to create a missing folder, and the recent projects.
import { defineStore } from 'pinia'
import { ref, computed, watch } from 'vue'
import type { AppInfo, ProjectInfo, ProjectPathInfo } from '../../../shared/api'
import { api, errorMessage } from '../api'

export const PROJECT_EXTENSION = '.landau'

export const useProjectStore = defineStore('project', () => {
  const appInfo = ref<AppInfo | null>(null)
  const project = ref<ProjectInfo | null>(null)
  /** The path text input (web mode types a path; desktop shows the picked one). */
  const pathInput = ref('')
  const error = ref('')
  const busy = ref(false)

  const canPickFiles = computed(() => appInfo.value?.canPickFiles ?? false)
  const isOpen = computed(() => project.value !== null)
  /** What the typed path names on the backend's machine (web mode), or null (empty, not yet asked, or not a project path). */
  const resolved = ref<ProjectPathInfo | null>(null)
  /** New project was pressed for a path whose folder is missing: the folder the bar offers to create. */
  const folderOffer = ref<string | null>(null)
  const recent = ref<string[]>([])

  // The resolved path follows the typing (web mode: the desktop's paths come from the native dialog).
  let resolveSeq = 0
  let resolveTimer: ReturnType<typeof setTimeout> | undefined
  watch(pathInput, (text) => {
    folderOffer.value = null
    clearTimeout(resolveTimer)
    const seq = ++resolveSeq
    if (canPickFiles.value || text.trim() === '') {
      resolved.value = null
      return
    }
    resolveTimer = setTimeout(() => {
      api.resolveProjectPath(text).then(
        (info) => seq === resolveSeq && (resolved.value = info),
        () => seq === resolveSeq && (resolved.value = null), // not a project path: the hint under the field says why
      )
    }, 150)
  })

  async function loadRecent(): Promise<void> {
    try {
      recent.value = await api.recentProjects()
    } catch {
      // The list is a convenience; a failure to read it leaves it empty.
    }
  }

  async function loadAppInfo(): Promise<void> {
    try {
      appInfo.value = await api.appInfo()
    } catch (err) {
      error.value = errorMessage(err)
    }
  }

  /** Re-reads the open project's counts. A different project is left to session.applyProject (the
   * 'project' event), which also resets the per-project stores. */
  async function refreshCounts(): Promise<void> {
    try {
      const p = await api.currentProject()
      if (p && project.value && p.path === project.value.path) project.value = p
    } catch {
      // Counts are cosmetic; the next event or action reports a real problem.
    }
  }

  function setProject(p: ProjectInfo | null): void {
    project.value = p
    if (p && !pathInput.value) pathInput.value = p.path
  }

  /** Creates or opens: desktop asks the native dialog first, web uses the typed path. Returns the
   * project (the caller applies it: session.applyProject resets the per-project stores), or null. A new
   * project whose folder is missing is not created: the bar offers the folder first (createFolders then). */
  async function openOrCreate(mode: 'create' | 'open', options: { createFolders?: boolean; path?: string } = {}): Promise<ProjectInfo | null> {
    error.value = ''
    folderOffer.value = null
    let path = options.path ?? pathInput.value.trim()
    busy.value = true
    try {
      if (canPickFiles.value) {
        const picked = await api.pickProjectPath(mode)
        if (picked === null) return null // dialog cancelled
        path = picked
        pathInput.value = picked
      }
      if (!path) {
        error.value = `Enter the path of a project file, e.g. /home/me/relaxation${PROJECT_EXTENSION}`
        return null
      }
      if (mode === 'create' && !canPickFiles.value && !options.createFolders) {
        const where = await api.resolveProjectPath(path)
        if (!where.exists && !where.folderExists) {
          resolved.value = where
          folderOffer.value = where.folder
          return null
        }
      }
      const info = mode === 'create' ? await api.createProject(path, { createFolders: options.createFolders }) : await api.openProject(path)
      pathInput.value = info.path
      void loadRecent()
      return info
    } catch (err) {
      error.value = errorMessage(err)
      return null
    } finally {
      busy.value = false
    }
  }

  /** Closes the project; true when it worked (the caller then applies `null`). */
  async function close(): Promise<boolean> {
    error.value = ''
    try {
      await api.closeProject()
      return true
    } catch (err) {
      error.value = errorMessage(err)
      return false
    }
  }

  return {
    appInfo,
    project,
    pathInput,
    error,
    busy,
    canPickFiles,
    isOpen,
    resolved,
    folderOffer,
    recent,
    loadAppInfo,
    loadRecent,
    refreshCounts,
    setProject,
    openOrCreate,
    close,
  }
})
