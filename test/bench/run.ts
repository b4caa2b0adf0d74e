// `npm run bench`: the speed targets, each measured next to its reference peer (the programs in
// test/bench/peers, which say what they measure; $LANDAU_PEERS names another folder with the same three
// files) in the same minute, printed as ratios. Absolute figures on a shared machine drift; ratios of
// interleaved measurements hold. This reports and always exits 0 once it has measured; it exits 1 only
// when a peer cannot run (gcc, python3, numpy or scipy missing).
// docs/BENCHMARKS.md says what each line measures. `npm run bench -- blob w2` runs only the named targets
// (kac, sbm, pool, split, cancel, memory, w2, blob, plot, and the user's path of issue 20: start, cli, wall,
// row in userPath.ts; gpu, the WebGPU path of issue 19, in gpuPairRate.ts).
// Each benchmark is in a file of its own (named after what it measures), their shared helpers in
// benchHelpers.ts; this file selects the targets named on the command line and runs them in order.
import { performance } from 'node:perf_hooks'
import { rmSync } from 'node:fs'
import { die, fix, machineLine, preflight, scratch } from './benchHelpers'
import { benchBlob } from './blobFieldSpeed'
import { benchCancel } from './cancelLatency'
import { benchW2 } from './exactW2Speed'
import { benchPlot } from './historyPlotLatency'
import { benchKac } from './kacPairRate'
import { benchSbm } from './sbmPairRate'
import { benchMemory } from './peakMemory'
import { benchPool } from './poolScaling'
import { benchSplit } from './splitRunScaling'
import { benchCli, benchRow, benchStart, benchWall } from './userPath'
import { benchGpu } from './gpuPairRate'

const TARGETS = ['kac', 'sbm', 'pool', 'split', 'cancel', 'memory', 'w2', 'blob', 'plot', 'start', 'cli', 'wall', 'row', 'gpu'] as const
type Target = (typeof TARGETS)[number]
const only = process.argv.slice(2)
/** No arguments: every target; otherwise only the named ones. */
const wanted = (t: Target) => only.length === 0 || only.includes(t)

async function main(): Promise<void> {
  const t0 = performance.now()
  const unknown = only.filter((a) => !(TARGETS as readonly string[]).includes(a))
  if (unknown.length) die(`unknown target ${unknown.join(', ')}; the targets are ${TARGETS.join(', ')}`)
  const bin = wanted('kac') || wanted('pool') || wanted('w2') || wanted('cli') ? preflight() : (machineLine(), '')
  if (wanted('kac')) benchKac(bin)
  if (wanted('sbm')) await benchSbm()
  if (wanted('pool')) await benchPool(bin)
  if (wanted('split')) await benchSplit()
  if (wanted('cancel')) await benchCancel()
  if (wanted('memory')) await benchMemory()
  if (wanted('w2')) await benchW2()
  if (wanted('blob')) benchBlob()
  if (wanted('plot')) await benchPlot()
  if (wanted('start')) benchStart()
  if (wanted('cli')) benchCli(bin)
  if (wanted('wall')) benchWall()
  if (wanted('row')) benchRow()
  if (wanted('gpu')) await benchGpu()
  console.log(`# bench took ${fix((performance.now() - t0) / 1000, 0)} s`)
}

main()
  .catch((err: unknown) => {
    console.error('bench: a benchmark failed:', err instanceof Error ? (err.stack ?? err.message) : err)
    process.exitCode = 1
  })
  .finally(() => rmSync(scratch, { recursive: true, force: true }))
