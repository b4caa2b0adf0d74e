import type { BuildOptions } from 'esbuild'

/** esbuild options that write the pool thread's entry to `outfile` (scripts/workerBundle.mjs). */
export function workerBundleOptions(root: string, outfile: string): BuildOptions & { metafile: true }
