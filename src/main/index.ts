// Electron main: one window, the backend object in this process, its pool in worker threads, and the
// renderer's share of WorkbenchApi bound to ipcMain. Security (the policies themselves: ./policy.ts):
// contextIsolation, sandbox, no nodeIntegration, a strict CSP; the renderer served from its own app://
// origin (not file://, which would give it every local file as "same origin"); IPC answered only for that
// window's frame and only for the methods it uses; project files only where the user chose them; no
// navigation, webviews or new windows; external links only to an allow-list; every permission refused.
// Fuses are flipped at packaging time (docs/PACKAGING.md): this build does not package.
import { app, BrowserWindow, Menu, dialog, ipcMain, protocol, session, shell } from 'electron'
import type { IpcMainInvokeEvent, MenuItemConstructorOptions } from 'electron'
import { existsSync } from 'node:fs'
import { readFile, rename, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { dispatchApiCall } from '../shared/api'
import type { ApiResult, WorkbenchEvent } from '../shared/api'
import { checkpointSecondsFromEnv } from '../backend/checkpointInterval'
import { Workbench } from '../backend/workbench'
import { electronNativeBinding } from './nativeBinding'
import { CALL_CHANNEL, EVENT_CHANNEL, isRendererMethod } from '../preload/channels'
import { APP_HOST, APP_INDEX_URL, APP_SCHEME, ProjectPathPolicy, allowedExternalUrl, contentType, parseRecent, resolveAppPath, serializeRecent } from './policy'
import type { ProjectMode } from './policy'

const here = dirname(fileURLToPath(import.meta.url)) // out/main
const appRoot = join(here, '..', '..')
const rendererDir = join(here, '..', 'renderer')
const devUrl = process.env.ELECTRON_RENDERER_URL

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

// Before `ready`: app:// is a standard (URL parsing, relative URLs, its own origin) and secure scheme
// that may be fetched (module scripts, the figure font), like https but served from rendererDir only.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
])

let win: BrowserWindow | null = null

/** Paths the renderer may open or create; the recent list is read at `ready`. */
let paths = new ProjectPathPolicy()
const recentFile = () => join(app.getPath('userData'), 'recent.json')

async function loadRecent(): Promise<void> {
  let text: string | null = null
  try {
    text = await readFile(recentFile(), 'utf8')
  } catch {
    // No list yet (first start) or unreadable: start empty.
  }
  paths = new ProjectPathPolicy(parseRecent(text))
}

/** A project was opened or created: it goes first on the recent list, saved atomically (temp + rename). */
async function remember(path: string): Promise<void> {
  const list = paths.opened(path)
  const file = recentFile()
  try {
    await writeFile(`${file}.${process.pid}.tmp`, serializeRecent(list))
    await rename(`${file}.${process.pid}.tmp`, file)
  } catch (err) {
    console.error(`cannot save the recent projects to ${file}:`, err)
  }
}

// The desktop app has no command line: its checkpoint interval comes from LANDAU_CHECKPOINT_EVERY.
const checkpointEnv = checkpointSecondsFromEnv(process.env)
if (checkpointEnv.error) console.error(checkpointEnv.error)
const workbench = new Workbench({
  workerFile: join(here, 'worker.cjs'),
  mode: 'desktop',
  checkpointSeconds: checkpointEnv.seconds,
  nativeBinding: electronNativeBinding(appRoot),
  mergeWorkerFile: join(here, 'mergeWorker.js'),
  pickProjectPath: async (mode) => {
    const filters = [{ name: 'Landau project', extensions: ['landau'] }]
    let path: string | null
    if (mode === 'create') {
      const r = win
        ? await dialog.showSaveDialog(win, { title: 'New project', filters, defaultPath: 'project.landau' })
        : await dialog.showSaveDialog({ filters })
      path = r.canceled || !r.filePath ? null : r.filePath.endsWith('.landau') ? r.filePath : `${r.filePath}.landau`
    } else {
      const title = mode === 'merge' ? 'Merge another project' : 'Open project'
      const r = win ? await dialog.showOpenDialog(win, { title, filters, properties: ['openFile'] }) : await dialog.showOpenDialog({ filters })
      path = r.canceled ? null : (r.filePaths[0] ?? null)
    }
    // The user's choice is what lets the renderer name this path afterwards.
    if (path) paths.grant(path, mode)
    return path
  },
})

/** Only our window's main frame, showing our own renderer, may call the backend. */
function trusted(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame
  if (!win || event.sender !== win.webContents || !frame || frame.parent !== null) return false
  const url = frame.url
  if (!url) return false
  try {
    const u = new URL(url)
    if (devUrl) return u.origin === new URL(devUrl).origin
    // (Node's URL gives custom schemes the origin "null": compare scheme and host.)
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST
  } catch {
    return false
  }
}

const refuse = (message: string): ApiResult => ({ ok: false, error: { code: 'invalid-argument', message } })

async function answer(method: unknown, args: unknown): Promise<ApiResult> {
  if (!isRendererMethod(method)) return refuse(`${String(method)} is not available to the desktop window`)
  if (!Array.isArray(args)) return refuse('args must be an array')
  if (method === 'createProject' || method === 'openProject') {
    const mode: ProjectMode = method === 'createProject' ? 'create' : 'open'
    const path = paths.check(args[0], mode)
    if (!path) return refuse(`choose the project file with ${mode === 'create' ? 'New Project' : 'Open Project'} (the file dialog) first`)
    const r = await dispatchApiCall(workbench, method, [path])
    if (r.ok) await remember(path)
    return r
  }
  // The desktop's recent list is the main process's (it also says what the renderer may open): answered here.
  if (method === 'recentProjects') return { ok: true, value: [...paths.recent] }
  // The web UI's typed paths only: this window names paths through the dialog, and need not probe the disk.
  if (method === 'resolveProjectPath' || method === 'browseFolder') return refuse('the desktop window chooses project files with the file dialog')
  if (method === 'mergeProject') {
    const given: unknown = args[0] !== null && typeof args[0] === 'object' ? (args[0] as { path?: unknown }).path : undefined
    const path = paths.check(given, 'merge')
    if (!path) return refuse('choose the project file to merge with Merge another project… (the file dialog) first')
    // Not remembered: a file merged from is read, not opened, so it does not join the recent list.
    return dispatchApiCall(workbench, method, [{ path }])
  }
  return dispatchApiCall(workbench, method, args)
}

/** The built renderer, file by file, from rendererDir only (policy.resolveAppPath), with the CSP header. */
function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = request.method === 'GET' ? resolveAppPath(request.url, rendererDir) : null
    if (file) {
      try {
        const body = await readFile(file)
        return new Response(body, { headers: { 'content-type': contentType(file), 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' } })
      } catch {
        // missing: 404 below
      }
    }
    return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } })
  })
}

function createWindow(): void {
  win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 1000,
    minHeight: 650,
    title: 'Landau Workbench',
    icon: join(appRoot, 'resources', 'icon.png'),
    show: false,
    webPreferences: {
      preload: join(here, '..', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    },
  })
  win.once('ready-to-show', () => win?.show())
  win.on('closed', () => (win = null))
  void win.loadURL(devUrl ?? APP_INDEX_URL)
}

function menu(): void {
  const projectAction = (mode: ProjectMode) => async () => {
    const path = await workbench.pickProjectPath(mode)
    if (!path) return
    try {
      await (mode === 'create' ? workbench.createProject(path) : workbench.openProject(path))
      await remember(path)
    } catch (err) {
      dialog.showErrorBox('Landau Workbench', (err as Error).message)
    }
  }
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'New Project…', accelerator: 'CmdOrCtrl+N', click: projectAction('create') },
        { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', click: projectAction('open') },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (e) => e.preventDefault())
  contents.on('will-attach-webview', (e) => e.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    const allowed = allowedExternalUrl(url)
    if (allowed) void shell.openExternal(allowed)
    return { action: 'deny' }
  })
})

void app.whenReady().then(async () => {
  await loadRecent()
  serveRenderer()
  // The dev server's pages (ELECTRON_RENDERER_URL) get the CSP as a header too; app:// sets its own.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } })
  })
  // No permission is ever granted, asked or not (camera, notifications, clipboard reads, devices, …).
  session.defaultSession.setPermissionCheckHandler(() => false)
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, callback) => callback(false))
  session.defaultSession.setDevicePermissionHandler(() => false)
  ipcMain.handle(CALL_CHANNEL, async (event, method: unknown, args: unknown) => {
    if (!trusted(event)) return refuse('untrusted sender')
    return answer(method, args)
  })
  workbench.onEvent((e: WorkbenchEvent) => win?.webContents.send(EVENT_CHANNEL, e))
  menu()
  createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
})

let quitting = false
app.on('before-quit', (e) => {
  if (quitting) return
  // Cancel runs and close the project cleanly before the process ends.
  e.preventDefault()
  quitting = true
  void workbench.shutdown().finally(() => app.quit())
})
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

if (!existsSync(rendererDir) && !devUrl) console.error(`renderer not built in ${rendererDir}`)
