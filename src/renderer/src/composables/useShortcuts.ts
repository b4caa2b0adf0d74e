// The global keys (util/shortcuts.ts) and Escape. Escape closes what is open, innermost first: the help or
// shortcut panel, else every pop-over whose toggle says it is expanded (aria-expanded="true": the figure
// Export, Browse…, Merge…, a run's details), by clicking that toggle so the pop-over's own code closes it and
// focus lands back on its button. Listening in the capture phase, before a pop-over's own Escape handler,
// so the two cannot toggle it twice.
import { onBeforeUnmount, onMounted } from 'vue'
import { SHORTCUTS, type ShortcutAction } from '../util/shortcuts'

/** Whether a key typed here is text (an input, a textarea, a select, an editable element). */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  if (!el || !el.tagName) return false
  if (el.isContentEditable) return true
  if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true
  if (el.tagName !== 'INPUT') return false
  const type = (el as HTMLInputElement).type
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(type)
}

export function useShortcuts(handlers: { run(action: ShortcutAction): void; closePanels(): boolean }): void {
  function onKey(e: KeyboardEvent): void {
    if (e.defaultPrevented || e.isComposing) return
    if (e.key === 'Escape') {
      if (handlers.closePanels()) {
        e.preventDefault()
        return
      }
      const open = Array.from(document.querySelectorAll<HTMLElement>('button[aria-expanded="true"]'))
      if (open.length) {
        e.preventDefault()
        for (const b of open) b.click()
        open[open.length - 1].focus()
      }
      return
    }
    const inField = typing(e.target)
    const hit = SHORTCUTS.find((s) => s.matches(e) && (s.inFields || !inField))
    if (!hit?.action) return
    e.preventDefault()
    handlers.run(hit.action)
  }
  onMounted(() => window.addEventListener('keydown', onKey, true))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey, true))
}
