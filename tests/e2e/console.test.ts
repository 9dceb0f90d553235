/**
 * The operator console (dist-console, served at /console/ by the real backend) in headless
 * Chromium at desktop size, in a browser set to UTC (the console must still show China time).
 * A dispatcher signs in; a resident files a ticket through the API and it appears on the map and
 * in the queue without a reload; the dispatcher accepts it and dispatches it to a suggested worker;
 * that worker's position update moves their marker; the worker resolves it and the KPI tiles
 * change; both CSV exports download. axe-core checks the sign-in, map/queue and dashboard views.
 * Screenshots: tests/e2e/screenshots/console-*.png.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import type { TicketDetail } from '@contract/tickets'
import { injectAs, login } from '../helpers/app'
import { launchBrowser, openDesktopPage, pageProblems, screenshot } from '../helpers/browser'
import { afterPhotoFields, jpeg, uploadPhoto } from '../helpers/photos'
import { CONSOLE_DIR, startTestServer } from '../helpers/server'
import { JINGTAI, fileTicketOk, validReport, workerToken } from '../helpers/tickets'

jest.setTimeout(180_000)

const DISPATCHER = { name: 'dispatcher', password: 'yunbaoshi-dispatcher' }
const AXE = path.resolve(__dirname, '../../node_modules/axe-core/axe.min.js')

interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[] }[]
}

/** axe-core in the page: the serious and critical violations (rule, help, first targets). */
async function axeProblems(page: Page): Promise<string[]> {
  // Not page.addScriptTag: the console's CSP (script-src 'self') refuses inline scripts, and
  // bypassing CSP would hide what it blocks. Evaluating through the DevTools protocol is exempt.
  await page.evaluate(fs.readFileSync(AXE, 'utf8'))
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations
  })
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`)
}

describe('operator console in the browser', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>
  let browser: Browser
  let page: Page
  let resident: string
  let ticket: TicketDetail
  let workerId: number
  let worker: string

  const api = <T>(token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    injectAs(server.app, token, { method, url, payload }).then((res) => {
      if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`)
      return res.statusCode === 204 ? (undefined as T) : res.json<T>()
    })

  beforeAll(async () => {
    if (!fs.existsSync(path.join(CONSOLE_DIR, 'index.html'))) throw new Error('the console build is missing: npm run build:console first (CONSOLE_DIST=…)')
    server = await startTestServer()
    resident = (await login(server.app, 'e2e-console-resident')).token
    browser = await launchBrowser()
    page = await openDesktopPage(browser, { acceptDownloads: true })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.cleanup()
  })
  afterEach(() => expect(pageProblems(page)).toEqual([]))

  it('1. a dispatcher signs in (a wrong password is refused in words first)', async () => {
    await page.goto(`${server.url}/console/`)
    await page.getByRole('heading', { name: '云报事 · 城管指挥调度台' }).waitFor()
    expect(await axeProblems(page)).toEqual([])
    await page.getByLabel('账号').fill(DISPATCHER.name)
    await page.getByLabel('密码').fill('wrong-password')
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByRole('alert').filter({ hasText: '账号或密码错误' }).waitFor()
    await screenshot(page, 'console-01a-sign-in-refused')

    await page.getByLabel('密码').fill(DISPATCHER.password)
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByRole('navigation', { name: '主导航' }).waitFor()
    await page.getByText('白云区调度中心').waitFor()
    // The map draws the district's 358 grids and every on-duty worker; the stream is open.
    await page.waitForFunction(() => document.querySelectorAll('.console-map path.leaflet-interactive').length >= 358)
    await page.waitForFunction(() => document.querySelectorAll('.worker-dot').length >= 358)
    await page.locator('.queue-panel .live-badge', { hasText: '实时更新中' }).waitFor()
    await page.getByText('没有符合条件的工单').waitFor()
    // Signed in by an HttpOnly cookie the page cannot read.
    expect(await page.evaluate(() => document.cookie)).not.toContain('ybs_console')
    await screenshot(page, 'console-01-signed-in')
  })

  it('2. a resident files a ticket: it appears on the map and in the queue with no reload', async () => {
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true))
    const filedAt = Date.now()
    ticket = await fileTicketOk(server.app, resident, validReport({ description: '人行道上有一堆建筑垃圾', location: JINGTAI }))
    const row = page.locator(`table.queue tbody tr[data-ticket-id="${ticket.id}"]`)
    await row.waitFor({ timeout: 5000 })
    const seenMs = Date.now() - filedAt
    await page.locator(`.ticket-dot[title*="${ticket.number}"]`).waitFor({ timeout: 5000 })
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true)
    expect(seenMs).toBeLessThan(2000 + 1000) // the 2 s, plus this busy machine's slack
    await expect(row.textContent()).resolves.toContain(ticket.number)
    await expect(row.textContent()).resolves.toContain('暴露垃圾')
    await expect(row.textContent()).resolves.toContain('已提交')
    await expect(row.textContent()).resolves.toMatch(/剩 \d/)
    await expect(page.locator('.queue-total').textContent()).resolves.toContain('共 1 件')
    expect(await axeProblems(page)).toEqual([])
    await screenshot(page, 'console-02-ticket-arrives')

    // Clicking the ticket's grid filters the queue to it (a neighbouring grid empties it).
    const grid = page.locator(`.console-map path[data-grid="${ticket.address.gridId}"]`)
    await grid.dispatchEvent('click')
    await page.locator('.chip', { hasText: `网格：` }).waitFor()
    await row.waitFor()
    expect(page.url()).toContain('/console/')
    const other = await page.evaluate((code) => [...document.querySelectorAll('.console-map path[data-grid]')].map((p) => p.getAttribute('data-grid')).find((c) => c !== code), ticket.address.gridId)
    await page.locator(`.console-map path[data-grid="${other}"]`).dispatchEvent('click')
    await page.getByText('没有符合条件的工单').waitFor()
    await screenshot(page, 'console-02b-grid-filter')
    await page.getByRole('button', { name: '清除网格筛选' }).click()
    await row.waitFor()
  })

  it('3. the dispatcher accepts it and dispatches it to a suggested worker', async () => {
    await page.locator(`table.queue tbody tr[data-ticket-id="${ticket.id}"]`).click()
    const drawer = page.getByRole('dialog', { name: `工单 ${ticket.number}` })
    await drawer.waitFor()
    // China time whatever the browser's zone (this browser runs in UTC).
    const created = new Date(Date.parse(ticket.createdAt) + 8 * 3600_000).toISOString().slice(11, 16)
    await expect(drawer.textContent()).resolves.toContain(created)
    await drawer.getByRole('button', { name: '受理', exact: true }).click()
    await drawer.getByRole('status').filter({ hasText: '已受理' }).waitFor()
    await drawer.getByRole('button', { name: '派遣' }).click()
    const suggestions = drawer.getByRole('group', { name: '推荐的作业人员' })
    const first = suggestions.getByRole('button', { name: /^派遣给/ }).first()
    await first.waitFor()
    expect(await suggestions.getByRole('button', { name: /^派遣给/ }).count()).toBe(5)
    const label = (await first.getAttribute('aria-label'))!
    const name = /^派遣给 (\S+)（/.exec(label)![1]
    await screenshot(page, 'console-03a-suggestions')
    await first.click()
    await drawer.getByRole('status').filter({ hasText: `已派遣给 ${name}` }).waitFor()
    await drawer.getByText('已派遣', { exact: true }).first().waitFor()
    const stored = await server.app.db.selectFrom('tickets').innerJoin('users', 'users.id', 'tickets.assignee_id').select(['tickets.status', 'users.id', 'users.display_name']).where('tickets.id', '=', ticket.id).executeTakeFirstOrThrow()
    expect(stored).toMatchObject({ status: 'dispatched', display_name: name })
    workerId = stored.id
    worker = await workerToken(server.app, workerId)
    await page.locator(`table.queue tbody tr[data-ticket-id="${ticket.id}"]`, { hasText: name }).waitFor()
    await screenshot(page, 'console-03-dispatched')
  })

  it("4. the worker's position update moves that worker's marker", async () => {
    await page.getByRole('button', { name: '关闭工单详情' }).click()
    const marker = page.locator(`.worker-dot[data-worker-id="${workerId}"]`)
    const before = (await marker.boundingBox())!
    const { location } = await api<TicketDetail>(worker, 'GET', `/api/tickets/${ticket.id}`)
    // ~1.5 km north-east, toward the ticket's neighbourhood
    await api(worker, 'POST', '/api/ops/position', { location: { lat: location.lat + 0.01, lng: location.lng + 0.01, coordSystem: 'gcj02' }, ticketId: ticket.id })
    await page.waitForFunction(
      ({ id, x, y }) => {
        const box = document.querySelector(`.worker-dot[data-worker-id="${id}"]`)?.getBoundingClientRect()
        return box && (Math.abs(box.x - x) > 3 || Math.abs(box.y - y) > 3)
      },
      { id: workerId, x: before.x, y: before.y },
      { timeout: 5000 },
    )
    const after = (await marker.boundingBox())!
    // North-east on screen: right and up.
    expect(after.x).toBeGreaterThan(before.x)
    expect(after.y).toBeLessThan(before.y)
    await screenshot(page, 'console-04-worker-moved')
  })

  it('5. the worker resolves the ticket and the KPI tiles change', async () => {
    await page.getByRole('link', { name: '数据看板' }).click()
    const resolveTile = page.locator('[data-kpi="resolveRate"]')
    await resolveTile.waitFor()
    await expect(resolveTile.locator('.value').textContent()).resolves.toBe('0.0%')
    await expect(resolveTile.locator('.counts').textContent()).resolves.toBe('0 / 1 件')
    await page.getByRole('heading', { name: '近30天趋势' }).waitFor()
    await page.locator('.trend canvas').first().waitFor()
    expect(await axeProblems(page)).toEqual([])
    await screenshot(page, 'console-05a-dashboard-before')

    await api(worker, 'POST', `/api/ops/tickets/${ticket.id}/start`, {})
    const { location } = await api<TicketDetail>(worker, 'GET', `/api/tickets/${ticket.id}`)
    const photo = await uploadPhoto(server.app, worker, await jpeg(800, 600, '#2e7d32'), afterPhotoFields(ticket.id, location))
    await api(worker, 'POST', `/api/ops/tickets/${ticket.id}/resolve`, { note: '已清运建筑垃圾并冲洗路面', photoIds: [photo] })

    await page.waitForFunction(() => document.querySelector('[data-kpi="resolveRate"] .value')?.textContent === '100.0%', null, { timeout: 8000 })
    await expect(resolveTile.locator('.counts').textContent()).resolves.toBe('1 / 1 件')
    await expect(page.locator('[data-kpi="medianResolveHours"] .counts').textContent()).resolves.toBe('样本 1 件')
    // The definition is written beside the number.
    await expect(resolveTile.textContent()).resolves.toContain('口径：')
    await screenshot(page, 'console-05-kpi-changed')
  })

  it('6. CSV exports download: the KPI table and the filtered queue', async () => {
    const [kpiDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出指标 CSV' }).click()])
    const kpiCsv = fs.readFileSync((await kpiDownload.path())!, 'utf8')
    expect(kpiDownload.suggestedFilename()).toMatch(/\.csv$/)
    expect(kpiCsv).toContain('办结率')
    expect(kpiCsv).toContain(ticket.address.street)

    await page.getByRole('link', { name: '一张图' }).click()
    await page.getByLabel('状态').selectOption({ label: '全部状态' })
    await page.locator(`table.queue tbody tr[data-ticket-id="${ticket.id}"]`, { hasText: '已处置' }).waitFor()
    const [queueDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()])
    const queueCsv = fs.readFileSync((await queueDownload.path())!, 'utf8')
    expect(queueDownload.suggestedFilename()).toMatch(/\.csv$/)
    expect(queueCsv).toContain(ticket.number)
    await page.getByRole('status').filter({ hasText: '已导出' }).waitFor()
    await screenshot(page, 'console-06-exported')
  })

  it('7. after a reload the map layer draws every open ticket with its number, in its status colour', async () => {
    const open = await fileTicketOk(server.app, resident, validReport({ description: '路灯不亮了', location: JINGTAI, categoryId: 'broken_streetlight' }))
    await page.reload()
    const dot = page.locator(`.ticket-dot[title*="${open.number}"]`)
    await dot.waitFor({ timeout: 10_000 })
    await expect(dot.getAttribute('title')).resolves.toContain('已提交')
  })
})
