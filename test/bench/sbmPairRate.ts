// `npm run bench -- sbm`: pair updates/s of the exact pair step (sbm) beside the rotation step it replaces,
// γ = −3, one thread. In this process (N = 2000): the pairing system as the solver runs it (rotation in
// JavaScript, sbm in the WebAssembly kernel) and both in JavaScript, Kac's rounds in the kernels and in
// JavaScript, all bundled as the CLI bundles its pool thread (sbmSteps.ts). On the user's path (`landau run
// --workers 1`, the built CLI through the pool, the difference of a long and a one-step run): both systems. The
// target: sbm ≥ rotation/1.5 as the solver runs them; the JavaScript references are context.
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { build } from 'esbuild'
import { fix, median, REPS, repo, scratch, sci, spec, verdict } from './benchHelpers'
import { buildCli, landauRun } from './userPath'

type Steps = typeof import('./sbmSteps')

/** sbmSteps.ts bundled as the CLI's build bundles the pool thread's solver (scripts/build-cli.mjs: CommonJS), and loaded. */
async function bundledSteps(): Promise<Steps> {
  const outfile = join(scratch, 'sbmSteps.cjs')
  await build({
    absWorkingDir: repo,
    entryPoints: ['test/bench/sbmSteps.ts'],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  })
  return createRequire(import.meta.url)(outfile) as Steps
}

export async function benchSbm(): Promise<void> {
  const { N, DT, GAMMA, rate, pairingSteps, kacKernelSteps, kacSteps } = await bundledSteps()
  const allPairs = (N * (N - 1)) / 2
  const sys = {
    'pairing, as the solver runs them (rotation JavaScript, sbm kernel)': { steps: 400, pairs: N / 2, fns: pairingSteps(), target: true },
    'pairing, JavaScript references': { steps: 400, pairs: N / 2, fns: pairingSteps(true), target: false },
    'kac, WebAssembly kernels': { steps: 10, pairs: allPairs, fns: kacKernelSteps(), target: true },
    'kac, JavaScript references': { steps: 2, pairs: allPairs, fns: kacSteps(), target: false },
  }
  for (const [name, { steps, pairs, fns, target }] of Object.entries(sys)) {
    rate(fns.rotation, Math.ceil(steps / 10), pairs, 99) // JIT warm-up, not counted
    rate(fns.sbm, Math.ceil(steps / 10), pairs, 99)
    const rot: number[] = []
    const sbm: number[] = []
    for (let r = 0; r < REPS; r++) {
      rot.push(rate(fns.rotation, steps, pairs, r))
      sbm.push(rate(fns.sbm, steps, pairs, r))
    }
    const ratio = median(rot) / median(sbm)
    const what = `${name} in-process, γ=${GAMMA} N=${N} dt ${DT}, 1 thread`
    const rates = `rotation ${sci(median(rot))} pairs/s · sbm ${sci(median(sbm))} pairs/s · rotation/sbm ${fix(ratio)}`
    console.log(`${what}: ${rates} ${target ? `(target ≤ 1.5) ${verdict(ratio <= 1.5)}` : '(context)'}`)
  }
  benchSbmUserPath(DT, GAMMA)
}

/** Pair updates/s of `landau run --workers 1` on one replica: (long − 1) steps' pairs over the wall-time difference. */
function cliRate(kind: 'pairing' | 'kac', integrator: 'rotation' | 'sbm', n: number, long: number, DT: number, GAMMA: number): number {
  const run = (steps: number) =>
    landauRun(spec({ kernel: { gamma: GAMMA }, solvers: [{ kind, N: n, replicas: 1, integrator }], time: { T: steps * DT, dt: DT, every: steps } }), 1)
  const a = run(long)
  const b = run(1)
  const perStep = kind === 'kac' ? (n * (n - 1)) / 2 : n >>> 1
  return (perStep * (long - 1)) / (a.seconds - b.seconds)
}

function benchSbmUserPath(DT: number, GAMMA: number): void {
  buildCli()
  // ≈ 1–2 s of stepping a run, so that the start-up noise of the two processes is a few per cent of the difference
  const sys = { pairing: { n: 20_000, long: 600 }, kac: { n: 2000, long: 25 } }
  for (const [name, { n, long }] of Object.entries(sys) as [keyof typeof sys, (typeof sys)[keyof typeof sys]][]) {
    const rot: number[] = []
    const sbm: number[] = []
    for (let r = 0; r < REPS; r++) {
      rot.push(cliRate(name, 'rotation', n, long, DT, GAMMA))
      sbm.push(cliRate(name, 'sbm', n, long, DT, GAMMA))
    }
    const ratio = median(rot) / median(sbm)
    const what = `${name} γ=${GAMMA} N=${n} dt ${DT}, user path (landau run --workers 1, ${long} − 1 steps)`
    const rates = `rotation ${sci(median(rot))} pairs/s · sbm ${sci(median(sbm))} pairs/s · rotation/sbm ${fix(ratio)}`
    console.log(`${what}: ${rates} (target ≤ 1.5) ${verdict(ratio <= 1.5)}`)
  }
}
