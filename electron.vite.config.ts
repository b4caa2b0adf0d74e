// The desktop build (electron-vite's layout): main, preload and the same renderer the web mode serves.
import { resolve } from 'node:path'
import { defineConfig, externalizeDepsPlugin } from 'electron-vite'
import { rendererConfig } from './vite.config'

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        // The Piscina worker and the merge's thread are entries of their own: worker threads load them by file name.
        input: { index: resolve('src/main/index.ts'), worker: resolve('src/backend/worker.ts'), mergeWorker: resolve('src/backend/mergeWorker.ts') },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    // A sandboxed preload must be CommonJS, whatever the package's module type.
    build: {
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig,
})
