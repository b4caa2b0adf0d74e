// The open project, the app's identity (code version, mode) and the project bar's state.
import { defineStore } from 'pinia'
import { ref, computed } from 'vue'
import type { AppInfo, ProjectInfo } from '../../../shared/api'
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
   * project (the caller applies it: session.applyProject resets the per-project stores), or null. */
  async function openOrCreate(mode: 'create' | 'open'): Promise<ProjectInfo | null> {
    error.value = ''
    let path = pathInput.value.trim()
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
      const info = mode === 'create' ? await api.createProject(path) : await api.openProject(path)
      pathInput.value = info.path
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

  return { appInfo, project, pathInput, error, busy, canPickFiles, isOpen, loadAppInfo, refreshCounts, setProject, openOrCreate, close }
})
