// The renderer's build, on its own: `npm run web` and the tests serve out/renderer from plain Node,
// where electron-vite cannot run (it needs the Electron package). electron.vite.config.ts reuses it.
import { resolve } from 'node:path'
import { defineConfig, type Rollup } from 'vite'
import vue from '@vitejs/plugin-vue'

export const rendererConfig = {
  root: resolve('src/renderer'),
  // Relative asset URLs load both from http://127.0.0.1 (web) and file:// (desktop).
  base: './',
  plugins: [vue()],
  build: {
    outDir: resolve('out/renderer'),
    emptyOutDir: true,
    // The ECharts chunk alone is ≈ 660 kB minified (the modules the charts import, tree-shaken): loaded from
    // disk or loopback, never over a network, so above Vite's 500 kB default is fine; 800 kB still warns
    // when a chunk grows well past that.
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      input: resolve('src/renderer/index.html'),
      output: {
        // The libraries in chunks of their own: the app's code (which changes) apart from ECharts (which
        // does not), so neither is one 1 MB bundle over Vite's 500 kB warning.
        manualChunks(id: string) {
          if (/[\\/]node_modules[\\/](echarts|zrender)[\\/]/.test(id)) return 'echarts'
          if (id.includes('node_modules')) return 'vendor'
        },
      },
      onwarn(warning: Rollup.RollupLog, warn: Rollup.LoggingFunction) {
        // zod 4's sources put /* @__PURE__ */ where Rollup cannot use it (its own comment explains why); Rollup
        // drops the comment and the output is the same. Not ours to fix: printed, it reads as a build error.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return
        warn(warning)
      },
    },
  },
}

export default defineConfig(rendererConfig)
