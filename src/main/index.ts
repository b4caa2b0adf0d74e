// Electron main: one window, the backend object in this process, its pool in worker threads, and
// WorkbenchApi bound to ipcMain. Security: contextIsolation, sandbox, no nodeIntegration, a strict CSP,
// no navigation or new windows, and IPC answered only for our own renderer's frames.
import { app, BrowserWindow, Menu, dialog, ipcMain, session, shell } from 'electron'
import type { IpcMainInvokeEvent, MenuItemConstructorOptions } from 'electron'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { dispatchApiCall } from '../shared/api'
import type { WorkbenchEvent } from '../shared/api'
import { Workbench } from '../backend/workbench'
import { electronNativeBinding } from './nativeBinding'
import { CALL_CHANNEL, EVENT_CHANNEL } from '../preload/channels'

const here = dirname(fileURLToPath(import.meta.url)) // out/main
const appRoot = join(here, '..', '..')
const rendererDir = join(here, '..', 'renderer')
const devUrl = process.env.ELECTRON_RENDERER_URL

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

let win: BrowserWindow | null = null

const workbench = new Workbench({
  workerFile: join(here, 'worker.js'),
  mode: 'desktop',
  nativeBinding: electronNativeBinding(appRoot),
  pickProjectPath: async (mode) => {
    const filters = [{ name: 'Landau project', extensions: ['landau'] }]
    if (mode === 'create') {
      const r = win ? await dialog.showSaveDialog(win, { title: 'New project', filters, defaultPath: 'project.landau' }) : await dialog.showSaveDialog({ filters })
      if (r.canceled || !r.filePath) return null
      return r.filePath.endsWith('.landau') ? r.filePath : `${r.filePath}.landau`
    }
    const r = win ? await dialog.showOpenDialog(win, { title: 'Open project', filters, properties: ['openFile'] }) : await dialog.showOpenDialog({ filters })
    return r.canceled ? null : (r.filePaths[0] ?? null)
  },
})

/** Only frames showing our own renderer may call the backend. */
function trusted(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url
  if (!url) return false
  if (devUrl) return new URL(url).origin === new URL(devUrl).origin
  return url.startsWith(pathToFileURL(rendererDir).href + '/')
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
    },
  })
  win.once('ready-to-show', () => win?.show())
  win.on('closed', () => (win = null))
  if (devUrl) void win.loadURL(devUrl)
  else void win.loadFile(join(rendererDir, 'index.html'))
}

function menu(): void {
  const projectAction = (mode: 'open' | 'create') => async () => {
    const path = await workbench.pickProjectPath(mode)
    if (!path) return
    try {
      await (mode === 'create' ? workbench.createProject(path) : workbench.openProject(path))
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
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
})

void app.whenReady().then(() => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } })
  })
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, callback) => callback(false))
  ipcMain.handle(CALL_CHANNEL, async (event, method: unknown, args: unknown) => {
    if (!trusted(event)) return { ok: false, error: { code: 'invalid-argument', message: 'untrusted sender' } }
    return dispatchApiCall(workbench, method, args)
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
