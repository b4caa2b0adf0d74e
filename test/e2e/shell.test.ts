// The shell around the science: the help panel and keyboard shortcuts, Escape closing pop-overs, layouts from
// 1100×700 to 1920×1080 with no clipped table cell (checked in the DOM; screenshots in test-results/), and
// axe-core's accessibility check on every tab in the light and the dark scheme.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { byId, SHOTS, useSession } from './server'
import { scratchDir } from '../helpers/tmp'

const dir = scratchDir('landau-shell-')
const project = join(dir, 'shell.landau')
const session = useSession(['--workers', '2'])
let page: Page
beforeAll(() => {
  page = session.page
})
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const TABS = ['history', 'initial', 'convergence', 'conservation', 'study'] as const

/**
 * Table cells whose content does not fit (scrollWidth > clientWidth: cut by overflow or an ellipsis), and
 * visible tables wider than their scroll container's view, as "where: text". One pixel of slack for sub-pixel layout.
 */
async function clippedCells(): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = []
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect()
      return r.width > 0 && r.height > 0
    }
    for (const cell of Array.from(document.querySelectorAll('td, th'))) {
      if (!visible(cell)) continue
      if (cell.scrollWidth > cell.clientWidth + 1) out.push(`cell: ${(cell.textContent ?? '').trim().slice(0, 40)}`)
    }
    for (const table of Array.from(document.querySelectorAll('table'))) {
      if (!visible(table)) continue
      const r = table.getBoundingClientRect()
      if (r.right > document.documentElement.clientWidth + 1) out.push(`table past the window: ${(table.textContent ?? '').trim().slice(0, 40)}`)
    }
    return out
  })
}

/** axe-core's serious and critical violations on the page as it is, as "rule: target" lines. */
async function axeViolations(): Promise<string[]> {
  // The page's CSP (script-src 'self') refuses addScriptTag's inline script; evaluating the source through
  // the DevTools protocol defines window.axe all the same, without loosening the CSP under test.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> }
      }
    ).axe
    const r = await axe.run(document, { resultTypes: ['violations'] })
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.slice(0, 5).map((n) => `${v.id}: ${n.target.join(' ')}`))
  })
}

describe('the workbench shell in Chromium', () => {
  it('opens help and the shortcut list by key, and Escape closes them and the Export pop-over', async () => {
    await page.goto(session.server.url)
    await page.fill(byId('project-path'), project)
    await page.click(byId('project-create'))
    await page.waitForFunction(([sel, path]) => document.querySelector(sel)?.textContent?.includes(path), [byId('project-current'), project] as const)
    // A small Kac run started with Ctrl+Enter from a field, so every table has rows.
    await page.fill(byId('exp-N'), '40')
    await page.fill(byId('exp-replicas'), '2')
    await page.fill(byId('exp-T'), '0.2')
    await page.fill(byId('exp-dt'), '0.01')
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.trim() === 'spec valid', byId('exp-status'))
    await page.press(byId('exp-dt'), 'Control+Enter')
    await page.waitForSelector(byId('run-row-1'))
    await session.waitAttr('run-row-1', 'data-status', 'done', 60_000)

    await page.click('body', { position: { x: 5, y: 5 } }) // out of any field
    await page.keyboard.press('?')
    await page.waitForSelector(byId('shortcut-list'))
    expect(await page.textContent(byId('shortcut-list'))).toContain('Ctrl+Enter')
    await page.keyboard.press('Escape')
    expect(await page.locator(byId('shortcut-list')).count()).toBe(0)
    await page.keyboard.press('F1')
    await page.waitForSelector(byId('help-panel'))
    const help = (await page.textContent(byId('help-panel'))) ?? ''
    for (const words of ['mass ∫f = 1', 'momentum ∫v f = 0', 'energy ∫|v|² f = 3', 'Landau equation', "Kac's particle system", 'Convergence'])
      expect(help).toContain(words)
    await page.keyboard.press('Escape')
    expect(await page.locator(byId('help-panel')).count()).toBe(0)
    // Digits switch views outside fields; "?" typed in a field is text.
    await page.keyboard.press('3')
    expect(await session.attr('tab-convergence', 'aria-selected')).toBe('true')
    await page.keyboard.press('1')
    expect(await session.attr('tab-history', 'aria-selected')).toBe('true')
    await page.focus(byId('exp-name'))
    await page.keyboard.press('?')
    expect(await page.locator(byId('shortcut-list')).count()).toBe(0)
    expect(await page.inputValue(byId('exp-name'))).toMatch(/\?$/)

    // The Export pop-over of the history chart closes on Escape, focus back on its toggle.
    const toggle = page.locator('[data-testid$="-export-toggle"]:visible').first()
    await toggle.click()
    expect(await toggle.getAttribute('aria-expanded')).toBe('true')
    await page.keyboard.press('Escape')
    await page.waitForFunction(() => !document.querySelector('[data-testid$="-export-toggle"][aria-expanded="true"]'))
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '')).toMatch(/-export-toggle$/)
  })

  it('keeps every table cell whole from 1100×700 to 1920×1080, the run table with its Wall and Seed columns', async () => {
    await page.click(byId('run-row-1'))
    for (const [w, h] of [
      [1100, 700],
      [1400, 900],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width: w, height: h })
      for (const tab of ['history', 'initial', 'conservation'] as const) {
        await page.click(byId(`tab-${tab}`))
        await page.waitForTimeout(300) // charts and tables lay out on the next frames
        await page.screenshot({ path: join(SHOTS, `e2e-shell-${w}x${h}-${tab}.png`) })
        expect({ size: `${w}×${h}`, tab, clipped: await clippedCells() }).toEqual({ size: `${w}×${h}`, tab, clipped: [] })
      }
      for (const name of ['Wall', 'Seed']) {
        const th = page.locator('th', { hasText: new RegExp(`^${name}$`) })
        expect(await th.isVisible()).toBe(true)
      }
    }
    await page.setViewportSize({ width: 1400, height: 900 })
  })

  it('has no serious accessibility violation on any tab, in the light or the dark scheme', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      for (const tab of TABS) {
        await page.click(byId(`tab-${tab}`))
        await page.waitForTimeout(300)
        expect({ scheme, tab, violations: await axeViolations() }).toEqual({ scheme, tab, violations: [] })
      }
    }
    await page.click(byId('tab-history'))
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(SHOTS, 'e2e-shell-dark.png') })
    await page.emulateMedia({ colorScheme: 'light' })
  })
})
