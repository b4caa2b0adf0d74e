// IPC channel names and the renderer's share of WorkbenchApi, for the preload script and the main process.
import type { ApiMethod } from '../shared/api'

export const CALL_CHANNEL = 'landau:call'
export const EVENT_CHANNEL = 'landau:event'

/**
 * The API methods the renderer calls (every `api.<method>` in src/renderer), and so the only ones the
 * preload passes on and the main process answers: least privilege for a renderer that shows user data.
 * listExperiments, getRun and listSnapshots serve the CLI, the web mode and tests, not this window.
 * resolveProjectPath and browseFolder are the web UI's (typed paths, its file browser); the main process
 * refuses them, since this window's paths come from the native dialog and it need not learn what exists where.
 * createProject/openProject/mergeProject are further limited to paths the user chose (src/main/policy.ts).
 * Pure constants: the sandboxed preload can load nothing but 'electron' at run time.
 */
export const RENDERER_METHODS = [
  'appInfo',
  'pickProjectPath',
  'createProject',
  'resolveProjectPath',
  'browseFolder',
  'recentProjects',
  'openProject',
  'currentProject',
  'closeProject',
  'mergeProject',
  'validateExperiment',
  'startExperiment',
  'listRuns',
  'getHistory',
  'cancelRun',
  'resumeRun',
  'rerunRun',
  'annotateRun',
  'deleteRuns',
  'restoreRuns',
  'emptyTrash',
  'saveDesign',
  'listDesigns',
  'previewInitial',
  'listDensities',
  'getDensityView',
  'exportRun',
  'chaosConvergence',
  'figurePdf',
  'listExamples',
  'refineDt',
  'startChaosStudy',
  'getChaosStudy',
  'clusterStatus',
] as const satisfies readonly ApiMethod[]

export type RendererMethod = (typeof RENDERER_METHODS)[number]

export function isRendererMethod(method: unknown): method is RendererMethod {
  return typeof method === 'string' && (RENDERER_METHODS as readonly string[]).includes(method)
}
