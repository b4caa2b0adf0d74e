// What a researcher writes on a run (schema 10, docs/PROJECT_FORMAT.md "Run annotations"): its own name,
// notes, tags and a star; and whether it is archived or in the trash. One schema, checked where a change
// arrives (apiArgs.ts for the API, the CLI's options), so the store writes only normalised values.
import { z } from 'zod'

export const LABEL_MAX = 200
export const NOTES_MAX = 100_000
export const TAG_MAX = 40
export const TAGS_MAX = 20

/**
 * A tag: 1–40 characters, no comma (the UI and the CLI list tags comma separated), no control character,
 * spaces inside kept, outer ones trimmed. Case is kept but two tags equal up to case are one tag.
 */
const tag = z
  .string({ error: 'a tag must be a string' })
  .trim()
  .min(1, { error: 'a tag must not be empty' })
  .max(TAG_MAX, { error: `a tag is at most ${TAG_MAX} characters` })
  .refine((t) => !/[,\u0000-\u001f\u007f]/.test(t), { error: 'a tag cannot hold a comma or a control character' })

/** Tags as stored: trimmed, the first spelling of each kept (compared without case), at most TAGS_MAX. */
export const RunTags = z
  .array(tag, { error: 'tags must be an array of strings' })
  .transform((tags) => tags.filter((t, k) => tags.findIndex((u) => u.toLowerCase() === t.toLowerCase()) === k))
  .refine((tags) => tags.length <= TAGS_MAX, { error: `a run has at most ${TAGS_MAX} tags` })

/**
 * A change of a run's annotations: only the fields given change. label '' or null removes the run's own
 * name (the experiment's is shown again); archived true archives it now, false brings it back.
 */
export const RunAnnotationPatch = z
  .object(
    {
      label: z
        .string({ error: 'label must be a string or null' })
        .trim()
        .max(LABEL_MAX, { error: `label is at most ${LABEL_MAX} characters` })
        .nullable()
        .transform((s) => (s ? s : null))
        .optional(),
      notes: z
        .string({ error: 'notes must be a string' })
        .max(NOTES_MAX, { error: `notes are at most ${NOTES_MAX} characters` })
        .optional(),
      tags: RunTags.optional(),
      starred: z.boolean({ error: 'starred must be true or false' }).optional(),
      archived: z.boolean({ error: 'archived must be true or false' }).optional(),
    },
    { error: 'the annotation change must be an object' },
  )
  .strict()
export type RunAnnotationPatch = z.output<typeof RunAnnotationPatch>

/** "a, b ,c" (a text field, a CLI option) as tags; the RunTags schema then checks them. */
export function splitTags(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '')
}
