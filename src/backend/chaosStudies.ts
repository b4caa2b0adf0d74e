// The chaos studies started from the UI (Workbench.startChaosStudy): each runs in the background on the
// open project through runChaosStudy (chaosStudy.ts), its progress lines and its end published as 'study'
// events. Kept in memory for the backend's life: the study's runs are in the project file, the report is
// recomputed from them by running the same spec again on a project that holds them (or by the CLI).
import { ApiError, type ChaosStudyState, type WorkbenchEvent } from '../shared/api'
import { checkChaosStudy } from '../shared/chaosStudySpec'
import { formatIssues } from '../shared/spec'
import { runChaosStudy } from './chaosStudy'
import type { Workbench } from './workbench'

/** Log lines kept per study (the newest). */
const LOG_LINES = 200

export class ChaosStudies {
  private readonly studies = new Map<number, ChaosStudyState>()
  private nextId = 1

  constructor(
    private readonly wb: Pick<Workbench, 'startExperiment' | 'whenIdle' | 'threads'>,
    private readonly emit: (event: WorkbenchEvent) => void,
  ) {}

  /** Validates and starts; `path` is the open project's file. */
  start(input: unknown, path: string): { studyId: number } {
    const check = checkChaosStudy(input)
    if (!check.ok) throw new ApiError('invalid-spec', formatIssues(check.issues), check.issues)
    const study = check.spec
    const state: ChaosStudyState = { id: this.nextId++, name: study.name, state: 'running', log: [], report: null, error: null }
    this.studies.set(state.id, state)
    const publish = () => this.emit({ type: 'study', study: { ...state, log: [...state.log] } })
    const log = (line: string) => {
      state.log.push(line)
      if (state.log.length > LOG_LINES) state.log.shift()
      publish()
    }
    void runChaosStudy(this.wb, path, study, { log }).then(
      (report) => {
        state.report = report
        state.state = 'done'
        log(`done in ${report.elapsedSeconds.toFixed(0)} s`)
      },
      (err: unknown) => {
        state.error = err instanceof Error ? err.message : String(err)
        state.state = 'failed'
        log(`failed: ${state.error}`)
      },
    )
    publish()
    return { studyId: state.id }
  }

  /** Studies still under way (each queues more runs on the open project as it goes). */
  get running(): number {
    let n = 0
    for (const s of this.studies.values()) if (s.state === 'running') n++
    return n
  }

  get(id: number): ChaosStudyState {
    const s = this.studies.get(id)
    if (!s) throw new ApiError('not-found', `no chaos study ${id} in this session`)
    return { ...s, log: [...s.log] }
  }
}
