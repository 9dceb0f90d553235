/** POST/GET /api/subscriptions and GET /api/tickets/:id/notifications. */
import type { SubscriptionCredits, TicketNotificationList } from '@contract/notifications'
import { buildTestApp, injectAs, login } from '../../helpers/app'
import { fileTicketOk } from '../../helpers/tickets'

const PROGRESS = 'tmpl-progress'
const RESULT = 'tmpl-result'

describe('subscriptions and ticket notifications', () => {
  let ctx: Awaited<ReturnType<typeof buildTestApp>>
  beforeAll(async () => {
    // Templates configured, sending off (no WX_APPID/WX_SECRET): rows are queued and then skipped.
    ctx = await buildTestApp({ wxSubscribeTemplateIds: { progress: PROGRESS, result: RESULT } }, { maintenanceIntervalMs: 0, notifications: { intervalMs: 0 } })
  })
  afterAll(() => ctx.cleanup())

  const subscribe = (token: string, payload: object) => injectAs(ctx.app, token, { method: 'POST', url: '/api/subscriptions', payload })
  const credits = (userId: number) => ctx.app.db.selectFrom('subscription_credits').selectAll().where('user_id', '=', userId).orderBy('template_id').execute()

  describe('POST /api/subscriptions', () => {
    it('adds one credit per accepted template and call', async () => {
      const { token, user } = await login(ctx.app, 'sub-alice')
      const first = await subscribe(token, { accepted: [PROGRESS, RESULT] })
      expect(first.statusCode).toBe(200)
      expect(first.json<SubscriptionCredits>().items).toEqual([
        { templateId: PROGRESS, kind: 'progress', credits: 1 },
        { templateId: RESULT, kind: 'result', credits: 1 },
      ])
      await subscribe(token, { accepted: [PROGRESS, PROGRESS] }) // one dialog accepts a template once
      expect((await credits(user.id)).map((row) => [row.template_id, row.credits])).toEqual([
        [PROGRESS, 2],
        [RESULT, 1],
      ])
      const listed = await injectAs(ctx.app, token, { method: 'GET', url: '/api/subscriptions' })
      expect(listed.json<SubscriptionCredits>().items.map((item) => item.credits)).toEqual([2, 1])
    })

    it('refuses an unknown template id with 400 and writes nothing', async () => {
      const { token, user } = await login(ctx.app, 'sub-bob')
      const res = await subscribe(token, { accepted: [PROGRESS, 'not-ours'] })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'body.accepted.1' }] })
      expect(await credits(user.id)).toEqual([])
    })

    it('refuses an empty list, unknown fields and a missing sign-in', async () => {
      const { token } = await login(ctx.app, 'sub-carol')
      expect((await subscribe(token, { accepted: [] })).statusCode).toBe(400)
      expect((await subscribe(token, { accepted: [PROGRESS], extra: 1 })).statusCode).toBe(400)
      expect((await ctx.app.inject({ method: 'POST', url: '/api/subscriptions', payload: { accepted: [PROGRESS] } })).statusCode).toBe(401)
    })
  })

  describe('GET /api/tickets/:id/notifications', () => {
    it('shows the reporter their messages; sending off skips them with the reason', async () => {
      const { token } = await login(ctx.app, 'sub-dan')
      await subscribe(token, { accepted: [PROGRESS] })
      const dispatcher = (await login(ctx.app, 'dispatcher')).token
      const ticket = await fileTicketOk(ctx.app, token)
      expect((await injectAs(ctx.app, dispatcher, { method: 'POST', url: `/api/ops/tickets/${ticket.id}/accept`, payload: {} })).statusCode).toBe(200)
      const url = `/api/tickets/${ticket.id}/notifications`
      expect((await injectAs(ctx.app, token, { method: 'GET', url })).json<TicketNotificationList>().items).toMatchObject([
        { eventType: 'accepted', kind: 'progress', state: 'pending', reason: null, attempts: 0, sentAt: null },
      ])
      expect(await ctx.app.notifications.runOnce()).toMatchObject({ skipped: 1 })
      expect((await injectAs(ctx.app, token, { method: 'GET', url })).json<TicketNotificationList>().items).toMatchObject([
        { eventType: 'accepted', state: 'skipped', reason: 'disabled' },
      ])
      // The credit is kept for when sending is on.
      expect((await injectAs(ctx.app, token, { method: 'GET', url: '/api/subscriptions' })).json<SubscriptionCredits>().items[0].credits).toBe(1)
      // Staff see every recipient's rows.
      expect((await injectAs(ctx.app, dispatcher, { method: 'GET', url })).json<TicketNotificationList>().items).toHaveLength(1)
    })

    it('404 for a stranger and for a missing ticket, 400 for a bad id', async () => {
      const { token } = await login(ctx.app, 'sub-erin')
      const ticket = await fileTicketOk(ctx.app, token)
      const stranger = (await login(ctx.app, 'sub-stranger')).token
      expect((await injectAs(ctx.app, stranger, { method: 'GET', url: `/api/tickets/${ticket.id}/notifications` })).statusCode).toBe(404)
      expect((await injectAs(ctx.app, token, { method: 'GET', url: '/api/tickets/999999/notifications' })).statusCode).toBe(404)
      expect((await injectAs(ctx.app, token, { method: 'GET', url: '/api/tickets/abc/notifications' })).statusCode).toBe(400)
    })
  })
})
