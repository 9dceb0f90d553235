/**
 * Accessibility audit (#16) of every H5 page, in standard mode and in 长辈版 (elderly mode), against
 * the real backend with seeded data: axe-core (injected with page.addScriptTag) must find no serious
 * or critical violation; in 长辈版 our own checks hold too: every visible interactive element is at
 * least 60×60 CSS px, no text is under 18 px, and nothing overflows sideways at 320 px width.
 * Screenshots of every page in 长辈版: tests/e2e/screenshots/a11y-*.png. The counts of every run go
 * to .builds/a11y-audit.json (A11Y_REPORT names another file).
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import type { TicketDetail } from '@contract/tickets'
import type { NearestFacilitiesResponse } from '@contract/facilities'
import { injectAs, login } from '../helpers/app'
import { launchBrowser, openPhonePage, screenshot } from '../helpers/browser'
import { afterPhotoFields, jpeg, uploadPhoto } from '../helpers/photos'
import { H5_DIR, startTestServer } from '../helpers/server'
import { JINGTAI, fileTicketOk, validReport, workerToken } from '../helpers/tickets'

jest.setTimeout(300_000)

const AXE = path.resolve(__dirname, '../../node_modules/axe-core/axe.min.js')
const REPORT = path.resolve(__dirname, '../..', process.env.A11Y_REPORT || '.builds/a11y-audit.json')
const RESIDENT = 'e2e-a11y-resident'
/** The device's 长辈版 choice as Taro's H5 storage keeps it (src/hooks/useLargeText.ts). */
const ELDER_KEY = 'ybs.elderMode'

type Mode = 'standard' | 'elder'
interface Finding {
  axe: { id: string; impact: string; nodes: string[] }[]
  small: string[]
  tinyText: string[]
  overflow: number
}

/** Serious and critical axe violations on the page as it is now. */
async function runAxe(page: Page): Promise<Finding['axe']> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE })
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({ id: violation.id, impact: violation.impact, nodes: violation.nodes.map((node) => node.target.join(' ')).slice(0, 5) }))
  })
}

/** Our own 长辈版 checks: targets ≥ 60×60, text ≥ 18 px. */
async function ownChecks(page: Page): Promise<Pick<Finding, 'small' | 'tinyText'>> {
  return page.evaluate(() => {
    const visible = (element: Element) => {
      const rect = element.getBoundingClientRect()
      const style = getComputedStyle(element)
      return rect.width > 0 && rect.height > 0 && style.visibility !== 'hidden' && style.display !== 'none' && !element.closest('[aria-hidden="true"]')
    }
    const describe = (element: Element) => {
      const rect = element.getBoundingClientRect()
      const name = element.getAttribute('aria-label') || (element.textContent ?? '').trim().slice(0, 16)
      return `${element.tagName.toLowerCase()}.${String(element.className).split(' ')[0]} "${name}" ${Math.round(rect.width)}×${Math.round(rect.height)}`
    }
    const interactive = 'button, a[href], input:not([type=hidden]), textarea, select, taro-button-core, [role=button], [role=tab], [role=radio], [role=checkbox], [role=switch], [role=link], [role=option]'
    const small = [...document.querySelectorAll(interactive)]
      .filter((element) => visible(element) && !element.parentElement?.closest(interactive))
      // a native control inside a labelled wrapper (the wrapper is the target)
      .filter((element) => !(element.tagName === 'INPUT' && (element as HTMLInputElement).type !== 'text' && element.closest('label')))
      .filter((element) => {
        const rect = element.getBoundingClientRect()
        return rect.width < 59.5 || rect.height < 59.5
      })
      .map(describe)
    const tinyText: string[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement
      if (!parent || !(node.textContent ?? '').trim() || !visible(parent)) continue
      if (parent.closest('.leaflet-container, script, style')) continue
      const size = parseFloat(getComputedStyle(parent).fontSize)
      if (size < 17.95) tinyText.push(`${describe(parent)} ${size}px`)
    }
    return { small: [...new Set(small)], tinyText: [...new Set(tinyText)].slice(0, 40) }
  })
}

describe('accessibility audit of every page', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>
  let browser: Browser
  const pages: Record<string, string> = {}
  const results: Record<string, Partial<Record<Mode, Finding>>> = {}
  const contexts: Partial<Record<`${Mode}:${string}`, Page>> = {}

  const api = <T>(token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    injectAs(server.app, token, { method, url, payload }).then((res) => {
      if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`)
      return res.statusCode === 204 ? (undefined as T) : res.json<T>()
    })

  /** One browser page per mode and user, reused across pages (same device, same storage). */
  async function phone(mode: Mode, devCode: string, width = 375): Promise<Page> {
    const key = `${mode}:${devCode}:${width}` as const
    if (contexts[key]) return contexts[key]!
    // bypassCSP: the app's CSP (rightly) refuses the injected axe script.
    const page = await openPhonePage(browser, { viewport: { width, height: 812 }, bypassCSP: true })
    await page.context().addInitScript(
      ([code, elder, elderKey]) => {
        window.localStorage.setItem('ybs.devCode', JSON.stringify({ data: code }))
        // A stored choice either way, so the first-start offer does not show up in the audit.
        window.localStorage.setItem(elderKey, JSON.stringify({ data: elder ? '1' : '0' }))
      },
      [devCode, mode === 'elder', ELDER_KEY] as const,
    )
    contexts[key] = page
    return page
  }

  beforeAll(async () => {
    if (!fs.existsSync(path.join(H5_DIR, 'index.html'))) throw new Error('the H5 build is missing: build it first (H5_DIST=…)')
    server = await startTestServer()
    const resident = (await login(server.app, RESIDENT)).token
    const dispatcher = (await login(server.app, 'dispatcher')).token
    const act = (token: string, id: number, action: string, payload: object = {}) => api<TicketDetail>(token, 'POST', `/api/ops/tickets/${id}/${action}`, payload)

    // A resolved ticket with before and after photos (detail, messages), and one dispatched (worker pages).
    const resolved = await fileTicketOk(server.app, resident, validReport({ description: '路边有成堆垃圾，无人清理', photoIds: [await uploadPhoto(server.app, resident, undefined)] }))
    await act(dispatcher, resolved.id, 'accept')
    const dispatchedOne = await act(dispatcher, resolved.id, 'dispatch')
    const worker = await workerToken(server.app, dispatchedOne.assignee!.id)
    await act(worker, resolved.id, 'start')
    const after = await uploadPhoto(server.app, worker, await jpeg(800, 600, '#2e7d32'), afterPhotoFields(resolved.id, resolved.location))
    await act(worker, resolved.id, 'resolve', { note: '已清理现场', photoIds: [after] })
    const open = await fileTicketOk(server.app, resident, validReport({ categoryId: 'garbage_overflow', description: '垃圾桶满了溢出来', location: { ...JINGTAI, lat: JINGTAI.lat + 0.001 } }))
    await act(dispatcher, open.id, 'accept')
    const task = await act(dispatcher, open.id, 'dispatch')
    const { openid: workerCode } = await server.app.db.selectFrom('users').select('openid').where('id', '=', task.assignee!.id).executeTakeFirstOrThrow()
    await server.app.privacy?.drain?.()

    const { items: facilities } = await api<NearestFacilitiesResponse>(resident, 'GET', `/api/facilities/nearest?lat=${JINGTAI.lat}&lng=${JINGTAI.lng}&type=toilet&limit=1`)
    const resident$ = `dev:${RESIDENT}`
    Object.assign(pages, {
      report: `${resident$}|/pages/report/index`,
      facilities: `${resident$}|/pages/facilities/index`,
      tickets: `${resident$}|/pages/tickets/index`,
      form: `${resident$}|/packages/report/form/index?categoryId=garbage_exposed`,
      success: `${resident$}|/packages/report/success/index?id=${open.id}&number=${encodeURIComponent(open.number)}&dueAt=${encodeURIComponent(open.dueAt ?? '')}`,
      outbox: `${resident$}|/packages/report/outbox/index`,
      detail: `${resident$}|/packages/ticket/detail/index?id=${resolved.id}`,
      messages: `${resident$}|/packages/ticket/messages/index`,
      facility: `${resident$}|/packages/facility/detail/index?id=${facilities[0].id}`,
      'work-tasks': `${workerCode}|/packages/work/tasks/index`,
      'work-task': `${workerCode}|/packages/work/task/index?id=${open.id}`,
      'work-bind': `${resident$}|/packages/work/bind/index`,
    })
    // The public pages (#15) live in the app's chunks, not in index.html or the file names: always audited.
    pages.public = `${resident$}|/packages/public/map/index`
    pages.stats = `${resident$}|/packages/public/stats/index`
    browser = await launchBrowser()
  })

  afterAll(async () => {
    fs.mkdirSync(path.dirname(REPORT), { recursive: true })
    const counts = Object.fromEntries(
      Object.entries(results).map(([name, modes]) => [
        name,
        Object.fromEntries(Object.entries(modes).map(([mode, f]) => [mode, { axe: f!.axe.reduce((n, v) => n + v.nodes.length, 0), rules: f!.axe.map((v) => v.id), small: f!.small.length, tinyText: f!.tinyText.length, overflow: f!.overflow }])),
      ]),
    )
    fs.writeFileSync(REPORT, JSON.stringify({ counts, details: results }, null, 2))
    await browser?.close()
    await server?.cleanup()
  })

  async function visit(mode: Mode, name: string, width = 375): Promise<Page> {
    const [code, route] = pages[name].split('|')
    const page = await phone(mode, code, width)
    // A fresh load each time: Taro's H5 router would otherwise keep earlier pages (hidden) in the DOM.
    await page.goto('about:blank')
    await page.goto(`${server.url}/#${route}`)
    await page.locator('.page:visible').first().waitFor()
    // Data and images settle; animations end.
    await page.waitForLoadState('networkidle').catch(() => undefined)
    await page.waitForTimeout(600)
    return page
  }

  const names = ['report', 'facilities', 'tickets', 'form', 'success', 'outbox', 'detail', 'messages', 'facility', 'work-tasks', 'work-task', 'work-bind', 'public', 'stats']
  for (const name of names) {
    it(`${name}: no serious or critical axe violation in either mode; 长辈版 sizes hold`, async () => {
      for (const mode of ['standard', 'elder'] as const) {
        const page = await visit(mode, name)
        const axe = await runAxe(page)
        const own = mode === 'elder' ? await ownChecks(page) : { small: [], tinyText: [] }
        let overflow = 0
        if (mode === 'elder') {
          await screenshot(page, `a11y-${name}-elder`)
          const narrow = await visit(mode, name, 320)
          overflow = await narrow.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth)
        }
        results[name] = { ...results[name], [mode]: { axe, ...own, overflow } }
      }
      const found = results[name]
      expect({ standard: found.standard!.axe, elder: found.elder!.axe }).toEqual({ standard: [], elder: [] })
      expect(found.elder!.small).toEqual([])
      expect(found.elder!.tinyText).toEqual([])
      expect(found.elder!.overflow).toBeLessThanOrEqual(0)
    })
  }

  /**
   * On weapp, text and targets are rem of the page's root font: WeChat's font size × 1.5 in 长辈版
   * (components/ElderMode/FontMeta), while paddings and boxes stay rpx (of the screen width). The
   * largest case, 关怀模式's ~24 px font with 长辈版 (root 36 px), on a 320 px wide phone, is played
   * here in the browser: H5 writes design px d as d / 40 rem of its own root (index.html's script:
   * width × 40 / 750, never under 20 px) times --fs, weapp's rem is d / 32 × root, so
   * --fs = 36 × 40 / (32 × H5 root) gives the weapp text and target sizes (2.25 at 320 px, against
   * 长辈版's 1.5). H5's paddings stay at their 375 px size there (weapp's rpx shrink with the width),
   * so this is the harder case. No page may overflow sideways then.
   */
  it('every page with WeChat’s largest font in 长辈版 (weapp sizes, root 36 px) at 320 px: no sideways overflow', async () => {
    const width = 320
    const overflows: Record<string, number> = {}
    for (const name of names) {
      const page = await visit('elder', name, width)
      const h5Root = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))
      await page.addStyleTag({ content: `.page.page--elder { --fs: ${(36 * 40) / (32 * h5Root)} !important; }` })
      await page.waitForTimeout(300)
      // The text did grow (the body text of .page: 32 design px → 1rem = 36 px), and nothing sticks out.
      const bodyText = await page.locator('.page:visible').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
      expect(Math.round(bodyText)).toBe(36)
      overflows[name] = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth)
      if (overflows[name] > 0) await screenshot(page, `a11y-${name}-elder-root36-320`)
    }
    results.largestFont = { elder: { axe: [], small: [], tinyText: [], overflow: Math.max(...Object.values(overflows)) } }
    expect(Object.entries(overflows).filter(([, px]) => px > 0)).toEqual([])
  })
})
