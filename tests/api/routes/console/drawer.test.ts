/** The drawer's actions: worker suggestions, merge as duplicate, public reply (and reassign via dispatch). */
import type { SuggestionList } from '@contract/console'
import type { MessagePage, TicketDetail } from '@contract/tickets'
import type { FastifyInstance } from 'fastify'
import { injectAs, login } from '../../../helpers/app'
import { act, consoleTestApp, ok, ticketInGrid } from './helpers'

async function count(app: FastifyInstance, table: 'messages' | 'ticket_events' | 'ticket_merges' | 'ticket_followers' | 'notifications') {
  const row = await app.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

describe('console drawer', () => {
  let ctx: Awaited<ReturnType<typeof consoleTestApp>>
  let bob: string
  let carol: { token: string; user: { id: number } }
  beforeAll(async () => {
    ctx = await consoleTestApp()
    bob = (await login(ctx.app, 'bob')).token
    carol = await login(ctx.app, 'carol')
  })
  afterAll(() => ctx.cleanup())

  describe('GET /api/ops/tickets/:id/suggestions', () => {
    it('answers the 5 nearest on-duty workers, with distance and load', async () => {
      const ticket = await ticketInGrid(ctx.app, ctx.resident, 10)
      const res = await ok<SuggestionList>(injectAs(ctx.app, ctx.dispatcher, { method: 'GET', url: `/api/ops/tickets/${ticket.id}/suggestions` }))
      expect(res.items).toHaveLength(5)
      const distances = res.items.map((s) => s.distanceMeters)
      expect(distances).toEqual([...distances].sort((a, b) => a - b))
      // The grid's own worker waits at the grid centre, where the ticket is.
      expect(res.items[0]).toMatchObject({ gridId: ctx.app.geo.grids[10].id, sameGrid: true, distanceMeters: 0, activeTickets: 0 })

      // Busy and off-duty show: the nearest gets a ticket, the second goes off duty.
      const first = res.items[0].workerId
      const second = res.items[1]
      const other = await ticketInGrid(ctx.app, ctx.resident, 10)
      await ok(act(ctx.app, ctx.dispatcher, other.id, 'dispatch', { workerId: first }))
      const { openid } = await ctx.app.db.selectFrom('users').select('openid').where('id', '=', second.workerId).executeTakeFirstOrThrow()
      const off = await login(ctx.app, openid.slice(4))
      await ok(injectAs(ctx.app, off.token, { method: 'POST', url: '/api/ops/duty', payload: { onDuty: false } }))
      const again = await ok<SuggestionList>(injectAs(ctx.app, ctx.dispatcher, { method: 'GET', url: `/api/ops/tickets/${ticket.id}/suggestions` }))
      expect(again.items.find((s) => s.workerId === first)!.activeTickets).toBe(1)
      expect(again.items.map((s) => s.workerId)).not.toContain(second.workerId)
      expect(again.items).toHaveLength(5)

      // Reassigning to a suggested worker is the ordinary dispatch.
      const pick = again.items[2]
      const dispatched = await ok<TicketDetail>(act(ctx.app, ctx.dispatcher, ticket.id, 'dispatch', { workerId: pick.workerId }))
      expect(dispatched.assignee).toEqual({ id: pick.workerId, name: pick.name })
      await ok(injectAs(ctx.app, off.token, { method: 'POST', url: '/api/ops/duty', payload: { onDuty: true } }))
    })

    it('404 for a missing ticket, 400 for a bad id, 403 for a resident', async () => {
      expect((await injectAs(ctx.app, ctx.dispatcher, { method: 'GET', url: '/api/ops/tickets/999999/suggestions' })).statusCode).toBe(404)
      const bad = await injectAs(ctx.app, ctx.dispatcher, { method: 'GET', url: '/api/ops/tickets/abc/suggestions' })
      expect(bad.statusCode).toBe(400)
      expect(bad.json().details[0].field).toBe('params.id')
      expect((await injectAs(ctx.app, ctx.resident, { method: 'GET', url: '/api/ops/tickets/1/suggestions' })).statusCode).toBe(403)
    })
  })

  describe('POST /api/ops/tickets/:id/merge', () => {
    const merge = (id: number, payload: object, token = ctx.dispatcher) => injectAs(ctx.app, token, { method: 'POST', url: `/api/ops/tickets/${id}/merge`, payload })

    it('rejects the duplicate, records the kept ticket, moves reporter and followers there and tells them', async () => {
      const kept = await ticketInGrid(ctx.app, ctx.resident, 20)
      const duplicate = await ticketInGrid(ctx.app, bob, 20)
      await ok(injectAs(ctx.app, carol.token, { method: 'POST', url: `/api/tickets/${duplicate.id}/follow` }))

      const merged = await ok<TicketDetail>(merge(duplicate.id, { intoId: kept.id }))
      expect(merged).toMatchObject({ status: 'rejected', rejectReason: 'duplicate' })
      const last = merged.events.at(-1)!
      expect(last).toMatchObject({ type: 'rejected', actorRole: 'dispatcher' })
      expect(last.note).toContain(kept.number)

      expect(await ctx.app.db.selectFrom('ticket_merges').selectAll().where('ticket_id', '=', duplicate.id).executeTakeFirst()).toMatchObject({ into_id: kept.id })
      const keptNow = await ok<TicketDetail>(injectAs(ctx.app, ctx.dispatcher, { method: 'GET', url: `/api/tickets/${kept.id}` }))
      expect(keptNow.followerCount).toBe(2)
      expect(keptNow.status).toBe('submitted')
      expect(keptNow.events.at(-1)).toMatchObject({ type: 'merged', note: expect.stringContaining(duplicate.number) })

      // Bob now sees the kept ticket as a follower, and his message names it.
      const bobsView = await ok<TicketDetail>(injectAs(ctx.app, bob, { method: 'GET', url: `/api/tickets/${kept.id}` }))
      expect(bobsView.relation).toBe('follower')
      const messages = await ok<MessagePage>(injectAs(ctx.app, bob, { method: 'GET', url: '/api/messages' }))
      expect(messages.items[0]).toMatchObject({ ticketId: duplicate.id })
      expect(messages.items[0].body).toContain(kept.number)
      expect(messages.items[0].body).toContain('关注')
      const carolsView = await ok<TicketDetail>(injectAs(ctx.app, carol.token, { method: 'GET', url: `/api/tickets/${kept.id}` }))
      expect(carolsView.relation).toBe('follower')

      // A second merge of the same ticket is stale: 409, and says why.
      const again = await merge(duplicate.id, { intoId: kept.id })
      expect(again.statusCode).toBe(409)
      expect(again.json()).toMatchObject({ code: 'INVALID_TRANSITION', message: expect.stringContaining('rejected') })
    })

    it('does not make the kept ticket’s own reporter a follower of it', async () => {
      const kept = await ticketInGrid(ctx.app, ctx.resident, 21)
      const duplicate = await ticketInGrid(ctx.app, ctx.resident, 21)
      await ok(merge(duplicate.id, { intoId: kept.id }))
      const row = await ctx.app.db.selectFrom('tickets').select('follower_count').where('id', '=', kept.id).executeTakeFirstOrThrow()
      expect(row.follower_count).toBe(0)
    })

    it('refuses bad merges and writes nothing', async () => {
      const kept = await ticketInGrid(ctx.app, ctx.resident, 22)
      const duplicate = await ticketInGrid(ctx.app, bob, 22)
      const closed = await ticketInGrid(ctx.app, bob, 22)
      await ok(act(ctx.app, ctx.dispatcher, closed.id, 'reject', { reason: 'not_responsible' }))
      const dispatched = await ticketInGrid(ctx.app, bob, 22)
      await ok(act(ctx.app, ctx.dispatcher, dispatched.id, 'dispatch', {}))
      const before = await Promise.all([count(ctx.app, 'messages'), count(ctx.app, 'ticket_events'), count(ctx.app, 'ticket_merges'), count(ctx.app, 'ticket_followers')])

      const cases: [Promise<{ statusCode: number; json: () => { code: string; message: string; details?: { field: string }[] } }>, number, string][] = [
        [merge(duplicate.id, { intoId: duplicate.id }), 400, 'body.intoId'],
        [merge(duplicate.id, { intoId: 999999 }), 400, 'body.intoId'],
        [merge(duplicate.id, {}), 400, 'body.intoId'],
        [merge(duplicate.id, { intoId: kept.id, extra: 1 }), 400, 'body.extra'],
        [merge(999999, { intoId: kept.id }), 404, ''],
        [merge(duplicate.id, { intoId: closed.id }), 409, 'still open'],
        [merge(dispatched.id, { intoId: kept.id }), 409, 'dispatched'],
      ]
      for (const [promise, status, hint] of cases) {
        const res = await promise
        expect(res.statusCode).toBe(status)
        if (status === 400) expect(res.json().details!.map((d) => d.field)).toContain(hint)
        if (status === 409) expect(res.json().message).toContain(hint)
      }
      const after = await Promise.all([count(ctx.app, 'messages'), count(ctx.app, 'ticket_events'), count(ctx.app, 'ticket_merges'), count(ctx.app, 'ticket_followers')])
      expect(after).toEqual(before)
      const still = await ctx.app.db.selectFrom('tickets').select('status').where('id', '=', duplicate.id).executeTakeFirstOrThrow()
      expect(still.status).toBe('submitted')
    })

    it('403 for workers and residents', async () => {
      const worker = await login(ctx.app, 'worker-3')
      expect((await merge(1, { intoId: 2 }, worker.token)).statusCode).toBe(403)
      expect((await merge(1, { intoId: 2 }, ctx.resident)).statusCode).toBe(403)
    })
  })

  describe('POST /api/ops/tickets/:id/reply', () => {
    const reply = (id: number, payload: object, token = ctx.dispatcher) => injectAs(ctx.app, token, { method: 'POST', url: `/api/ops/tickets/${id}/reply`, payload })

    it('adds a timeline event, a message for the reporter and their 工单回复 notice in the outbox', async () => {
      const ticket = await ticketInGrid(ctx.app, bob, 30)
      const detail = await ok<TicketDetail>(reply(ticket.id, { text: '您好，已通知属地街道，今天下班前处理。' }))
      expect(detail.status).toBe('submitted')
      expect(detail.events.at(-1)).toMatchObject({ type: 'replied', actorRole: 'dispatcher', note: '您好，已通知属地街道，今天下班前处理。' })
      const messages = await ok<MessagePage>(injectAs(ctx.app, bob, { method: 'GET', url: '/api/messages' }))
      expect(messages.items[0]).toMatchObject({ ticketId: ticket.id, read: false })
      expect(messages.items[0].body).toContain('今天下班前处理')
      expect(messages.items[0].body).toContain(ticket.number)
      // The reporter sees it in the ticket's own timeline too.
      const seen = await ok<TicketDetail>(injectAs(ctx.app, bob, { method: 'GET', url: `/api/tickets/${ticket.id}` }))
      expect(seen.events.map((e) => e.type)).toEqual(['created', 'replied'])
      // The WeChat notice is queued with it (sent only with a credit: tests/api/notifications-sender.test.ts).
      const { user } = await login(ctx.app, 'bob')
      const queued = await ctx.app.db.selectFrom('notifications').selectAll().where('ticket_id', '=', ticket.id).execute()
      expect(queued).toMatchObject([{ user_id: user.id, event_type: 'replied', kind: 'reply', state: 'pending' }])
      expect(JSON.parse(queued[0].data)).toMatchObject({ character_string1: { value: ticket.number }, thing2: { value: '您好，已通知属地街道，今天下班前处理。' } })
    })

    it('400 for a blank or missing text, 404 for a missing ticket; nothing written', async () => {
      const ticket = await ticketInGrid(ctx.app, bob, 31)
      const before = await Promise.all([count(ctx.app, 'messages'), count(ctx.app, 'ticket_events'), count(ctx.app, 'notifications')])
      const blank = await reply(ticket.id, { text: '   ' })
      expect(blank.statusCode).toBe(400)
      expect(blank.json().details[0].field).toBe('body.text')
      expect((await reply(ticket.id, {})).json().details[0].field).toBe('body.text')
      expect((await reply(ticket.id, { text: 'x'.repeat(501) })).json().details[0].field).toBe('body.text')
      expect((await reply(999999, { text: '你好' })).statusCode).toBe(404)
      expect(await Promise.all([count(ctx.app, 'messages'), count(ctx.app, 'ticket_events'), count(ctx.app, 'notifications')])).toEqual(before)
      expect((await reply(ticket.id, { text: '你好' }, ctx.resident)).statusCode).toBe(403)
    })
  })
})
