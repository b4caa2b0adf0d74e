// The keyboard shortcuts: one table, read both by the key handler (composables/useShortcuts.ts) and by the
// list the user opens with "?" (ShortcutList.vue), so the list cannot drift from what the keys do.
import type { RightTab } from '../stores/ui'

export type ShortcutAction =
  { kind: 'shortcuts' } | { kind: 'help' } | { kind: 'start' } | { kind: 'search' } | { kind: 'json' } | { kind: 'tab'; tab: RightTab }

export interface Shortcut {
  /** As shown in the list. */
  keys: string
  what: string
  /** Whether the key works while typing in a field (the others are letters a field needs). */
  inFields: boolean
  matches(e: KeyboardEvent): boolean
  /** None for a key handled elsewhere and only listed here (Escape). */
  action?: ShortcutAction
}

const plain = (e: KeyboardEvent) => !e.ctrlKey && !e.metaKey && !e.altKey
const TAB_KEYS: [string, RightTab, string][] = [
  ['1', 'history', 'History'],
  ['2', 'initial', 'Initial data'],
  ['3', 'convergence', 'Convergence'],
  ['4', 'conservation', 'Conservation'],
  ['5', 'study', 'Chaos study'],
  ['6', 'timestep', 'Time step'],
]

export const SHORTCUTS: Shortcut[] = [
  { keys: '?', what: 'this list of shortcuts', inFields: false, matches: (e) => e.key === '?' && !e.ctrlKey && !e.metaKey, action: { kind: 'shortcuts' } },
  { keys: 'F1', what: 'help: the views, the normalisation, the equations', inFields: true, matches: (e) => e.key === 'F1', action: { kind: 'help' } },
  { keys: 'Esc', what: 'close the open pop-over, dialog or panel', inFields: true, matches: () => false },
  {
    keys: 'Ctrl+Enter',
    what: 'start the experiment (Enter alone never does)',
    inFields: true,
    matches: (e) => e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey,
    action: { kind: 'start' },
  },
  { keys: '/', what: 'search the runs', inFields: false, matches: (e) => e.key === '/' && plain(e), action: { kind: 'search' } },
  {
    keys: 'J',
    what: 'switch the designer between the form and JSON',
    inFields: false,
    matches: (e) => e.key.toLowerCase() === 'j' && plain(e),
    action: { kind: 'json' },
  },
  ...TAB_KEYS.map(([key, tab, label]): Shortcut => ({
    keys: key,
    what: `the ${label} view`,
    inFields: false,
    matches: (e) => e.key === key && plain(e),
    action: { kind: 'tab', tab },
  })),
]
