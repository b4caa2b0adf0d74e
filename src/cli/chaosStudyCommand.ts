// `landau chaos-study`: runs a chaos study (backend/chaosStudy.ts) through the pool into a project file
// and prints its report (text, or --json). Exit code 2 on bad input (checked before the project is opened
// or created), 1 when a run failed, 128 + n after signal n (the runs stop; nothing is reported).
import { checkChaosStudy, type ChaosStudySpec } from '../shared/chaosStudySpec'
import { formatIssues } from '../shared/spec'
import { runChaosStudy } from '../backend/chaosStudy'
import { createNodeWorkbench } from '../backend/nodeWorkbench'
import { openOrCreateProjectPath } from '../backend/projectPath'
import { formatChaosStudy } from './chaosStudyTable'
import { InputError } from './inputError'
import { ProgressReporter, progressOutput, type ProgressMode } from './progressReporter'
import { readSpecFile } from './readSpecFile'
import { exitAfterOutput, onStopSignals, signalExitCode } from './signals'
import { cleanTimes } from '../shared/cleanTime'

export interface ChaosStudyCliOptions {
  project: string
  json?: boolean
  workers?: number
  /** The figure of one observable over N (chaosStudyFigure.ts): written after the report is printed. */
  svg?: string
  pdf?: string
  width?: number
  height?: number
  observable?: string
  /** `--progress` and `--progress-every` (progressReporter.ts). */
  progress?: ProgressMode
  progressEvery?: number
}

export function readStudy(file: string): ChaosStudySpec {
  const check = checkChaosStudy(readSpecFile(file))
  if (!check.ok) throw new InputError(`${file}: ${formatIssues(check.issues)}`)
  return check.spec
}

export async function chaosStudyCommand(specFile: string, opts: ChaosStudyCliOptions) {
  const study = readStudy(specFile)
  const project = openOrCreateProjectPath(opts.project)
  const wb = createNodeWorkbench({ threads: opts.workers })
  // A study runs for hours, often under nohup or Slurm: its runs' progress as `landau run` shows it.
  const progress = new ProgressReporter({ output: progressOutput(opts.progress, !!process.stderr.isTTY, !!opts.json), everySeconds: opts.progressEvery })
  wb.onEvent((e) => progress.onEvent(e))
  const signals = onStopSignals((signal) => {
    process.stderr.write(`\n${signal}: stopping the study's runs…\n`)
    void wb.shutdown()
  })
  try {
    await (project.create ? wb.createProject(project.path, { createFolders: true }) : wb.openProject(project.path))
    const path = (await wb.currentProject())!.path
    const log = (line: string) => void process.stderr.write(`${progress.takeLineBreak() ? '\n' : ''}${line}\n`)
    const report = await runChaosStudy(wb, path, study, { log })
    progress.stop()
    process.stdout.write(opts.json ? `${JSON.stringify(report, cleanTimes)}\n` : formatChaosStudy(report))
    if (opts.svg || opts.pdf) {
      // Loaded only here, as `landau chaos` does: ECharts and pdfkit add ≈ 120 MB of RSS to the process.
      const { writeChaosStudyFigure } = await import('./chaosStudyFigure')
      await writeChaosStudyFigure(report, opts)
    }
  } catch (err) {
    if (!signals.received) {
      if (err instanceof Error && /^run \d+ .* is (failed|cancelled|interrupted)/.test(err.message)) {
        process.stderr.write(`error: ${err.message}\n`)
        process.exitCode = 1
      } else throw err
    }
  } finally {
    progress.stop()
    await wb.shutdown()
    signals.dispose()
  }
  if (signals.received) await exitAfterOutput(signalExitCode(signals.received))
}
