// The renderer's build, on its own: `npm run web` and the tests serve out/renderer from plain Node,
// where electron-vite cannot run (it needs the Electron package). electron.vite.config.ts reuses it.
import { resolve } from 'node:path'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

export const rendererConfig = {
  root: resolve('src/renderer'),
  // Relative asset URLs load both from http://127.0.0.1 (web) and file:// (desktop).
  base: './',
  plugins: [vue()],
  build: {
    outDir: resolve('out/renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: { input: resolve('src/renderer/index.html') },
  },
}

export default defineConfig(rendererConfig)
