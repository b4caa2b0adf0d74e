// The desktop build (electron-vite's layout): main, preload and the same renderer the web mode serves.
import { basename, resolve } from 'node:path'
import { type OutputFile, build as esbuild } from 'esbuild'
import { defineConfig, externalizeDepsPlugin } from 'electron-vite'
import type { Plugin } from 'vite'
import { workerBundleOptions } from './scripts/workerBundle.mjs'
import { rendererConfig } from './vite.config'

/**
 * The pool thread's entry as one CommonJS file, out/main/worker.cjs, as the command line's (why CommonJS:
 * scripts/workerBundle.mjs). esbuild bundles it in memory when the main build starts and the build emits it with
 * its source map, so the output folder's cleaning cannot remove it; its sources are watched files of the main build,
 * so `electron-vite dev` rebuilds it when a solver changes.
 */
function poolWorker(): Plugin {
  let files: OutputFile[] = []
  return {
    name: 'landau-pool-worker',
    async buildStart() {
      const result = await esbuild({ ...workerBundleOptions(resolve('.'), resolve('out/main/worker.cjs')), write: false })
      files = result.outputFiles
      for (const input of Object.keys(result.metafile.inputs)) this.addWatchFile(resolve(input))
    },
    generateBundle() {
      for (const file of files) this.emitFile({ type: 'asset', fileName: basename(file.path), source: file.contents })
    },
  }
}

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin(), poolWorker()],
    build: {
      rollupOptions: {
        // The merge's thread is an entry of its own (a worker thread loads it by file name); the pool thread's
        // entry is poolWorker's worker.cjs.
        input: { index: resolve('src/main/index.ts'), mergeWorker: resolve('src/backend/mergeWorker.ts') },
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
