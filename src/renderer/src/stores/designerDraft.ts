// The designer's unsaved work, kept in localStorage so that a reload (or a crash of the window) does not lose
// a design: the form's text fields and the JSON editor's text, restored with a notice the user can dismiss
// or discard. Read defensively: a draft from an older version, or edited by hand, keeps only the fields
// that still have the shape the form expects.
import { defaultForm, type DesignerForm } from './designerFormModel'

const DRAFT_KEY = 'landau.designerDraft'

export interface DesignerDraft {
  form: DesignerForm
  jsonMode: boolean
  jsonText: string
}

const isText3 = (x: unknown): x is [string, string, string] => Array.isArray(x) && x.length === 3 && x.every((s) => typeof s === 'string')

function isMixRow(x: unknown): x is DesignerForm['mix'][number] {
  const r = x as Record<string, unknown> | null
  return typeof r === 'object' && r !== null && typeof r.weight === 'string' && isText3(r.mean) && isText3(r.T)
}

/** The form the draft describes, field by field over the defaults (a field of the wrong shape keeps its default). */
function formOf(raw: unknown): DesignerForm {
  const form = defaultForm()
  const r = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {}
  const target = form as unknown as Record<string, unknown>
  for (const key of Object.keys(form)) {
    const v = r[key]
    if (key === 'mix') {
      if (Array.isArray(v) && v.length > 0 && v.every(isMixRow)) form.mix = v.map((row) => ({ weight: row.weight, mean: [...row.mean], T: [...row.T] }))
    } else if (typeof v === typeof target[key]) {
      target[key] = v
    }
  }
  return form
}

/** The stored draft, or null when there is none, it is unreadable, or it is the untouched default form. */
export function loadDraft(): DesignerDraft | null {
  try {
    const raw = globalThis.localStorage?.getItem(DRAFT_KEY)
    if (!raw) return null
    const d = JSON.parse(raw) as Record<string, unknown>
    const draft: DesignerDraft = { form: formOf(d.form), jsonMode: d.jsonMode === true, jsonText: typeof d.jsonText === 'string' ? d.jsonText : '' }
    const untouched = !draft.jsonMode && JSON.stringify(draft.form) === JSON.stringify(defaultForm())
    return untouched ? null : draft
  } catch {
    return null
  }
}

export function saveDraft(draft: DesignerDraft): void {
  try {
    globalThis.localStorage?.setItem(DRAFT_KEY, JSON.stringify(draft))
  } catch {
    // Storage full or disabled: the draft is a convenience, the design itself is still on screen.
  }
}

export function clearDraft(): void {
  try {
    globalThis.localStorage?.removeItem(DRAFT_KEY)
  } catch {
    // As above.
  }
}
