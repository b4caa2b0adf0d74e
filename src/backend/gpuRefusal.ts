// Device "gpu" is refused where a spec is submitted on a host without a WebGPU adapter (landau run, the API's
// and web server's run start, re-run, and a resume: `landau resume`, `landau run --resume`): the user gets the reason before anything is stored or queued, not a
// failed run later. "auto" is never refused (it runs on the CPU there). The probe asks only for an adapter
// and keeps its answer for the process (gpuDevice.ts gpuMissing), and only a spec that asks for "gpu" pays it.
import type { ExperimentSpec, RunSpec, SpecIssue } from '../shared/spec'
import { gpuMissing } from './gpuDevice'

/** The indices of the solver entries that ask for device "gpu". */
export function gpuEntries(spec: ExperimentSpec): number[] {
  return spec.solvers.flatMap((s, k) => ('device' in s && s.device === 'gpu' ? [k] : []))
}

/** One issue per entry asking for device "gpu" when `probe` says the host has no adapter; none otherwise. */
export async function gpuIssues(spec: ExperimentSpec, probe: () => Promise<string | null> = gpuMissing): Promise<SpecIssue[]> {
  const entries = gpuEntries(spec)
  if (entries.length === 0) return []
  const why = await probe()
  if (why === null) return []
  return entries.map((k) => ({
    path: `solvers.${k}.device`,
    message: `device "gpu": ${why}. Use "device": "auto" to run on the CPU when there is no adapter.`,
  }))
}

/** Why a stored run that asks for device "gpu" cannot be resumed on this host (no adapter); null if it can. */
export async function gpuRunRefusal(runId: number, spec: RunSpec, probe: () => Promise<string | null> = gpuMissing): Promise<string | null> {
  if (!('device' in spec.solver) || spec.solver.device !== 'gpu') return null
  const why = await probe()
  return why === null ? null : `run ${runId} asks for device "gpu": ${why}; resume it on a host with a WebGPU adapter`
}
