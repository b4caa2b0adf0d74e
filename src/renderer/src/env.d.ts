// Globals the renderer relies on.
import type { ApiTransport } from '../../shared/api'

declare global {
  interface Window {
    /** Exposed by the Electron preload script (contextBridge); absent when the UI is served to a browser. */
    landau?: ApiTransport
  }
}

export {}
