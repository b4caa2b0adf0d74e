// The experiment designer: form fields (kept as the text the user typed), the JSON view, validation
// against the backend's schema as the user types, starting experiments, and saved designs.
import { defineStore } from 'pinia'
import { computed, reactive, ref, watch } from 'vue'
import type { DesignRecord } from '../../../shared/api'
import type { ExperimentSpec, InitialSpec, SpecIssue } from '../../../shared/spec'
import { api, errorMessage } from '../api'
import { ApiError } from '../../../shared/api'

export type Family = InitialSpec['family']

export interface DesignerForm {
  name: string
  family: Family
  Tx: string
  Ty: string
  Tz: string
  gamma: string
  N: string
  replicas: string
  T: string
  dt: string
  every: string
  seed: string
}

export type FieldKey = keyof DesignerForm | 'temperatures' | 'solver' | 'time' | 'general'

const VALIDATE_DEBOUNCE_MS = 250

export function defaultForm(): DesignerForm {
  return {
    name: 'anisotropic relaxation',
    family: 'bimaxwellian',
    Tx: '1.5',
    Ty: '1',
    Tz: '0.5',
    gamma: '0',
    N: '1000',
    replicas: '4',
    T: '2',
    dt: '0.01',
    every: '1',
    seed: '1',
  }
}

/** Text → the value sent to the backend: a number when it reads as one, nothing when blank (so the
 * schema's default or its "required" message applies), else the raw text (so the schema says what is wrong). */
export function fieldValue(text: string): number | string | undefined {
  const s = text.trim()
  if (s === '') return undefined
  const x = Number(s)
  return Number.isNaN(x) ? s : x
}

/** The spec the form describes (not validated: the backend's schema is the judge). */
export function specFromForm(f: DesignerForm): Record<string, unknown> {
  const initial: Record<string, unknown> =
    f.family === 'bimaxwellian'
      ? { family: 'bimaxwellian', T: [fieldValue(f.Tx), fieldValue(f.Ty), fieldValue(f.Tz)] }
      : { family: f.family }
  return {
    name: f.name,
    initial,
    kernel: { gamma: fieldValue(f.gamma) },
    solvers: [{ kind: 'kac', N: fieldValue(f.N), replicas: fieldValue(f.replicas) }],
    time: { T: fieldValue(f.T), dt: fieldValue(f.dt), every: fieldValue(f.every) },
    seed: fieldValue(f.seed),
  }
}

function text(x: unknown): string {
  if (x === undefined || x === null) return ''
  if (typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean') return String(x)
  return JSON.stringify(x)
}

function obj(x: unknown): Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : {}
}

/** Best-effort: the form fields a parsed JSON value describes, plus notes on what the form cannot show. */
export function formFromSpec(spec: unknown, base: DesignerForm): { form: DesignerForm; notes: string[] } {
  const s = obj(spec)
  const notes: string[] = []
  const initial = obj(s.initial)
  const T = Array.isArray(initial.T) ? initial.T : []
  const solvers = Array.isArray(s.solvers) ? s.solvers : []
  const solver = obj(solvers[0])
  const time = obj(s.time)
  if (solvers.length > 1) notes.push(`the spec lists ${solvers.length} solvers; the form shows the first`)
  const family = initial.family === 'maxwellian' || initial.family === 'bimaxwellian' ? initial.family : base.family
  const form: DesignerForm = {
    name: text(s.name),
    family,
    Tx: family === 'bimaxwellian' ? text(T[0]) : base.Tx,
    Ty: family === 'bimaxwellian' ? text(T[1]) : base.Ty,
    Tz: family === 'bimaxwellian' ? text(T[2]) : base.Tz,
    gamma: text(obj(s.kernel).gamma),
    N: text(solver.N),
    replicas: text(solver.replicas),
    T: text(time.T),
    dt: text(time.dt),
    every: text(time.every),
    seed: text(s.seed),
  }
  return { form, notes }
}

/** Which form field an issue path names. */
export function fieldOfPath(path: string): FieldKey {
  const p = path.split('.')
  switch (p[0]) {
    case 'name':
      return 'name'
    case 'initial':
      if (p[1] === 'T') return p[2] === '0' ? 'Tx' : p[2] === '1' ? 'Ty' : p[2] === '2' ? 'Tz' : 'temperatures'
      return 'family'
    case 'kernel':
      return 'gamma'
    case 'solvers':
      if (p[2] === 'N') return 'N'
      if (p[2] === 'replicas') return 'replicas'
      return 'solver'
    case 'time':
      if (p[1] === 'T') return 'T'
      if (p[1] === 'dt') return 'dt'
      if (p[1] === 'every') return 'every'
      return 'time'
    case 'seed':
      return 'seed'
    default:
      return 'general'
  }
}

/** `solvers.0.N: N must be ≥ 2; time.dt: …` (the same line formatIssues gives elsewhere). */
export function summariseIssues(issues: SpecIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')
}

/** The line a JSON.parse error points at (V8 says "at position N" and/or "(line L column C)"). */
export function syntaxErrorContext(source: string, message: string): string {
  let line: number | null = null
  let col: number | null = null
  const lc = /line (\d+) column (\d+)/.exec(message)
  if (lc) {
    line = Number(lc[1])
    col = Number(lc[2])
  } else {
    const pos = /position (\d+)/.exec(message)
    if (pos) {
      const before = source.slice(0, Number(pos[1]))
      const lines = before.split('\n')
      line = lines.length
      col = lines[lines.length - 1].length + 1
    }
  }
  if (line === null || col === null) return ''
  const text = source.split('\n')[line - 1] ?? ''
  const start = Math.max(0, col - 40)
  return `line ${line}: ${text.slice(start, start + 80)}\n${' '.repeat(`line ${line}: `.length + col - 1 - start)}^`
}

export const useDesignerStore = defineStore('designer', () => {
  const form = reactive<DesignerForm>(defaultForm())

  const jsonMode = ref(false)
  const jsonText = ref('')
  const jsonSyntaxError = ref('')
  /** Where the syntax error is: the offending line and a caret under the column. */
  const jsonErrorContext = ref('')
  const jsonNotes = ref<string[]>([])
  let formEditedSinceJson = true

  const issues = ref<SpecIssue[]>([])
  const validSpec = ref<ExperimentSpec | null>(null)
  const validating = ref(false)
  const validateError = ref('')
  let validateSeq = 0
  let validateTimer: ReturnType<typeof setTimeout> | null = null

  const starting = ref(false)
  const startError = ref('')
  const lastStart = ref<{ experimentId: number; runIds: number[] } | null>(null)

  const designs = ref<DesignRecord[]>([])
  const designName = ref('')
  const designError = ref('')
  const designNote = ref('')

  /** What Start sends: the form's spec, or the parsed JSON in JSON mode (undefined if it does not parse). */
  const currentSpec = computed<unknown>(() => {
    if (!jsonMode.value) return specFromForm(form)
    try {
      return JSON.parse(jsonText.value) as unknown
    } catch {
      return undefined
    }
  })

  const issuesByField = computed(() => {
    const m = new Map<FieldKey, string[]>()
    for (const i of issues.value) {
      const k = fieldOfPath(i.path)
      const list = m.get(k) ?? []
      list.push(i.path && k === 'general' ? `${i.path}: ${i.message}` : i.message)
      m.set(k, list)
    }
    return m
  })

  /** The one-line summary (exp-error): empty when the spec is valid. */
  const summary = computed(() => {
    if (jsonMode.value && jsonSyntaxError.value) return `JSON syntax error: ${jsonSyntaxError.value}`
    return summariseIssues(issues.value)
  })

  /** 3·T_i/ΣT, the temperatures after the normalisation (1.4); null unless all three are positive numbers. */
  const normalisedT = computed<[number, number, number] | null>(() => {
    const t = [form.Tx, form.Ty, form.Tz].map((s) => fieldValue(s))
    if (!t.every((x): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0)) return null
    const sum = (t as number[]).reduce((a, b) => a + b, 0)
    return (t as number[]).map((x) => (3 * x) / sum) as [number, number, number]
  })

  function scheduleValidate(): void {
    if (validateTimer !== null) clearTimeout(validateTimer)
    validateTimer = setTimeout(() => {
      validateTimer = null
      void validateNow()
    }, VALIDATE_DEBOUNCE_MS)
  }

  async function validateNow(): Promise<void> {
    const seq = ++validateSeq
    if (jsonMode.value && jsonSyntaxError.value) {
      validating.value = false
      validSpec.value = null
      issues.value = []
      return
    }
    validating.value = true
    try {
      const r = await api.validateExperiment(currentSpec.value)
      if (seq !== validateSeq) return
      validateError.value = ''
      if (r.ok) {
        issues.value = []
        validSpec.value = r.spec
      } else {
        issues.value = r.issues
        validSpec.value = null
      }
    } catch (err) {
      if (seq !== validateSeq) return
      validateError.value = `cannot validate: ${errorMessage(err)}`
    } finally {
      if (seq === validateSeq) validating.value = false
    }
  }

  watch(
    form,
    () => {
      if (!jsonMode.value) formEditedSinceJson = true
      if (!jsonMode.value) scheduleValidate()
    },
    { deep: true },
  )

  watch(jsonText, (value) => {
    if (!jsonMode.value) return
    try {
      const parsed = JSON.parse(value) as unknown
      jsonSyntaxError.value = ''
      const { form: next, notes } = formFromSpec(parsed, form)
      jsonNotes.value = notes
      Object.assign(form, next)
    } catch (err) {
      jsonSyntaxError.value = err instanceof Error ? err.message : String(err)
      jsonErrorContext.value = syntaxErrorContext(value, jsonSyntaxError.value)
      jsonNotes.value = []
    }
    scheduleValidate()
  })

  function setJsonMode(on: boolean): void {
    if (on === jsonMode.value) return
    if (on && (formEditedSinceJson || !jsonText.value)) {
      jsonText.value = JSON.stringify(specFromForm(form), null, 2)
      jsonSyntaxError.value = ''
      jsonNotes.value = []
      formEditedSinceJson = false
    }
    jsonMode.value = on
    scheduleValidate()
  }

  function resetForm(): void {
    Object.assign(form, defaultForm())
  }

  async function start(): Promise<{ experimentId: number; runIds: number[] } | null> {
    startError.value = ''
    if (jsonMode.value && jsonSyntaxError.value) {
      startError.value = `Fix the JSON first: ${jsonSyntaxError.value}`
      return null
    }
    starting.value = true
    try {
      const r = await api.startExperiment(currentSpec.value)
      lastStart.value = r
      return r
    } catch (err) {
      startError.value = errorMessage(err)
      if (err instanceof ApiError && err.code === 'invalid-spec' && err.issues?.length) {
        validateSeq++ // the start's verdict wins over a validation still in flight
        issues.value = err.issues
        validSpec.value = null
      }
      return null
    } finally {
      starting.value = false
    }
  }

  async function refreshDesigns(): Promise<void> {
    try {
      designs.value = await api.listDesigns()
    } catch (err) {
      designs.value = []
      // No project is the normal state before one is opened; any other failure is worth showing.
      if (!(err instanceof ApiError && err.code === 'no-project')) designError.value = errorMessage(err)
    }
  }

  async function saveDesign(): Promise<boolean> {
    designError.value = ''
    designNote.value = ''
    const name = designName.value.trim()
    if (!name) {
      designError.value = 'Enter a name for the design'
      return false
    }
    const initial = obj(currentSpec.value).initial
    try {
      const rec = await api.saveDesign(name, initial)
      designNote.value = `Saved “${rec.name}”`
      await refreshDesigns()
      return true
    } catch (err) {
      designError.value = errorMessage(err)
      return false
    }
  }

  function loadDesign(id: number): void {
    designError.value = ''
    const d = designs.value.find((x) => x.id === id)
    if (!d) return
    const init = d.initial
    form.family = init.family
    if (init.family === 'bimaxwellian') {
      ;[form.Tx, form.Ty, form.Tz] = init.T.map((x) => String(x))
    }
    if (jsonMode.value) {
      try {
        const spec = obj(JSON.parse(jsonText.value))
        jsonText.value = JSON.stringify({ ...spec, initial: init }, null, 2)
      } catch {
        jsonText.value = JSON.stringify({ ...specFromForm(form), initial: init }, null, 2)
      }
    }
    if (!designName.value) designName.value = d.name
    designNote.value = `Loaded “${d.name}”`
  }

  function clearProjectState(): void {
    designs.value = []
    designNote.value = ''
    designError.value = ''
    startError.value = ''
    lastStart.value = null
  }

  // First validation as soon as the store exists.
  scheduleValidate()

  return {
    form,
    jsonMode,
    jsonText,
    jsonSyntaxError,
    jsonErrorContext,
    jsonNotes,
    issues,
    issuesByField,
    summary,
    validSpec,
    validating,
    validateError,
    normalisedT,
    starting,
    startError,
    lastStart,
    designs,
    designName,
    designError,
    designNote,
    currentSpec,
    setJsonMode,
    resetForm,
    validateNow,
    start,
    refreshDesigns,
    saveDesign,
    loadDesign,
    clearProjectState,
  }
})
