// The experiment designer: form fields (kept as the text the user typed), the JSON view, validation
// against the backend's schema as the user types, starting experiments, and saved designs.
import { defineStore } from 'pinia'
import { computed, reactive, ref, watch } from 'vue'
import type { DesignRecord } from '../../../shared/api'
import type { ExperimentSpec, SpecIssue } from '../../../shared/spec'
import { api, errorMessage } from '../api'
import { ApiError } from '../../../shared/api'
import { EULER_ONLY, applyInitial, isDeterministicKind, defaultForm, defaultMixture, fieldOfPath, fieldValue, formFromSpec, specFromForm } from './designerForm'
import type { DesignerForm, FieldKey, Integrator, SolverKind } from './designerForm'
import { clearDraft, loadDraft, saveDraft } from './designerDraft'

export * from './designerForm'

function obj(x: unknown): Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : {}
}

const VALIDATE_DEBOUNCE_MS = 250

/** `solvers.0.N: N must be ≥ 2; time.dt: …` (the same line formatIssues gives elsewhere). */
export function summariseIssues(issues: SpecIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')
}

/** Where a JSON.parse error is (V8 says "at position N" and/or "(line L column C)"); null if it does not say. */
export function syntaxErrorPlace(source: string, message: string): { line: number; col: number } | null {
  const lc = /line (\d+) column (\d+)/.exec(message)
  if (lc) return { line: Number(lc[1]), col: Number(lc[2]) }
  const pos = /position (\d+)/.exec(message)
  if (!pos) return null
  const lines = source.slice(0, Number(pos[1])).split('\n')
  return { line: lines.length, col: lines[lines.length - 1].length + 1 }
}

/** A JSON.parse message as a reader wants it: "line 3, column 5: Expected ',' or '}' after property value". */
export function readableSyntaxError(source: string, message: string): string {
  const at = syntaxErrorPlace(source, message)
  // V8's tail ("in JSON at position 42 (line 3 column 5)") repeats the place in machine terms.
  const what = message.replace(/\s*(in JSON )?at position \d+.*$/s, '').replace(/\s*\(line \d+ column \d+\)/, '')
  return at ? `line ${at.line}, column ${at.col}: ${what}` : what
}

/** The line a JSON.parse error points at, with a caret under the column. */
export function syntaxErrorContext(source: string, message: string): string {
  const at = syntaxErrorPlace(source, message)
  if (!at) return ''
  const { line, col } = at
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

  /** Every problem with the spec, "path: message" each (the reason Start is disabled); empty when valid. */
  const summary = computed(() => {
    if (jsonMode.value && jsonSyntaxError.value) return `JSON syntax error: ${jsonSyntaxError.value}`
    return summariseIssues(issues.value)
  })

  /**
   * The problems the foot of the form lists (exp-error): in the form, only those no field shows (each
   * message appears once, beside its field if it has one); in JSON mode, where no field is shown, all.
   */
  const summaryLines = computed<string[]>(() => {
    if (jsonMode.value) {
      if (jsonSyntaxError.value) return [summary.value]
      return issues.value.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
    }
    return issuesByField.value.get('general') ?? []
  })

  /** How many problems the fields show (the foot says so, since they may be scrolled out of view). */
  const fieldIssueCount = computed(() => (jsonMode.value ? 0 : issues.value.length - (issuesByField.value.get('general') ?? []).length))

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
      if (!jsonMode.value) {
        // A refusal was about the spec as it was; an edit makes it stale (validation says what holds now).
        startError.value = ''
        scheduleValidate()
      }
    },
    { deep: true },
  )

  watch(jsonText, (value) => {
    if (!jsonMode.value) return
    startError.value = ''
    try {
      const parsed = JSON.parse(value) as unknown
      jsonSyntaxError.value = ''
      const { form: next, notes } = formFromSpec(parsed, form)
      jsonNotes.value = notes
      Object.assign(form, next)
    } catch (err) {
      const raw = err instanceof Error ? err.message : String(err)
      jsonSyntaxError.value = readableSyntaxError(value, raw)
      jsonErrorContext.value = syntaxErrorContext(value, raw)
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

  /** Puts a whole spec (a bundled example) into the JSON editor, which can say what the form cannot (sweeps, several solvers). */
  function loadSpecJson(spec: unknown): void {
    jsonText.value = JSON.stringify(spec, null, 2)
    jsonSyntaxError.value = ''
    jsonNotes.value = []
    formEditedSinceJson = false
    jsonMode.value = true
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
      // The design is in the project now: a reload starts from the default again, until the next edit.
      clearDraft()
      draftRestored.value = false
      return r
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid-spec' && err.issues?.length) {
        validateSeq++ // the start's verdict wins over a validation still in flight
        issues.value = err.issues // shown at their fields (or the foot's list): not repeated as the start error
        validSpec.value = null
      } else {
        startError.value = errorMessage(err)
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
    applyInitial(form, init)
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

  // fgm and fournier have no pairwise exact-conservation step: Euler only. The pair integrator chosen
  // for kac / pairing is remembered across a visit to them or to a deterministic kind (which has no
  // integrator and leaves the field as it was). (A kind set from JSON keeps its integrator.)
  let pairIntegrator: Integrator = 'rotation'
  function setKind(kind: SolverKind): void {
    const prev = form.kind
    if (!EULER_ONLY.includes(prev) && !isDeterministicKind(prev)) pairIntegrator = form.integrator
    form.kind = kind
    if (!isDeterministicKind(kind)) form.integrator = EULER_ONLY.includes(kind) ? 'euler' : pairIntegrator
  }

  function addMixtureRow(): void {
    const last = form.mix[form.mix.length - 1] ?? defaultMixture()[0]
    form.mix.push({ weight: last.weight, mean: ['0', '0', '0'], T: [...last.T] })
  }

  function removeMixtureRow(k: number): void {
    if (form.mix.length > 1) form.mix.splice(k, 1)
  }

  /** A refusal decided in the UI (the initial datum cannot be previewed), shown like the backend's. */
  function refuseStart(message: string): void {
    startError.value = message
  }

  function clearProjectState(): void {
    designs.value = []
    designNote.value = ''
    designError.value = ''
    startError.value = ''
    lastStart.value = null
  }

  // The unsaved design of the last session, if any, before the watchers below see the form.
  const draft = loadDraft()
  /** Shown above the form until dismissed or discarded: the design on screen came from the last session. */
  const draftRestored = ref(draft !== null)
  if (draft) {
    Object.assign(form, draft.form)
    jsonText.value = draft.jsonText
    jsonMode.value = draft.jsonMode
    formEditedSinceJson = !draft.jsonMode // (the jsonText watcher above parses the restored text)
  }
  // Every edit is kept (a few hundred bytes; localStorage writes are synchronous but small).
  watch([form, jsonMode, jsonText], () => saveDraft({ form, jsonMode: jsonMode.value, jsonText: jsonText.value }), { deep: true })

  /** Back to the default design, and forget the draft. */
  function discardDraft(): void {
    jsonMode.value = false
    jsonText.value = ''
    jsonSyntaxError.value = ''
    jsonNotes.value = []
    resetForm()
    formEditedSinceJson = true
    draftRestored.value = false
    // After the watcher's save of the reset form has run, so nothing is left behind.
    queueMicrotask(clearDraft)
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
    summaryLines,
    fieldIssueCount,
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
    loadSpecJson,
    resetForm,
    validateNow,
    start,
    refreshDesigns,
    saveDesign,
    loadDesign,
    setKind,
    addMixtureRow,
    removeMixtureRow,
    refuseStart,
    clearProjectState,
    draftRestored,
    discardDraft,
  }
})
