// The experiment form as the user typed it (text, so a half-typed number is kept as typed) and the two
// directions of its link with the spec: form → spec for the backend and the JSON view, spec → form for
// JSON edits and loaded designs. Nothing here validates: the backend's schema is the judge, and the
// issue paths it returns are mapped back onto the fields that caused them.
// The pieces: designerFormModel.ts (fields, kinds, defaults), designerFormToSpec.ts, designerFormFromSpec.ts and
// designerIssueFields.ts (issue paths → fields); this module re-exports them all.
export * from './designerFormModel'
export * from './designerFormToSpec'
export * from './designerFormFromSpec'
export * from './designerIssueFields'
