// The experiment form's link with the spec (src/renderer/src/stores/designerForm.ts), without a browser:
// form → spec → backend schema, spec → form, and issue paths → fields, for particle systems and for the
// deterministic methods; and the form's table of deterministic parameters against the schema's.
import { describe, expect, it } from 'vitest'
import {
  DETERMINISTIC_KINDS,
  DETERMINISTIC_PARAMS,
  PARTICLE_KINDS,
  SOLVER_KINDS,
  defaultForm,
  fieldOfPath,
  formFromSpec,
  isDeterministicKind,
  specFromForm,
} from '../../src/renderer/src/stores/designerForm'
import type { DesignerForm } from '../../src/renderer/src/stores/designerForm'
import {
  BkwExactSolverSpec,
  BlobSolverSpec,
  IsotropicSolverSpec,
  SpectralSolverSpec,
  DETERMINISTIC_KINDS as SPEC_DETERMINISTIC_KINDS,
  checkExperiment,
  expandRuns,
} from '../../src/shared/spec'

const SCHEMAS = { 'bkw-exact': BkwExactSolverSpec, isotropic: IsotropicSolverSpec, blob: BlobSolverSpec, spectral: SpectralSolverSpec } as const

function form(patch: Partial<DesignerForm> = {}): DesignerForm {
  return { ...defaultForm(), ...patch }
}

function issuesOf(f: DesignerForm): { path: string; message: string }[] {
  const r = checkExperiment(specFromForm(f))
  return r.ok ? [] : r.issues
}

describe('designer form: the kinds it offers', () => {
  it('offers every solver kind of the spec, particle systems first', () => {
    expect([...DETERMINISTIC_KINDS].sort()).toEqual([...SPEC_DETERMINISTIC_KINDS].sort())
    expect(SOLVER_KINDS).toEqual([...PARTICLE_KINDS, ...DETERMINISTIC_KINDS])
    for (const k of PARTICLE_KINDS) expect(isDeterministicKind(k)).toBe(false)
    for (const k of DETERMINISTIC_KINDS) expect(isDeterministicKind(k)).toBe(true)
  })

  it("lists each deterministic kind's parameters with the schema's defaults", () => {
    for (const kind of DETERMINISTIC_KINDS) {
      const schema = SCHEMAS[kind]
      const keys = Object.keys(schema.shape).filter((k) => k !== 'kind')
      expect(DETERMINISTIC_PARAMS[kind].map((p) => p.key).sort()).toEqual(keys.sort())
      const defaults = schema.parse({ kind }) as Record<string, unknown>
      for (const p of DETERMINISTIC_PARAMS[kind]) expect(p.default, `${kind}.${p.key}`).toBe(defaults[p.key])
    }
    // Each parameter has its own form field (a kind keeps its values while another is shown).
    const fields = Object.values(DETERMINISTIC_PARAMS).flatMap((ps) => ps.map((p) => p.field))
    expect(new Set(fields).size).toBe(fields.length)
    for (const f of fields) expect(defaultForm()[f]).toBe('')
  })
})

describe('designer form → spec', () => {
  it('keeps the particle entry as it was: N, replicas, integrator, and the sweep', () => {
    const spec = specFromForm(form({ sweep: '100, 200', sweepReplicas: '3' }))
    expect(spec.solvers).toEqual([{ kind: 'kac', N: 1000, replicas: 4, integrator: 'rotation' }])
    expect(spec.sweep).toEqual({ N: [100, 200], replicas: 3 })
    expect(checkExperiment(spec).ok).toBe(true)
  })

  it('sends a deterministic kind with only the parameters typed, and no sweep', () => {
    const f = form({ kind: 'bkw-exact', family: 'bkw', K0: '0.6', gamma: '0', sweep: '100, 200', bkwRMax: '8' })
    const spec = specFromForm(f)
    expect(spec.solvers).toEqual([{ kind: 'bkw-exact', rMax: 8 }])
    expect(spec.sweep).toBeUndefined()
    expect(JSON.parse(JSON.stringify(spec)).solvers).toEqual([{ kind: 'bkw-exact', rMax: 8 }])
    const r = checkExperiment(spec)
    expect(r.ok).toBe(true)
    if (r.ok) {
      expect(r.spec.solvers[0]).toEqual({ kind: 'bkw-exact', points: 400, rMax: 8 })
      expect(expandRuns(r.spec)).toHaveLength(1)
    }
  })

  it('sends each kind its own parameters', () => {
    const f = form({ family: 'maxwellian', blobN: '8', blobL: '4', blobEps: '0.2', specN: '16', specL: '6', specR: '5', isoCells: '100', isoRMax: '7' })
    expect(specFromForm({ ...f, kind: 'blob' }).solvers).toEqual([{ kind: 'blob', n: 8, L: 4, eps: 0.2 }])
    expect(specFromForm({ ...f, kind: 'spectral' }).solvers).toEqual([{ kind: 'spectral', n: 16, L: 6, R: 5 }])
    expect(specFromForm({ ...f, kind: 'isotropic' }).solvers).toEqual([{ kind: 'isotropic', cells: 100, rMax: 7 }])
    for (const kind of ['blob', 'spectral', 'isotropic'] as const) expect(issuesOf({ ...f, kind })).toEqual([])
    // isotropic's ε (the blob's regularised equation) is its own field, not the blob's.
    expect(specFromForm({ ...f, kind: 'isotropic', isoEps: '0.16' }).solvers).toEqual([{ kind: 'isotropic', cells: 100, rMax: 7, eps: 0.16 }])
    // An ε the radial grid cannot resolve is named on that field (√0.001 < 2 cells of 7/100).
    const narrow = issuesOf({ ...f, kind: 'isotropic', isoEps: '0.001' })
    expect(narrow.map((i) => fieldOfPath(i.path))).toEqual(['det.eps'])
    expect(narrow[0].message).toMatch(/use at least 443 cells/)
  })

  it("maps the schema's verdicts back onto the fields", () => {
    // isotropic with anisotropic data: the kind is at fault.
    const iso = issuesOf(form({ kind: 'isotropic', family: 'bimaxwellian' }))
    expect(iso.map((i) => fieldOfPath(i.path))).toEqual(['kind'])
    expect(iso[0].message).toMatch(/isotropic needs radially symmetric initial data/)
    // bkw-exact needs γ = 0.
    const bkw = issuesOf(form({ kind: 'bkw-exact', family: 'bkw', gamma: '-3' }))
    expect(bkw.map((i) => fieldOfPath(i.path))).toEqual(['kind'])
    expect(bkw[0].message).toMatch(/kernel.gamma must be 0/)
    // A parameter typed wrong is sent as typed and named by its field.
    const spec = issuesOf(form({ kind: 'spectral', specN: '20', specL: 'wide' }))
    expect(spec.map((i) => fieldOfPath(i.path)).sort()).toEqual(['det.L', 'det.n'])
    expect(spec.find((i) => i.path === 'solvers.0.n')?.message).toContain('n must be even and of the form 2^a·3^b')
    // The particle fields keep their keys.
    expect(fieldOfPath('solvers.0.N')).toBe('N')
    expect(fieldOfPath('solvers.0.integrator')).toBe('integrator')
    expect(fieldOfPath('solvers.0')).toBe('solver')
    expect(fieldOfPath('initial.L')).toBe('L')
  })
})

describe('spec → designer form', () => {
  const base = form({ N: '500', replicas: '8', integrator: 'euler', sweep: '10, 20' })

  it('round-trips every particle kind as before', () => {
    for (const kind of PARTICLE_KINDS) {
      const f = form({
        kind,
        integrator: kind === 'fgm' || kind === 'fournier' ? 'euler' : 'rotation',
        N: '300',
        replicas: '2',
        sweep: '100, 200',
        sweepReplicas: '3',
        snapshots: '0, 1',
      })
      const { form: back, notes } = formFromSpec(JSON.parse(JSON.stringify(specFromForm(f))), defaultForm())
      expect(notes).toEqual([])
      expect(back).toEqual(f)
    }
  })

  it('round-trips every deterministic kind, keeping the hidden particle fields', () => {
    for (const kind of DETERMINISTIC_KINDS) {
      const f = form({ ...base, kind, family: 'bkw', gamma: '0', bkwPoints: '800', isoCells: '50', isoEps: '0.25', blobEps: '0.1', specN: '64', specR: '3' })
      const { form: back, notes } = formFromSpec(JSON.parse(JSON.stringify(specFromForm(f))), f)
      expect(notes).toEqual([])
      expect(back).toEqual(f)
      // The particle fields are not in the JSON; the form keeps them for a switch back.
      expect(back.N).toBe('500')
      expect(back.sweep).toBe('10, 20')
    }
  })

  it('shows a deterministic kind typed in JSON, its parameters included', () => {
    const { form: f, notes } = formFromSpec(
      { name: 'x', initial: { family: 'maxwellian' }, kernel: { gamma: -3 }, solvers: [{ kind: 'spectral', n: 16 }], time: { T: 1, dt: 0.1 } },
      form({ ...base, specL: '9', specR: '4' }),
    )
    expect(notes).toEqual([])
    expect(f.kind).toBe('spectral')
    expect([f.specN, f.specL, f.specR]).toEqual(['16', '', ''])
    expect([f.N, f.replicas, f.integrator]).toEqual(['500', '8', 'euler'])
    expect(specFromForm(f).solvers).toEqual([{ kind: 'spectral', n: 16 }])
  })

  it('notes a sweep given with a deterministic kind (it does not apply)', () => {
    const { form: f, notes } = formFromSpec({ initial: { family: 'maxwellian' }, solvers: [{ kind: 'blob' }], sweep: { N: [100, 200] } }, defaultForm())
    expect(f.kind).toBe('blob')
    expect(f.sweep).toBe('100, 200')
    expect(notes).toHaveLength(1)
    expect(notes[0]).toMatch(/blob is one run/)
  })

  it('keeps its kind for an unknown one', () => {
    const { form: f, notes } = formFromSpec({ initial: { family: 'ball' }, solvers: [{ kind: 'dsmc', N: 10 }] }, form({ kind: 'isotropic' }))
    expect(f.kind).toBe('isotropic')
    expect(notes).toEqual(['unknown solver kind dsmc; the form keeps isotropic'])
  })
})
