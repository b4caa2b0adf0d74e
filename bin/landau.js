#!/usr/bin/env node
// `landau` runs the TypeScript sources directly through tsx's loader, so the CLI, the web server and
// the tests execute the same code with no build step in between.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli/main.ts')
