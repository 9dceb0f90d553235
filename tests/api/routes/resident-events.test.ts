/**
 * GET /api/events (the resident's live stream) over a real socket: a stream token from an
 * authenticated POST opens it, only my tickets and my subscribe messages come through, a reconnect
 * with Last-Event-ID replays, and the token never appears in the logs.
 */
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import type { ResidentNotificationEvent, ResidentTicketEvent, StreamTokenResponse } from '@contract/notifications'
import { FakeClock } from '../../../mock-server/src/lib/clock'
import { buildTestApp, injectAs, login } from '../../helpers/app'
import { openSse, type SseClient } from '../../helpers/sse'
import { fileTicketOk } from '../../helpers/tickets'

describe('GET /api/events', () => {
  const clock = new FakeClock(Date.parse('2026-11-25T02:00:00Z'))
  const logLines: string[] = []
  let ctx: Awaited<ReturnType<typeof buildTestApp>>
  let base: string
  let alice: { token: string; user: { id: number } }
  let bob: { token: string; user: { id: number } }
  let dispatcher: string
  const clients: SseClient[] = []

  beforeAll(async () => {
    ctx = await buildTestApp(
      { logLevel: 'info', wxSubscribeTemplateIds: { progress: 'tmpl-p', result: 'tmpl-r' } },
      {
        clock,
        maintenanceIntervalMs: 0,
        notifications: { intervalMs: 0 },
        liveEvents: { pollMs: 0, heartbeatMs: 300 },
        logStream: new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) }),
      },
    )
    await ctx.app.listen({ host: '127.0.0.1', port: 0 })
    base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`
    alice = await login(ctx.app, 'live-alice')
    bob = await login(ctx.app, 'live-bob')
    dispatcher = (await login(ctx.app, 'dispatcher')).token
  })
  afterEach(() => clients.splice(0).forEach((client) => client.close()))
  afterAll(() => ctx.cleanup())

  const streamToken = async (token: string) => {
    const res = await injectAs(ctx.app, token, { method: 'POST', url: '/api/events/token' })
    expect(res.statusCode).toBe(200)
    return res.json<StreamTokenResponse>()
  }
  const listen = async (query: string, headers: Record<string, string> = {}) => {
    const client = await openSse(`${base}/api/events${query}`, headers)
    clients.push(client)
    return client
  }
  const accept = (id: number) => injectAs(ctx.app, dispatcher, { method: 'POST', url: `/api/ops/tickets/${id}/accept`, payload: {} })

  it('opens with a stream token and delivers my ticket changes and my notifications, not other people’s', async () => {
    const { token, expiresAt } = await streamToken(alice.token)
    expect(Date.parse(expiresAt) - clock.now().getTime()).toBe(60_000)
    const client = await listen(`?token=${encodeURIComponent(token)}`)
    expect(client.status).toBe(200)
    expect(client.headers['content-type']).toMatch(/^text\/event-stream/)

    const mine = await fileTicketOk(ctx.app, alice.token)
    const theirs = await fileTicketOk(ctx.app, bob.token)
    expect((await accept(theirs.id)).statusCode).toBe(200)
    expect((await accept(mine.id)).statusCode).toBe(200)
    const accepted = await client.waitFor((m) => m.event === 'ticket' && JSON.parse(m.data).eventType === 'accepted', 3000)
    expect(JSON.parse(accepted.data) as ResidentTicketEvent).toEqual({ ticketId: mine.id, eventType: 'accepted', status: 'accepted' })

    await ctx.app.notifications.runOnce() // sending is off: skipped, and the stream hears it
    const notification = await client.waitFor((m) => m.event === 'notification', 3000)
    expect(JSON.parse(notification.data) as ResidentNotificationEvent).toMatchObject({ ticketId: mine.id, state: 'skipped' })

    const seen = client.messages.map((m) => JSON.parse(m.data).ticketId)
    expect(seen).not.toContain(theirs.id)
    // Only what a resident may see: no staff fields.
    expect(Object.keys(JSON.parse(accepted.data)).sort()).toEqual(['eventType', 'status', 'ticketId'])
  })

  it('replays what came after Last-Event-ID', async () => {
    const { token } = await streamToken(alice.token)
    const first = await listen(`?token=${encodeURIComponent(token)}`)
    const ticket = await fileTicketOk(ctx.app, alice.token)
    const created = await first.waitFor((m) => m.event === 'ticket' && JSON.parse(m.data).ticketId === ticket.id)
    first.close()
    await accept(ticket.id)
    const again = await listen(`?token=${encodeURIComponent(token)}`, { 'last-event-id': created.id! })
    const replayed = await again.waitFor((m) => m.event === 'ticket' && JSON.parse(m.data).eventType === 'accepted')
    expect(JSON.parse(replayed.data)).toMatchObject({ ticketId: ticket.id })
  })

  it('401 without a token, with a forged or an expired one; the bearer token also works', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/events' })).statusCode).toBe(401)
    const { token } = await streamToken(alice.token)
    const forged = token.replace(/^\d+/, String(bob.user.id))
    expect((await ctx.app.inject({ method: 'GET', url: `/api/events?token=${encodeURIComponent(forged)}` })).statusCode).toBe(401)
    clock.advance(61_000)
    expect((await ctx.app.inject({ method: 'GET', url: `/api/events?token=${encodeURIComponent(token)}` })).statusCode).toBe(401)
    expect((await ctx.app.inject({ method: 'POST', url: '/api/events/token' })).statusCode).toBe(401)
    const withBearer = await listen('', { authorization: `Bearer ${bob.token}` })
    expect(withBearer.status).toBe(200)
  })

  it('keeps stream tokens out of the logs', async () => {
    const { token } = await streamToken(alice.token)
    const client = await listen(`?token=${encodeURIComponent(token)}`)
    expect(client.status).toBe(200)
    client.close()
    clock.advance(61_000)
    await ctx.app.inject({ method: 'GET', url: `/api/events?token=${encodeURIComponent(token)}` })
    const logged = logLines.join('')
    expect(logged).toContain('/api/events?token=[redacted]')
    expect(logged).not.toContain(token.split('.')[2])
  })
})
