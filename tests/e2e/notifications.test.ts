/**
 * Live updates and the notifications list in Chromium on the H5 build, with the backend sending
 * subscribe messages to a fake WeChat: the ticket page changes by itself when the dispatcher acts
 * (Server-Sent Events, faster than the 10 s poll), lists the WeChat message that went out, and the
 * messages page shows a new message while open. Screenshots: tests/e2e/screenshots/notify-*.png.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import type { TicketDetail } from '@contract/tickets'
import { injectAs, login } from '../helpers/app'
import { launchBrowser, openPhonePage, screenshot } from '../helpers/browser'
import { startFakeWeChat, type FakeWeChat } from '../helpers/fake-wechat'
import { H5_DIR, startTestServer } from '../helpers/server'
import { fileTicketOk } from '../helpers/tickets'

jest.setTimeout(120_000)

const RESIDENT = 'e2e-notify-resident'
const PROGRESS = 'tmpl-e2e-progress'
const RESULT = 'tmpl-e2e-result'

describe('live ticket and messages pages, with WeChat notifications', () => {
  let fake: FakeWeChat
  let server: Awaited<ReturnType<typeof startTestServer>>
  let browser: Browser
  let page: Page
  let resident: string
  let dispatcher: string
  const streams: string[] = []

  const act = async (id: number, action: string) => {
    const res = await injectAs(server.app, dispatcher, { method: 'POST', url: `/api/ops/tickets/${id}/${action}`, payload: {} })
    if (res.statusCode !== 200) throw new Error(`${action}: ${res.statusCode} ${res.body}`)
    return res.json<TicketDetail>()
  }

  /** Until the page's EventSource is subscribed on the server. */
  const streamOpen = async () => {
    for (let waited = 0; server.app.events.hub.subscriberCount === 0; waited += 100) {
      if (waited > 10_000) throw new Error('the page opened no live stream')
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }

  beforeAll(async () => {
    if (!fs.existsSync(path.join(H5_DIR, 'index.html'))) throw new Error('the H5 build is missing: build it first (H5_DIST=…)')
    fake = await startFakeWeChat()
    server = await startTestServer({ wxAppId: fake.appId, wxSecret: fake.secret, wxApiBase: fake.base, wxSubscribeTemplateIds: { progress: PROGRESS, result: RESULT } })
    resident = (await login(server.app, RESIDENT)).token
    dispatcher = (await login(server.app, 'dispatcher')).token
    for (const id of [PROGRESS, PROGRESS, RESULT]) {
      await injectAs(server.app, resident, { method: 'POST', url: '/api/subscriptions', payload: { accepted: [id] } })
    }
    browser = await launchBrowser()
    page = await openPhonePage(browser)
    await page.context().addInitScript((code) => {
      window.localStorage.setItem('ybs.devCode', JSON.stringify({ data: code }))
    }, `dev:${RESIDENT}`)
    page.on('request', (request) => {
      if (request.url().includes('/api/events?')) streams.push(request.url())
    })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.cleanup()
    await fake?.close()
  })

  it('the ticket page follows the dispatcher live and lists the WeChat message that went out', async () => {
    const ticket = await fileTicketOk(server.app, resident)
    await page.goto(`${server.url}/#/packages/ticket/detail/index?id=${ticket.id}`)
    await page.locator('.detail-summary .status-chip', { hasText: '已提交' }).waitFor()
    await streamOpen()
    expect(streams[0]).toMatch(/\/api\/events\?token=\d+\.\d+\./) // a stream token, not the bearer token
    await screenshot(page, 'notify-01-ticket-submitted')

    const started = Date.now()
    await act(ticket.id, 'accept')
    await page.locator('.detail-summary .status-chip', { hasText: '已受理' }).waitFor({ timeout: 8000 })
    const pushedIn = Date.now() - started
    expect(pushedIn).toBeLessThan(5000) // the poll would take up to 10 s

    await server.app.notifications.runOnce()
    const sent = page.getByRole('listitem', { name: '受理 · 进度通知，已发送' })
    await sent.waitFor({ timeout: 8000 })
    expect(fake.delivered.filter((send) => send.body.touser === `dev:${RESIDENT}`).map((send) => send.body.page)).toEqual([
      `packages/ticket/detail/index?id=${ticket.id}`,
    ])
    await page.getByRole('region', { name: '微信通知' }).scrollIntoViewIfNeeded()
    await screenshot(page, 'notify-02-ticket-accepted-notified')
    console.log(`ticket page updated ${pushedIn} ms after the accept`)
  })

  it('the messages page shows a new message while open', async () => {
    const ticket = await fileTicketOk(server.app, resident)
    await page.goto(`${server.url}/#/packages/ticket/messages/index`)
    await page.locator('.message-item, .state-view').first().waitFor()
    await streamOpen()
    const before = await page.locator('.message-item').count()
    await act(ticket.id, 'accept')
    await page.waitForFunction((n) => document.querySelectorAll('.message-item').length === n + 1, before, { timeout: 8000 })
    await expect(page.locator('.message-item').first().getAttribute('aria-label')).resolves.toContain(ticket.number)
    await screenshot(page, 'notify-03-messages-live')
  })
})
