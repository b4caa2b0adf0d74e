// The Time step tab in Chromium (`landau refine-dt` from the UI): a Δt that does not divide T is refused with
// the field named; then random pairing at γ = 0 with every integrator, against the exact continuous-time law.
// What must hold: Euler–Maruyama and sbm are first-order in Δt (the discrete systems' weak error against the
// continuous-time law is O(Δt): docs/NUMERICS.md §4.16), so their 95 % intervals must cover 1; rotation's is
// pre-asymptotic at these Δt (its measured order is lower) and is only required to be positive. The seed is
// fixed, so the numbers are the same at every run: the test checks that the UI shows the study's own answer
// (the API test checks the bits against the in-process study).
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { byId, SHOTS, useSession } from './server'

const session = useSession(['--workers', '1'])
let page: Page
beforeAll(() => {
  page = session.page
})
const { attr, waitAttr } = session

/** "1.01 [0.93, 1.08]" → [order, lo, hi]. */
function orderOf(text: string): [number, number, number] {
  const m = /(−?-?\d+\.\d+) \[(−?-?\d+\.\d+), (−?-?\d+\.\d+)\]/.exec(text)
  if (!m) throw new Error(`no order in "${text}"`)
  return m.slice(1).map((x) => Number(x.replace('−', '-'))) as [number, number, number]
}

describe('the Time step tab', () => {
  it('refuses a bad Δt, then shows the order of every pairing integrator with its interval', async () => {
    await page.goto(session.server.url)
    await page.click(byId('tab-timestep'))
    await page.selectOption(byId('dt-system'), 'pairing')
    await page.fill(byId('dt-dts'), '0.04, 0.03')
    await page.click(byId('dt-run'))
    await page.waitForSelector(byId('dt-error'))
    expect(await page.textContent(byId('dt-error'))).toContain('does not divide T')
    expect(await attr('dt-panel', 'data-studies')).toBe('0')

    await page.fill(byId('dt-dts'), '0.04, 0.02, 0.01, 0.005')
    await page.click(byId('dt-run-all'))
    await waitAttr('dt-panel', 'data-studies', '3', 60_000)
    await waitAttr('dt-panel', 'data-running', 'no')
    expect(await page.locator(byId('dt-error')).count()).toBe(0)

    const rows = await Promise.all([0, 1, 2].map((k) => page.textContent(byId(`dt-row-${k}`))))
    expect(rows.map((r) => /pairing · (\w+)/.exec(r!)?.[1])).toEqual(['rotation', 'sbm', 'euler'])
    const [rotation, sbm, euler] = rows.map((r) => orderOf(r!))
    for (const [, lo, hi] of [sbm, euler]) {
      expect(lo).toBeLessThanOrEqual(1)
      expect(hi).toBeGreaterThanOrEqual(1)
    }
    expect(rotation[0]).toBeGreaterThan(0)
    // The figure draws each study (line + bars) and the slope-1 guide.
    const series = await page.evaluate(() => {
      const el = document.querySelector('[data-testid="dt-chart"]') as HTMLElement & { getAttribute(n: string): string | null }
      const inst = (window as unknown as { echarts?: unknown }).echarts
      return el && inst === undefined ? el.querySelectorAll('canvas').length : -1
    })
    expect(series).toBeGreaterThan(0)
    await page.waitForTimeout(1500) // the lines' entry animation
    await page.screenshot({ path: join(SHOTS, 'e2e-dt-study.png') })
  })
})
