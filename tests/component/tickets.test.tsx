/**
 * 我的工单 in jsdom against a fake backend: the tab (filters, 我也遇到, pagination, pull to
 * refresh, unread badge), the detail (proof of fix, rating once, appeal, worker track, live
 * refresh) and the messages page (tap opens the ticket and marks it read).
 */
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import type { TicketDetail, TicketPage } from '@contract/tickets'
import TicketDetailPage from '@/packages/ticket/detail/index'
import MessagesPage from '@/packages/ticket/messages/index'
import TicketsPage from '@/pages/tickets/index'
import { firePageEvent, jsonResponse, mockRequest, setRouterParams, type FakeRequestOptions } from './stubs/taro'
import { HOUR, MINUTE, NOW, event, iso, message, resolvedTicket, summary } from './tickets.fixtures'

// The map itself is the map component's business; here: what the detail asks it to draw.
jest.mock('@/components/MapView', () => jest.requireActual('./stubs/MapView'))
type Route = (options: FakeRequestOptions, query: URLSearchParams, body: unknown) => unknown

/** A fake backend: "GET /tickets" → handler; sign-in always works. Returns the requests it saw. */
function backend(routes: Record<string, Route>) {
  const seen: string[] = []
  mockRequest((options) => {
    const url = new URL(options.url)
    const path = url.pathname.replace(/^\/api/, '')
    const method = (options.method ?? 'GET').toUpperCase()
    if (path === '/auth/login') {
      return jsonResponse(200, { token: 'token-1', expiresAt: '2999-01-01T00:00:00Z', user: { id: 1, role: 'resident', displayName: '张女士' } })
    }
    const key = `${method} ${path}`
    seen.push(`${key}${url.search}`)
    const route = routes[key]
    if (!route) return jsonResponse(404, { code: 'NOT_FOUND', message: 'no route' })
    const body = typeof options.data === 'string' && options.data ? JSON.parse(options.data) : options.data
    const answer = route(options, url.searchParams, body)
    return jsonResponse(200, answer)
  })
  return seen
}

const page = (items: TicketPage['items'], nextCursor: string | null = null): TicketPage => ({ items, nextCursor })
const noMessages = () => ({ items: [], unread: 0, nextCursor: null })

beforeEach(() => {
  jest.clearAllMocks()
  setRouterParams({})
})

describe('我的工单 tab', () => {
  it('lists my tickets with their status, marks the ones I follow, and shows the unread count', async () => {
    backend({
      'GET /tickets': () =>
        page([
          summary(3, { status: 'resolved', categoryName: '井盖缺失' }),
          summary(2, { relation: 'follower', overdue: true, escalated: true }),
          summary(1, { status: 'closed', rated: true }),
        ]),
      'GET /messages': () => ({ items: [], unread: 3, nextCursor: null }),
    })
    render(<TicketsPage />)

    const cards = await screen.findAllByRole('link', { name: /工单|暴露垃圾|井盖缺失/ })
    const tickets = cards.filter((card) => card.className.includes('ticket-card'))
    expect(tickets.map((card) => card.getAttribute('aria-label')?.split('，').slice(0, 2).join('，'))).toEqual(['井盖缺失，已处置', '暴露垃圾，处理中', '暴露垃圾，已办结'])
    expect(within(tickets[0]).getByText('待评价')).toBeTruthy()
    expect(within(tickets[1]).getByText('我也遇到')).toBeTruthy()
    expect(within(tickets[1]).getByText('超时')).toBeTruthy()
    expect(within(tickets[1]).getByText('督办')).toBeTruthy()
    expect(within(tickets[2]).queryByText('待评价')).toBeNull()

    expect(await screen.findByText('3条未读')).toBeTruthy()
    expect(Taro.setTabBarBadge).toHaveBeenCalledWith({ index: 2, text: '3' })

    fireEvent.click(tickets[1])
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/ticket/detail/index?id=2' })
    fireEvent.click(screen.getByRole('link', { name: '消息通知，3条未读' }))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/ticket/messages/index' })
  })

  it('filters by 处理中 / 待评价 / 已办结 through the server', async () => {
    const seen = backend({
      'GET /tickets': (_options, query) => page(query.get('status') === 'to_rate' ? [summary(5, { status: 'resolved' })] : []),
      'GET /messages': noMessages,
    })
    render(<TicketsPage />)
    expect(await screen.findByText('还没有上报记录')).toBeTruthy()
    expect(screen.getAllByRole('tab').map((tab) => tab.textContent)).toEqual(['全部', '处理中', '待评价', '已办结'])

    fireEvent.click(screen.getByRole('tab', { name: '处理中' }))
    expect(await screen.findByText('没有处理中的工单')).toBeTruthy()
    expect(screen.getByRole('tab', { name: '处理中' }).getAttribute('aria-selected')).toBe('true')

    fireEvent.click(screen.getByRole('tab', { name: '待评价' }))
    expect(await screen.findByText('BY20261125-0005', { exact: false })).toBeTruthy()
    expect(seen.filter((request) => request.startsWith('GET /tickets'))).toEqual([
      'GET /tickets?scope=mine&status=all&limit=10',
      'GET /tickets?scope=mine&status=processing&limit=10',
      'GET /tickets?scope=mine&status=to_rate&limit=10',
    ])
  })

  it('loads the next page at the bottom and starts over on pull to refresh', async () => {
    let version = 1
    const seen = backend({
      'GET /tickets': (_options, query) =>
        query.get('cursor') === 'c2' ? page([summary(1)]) : page([summary(3, { categoryName: `版本${version}` }), summary(2)], 'c2'),
      'GET /messages': noMessages,
    })
    render(<TicketsPage />)
    expect(await screen.findByText('版本1')).toBeTruthy()
    expect(screen.getByText('加载更多')).toBeTruthy()

    act(() => firePageEvent('reachBottom'))
    expect(await screen.findByText('没有更多了')).toBeTruthy()
    expect(screen.getAllByText('广州市白云区景泰街景泰社区')).toHaveLength(3)

    version = 2
    act(() => firePageEvent('pullDownRefresh'))
    expect(await screen.findByText('版本2')).toBeTruthy()
    await waitFor(() => expect(Taro.stopPullDownRefresh).toHaveBeenCalled())
    expect(screen.getAllByText('广州市白云区景泰街景泰社区')).toHaveLength(2) // back to the first page
    expect(seen.filter((request) => request.includes('cursor=c2'))).toHaveLength(1)
  })
})

describe('ticket detail', () => {
  function serveTicket(initial: TicketDetail, extra: Record<string, Route> = {}) {
    let current = initial
    const seen = backend({
      'GET /tickets/7': () => current,
      'POST /tickets/7/rating': (_options, _query, body) => {
        const rating = body as { score: number; tags: string[]; comment: string }
        current = {
          ...current,
          status: 'closed',
          canRate: false,
          canReopen: false,
          rating: { ...rating, at: iso(NOW) },
          events: [...current.events, event(6, 'rated', NOW, { actorRole: 'resident', actorName: '张女士', status: 'resolved' }), event(7, 'closed', NOW, { status: 'closed' })],
        }
        return current
      },
      'POST /tickets/7/reopen': (_options, _query, body) => {
        const { reason } = body as { reason: string }
        current = {
          ...current,
          status: 'reopened',
          canRate: false,
          canReopen: false,
          events: [...current.events, event(6, 'reopened', NOW, { actorRole: 'resident', actorName: '张女士', status: 'reopened', note: reason })],
        }
        return current
      },
      ...extra,
    })
    setRouterParams({ id: '7' })
    return { seen, set: (next: TicketDetail) => (current = next) }
  }

  it('shows the ticket at a glance and the proof of fix side by side', async () => {
    serveTicket(resolvedTicket())
    render(<TicketDetailPage />)
    expect(await screen.findByText('BY20261125-0007')).toBeTruthy()
    expect(screen.getAllByText('暴露垃圾').length).toBeGreaterThan(0)
    expect(screen.getByText('已处置')).toBeTruthy()
    expect(screen.getByText('广州市白云区景泰街景泰社区（公交站旁）')).toBeTruthy()
    expect(screen.getByText('王师傅')).toBeTruthy()

    const proof = screen.getByRole('region', { name: '处置前后对比' })
    expect(within(proof).getByText('处置前')).toBeTruthy()
    expect(within(proof).getByText('处置后')).toBeTruthy()
    fireEvent.click(within(proof).getByRole('button', { name: '处置后照片1，点击查看大图' }))
    expect(Taro.previewImage).toHaveBeenCalledWith({
      urls: ['http://127.0.0.1:3000/media/before1.jpg', 'http://127.0.0.1:3000/media/after1.jpg'],
      current: 'http://127.0.0.1:3000/media/after1.jpg',
    })
    const timeline = screen.getByRole('list', { name: '处理进度' })
    expect(within(timeline).getByText('整改说明：已清理现场并冲洗地面')).toBeTruthy()
  })

  it('rates once: afterwards the rating is shown instead of the form', async () => {
    const { seen } = serveTicket(resolvedTicket())
    render(<TicketDetailPage />)
    fireEvent.click(await screen.findByRole('radio', { name: '非常满意' }))
    fireEvent.click(screen.getByRole('checkbox', { name: '现场干净' }))
    fireEvent.click(screen.getByRole('button', { name: '提交评价' }))

    const mine = await screen.findByRole('region', { name: '我的评价' })
    expect(within(mine).getByText('非常满意')).toBeTruthy()
    expect(within(mine).getByText('现场干净')).toBeTruthy()
    expect(screen.queryByRole('button', { name: '提交评价' })).toBeNull()
    expect(screen.queryByText('不满意，申请复核')).toBeNull()
    expect(screen.getByText('已办结')).toBeTruthy()
    expect(seen).toContain('POST /tickets/7/rating')
    expect(Taro.showToast).toHaveBeenCalledWith({ title: '感谢您的评价', icon: 'success' })
  })

  it('appeals with a required reason; the appeal then shows in the timeline', async () => {
    const { seen } = serveTicket(resolvedTicket())
    render(<TicketDetailPage />)
    fireEvent.click(await screen.findByRole('button', { name: '不满意，申请复核' }))
    fireEvent.click(screen.getByRole('button', { name: '提交复核申请' }))
    expect(screen.getByRole('alert').textContent).toBe('请填写申请复核的原因')
    expect(seen).not.toContain('POST /tickets/7/reopen')

    fireEvent.change(screen.getByLabelText('申请复核的原因'), { target: { value: '垃圾还在' } })
    fireEvent.click(screen.getByRole('button', { name: '提交复核申请' }))

    expect(await screen.findByText('复核原因：垃圾还在')).toBeTruthy()
    expect(screen.getByText('复核中')).toBeTruthy()
    expect(seen).toContain('POST /tickets/7/reopen')
    expect(screen.queryByRole('button', { name: '提交评价' })).toBeNull()
  })

  it("draws the worker's track while the ticket is in progress", async () => {
    const inProgress = resolvedTicket({ status: 'in_progress', afterPhotos: [], resolvedAt: null, canRate: false, canReopen: false, reopenUntil: null })
    serveTicket(inProgress, {
      'GET /tickets/7/track': () => ({
        worker: { name: '王师傅' },
        points: [
          { lat: 23.16, lng: 113.27, at: iso(NOW - 10 * MINUTE) },
          { lat: 23.165, lng: 113.272, at: iso(NOW - 2 * MINUTE) },
        ],
      }),
    })
    render(<TicketDetailPage />)
    const map = await screen.findByRole('img', { name: '王师傅前往问题地点的路线地图' })
    await waitFor(() => expect(JSON.parse(map.getAttribute('data-polylines') ?? '[]')).toHaveLength(1))
    const [line] = JSON.parse(map.getAttribute('data-polylines')!)
    expect(line.points).toEqual([
      { lat: 23.16, lng: 113.27 },
      { lat: 23.165, lng: 113.272 },
    ])
    const markers = JSON.parse(map.getAttribute('data-markers')!)
    expect(markers.map((marker: { kind: string }) => marker.kind)).toEqual(['ticket', 'worker'])
    expect(screen.getByText(/王师傅的位置更新于/)).toBeTruthy()
  })

  it('refreshes every 10 s while shown and stops when hidden', async () => {
    jest.useFakeTimers()
    jest.setSystemTime(NOW)
    try {
      const ticket = resolvedTicket({ status: 'in_progress', afterPhotos: [], resolvedAt: null, canRate: false, canReopen: false })
      const { seen, set } = serveTicket(ticket, { 'GET /tickets/7/track': () => ({ worker: null, points: [] }) })
      render(<TicketDetailPage />)
      expect(await screen.findByText('处理中')).toBeTruthy()
      const reads = () => seen.filter((request) => request === 'GET /tickets/7').length
      expect(reads()).toBe(1)

      set({ ...ticket, status: 'resolved', afterPhotos: resolvedTicket().afterPhotos, canRate: true, canReopen: true, resolvedAt: iso(NOW) })
      await act(async () => void jest.advanceTimersByTime(10_000))
      expect(await screen.findByText('已处置')).toBeTruthy()
      expect(reads()).toBe(2)

      act(() => firePageEvent('didHide'))
      await act(async () => void jest.advanceTimersByTime(60_000))
      expect(reads()).toBe(2)

      act(() => firePageEvent('didShow'))
      await waitFor(() => expect(reads()).toBe(3))
    } finally {
      jest.useRealTimers()
    }
  })

  it('shows 超时 and 督办 on an overdue, escalated ticket', async () => {
    serveTicket(
      resolvedTicket({ status: 'dispatched', overdue: true, escalated: true, dueAt: iso(Date.now() - 2 * HOUR), afterPhotos: [], resolvedAt: null, canRate: false, canReopen: false }),
      { 'GET /tickets/7/track': () => ({ worker: null, points: [] }) },
    )
    render(<TicketDetailPage />)
    const timer = await screen.findByRole('timer')
    expect(timer.getAttribute('aria-label')).toMatch(/^处置时限，已超时 2小时\d+分，已督办$/)
    expect(within(timer).getByText('超时')).toBeTruthy()
    expect(within(timer).getByText('督办')).toBeTruthy()
  })

  it('tells the reporter, under their photos, that others see faces and plates blurred; a follower is not told', async () => {
    const { set } = serveTicket(resolvedTicket({ afterPhotos: [] }))
    const { unmount } = render(<TicketDetailPage />)
    const photos = await screen.findByRole('region', { name: '现场照片' })
    expect(within(photos).getByText('照片中的人脸和车牌会自动打码，其他人只能看到打码后的照片；你自己和处理人员看到原图。')).toBeTruthy()
    unmount()

    set(resolvedTicket({ afterPhotos: [], relation: 'follower' }))
    render(<TicketDetailPage />)
    expect(await screen.findByRole('region', { name: '现场照片' })).toBeTruthy()
    expect(screen.queryByText(/人脸和车牌会自动打码/)).toBeNull()
  })
})

describe('messages page', () => {
  it('opens the ticket of a tapped message and marks it read on the server', async () => {
    const seen = backend({
      'GET /messages': () => ({ items: [message(2, { title: '工单已处置' }), message(1, { title: '工单已受理', read: true, ticketId: 5 })], unread: 1, nextCursor: null }),
      'POST /messages/read': () => ({ updated: 1 }),
    })
    render(<MessagesPage />)
    const unread = await screen.findByRole('link', { name: /^未读，工单已处置/ })
    expect(screen.getByText('1条未读')).toBeTruthy()

    fireEvent.click(unread)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/ticket/detail/index?id=7' })
    await waitFor(() => expect(seen).toContain('POST /messages/read'))
    expect(screen.getByText('全部已读')).toBeTruthy()
    expect(screen.getByRole('link', { name: /^工单已处置/ })).toBeTruthy()
  })
})
