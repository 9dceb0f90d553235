/**
 * 我的工单 in Chromium against the real backend. This browser's resident (its per-browser dev
 * code is fixed in localStorage before the app loads, so the test can file tickets as the same
 * user through the API) has tickets resolved by a worker through the ops API. The resident sees
 * the list and the unread badge, the after-photo next to the before-photo, rates one ticket,
 * appeals another (which goes back into the dispatchers' queue), watches a worker's track grow
 * without reloading, and opens a notification. Screenshots: tests/e2e/screenshots/tickets-*.png.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import type { MessagePage, TicketDetail, TicketPage } from '@contract/tickets'
import { injectAs, login } from '../helpers/app'
import { launchBrowser, openPhonePage, pageProblems, screenshot } from '../helpers/browser'
import { afterPhotoFields, jpeg, uploadPhoto } from '../helpers/photos'
import { H5_DIR, startTestServer } from '../helpers/server'
import { JINGTAI, fileTicketOk, validReport, workerToken } from '../helpers/tickets'

jest.setTimeout(120_000)

const RESIDENT = 'e2e-tickets-resident'

describe('我的工单 in the browser', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>
  let browser: Browser
  let page: Page
  let resident: string
  let dispatcher: string
  const tickets: Record<'rate' | 'appeal' | 'track' | 'followed', TicketDetail> = {} as never

  const api = <T>(token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    injectAs(server.app, token, { method, url, payload }).then((res) => {
      if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`)
      return res.statusCode === 204 ? (undefined as T) : res.json<T>()
    })
  const act = (token: string, id: number, action: string, payload: object = {}) => api<TicketDetail>(token, 'POST', `/api/ops/tickets/${id}/${action}`, payload)

  /** Accept and dispatch; returns the assigned worker's token. */
  async function dispatch(id: number) {
    await act(dispatcher, id, 'accept')
    const dispatched = await act(dispatcher, id, 'dispatch')
    return workerToken(server.app, dispatched.assignee!.id)
  }

  async function resolve(id: number, note: string) {
    const worker = await dispatch(id)
    await act(worker, id, 'start')
    const { location } = await api<TicketDetail>(worker, 'GET', `/api/tickets/${id}`)
    const after = await uploadPhoto(server.app, worker, await jpeg(800, 600, '#2e7d32'), afterPhotoFields(id, location))
    await act(worker, id, 'resolve', { note, photoIds: [after] })
  }

  // ActionButton is Taro's <taro-button-core>, which has no button role on H5 (see the report).
  const submitRating = () => page.locator('.action-button', { hasText: '提交评价' })
  const submitAppeal = () => page.locator('.action-button', { hasText: '提交复核申请' })
  const detailUrl = (id: number) => `${server.url}/#/packages/ticket/detail/index?id=${id}`

  beforeAll(async () => {
    if (!fs.existsSync(path.join(H5_DIR, 'index.html'))) throw new Error('the H5 build is missing: build it first (H5_DIST=…)')
    server = await startTestServer()
    resident = (await login(server.app, RESIDENT)).token
    dispatcher = (await login(server.app, 'dispatcher')).token
    const neighbour = (await login(server.app, 'e2e-neighbour')).token

    const before = () => uploadPhoto(server.app, resident, undefined)
    tickets.rate = await fileTicketOk(server.app, resident, validReport({ description: '路边有成堆垃圾，无人清理', photoIds: [await before()] }))
    tickets.appeal = await fileTicketOk(
      server.app,
      resident,
      validReport({ categoryId: 'garbage_overflow', description: '垃圾桶满了溢出来', photoIds: [await before()], location: { ...JINGTAI, lat: JINGTAI.lat + 0.003 } }),
    )
    tickets.track = await fileTicketOk(server.app, resident, validReport({ categoryId: 'dirty_road', description: '路面油污', location: { ...JINGTAI, lng: JINGTAI.lng + 0.004 } }))
    tickets.followed = await fileTicketOk(server.app, neighbour, validReport({ categoryId: 'illegal_posting', description: '墙上小广告', location: { ...JINGTAI, lat: JINGTAI.lat - 0.003 } }))
    await api(resident, 'POST', `/api/tickets/${tickets.followed.id}/follow`)

    await resolve(tickets.rate.id, '已清理现场暴露垃圾并冲洗地面')
    await resolve(tickets.appeal.id, '已清运满溢垃圾')
    await server.app.privacy.drain() // the resident sees the photos once their protected copies exist (#20)

    browser = await launchBrowser()
    page = await openPhonePage(browser)
    // This browser IS the resident above: Taro's H5 storage keeps values as {"data": …}.
    await page.context().addInitScript((code) => {
      window.localStorage.setItem('ybs.devCode', JSON.stringify({ data: code }))
    }, `dev:${RESIDENT}`)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.cleanup()
  })

  it('lists my tickets and the one I follow, with the unread count', async () => {
    await page.goto(`${server.url}/#/pages/tickets/index`)
    await page.locator('.ticket-card').nth(3).waitFor()
    const labels = await page.locator('.ticket-card').evaluateAll((cards) => cards.map((card) => card.getAttribute('aria-label') ?? ''))
    // newest first: the followed one, the one still waiting, the two resolved ones
    expect(labels.map((label) => label.split('，')[1])).toEqual(['已提交', '已提交', '已处置', '已处置'])
    expect(labels[0]).toContain('我也遇到')
    await expect(page.locator('.ticket-card', { hasText: '我也遇到' }).count()).resolves.toBe(1)
    await expect(page.locator('.ticket-card', { hasText: '待评价' }).count()).resolves.toBe(2)
    await page.getByText('8条未读').waitFor() // 2 tickets × accepted, dispatched, started, resolved
    await screenshot(page, 'tickets-01-list')

    await page.getByRole('tab', { name: '待评价' }).click()
    await page.waitForFunction(() => document.querySelectorAll('.ticket-card').length === 2)
    await screenshot(page, 'tickets-02-filter-to-rate')
  })

  it('shows the proof of fix: the after-photo next to the before-photo, full size on tap', async () => {
    await page.locator('.ticket-card', { hasText: tickets.rate.number }).click()
    const proof = page.getByRole('region', { name: '处置前后对比' })
    await proof.waitFor()
    const after = proof.getByRole('button', { name: '处置后照片1，点击查看大图' })
    await after.waitFor()
    // the after-photo really loaded from the backend
    await page.waitForFunction(() => {
      const images = [...document.querySelectorAll('.photo-compare img')] as HTMLImageElement[]
      return images.length === 2 && images.every((image) => image.complete && image.naturalWidth > 0)
    })
    await expect(page.getByText('整改说明：已清理现场暴露垃圾并冲洗地面').count()).resolves.toBe(1)
    await page.getByText('按期处置').waitFor()
    await screenshot(page, 'tickets-03-proof')
    await page.getByRole('list', { name: '处理进度' }).scrollIntoViewIfNeeded()
    await screenshot(page, 'tickets-04-timeline')

    await after.click()
    const viewer = page.locator('.preview-image') // Taro's H5 viewer, opened on the tapped photo
    await viewer.waitFor()
    await page.waitForFunction(() => {
      const images = [...document.querySelectorAll('.preview-image img')] as HTMLImageElement[]
      return images.length === 2 && images.every((image) => image.complete && image.naturalWidth > 0)
    })
    await screenshot(page, 'tickets-05-preview')
    await viewer.click() // a tap closes it
    await viewer.waitFor({ state: 'detached' })
  })

  it('rates the ticket once; afterwards the rating is shown and the ticket is closed', async () => {
    await page.getByRole('radio', { name: '非常满意' }).waitFor()
    await submitRating().click()
    await page.getByText('请选择满意程度').waitFor()

    await page.getByRole('radio', { name: '非常满意' }).click()
    await page.getByRole('checkbox', { name: '处理及时' }).click()
    await page.getByRole('checkbox', { name: '现场干净' }).click()
    await page.getByRole('textbox', { name: '说说处理得怎么样' }).fill('清理得很干净，谢谢')
    await page.getByRole('radio', { name: '非常满意' }).scrollIntoViewIfNeeded()
    await screenshot(page, 'tickets-06-rating-form')
    await submitRating().click()

    const mine = page.getByRole('region', { name: '我的评价' })
    await mine.waitFor()
    await mine.getByText('清理得很干净，谢谢').waitFor()
    await expect(submitRating().count()).resolves.toBe(0)
    await page.locator('.status-chip', { hasText: '已办结' }).waitFor()
    await mine.scrollIntoViewIfNeeded()
    await screenshot(page, 'tickets-07-rated')

    const stored = await api<TicketDetail>(resident, 'GET', `/api/tickets/${tickets.rate.id}`)
    expect(stored).toMatchObject({ status: 'closed', rating: { score: 5, tags: ['处理及时', '现场干净'], comment: '清理得很干净，谢谢' } })
    expect(stored.events.map((event) => event.type).slice(-2)).toEqual(['rated', 'closed'])
  })

  it('appeals another resolved ticket: a reason is required, then it is back in the queue', async () => {
    await page.goto(detailUrl(tickets.appeal.id))
    await page.getByRole('button', { name: '不满意，申请复核' }).click()
    await submitAppeal().click()
    await page.getByText('请填写申请复核的原因').waitFor()
    await screenshot(page, 'tickets-08-appeal-reason-required')

    await page.getByRole('textbox', { name: /^请描述问题还没有解决的地方/ }).fill('垃圾桶旁边还有很多散落垃圾')
    await submitAppeal().click()
    await page.getByText('复核原因：垃圾桶旁边还有很多散落垃圾').waitFor()
    await page.locator('.status-chip', { hasText: '复核中' }).waitFor()
    await page.getByRole('region', { name: '处理进度' }).scrollIntoViewIfNeeded()
    await screenshot(page, 'tickets-09-appealed')

    const queue = await api<TicketPage>(dispatcher, 'GET', '/api/ops/queue?status=reopened')
    expect(queue.items.map((item) => item.id)).toContain(tickets.appeal.id)
    const stored = await api<TicketDetail>(resident, 'GET', `/api/tickets/${tickets.appeal.id}`)
    expect(stored.status).toBe('reopened')
    expect(stored.events.at(-1)).toMatchObject({ type: 'reopened', actorRole: 'resident', note: '垃圾桶旁边还有很多散落垃圾' })
  })

  it("draws the worker's track and follows the ticket live, without reloading", async () => {
    const worker = await dispatch(tickets.track.id)
    const position = (lat: number, lng: number) =>
      api(worker, 'POST', '/api/ops/position', { location: { lat, lng, coordSystem: 'gcj02' }, ticketId: tickets.track.id })
    await position(JINGTAI.lat - 0.004, JINGTAI.lng)
    await position(JINGTAI.lat - 0.002, JINGTAI.lng + 0.002)

    await page.goto(detailUrl(tickets.track.id))
    await page.locator('.status-chip', { hasText: '已派遣' }).waitFor()
    const line = page.locator('.track-section .leaflet-overlay-pane path')
    await line.first().waitFor()
    const firstPath = await line.first().getAttribute('d')
    await page.locator('.track-section').scrollIntoViewIfNeeded()
    await screenshot(page, 'tickets-10-track')

    // The worker walks on and starts: the open page catches up by itself (refresh every 10 s).
    await position(JINGTAI.lat, JINGTAI.lng + 0.004)
    await act(worker, tickets.track.id, 'start', { note: '已到达现场' })
    await page.locator('.status-chip', { hasText: '处理中' }).waitFor({ timeout: 15_000 })
    await page.waitForFunction((before) => document.querySelector('.track-section .leaflet-overlay-pane path')?.getAttribute('d') !== before, firstPath, { timeout: 15_000 })
    await page.getByText('备注：已到达现场').waitFor()
    await page.locator('.track-section').scrollIntoViewIfNeeded()
    await screenshot(page, 'tickets-11-track-live')
  })

  it('opens the ticket of a notification and keeps it read', async () => {
    await page.goto(`${server.url}/#/pages/tickets/index`)
    await page.getByRole('link', { name: /^消息通知，\d+条未读$/ }).click()
    await page.waitForURL(/packages\/ticket\/messages\/index/)
    const unread = page.locator('.message-item--unread')
    await unread.first().waitFor()
    await page.waitForTimeout(400) // the page slides in
    const before = await api<MessagePage>(resident, 'GET', '/api/messages?limit=50')
    await screenshot(page, 'tickets-12-messages')

    const first = before.items.find((item) => !item.read)!
    await page.locator(`.message-item[data-message-id="${first.id}"]`).click()
    await page.getByRole('list', { name: '处理进度' }).waitFor()
    expect(page.url()).toContain(`id=${first.ticketId}`)

    let after = before
    for (let tries = 0; tries < 50 && !after.items.find((item) => item.id === first.id)?.read; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      after = await api<MessagePage>(resident, 'GET', '/api/messages?limit=50')
    }
    expect(after.items.find((item) => item.id === first.id)?.read).toBe(true)
    expect(after.unread).toBe(before.unread - 1)

    await page.goBack()
    await page.locator(`.message-item[data-message-id="${first.id}"]`).waitFor()
    await expect(page.locator(`.message-item--unread[data-message-id="${first.id}"]`).count()).resolves.toBe(0)
  })

  it('raised no errors in the browser', () => {
    expect(pageProblems(page)).toEqual([])
  })
})
