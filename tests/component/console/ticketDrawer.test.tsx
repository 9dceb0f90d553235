/**
 * The console's ticket drawer (plain React, jsdom, fetch replaced): the actions follow the
 * ticket's state, a dispatch goes to the chosen suggested worker with the CSRF header, and a stale
 * action (409: someone moved the ticket meanwhile) says so and shows the ticket as it now is.
 */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import type { SuggestionList } from '@contract/console'
import type { TicketDetail } from '@contract/tickets'
import { TicketDrawer } from '../../../console/src/components/TicketDrawer'
import { setCsrfToken } from '../../../console/src/lib/api'

const base: TicketDetail = {
  id: 7,
  number: 'BY20261125-0007',
  status: 'accepted',
  categoryId: 'exposed_garbage',
  categoryName: '暴露垃圾',
  description: '路边有成堆垃圾',
  createdAt: '2026-11-25T02:00:00.000Z',
  updatedAt: '2026-11-25T02:00:00.000Z',
  dueAt: '2026-11-25T06:00:00.000Z',
  overdue: false,
  escalated: false,
  followerCount: 0,
  location: { lat: 23.17, lng: 113.275 },
  address: { street: '景泰街', community: '广园新村社区', gridId: 'g1', gridName: '景泰街第5网格', text: '广州市白云区景泰街广园新村社区' },
  addressNote: null,
  photos: [],
  afterPhotos: [],
  resolvedAt: null,
  closedAt: null,
  reopenCount: 0,
  assignee: null,
  rating: null,
  relation: 'staff',
  following: false,
  canRate: false,
  canReopen: false,
  reopenUntil: null,
  rejectReason: null,
  source: 'app',
  events: [{ id: 1, type: 'created', actorRole: 'resident', actorName: '市民', at: '2026-11-25T02:00:00.000Z', note: null, status: 'submitted', photos: [] }],
}

const suggestions: SuggestionList = {
  items: [{ workerId: 41, name: '王强', gridId: 'g1', sameGrid: true, distanceMeters: 320, activeTickets: 2, location: { lat: 23.17, lng: 113.27 } }],
}

type Call = { method: string; url: string; headers: Record<string, string>; body?: unknown }

function fakeServer(answers: (call: Call) => { status: number; body?: unknown }) {
  const calls: Call[] = []
  global.fetch = jest.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const call: Call = { method: init.method ?? 'GET', url: String(input), headers: (init.headers ?? {}) as Record<string, string>, body: init.body ? JSON.parse(String(init.body)) : undefined }
    calls.push(call)
    const { status, body } = answers(call)
    // jsdom has no Response: the three members the console's client reads
    return { ok: status >= 200 && status < 300, status, text: async () => (body === undefined ? '' : JSON.stringify(body)) } as Response
  }) as typeof fetch
  return calls
}

describe('console ticket drawer', () => {
  beforeEach(() => setCsrfToken('csrf-123'))

  it('dispatches to the suggested worker with the CSRF header', async () => {
    let current = base
    const calls = fakeServer(({ method, url }) => {
      if (method === 'GET' && url === '/api/tickets/7') return { status: 200, body: current }
      if (url === '/api/ops/tickets/7/suggestions') return { status: 200, body: suggestions }
      if (method === 'POST' && url === '/api/ops/tickets/7/dispatch') {
        current = { ...base, status: 'dispatched', assignee: { id: 41, name: '王强' } }
        return { status: 200, body: current }
      }
      return { status: 404, body: { code: 'NOT_FOUND', message: url } }
    })
    const changed = jest.fn()
    render(<TicketDrawer id={7} version={0} onClose={() => undefined} onChanged={changed} />)
    await screen.findByRole('heading', { name: '工单 BY20261125-0007' })
    // accepted: dispatch and reject are offered, accept is not
    expect(screen.queryByRole('button', { name: '受理' })).toBeNull()
    expect(screen.getByRole('button', { name: '不予受理' })).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: '派遣' }))
    fireEvent.click(await screen.findByRole('button', { name: '派遣给 王强（320 米，在办 2 件）' }))
    await screen.findByText('已派遣给 王强')
    const dispatch = calls.find((c) => c.method === 'POST')!
    expect(dispatch.body).toEqual({ workerId: 41 })
    expect(dispatch.headers['x-csrf-token']).toBe('csrf-123')
    expect(changed).toHaveBeenCalled()
    await waitFor(() => expect(screen.getByRole('button', { name: '改派' })).toBeTruthy())
  })

  it('a stale action (409) says the ticket moved and shows it as it now is', async () => {
    let current = base
    fakeServer(({ method, url }) => {
      if (method === 'GET' && url === '/api/tickets/7') return { status: 200, body: current }
      if (method === 'POST' && url === '/api/ops/tickets/7/reject') {
        // someone else dispatched it a moment ago
        current = { ...base, status: 'dispatched', assignee: { id: 52, name: '李明' } }
        return { status: 409, body: { code: 'INVALID_TRANSITION', message: 'Cannot reject a dispatched ticket' } }
      }
      return { status: 404, body: { code: 'NOT_FOUND', message: url } }
    })
    render(<TicketDrawer id={7} version={0} onClose={() => undefined} onChanged={() => undefined} />)
    await screen.findByRole('heading', { name: '工单 BY20261125-0007' })
    fireEvent.click(screen.getByRole('button', { name: '不予受理' }))
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '确认不予受理' }))
    })
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('已为您刷新为最新状态')
    // refreshed: the new assignee, and no more reject button for a dispatched ticket
    await screen.findByText('李明', { exact: false })
    expect(screen.queryByRole('button', { name: '不予受理' })).toBeNull()
  })
})
