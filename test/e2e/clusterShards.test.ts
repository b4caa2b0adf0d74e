// The run list's "Cluster shards" panel in Chromium (ClusterShards.vue, api.clusterStatus): a submission's
// job folder beside the open project is read, one chip per shard says how far its file is, and the merge's
// count; Refresh reads the files again. `landau submit` runs against stand-in sbatch/squeue scripts here
// (test/cli/submitStatus.test.ts checks what they are given; test/cluster/ runs real Slurm); the shard files
// are real `landau run --shard` outputs.
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { byId, SHOTS, useSession } from './server'
import { scratchDir } from '../helpers/tmp'
import { smallKacSpec } from '../helpers/specs'

const dir = scratchDir('landau-e2e-cluster-')
const out = join(dir, 'sweep.landau')
const folder = join(dir, 'sweep.slurm')
const fakeBin = join(dir, 'bin')
const bin = join(process.cwd(), 'bin', 'landau.js')
const env = { ...process.env, PATH: `${fakeBin}${delimiter}${process.env.PATH}` }
const landau = (args: string[]) => execFileSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', stdio: 'pipe' })

const session = useSession(['--workers', '1'])
let page: Page

beforeAll(() => {
  page = session.page
  mkdirSync(fakeBin)
  // sbatch answers the next job id (the array, then the merge); squeue knows no job.
  writeFileSync(join(fakeBin, 'sbatch'), '#!/bin/bash\nn=$(cat "$0.next" 2>/dev/null || echo 500); echo $((n + 1)) > "$0.next"; echo "$n"\n', { mode: 0o755 })
  writeFileSync(join(fakeBin, 'squeue'), '#!/bin/bash\ntrue\n', { mode: 0o755 })
  const spec = join(dir, 'spec.json')
  writeFileSync(
    spec,
    JSON.stringify(
      smallKacSpec({
        name: 'two shards',
        solvers: [
          { kind: 'kac', N: 6 },
          { kind: 'kac', N: 8 },
        ],
        time: { T: 0.05, dt: 0.01, every: 1 },
      }),
    ),
  )
  landau(['submit', spec, '--project', out, '--slurm', '--shards', '2'])
  landau(['run', join(folder, 'spec.json'), '--project', join(folder, 'shards', 's1.landau'), '--shard', '1/2', '--workers', '1'])
})

const text = (sel: string) => page.textContent(sel).then((t) => (t ?? '').replace(/\s+/g, ' ').trim())

describe('the Cluster shards panel in Chromium', () => {
  it("shows each shard file's state and the merge's count, and reads them again on Refresh", async () => {
    await page.goto(session.server.url)
    await page.fill(byId('project-path'), out)
    await page.click(byId('project-create'))
    await page.waitForSelector(byId('cluster-shards'))
    const panel = await text(byId('cluster-shards'))
    expect(panel).toContain('array job 500 · merge job 501 · 1/2 done')
    expect(panel).toContain('merged 0/2 runs')
    expect(await page.locator(`${byId('cluster-shards')} .chip`).allTextContents()).toEqual(['1: done', '2: missing'])
    await page.screenshot({ path: join(SHOTS, 'e2e-cluster-shards.png') })

    landau(['run', join(folder, 'spec.json'), '--project', join(folder, 'shards', 's2.landau'), '--shard', '2/2', '--workers', '1'])
    await page.getByRole('button', { name: 'Refresh' }).click()
    await page.waitForFunction((sel) => /2\/2 done/.test(document.querySelector(sel)?.textContent ?? ''), byId('cluster-shards'))
    expect(await page.locator(`${byId('cluster-shards')} .chip`).allTextContents()).toEqual(['1: done', '2: done'])
  })
})
