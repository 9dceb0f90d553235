/**
 * Subscribe messages in the app: accepted templates go to POST /api/subscriptions, the ticket page
 * lists the notifications sent, the messages page updates while open (polling on weapp), and the
 * H5 live stream (EventSource with a stream token, reopened with the last id after a refusal).
 */
import { act, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import type { TicketNotification } from '@contract/notifications'
import type { MessagePage } from '@contract/tickets'
import TicketDetailPage from '@/packages/ticket/detail/index'
import MessagesPage from '@/packages/ticket/messages/index'
import { acceptedTemplateIds, requestAndRecord } from '@/packages/report/lib/subscribe'
import * as live from '@/packages/ticket/lib/liveUpdates.h5'
import { firePageEvent, jsonResponse, mockRequest, setRouterParams, type FakeRequestOptions } from './stubs/taro'
import { NOW, iso, message, resolvedTicket } from './tickets.fixtures'

type Route = (options: FakeRequestOptions, body: unknown) => unknown

function backend(routes: Record<string, Route>) {
  const seen: { key: string; body: unknown; url: string }[] = []
  mockRequest((options) => {
    const url = new URL(options.url)
    const path = url.pathname.replace(/^\/api/, '')
    if (path === '/auth/login') return jsonResponse(200, { token: 'token-1', expiresAt: '2999-01-01T00:00:00Z', user: { id: 1, role: 'resident', displayName: '张女士' } })
    const key = `${(options.method ?? 'GET').toUpperCase()} ${path}`
    const body = typeof options.data === 'string' && options.data ? JSON.parse(options.data) : options.data
    seen.push({ key, body, url: options.url })
    const route = routes[key]
    if (!route) return jsonResponse(404, { code: 'NOT_FOUND', message: 'no route' })
    return jsonResponse(200, route(options, body))
  })
  return seen
}

const notification = (id: number, overrides: Partial<TicketNotification> = {}): TicketNotification => ({
  id,
  eventType: 'accepted',
  kind: 'progress',
  state: 'sent',
  reason: null,
  recipientId: 1,
  attempts: 1,
  createdAt: iso(NOW - 60_000),
  sentAt: iso(NOW - 55_000),
  ...overrides,
})

beforeEach(() => {
  jest.clearAllMocks()
  setRouterParams({})
})

describe('subscribe consent', () => {
  it('keeps only the accepted templates of WeChat’s answer', () => {
    expect(acceptedTemplateIds({ a: 'accept', b: 'reject', c: 'ban', errMsg: 'requestSubscribeMessage:ok' }, ['a', 'b', 'c'])).toEqual(['a'])
  })

  it('sends the accepted ids to POST /api/subscriptions, and nothing when all were declined', async () => {
    const seen = backend({ 'POST /subscriptions': () => ({ items: [] }) })
    const ask = jest.fn()
    Object.assign(Taro, { requestSubscribeMessage: ask })
    ask.mockResolvedValueOnce({ 'tmpl-p': 'accept', 'tmpl-r': 'accept', errMsg: 'requestSubscribeMessage:ok' })
    expect(await requestAndRecord(['tmpl-p', 'tmpl-r'])).toEqual(['tmpl-p', 'tmpl-r'])
    expect(seen.filter((r) => r.key === 'POST /subscriptions').map((r) => r.body)).toEqual([{ accepted: ['tmpl-p', 'tmpl-r'] }])

    ask.mockResolvedValueOnce({ 'tmpl-p': 'reject', 'tmpl-r': 'reject', errMsg: 'requestSubscribeMessage:ok' })
    expect(await requestAndRecord(['tmpl-p', 'tmpl-r'])).toEqual([])
    ask.mockRejectedValueOnce({ errMsg: 'requestSubscribeMessage:fail cancel' })
    expect(await requestAndRecord(['tmpl-p'])).toEqual([])
    expect(seen.filter((r) => r.key === 'POST /subscriptions')).toHaveLength(1)
  })
})

describe('ticket page: 微信通知', () => {
  it('lists the notifications this ticket sent, newest first, with why one was not sent', async () => {
    setRouterParams({ id: '7' })
    backend({
      'GET /tickets/7': () => resolvedTicket(),
      'GET /tickets/7/notifications': () => ({
        items: [
          notification(1),
          notification(2, { eventType: 'dispatched', state: 'skipped', reason: 'no_credit', sentAt: null }),
          notification(3, { eventType: 'resolved', kind: 'result' }),
        ],
      }),
    })
    render(<TicketDetailPage />)
    const list = await screen.findByRole('list', { name: '已发出的微信服务通知' })
    const items = within(list).getAllByRole('listitem')
    expect(items.map((item) => item.getAttribute('aria-label'))).toEqual([
      '处置完成 · 办结通知，已发送',
      '派遣 · 进度通知，未发送（未订阅此类通知）',
      '受理 · 进度通知，已发送',
    ])
  })

  it('shows no section when the ticket sent none', async () => {
    setRouterParams({ id: '7' })
    const seen = backend({ 'GET /tickets/7': () => resolvedTicket(), 'GET /tickets/7/notifications': () => ({ items: [] }) })
    render(<TicketDetailPage />)
    expect(await screen.findByText('BY20261125-0007')).toBeTruthy()
    await waitFor(() => expect(seen.some((r) => r.key === 'GET /tickets/7/notifications')).toBe(true))
    expect(screen.queryByRole('region', { name: '微信通知' })).toBeNull()
  })
})

describe('messages page while open (weapp: polling while shown)', () => {
  it('puts a new message on top within 15 s, and stops polling when hidden', async () => {
    jest.useFakeTimers()
    jest.setSystemTime(NOW)
    try {
      let answer: MessagePage = { items: [message(1, { read: true })], unread: 0, nextCursor: null }
      const seen = backend({ 'GET /messages': () => answer })
      render(<MessagesPage />)
      expect(await screen.findAllByRole('link')).toHaveLength(1)
      const reads = () => seen.filter((r) => r.key === 'GET /messages').length
      const before = reads()

      answer = { items: [message(2, { title: '处置完成 · 已处置', body: '「暴露垃圾」工单已处置完成，请查看整改照片并评价。' }), message(1, { read: true })], unread: 1, nextCursor: null }
      await act(async () => void jest.advanceTimersByTime(15_000))
      expect(await screen.findByText('1条未读')).toBeTruthy()
      const items = screen.getAllByRole('link')
      expect(items[0].getAttribute('aria-label')).toContain('处置完成')
      expect(items).toHaveLength(2)
      expect(reads()).toBe(before + 1)

      act(() => firePageEvent('didHide'))
      await act(async () => void jest.advanceTimersByTime(60_000))
      expect(reads()).toBe(before + 1)
    } finally {
      jest.useRealTimers()
    }
  })
})

describe('H5 live stream (liveUpdates.h5)', () => {
  class FakeEventSource {
    static CONNECTING = 0
    static OPEN = 1
    static CLOSED = 2
    static instances: FakeEventSource[] = []
    readyState = FakeEventSource.CONNECTING
    onopen: (() => void) | null = null
    onerror: (() => void) | null = null
    listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>()
    closed = false
    constructor(readonly url: string) {
      FakeEventSource.instances.push(this)
    }
    addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
      this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener])
    }
    close() {
      this.closed = true
      this.readyState = FakeEventSource.CLOSED
    }
    open() {
      this.readyState = FakeEventSource.OPEN
      this.onopen?.()
    }
    push(type: string, data: object, id: string) {
      for (const listener of this.listeners.get(type) ?? []) listener({ type, data: JSON.stringify(data), lastEventId: id } as MessageEvent<string>)
    }
    refuse() {
      this.readyState = FakeEventSource.CLOSED
      this.onerror?.()
    }
  }

  it('opens with a stream token, delivers my changes, and after a refusal reopens with a new token after the last id', async () => {
    Object.assign(window, { EventSource: FakeEventSource })
    let tokens = 0
    backend({ 'POST /events/token': () => ({ token: `stream-${++tokens}`, expiresAt: iso(NOW + 60_000) }) })
    expect(live.hasPush()).toBe(true)
    const changes: unknown[] = []
    const stop = live.subscribeLive((change) => changes.push(change))
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1))
    const first = FakeEventSource.instances[0]
    expect(first.url).toMatch(/\/api\/events\?token=stream-1$/)
    first.open()
    first.push('ticket', { ticketId: 7, eventType: 'resolved', status: 'resolved' }, '41')
    first.push('notification', { ticketId: 7, notificationId: 3, state: 'sent' }, '42')
    expect(changes).toEqual([
      { kind: 'ticket', ticketId: 7 },
      { kind: 'notification', ticketId: 7 },
    ])

    jest.useFakeTimers()
    try {
      first.refuse() // e.g. the token expired before the browser's own reconnect
      await act(async () => void jest.advanceTimersByTime(2_000))
    } finally {
      jest.useRealTimers()
    }
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(2))
    const second = FakeEventSource.instances[1]
    expect(second.url).toMatch(/\/api\/events\?token=stream-2&lastEventId=42$/)
    second.open()
    expect(changes.at(-1)).toEqual({ kind: 'reload' })

    stop()
    expect(second.closed).toBe(true)
  })
})
