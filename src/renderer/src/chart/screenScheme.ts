// The screen's side of the dark scheme (src/shared/figures/darkScheme.ts has the rule): in the light scheme an
// option passes untouched; in the dark one its colours are adapted to the page's --bg and --chart-grid.
import { forDarkPage } from '../../../shared/figures/darkScheme'
import { DARK_PAGE_BACKGROUND, DARK_PAGE_GRID } from '../../../shared/figures/style'

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim()
  return v || fallback
}

export function darkScheme(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches
}

export function forScheme<T>(option: T): T {
  if (!darkScheme()) return option
  return forDarkPage(option, { background: cssVar('--bg', DARK_PAGE_BACKGROUND), grid: cssVar('--chart-grid', DARK_PAGE_GRID) })
}
