/** /api/messages: a resident's notifications of their tickets' status changes, and marking them read. */
import type { MessagePage } from '@contract/tickets'
import { FakeClock } from '../../../mock-server/src/lib/clock'
import { injectAs, login, useTestApp } from '../../helpers/app'
import { fileTicketOk } from '../../helpers/tickets'

describe('message routes', () => {
  const clock = new FakeClock(Date.parse('2026-11-25T02:00:00Z'))
  const ctx = useTestApp({}, { clock, maintenanceIntervalMs: 0 })
  let alice: string
  let bob: string
  let dispatcher: string
  beforeAll(async () => {
    alice = (await login(ctx.app, 'msg-alice')).token
    bob = (await login(ctx.app, 'msg-bob')).token
    dispatcher = (await login(ctx.app, 'dispatcher')).token
    // Two tickets of alice's, both accepted: two messages for her, none for bob.
    for (let n = 0; n < 2; n++) {
      const ticket = await fileTicketOk(ctx.app, alice)
      clock.advance(60_000)
      const res = await injectAs(ctx.app, dispatcher, { method: 'POST', url: `/api/ops/tickets/${ticket.id}/accept`, payload: {} })
      expect(res.statusCode).toBe(200)
    }
  })

  const messagesOf = async (token: string, query = '') => (await injectAs(ctx.app, token, { method: 'GET', url: `/api/messages${query}` })).json<MessagePage>()

  describe('GET /api/messages', () => {
    it('lists my messages newest first with the unread count, and only mine', async () => {
      const page = await messagesOf(alice)
      expect(page.unread).toBe(2)
      expect(page.items).toHaveLength(2)
      const times = page.items.map((item) => Date.parse(item.createdAt))
      expect(times).toEqual([...times].sort((a, b) => b - a))
      expect(await messagesOf(bob)).toMatchObject({ unread: 0, items: [] })
    })

    it('is 401 without a token', async () => {
      expect((await ctx.app.inject({ method: 'GET', url: '/api/messages' })).statusCode).toBe(401)
    })
  })

  describe('POST /api/messages/read', () => {
    it('marks some by id, then all; the stored rows say so', async () => {
      const [newest] = (await messagesOf(alice)).items
      const some = await injectAs(ctx.app, alice, { method: 'POST', url: '/api/messages/read', payload: { ids: [newest.id] } })
      expect(some.statusCode).toBe(200)
      expect((await messagesOf(alice)).unread).toBe(1)
      const row = await ctx.app.db.selectFrom('messages').selectAll().where('id', '=', newest.id).executeTakeFirstOrThrow()
      expect(row.read_at).not.toBeNull()

      expect((await injectAs(ctx.app, alice, { method: 'POST', url: '/api/messages/read', payload: { all: true } })).statusCode).toBe(200)
      expect((await messagesOf(alice)).unread).toBe(0)
    })

    it('cannot mark another resident’s messages', async () => {
      const fresh = await fileTicketOk(ctx.app, alice)
      await injectAs(ctx.app, dispatcher, { method: 'POST', url: `/api/ops/tickets/${fresh.id}/accept`, payload: {} })
      const [mine] = (await messagesOf(alice)).items
      expect((await messagesOf(alice)).unread).toBe(1)
      await injectAs(ctx.app, bob, { method: 'POST', url: '/api/messages/read', payload: { ids: [mine.id] } })
      expect((await messagesOf(alice)).unread).toBe(1)
    })

    it('refuses unknown fields', async () => {
      const res = await injectAs(ctx.app, alice, { method: 'POST', url: '/api/messages/read', payload: { everything: true } })
      expect(res.statusCode).toBe(400)
    })
  })
})
