/**
 * GET /api/ops/events over a real listening socket: events arrive as they commit, a reconnect with
 * Last-Event-ID replays what was missed (or says reload), and only dispatchers may listen.
 */
import type { AddressInfo } from 'node:net'
import type { TicketLiveData, WorkerDutyLiveData, WorkerPositionLiveData } from '@contract/console'
import { buildTestApp, injectAs, login } from '../../../helpers/app'
import { openSse, type SseClient } from '../../../helpers/sse'
import { JINGTAI, fileTicketOk } from '../../../helpers/tickets'

describe('GET /api/ops/events', () => {
  let ctx: Awaited<ReturnType<typeof buildTestApp>>
  let base: string
  let dispatcher: string
  let resident: string
  let worker: { token: string; user: { id: number } }
  const clients: SseClient[] = []
  // No safety timer: every event below must come from the kick after its request committed.
  beforeAll(async () => {
    ctx = await buildTestApp({}, { maintenanceIntervalMs: 0, liveEvents: { pollMs: 0, heartbeatMs: 300 } })
    await ctx.app.listen({ host: '127.0.0.1', port: 0 })
    base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`
    dispatcher = (await login(ctx.app, 'dispatcher')).token
    resident = (await login(ctx.app, 'alice')).token
    worker = await login(ctx.app, 'worker-7')
  })
  afterEach(() => clients.splice(0).forEach((client) => client.close()))
  afterAll(() => ctx.cleanup())

  const listen = async (headers: Record<string, string> = {}, query = '') => {
    const client = await openSse(`${base}/api/ops/events${query}`, { authorization: `Bearer ${dispatcher}`, ...headers })
    clients.push(client)
    return client
  }

  it('streams a new ticket, a worker position and a duty change as they commit', async () => {
    const client = await listen()
    expect(client.status).toBe(200)
    expect(client.headers['content-type']).toMatch(/^text\/event-stream/)
    expect(client.headers['cache-control']).toMatch(/no-cache/)

    const started = performance.now()
    const ticket = await fileTicketOk(ctx.app, resident)
    const created = await client.waitFor((m) => m.event === 'ticket', 2000)
    expect(created.receivedAt - started).toBeLessThan(2000)
    const data = JSON.parse(created.data) as TicketLiveData
    expect(data.eventType).toBe('created')
    expect(data.ticket).toMatchObject({ id: ticket.id, number: ticket.number, status: 'submitted', categoryId: 'exposed_garbage', street: ticket.address.street })
    // GCJ-02 like the ticket's own answer, not the stored WGS-84 (≈ 500 m apart here).
    expect(data.ticket.location.lat).toBeCloseTo(ticket.location.lat, 5)
    expect(data.ticket.location.lng).toBeCloseTo(ticket.location.lng, 5)
    expect(Number(created.id)).toBeGreaterThan(0)
    // Built from the row as written, not read back (#19): exactly what the console's queue shows for it.
    const queue = await injectAs(ctx.app, dispatcher, { method: 'GET', url: `/api/ops/tickets?q=${encodeURIComponent(ticket.number)}` })
    expect(queue.statusCode).toBe(200)
    expect(queue.json().items).toEqual([data.ticket])

    const moved = await injectAs(ctx.app, worker.token, { method: 'POST', url: '/api/ops/position', payload: { location: JINGTAI } })
    expect(moved.statusCode).toBe(204)
    const position = JSON.parse((await client.waitFor((m) => m.event === 'worker.position', 2000)).data) as WorkerPositionLiveData
    expect(position).toMatchObject({ workerId: worker.user.id, ticketId: null })
    expect(position.location.lat).toBeCloseTo(JINGTAI.lat, 5)

    const duty = await injectAs(ctx.app, worker.token, { method: 'POST', url: '/api/ops/duty', payload: { onDuty: false } })
    expect(duty.statusCode).toBe(200)
    const off = JSON.parse((await client.waitFor((m) => m.event === 'worker.duty', 2000)).data) as WorkerDutyLiveData
    expect(off).toMatchObject({ workerId: worker.user.id, onDuty: false })

    const accepted = await injectAs(ctx.app, dispatcher, { method: 'POST', url: `/api/ops/tickets/${ticket.id}/accept`, payload: {} })
    expect(accepted.statusCode).toBe(200)
    const changed = JSON.parse((await client.waitFor((m) => m.event === 'ticket' && m.data.includes('"eventType":"accepted"'), 2000)).data) as TicketLiveData
    expect(changed.ticket).toMatchObject({ id: ticket.id, status: 'accepted' })

    // ids go up, one message per committed change, in order
    const ids = client.messages.map((m) => Number(m.id))
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    expect(new Set(ids).size).toBe(ids.length)
    await injectAs(ctx.app, worker.token, { method: 'POST', url: '/api/ops/duty', payload: { onDuty: true } })
  })

  it("streams the worker app's position batches (newest kept point) and duty changes", async () => {
    const client = await listen()
    const at = new Date().toISOString()
    const batch = await injectAs(ctx.app, worker.token, {
      method: 'POST',
      url: '/api/work/positions',
      // ~11 m from the last position: well under the speed filter's limit
      payload: { coordSystem: 'gcj02', points: [{ lat: JINGTAI.lat + 0.0001, lng: JINGTAI.lng, at }] },
    })
    expect(batch.statusCode).toBe(200)
    expect(batch.json()).toEqual({ accepted: 1, dropped: 0 })
    const position = JSON.parse((await client.waitFor((m) => m.event === 'worker.position', 2000)).data) as WorkerPositionLiveData
    expect(position).toMatchObject({ workerId: worker.user.id })
    expect(position.location.lat).toBeCloseTo(JINGTAI.lat + 0.0001, 5)
    expect(position.location.lng).toBeCloseTo(JINGTAI.lng, 5)
    const duty = await injectAs(ctx.app, worker.token, { method: 'POST', url: '/api/work/duty', payload: { onDuty: false } })
    expect(duty.statusCode).toBe(200)
    expect(JSON.parse((await client.waitFor((m) => m.event === 'worker.duty', 2000)).data)).toMatchObject({ workerId: worker.user.id, onDuty: false })
    await injectAs(ctx.app, worker.token, { method: 'POST', url: '/api/work/duty', payload: { onDuty: true } })
  })

  it('replays what was missed after Last-Event-ID, then goes on live', async () => {
    await ctx.app.events.flush()
    const first = await listen()
    await fileTicketOk(ctx.app, resident)
    const seen = await first.waitFor((m) => m.event === 'ticket')
    first.close()

    // Missed while disconnected: a ticket and a position.
    const missed = await fileTicketOk(ctx.app, resident)
    await injectAs(ctx.app, worker.token, { method: 'POST', url: '/api/ops/position', payload: { location: JINGTAI } })
    await ctx.app.events.flush()

    const again = await listen({ 'last-event-id': seen.id! })
    const replayed = await again.waitFor((m) => m.event === 'worker.position')
    const kinds = again.messages.map((m) => m.event)
    expect(kinds).toEqual(['ticket', 'worker.position'])
    expect((JSON.parse(again.messages[0].data) as TicketLiveData).ticket.id).toBe(missed.id)
    expect(Number(again.messages[0].id)).toBe(Number(seen.id) + 1)
    expect(Number(replayed.id)).toBeGreaterThan(Number(again.messages[0].id))

    // …and then live, without repeating the replayed ones.
    const live = await fileTicketOk(ctx.app, resident)
    const next = await again.waitFor((m) => m.event === 'ticket' && (JSON.parse(m.data) as TicketLiveData).ticket.id === live.id)
    expect(Number(next.id)).toBeGreaterThan(Number(replayed.id))
    expect(again.messages.filter((m) => m.id === replayed.id)).toHaveLength(1)
  })

  it('takes the id from ?lastEventId= when the header cannot be set', async () => {
    await ctx.app.events.flush() // nobody listened since the last test: read what they wrote
    const latest = ctx.app.events.latestId
    await fileTicketOk(ctx.app, resident)
    await ctx.app.events.flush()
    const client = await listen({}, `?lastEventId=${latest}`)
    const message = await client.waitFor((m) => m.event === 'ticket')
    expect(Number(message.id)).toBe(latest + 1)
  })

  it('sends reload when the id is older than what is kept, or was never given out', async () => {
    await ctx.app.events.flush() // nobody listened since the last test: read what they wrote
    const latest = ctx.app.events.latestId
    await ctx.app.db.deleteFrom('live_events').where('id', '<=', latest).execute()
    await fileTicketOk(ctx.app, resident)
    await ctx.app.events.flush()

    const expired = await listen({ 'last-event-id': '1' })
    const reload = await expired.waitFor((m) => m.event === 'reload')
    expect(JSON.parse(reload.data)).toEqual({ reason: 'expired' })
    expect(reload.id).toBeNull()

    const unknown = await listen({ 'last-event-id': '99999999' })
    expect(JSON.parse((await unknown.waitFor((m) => m.event === 'reload')).data)).toEqual({ reason: 'unknown' })
    // Still live after a reload.
    const ticket = await fileTicketOk(ctx.app, resident)
    await unknown.waitFor((m) => m.event === 'ticket' && m.data.includes(`"id":${ticket.id},`))
  })

  it('keeps an idle stream alive with heartbeats and forgets a client that leaves', async () => {
    const client = await listen()
    await new Promise((r) => setTimeout(r, 700))
    expect(client.comments).toContain('hb')
    expect(ctx.app.events.hub.subscriberCount).toBe(1)
    client.close()
    await new Promise((r) => setTimeout(r, 100))
    expect(ctx.app.events.hub.subscriberCount).toBe(0)
  })

  it('refuses residents and workers (403) and anonymous clients (401), as JSON', async () => {
    for (const [token, status] of [[resident, 403], [worker.token, 403]] as const) {
      const res = await injectAs(ctx.app, token, { method: 'GET', url: '/api/ops/events' })
      expect(res.statusCode).toBe(status)
      expect(res.json()).toMatchObject({ code: 'FORBIDDEN' })
    }
    expect((await ctx.app.inject({ method: 'GET', url: '/api/ops/events' })).statusCode).toBe(401)
    const bad = await injectAs(ctx.app, dispatcher, { method: 'GET', url: '/api/ops/events?lastEventId=abc' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().details[0].field).toBe('querystring.lastEventId')
  })
})
