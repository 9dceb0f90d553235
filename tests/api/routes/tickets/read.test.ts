/** Reading tickets: who may see what, lists and filters, nearby duplicates, following, messages. */
import type { MessagePage, TicketDetail, TicketPage } from '@contract/tickets'
import { FakeClock } from '../../../../mock-server/src/lib/clock'
import { injectAs, login, useTestApp } from '../../../helpers/app'
import { JINGTAI, fileTicketOk, getTicket, validReport } from '../../../helpers/tickets'

describe('reading tickets', () => {
  const clock = new FakeClock(Date.parse('2026-11-25T02:00:00Z'))
  const ctx = useTestApp({}, { clock, maintenanceIntervalMs: 0 })
  let alice: string
  let bob: string
  let carol: string
  let dispatcher: string
  beforeAll(async () => {
    alice = (await login(ctx.app, 'alice')).token
    bob = (await login(ctx.app, 'bob')).token
    carol = (await login(ctx.app, 'carol')).token
    dispatcher = (await login(ctx.app, 'dispatcher')).token
  })

  it("answers 404 for someone else's ticket, as for one that does not exist", async () => {
    const ticket = await fileTicketOk(ctx.app, alice, validReport({ address: '景泰直街12号401' }))
    const foreign = await getTicket(ctx.app, bob, ticket.id)
    const missing = await getTicket(ctx.app, bob, 999_999)
    expect(foreign.statusCode).toBe(404)
    expect(foreign.json()).toEqual({ code: 'NOT_FOUND', message: missing.json().message })
    expect((await getTicket(ctx.app, dispatcher, ticket.id)).statusCode).toBe(200)
  })

  it('lets a follower (我也遇到) read public fields only, counting each resident once', async () => {
    const ticket = await fileTicketOk(ctx.app, alice, validReport({ address: '景泰直街12号401' }))
    for (let i = 0; i < 2; i++) {
      const res = await injectAs(ctx.app, bob, { method: 'POST', url: `/api/tickets/${ticket.id}/follow` })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ following: true, followerCount: 1 })
    }
    const asBob = (await getTicket(ctx.app, bob, ticket.id)).json<TicketDetail>()
    expect(asBob).toMatchObject({ relation: 'follower', following: true, addressNote: null, canRate: false, canReopen: false })
    expect(asBob.events[0].actorName).toBe('市民') // the reporter's name is not shown to others
    const asAlice = (await getTicket(ctx.app, alice, ticket.id)).json<TicketDetail>()
    expect(asAlice).toMatchObject({ relation: 'reporter', addressNote: '景泰直街12号401', followerCount: 1 })
    expect(asAlice.events[0].actorName).toMatch(/^市民\d{4}$/)
    // The reporter cannot follow their own ticket.
    expect((await injectAs(ctx.app, alice, { method: 'POST', url: `/api/tickets/${ticket.id}/follow` })).statusCode).toBe(409)
  })

  it('notifies followers like the reporter', async () => {
    const ticket = await fileTicketOk(ctx.app, alice)
    await injectAs(ctx.app, carol, { method: 'POST', url: `/api/tickets/${ticket.id}/follow` })
    await injectAs(ctx.app, dispatcher, { method: 'POST', url: `/api/ops/tickets/${ticket.id}/accept`, payload: {} })
    const carols = (await injectAs(ctx.app, carol, { method: 'GET', url: '/api/messages' })).json<MessagePage>()
    expect(carols.items.filter((message) => message.ticketId === ticket.id).map((message) => message.title)).toEqual([expect.stringContaining('受理')])
    // Mark read: the count drops, and other users' messages are untouched.
    const aliceUnread = (await injectAs(ctx.app, alice, { method: 'GET', url: '/api/messages' })).json<MessagePage>().unread
    const marked = await injectAs(ctx.app, carol, { method: 'POST', url: '/api/messages/read', payload: { ids: carols.items.map((message) => message.id) } })
    expect(marked.json().updated).toBe(carols.unread)
    expect((await injectAs(ctx.app, carol, { method: 'GET', url: '/api/messages' })).json<MessagePage>().unread).toBe(0)
    expect((await injectAs(ctx.app, alice, { method: 'GET', url: '/api/messages' })).json<MessagePage>().unread).toBe(aliceUnread)
  })

  it('lists my tickets newest first, reported and followed, page by page', async () => {
    const dave = (await login(ctx.app, 'dave')).token
    const mine = []
    for (let i = 0; i < 5; i++) mine.push(await fileTicketOk(ctx.app, dave, validReport({ description: `第${i}件` })))
    const followed = await fileTicketOk(ctx.app, alice)
    await injectAs(ctx.app, dave, { method: 'POST', url: `/api/tickets/${followed.id}/follow` })

    const first = (await injectAs(ctx.app, dave, { method: 'GET', url: '/api/tickets?scope=mine&limit=4' })).json<TicketPage>()
    expect(first.items.map((item) => item.id)).toEqual([followed.id, mine[4].id, mine[3].id, mine[2].id])
    expect(first.items[0].relation).toBe('follower')
    expect(first.items[1].relation).toBe('reporter')
    const second = (await injectAs(ctx.app, dave, { method: 'GET', url: `/api/tickets?scope=mine&limit=4&cursor=${first.nextCursor}` })).json<TicketPage>()
    expect(second.items.map((item) => item.id)).toEqual([mine[1].id, mine[0].id])
    expect(second.nextCursor).toBeNull()

    const done = (await injectAs(ctx.app, dave, { method: 'GET', url: '/api/tickets?status=done' })).json<TicketPage>()
    expect(done.items).toEqual([])
    const processing = (await injectAs(ctx.app, dave, { method: 'GET', url: '/api/tickets?status=processing' })).json<TicketPage>()
    expect(processing.items).toHaveLength(6)
    // Bad cursor and bad filter are 400s naming the field.
    const bad = await injectAs(ctx.app, dave, { method: 'GET', url: '/api/tickets?cursor=%%%' })
    expect(bad.statusCode).toBe(400)
    expect((await injectAs(ctx.app, dave, { method: 'GET', url: '/api/tickets?status=lost' })).json().details[0].field).toBe('querystring.status')
    // Residents cannot list everybody's tickets.
    expect((await injectAs(ctx.app, dave, { method: 'GET', url: '/api/tickets?scope=all' })).statusCode).toBe(403)
  })

  it('finds open tickets of the same category within 100 m, without personal data', async () => {
    const near = await fileTicketOk(ctx.app, alice, validReport({ categoryId: 'street_vending', description: '我家楼下 13800138000 有摊贩' }))
    const far = await fileTicketOk(ctx.app, alice, validReport({ categoryId: 'street_vending', location: { ...JINGTAI, lat: JINGTAI.lat + 0.01 } }))
    const res = await ctx.app.inject({ method: 'GET', url: `/api/tickets/nearby?lat=${JINGTAI.lat + 0.0003}&lng=${JINGTAI.lng}&radius=100&categoryId=street_vending` })
    expect(res.statusCode).toBe(200)
    const items = res.json().items
    expect(items.map((item: { id: number }) => item.id)).toEqual([near.id])
    expect(items[0].distanceMeters).toBeGreaterThanOrEqual(30)
    expect(items[0].distanceMeters).toBeLessThanOrEqual(40)
    expect(res.body).not.toContain('13800138000')
    expect(Object.keys(items[0])).not.toContain('description')
    expect(String(items[0].location.lat).split('.')[1].length).toBeLessThanOrEqual(4)
    expect(items.map((item: { id: number }) => item.id)).not.toContain(far.id)
    const wrong = await ctx.app.inject({ method: 'GET', url: '/api/tickets/nearby?lat=abc&lng=113' })
    expect(wrong.statusCode).toBe(400)
  })
})
