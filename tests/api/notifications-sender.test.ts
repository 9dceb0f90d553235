/**
 * WeChat subscribe messages end to end, against a fake WeChat (tests/helpers/fake-wechat.ts)
 * reached through WX_API_BASE: the outbox written with the status change, credits spent once,
 * token caching and refresh, retries with backoff, give-up codes, an hour of outage, staff replies
 * (工单回复), and no duplicate after a restart in the middle of a send.
 */
import type { TicketNotificationList } from '@contract/notifications'
import type { MessagePage, TicketDetail } from '@contract/tickets'
import { FakeClock, HOUR } from '../../mock-server/src/lib/clock'
import { DEFAULT_SENDER_OPTIONS } from '../../mock-server/src/services/notifications/sender'
import { runTicketMaintenance } from '../../mock-server/src/services/tickets/maintenance'
import { buildTestApp, injectAs, login } from '../helpers/app'
import { startFakeWeChat, type FakeWeChat } from '../helpers/fake-wechat'
import { afterPhotoFields, uploadPhoto } from '../helpers/photos'
import { fileTicketOk, workerToken } from '../helpers/tickets'

const PROGRESS = 'tmpl-progress-0001'
const RESULT = 'tmpl-result-0002'
const REPLY = 'tmpl-reply-0003'
const MINUTE = 60_000

describe('subscribe messages sent by the backend', () => {
  let fake: FakeWeChat
  let clock: FakeClock
  let ctx: Awaited<ReturnType<typeof buildTestApp>>
  let dispatcher: string

  const build = (dataDir?: string) =>
    buildTestApp(
      { wxAppId: fake.appId, wxSecret: fake.secret, wxApiBase: fake.base, wxSubscribeTemplateIds: { progress: PROGRESS, result: RESULT, reply: REPLY }, ...(dataDir ? { dataDir } : {}) },
      { clock, maintenanceIntervalMs: 0, notifications: { intervalMs: 0, shutdownGraceMs: 50 } },
    )

  beforeAll(async () => {
    fake = await startFakeWeChat()
    clock = new FakeClock(Date.parse('2026-11-25T02:00:00Z'))
    ctx = await build()
    dispatcher = (await login(ctx.app, 'dispatcher')).token
  })
  afterAll(async () => {
    await ctx.cleanup()
    await fake.close()
  })
  beforeEach(() => {
    fake.plan = []
    fake.down = false
  })

  const act = (token: string, id: number, action: string, payload: object = {}) =>
    injectAs(ctx.app, token, { method: 'POST', url: `/api/ops/tickets/${id}/${action}`, payload })
  const subscribe = (token: string, accepted: string[]) => injectAs(ctx.app, token, { method: 'POST', url: '/api/subscriptions', payload: { accepted } })
  const rowsOf = (ticketId: number) => ctx.app.db.selectFrom('notifications').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute()
  const creditsOf = async (userId: number, templateId: string) =>
    (await ctx.app.db.selectFrom('subscription_credits').select('credits').where('user_id', '=', userId).where('template_id', '=', templateId).executeTakeFirst())?.credits ?? 0
  const sentTo = (openid: string) => fake.delivered.filter((send) => send.body.touser === openid)

  async function resident(name: string, credits: string[] = []) {
    const { token, user } = await login(ctx.app, name)
    // One requestSubscribeMessage (one POST) per acceptance.
    for (const templateId of credits) expect((await subscribe(token, [templateId])).statusCode).toBe(200)
    return { token, id: user.id, openid: `dev:${name}` }
  }

  it('signs residents in through the same fake (code2Session at WX_API_BASE)', async () => {
    const before = fake.code2Session.length
    await login(ctx.app, 'sign-in-check')
    expect(fake.code2Session.slice(before)).toEqual([{ appid: fake.appId, js_code: 'dev:sign-in-check' }])
  })

  it('queues the message in the transaction of the status change and sends it once, spending one credit', async () => {
    const alice = await resident('alice-once', [PROGRESS, PROGRESS])
    expect(await creditsOf(alice.id, PROGRESS)).toBe(2)
    const ticket = await fileTicketOk(ctx.app, alice.token)
    expect((await act(dispatcher, ticket.id, 'accept')).statusCode).toBe(200)

    // Written with the event, before any sender ran.
    const [queued] = await rowsOf(ticket.id)
    expect(queued).toMatchObject({ user_id: alice.id, event_type: 'accepted', kind: 'progress', state: 'pending', credit_spent: 0 })

    expect(await ctx.app.notifications.runOnce()).toMatchObject({ sent: 1 })
    expect(await ctx.app.notifications.runOnce()).toMatchObject({ sent: 0 })
    expect(sentTo(alice.openid)).toHaveLength(1)
    expect(sentTo(alice.openid)[0].body).toMatchObject({ template_id: PROGRESS, page: `packages/ticket/detail/index?id=${ticket.id}` })
    expect(await creditsOf(alice.id, PROGRESS)).toBe(1)
    expect((await rowsOf(ticket.id))[0]).toMatchObject({ state: 'sent', credit_spent: 1, attempts: 1, template_id: PROGRESS })
  })

  it('sends nothing without a credit, while the in-app message still arrives', async () => {
    const bob = await resident('bob-nocredit')
    const ticket = await fileTicketOk(ctx.app, bob.token)
    await act(dispatcher, ticket.id, 'accept')
    expect(await ctx.app.notifications.runOnce()).toMatchObject({ sent: 0, skipped: 1 })
    expect(sentTo(bob.openid)).toHaveLength(0)
    expect((await rowsOf(ticket.id))[0]).toMatchObject({ state: 'skipped', reason: 'no_credit', credit_spent: 0 })
    const messages = (await injectAs(ctx.app, bob.token, { method: 'GET', url: '/api/messages' })).json<MessagePage>()
    expect(messages.items[0].body).toContain('已受理')
  })

  it('caches the access token, refreshes it before its 2 h expiry, and on 42001/40001 gets a new one and retries', async () => {
    const carol = await resident('carol-token', [PROGRESS, PROGRESS, PROGRESS, PROGRESS])
    const send = async () => {
      const ticket = await fileTicketOk(ctx.app, carol.token)
      await act(dispatcher, ticket.id, 'accept')
      return ctx.app.notifications.runOnce()
    }
    await send()
    const tokensAfterFirst = fake.tokenRequests.length
    await send()
    expect(fake.tokenRequests.length).toBe(tokensAfterFirst) // cached

    clock.advance(2 * HOUR - 4 * MINUTE) // inside the last 5 minutes: refreshed early, before WeChat expires it
    const oldToken = fake.currentToken()
    fake.expireToken(42001) // WeChat would hand out a fresh one now
    const sendsBeforeRefresh = fake.sends.length
    await send()
    expect(fake.sends.length - sendsBeforeRefresh).toBe(1) // the new token came before the send: no 42001 round trip
    expect(fake.tokenRequests.length).toBe(tokensAfterFirst + 1)
    expect(fake.sends.at(-1)!.token).not.toBe(oldToken)
    expect(fake.sends.at(-1)!.token).toBe(fake.currentToken())

    // Revoked behind our back: the first send answers 40001, the client refreshes and retries at once.
    fake.expireToken(40001)
    const sendsBefore = fake.sends.length
    expect(await send()).toMatchObject({ sent: 1, retried: 0 })
    expect(fake.sends.length - sendsBefore).toBe(2)
    expect(fake.tokenRequests.length).toBe(tokensAfterFirst + 2)
    expect(sentTo(carol.openid)).toHaveLength(4)
  })

  it('retries network errors and 5xx with exponential backoff, spending the credit only once', async () => {
    const dan = await resident('dan-retry', [PROGRESS, PROGRESS])
    const ticket = await fileTicketOk(ctx.app, dan.token)
    await act(dispatcher, ticket.id, 'accept')
    fake.plan = [{ status: 503 }, 'reset', { status: 502 }]

    const waits: number[] = []
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      expect(await ctx.app.notifications.runOnce()).toMatchObject({ retried: 1 })
      const [row] = await rowsOf(ticket.id)
      expect(row).toMatchObject({ state: 'pending', attempts: attempt, credit_spent: 1 })
      waits.push(Date.parse(row.next_attempt_at) - clock.now().getTime())
      // Not due yet: a pass does nothing.
      expect(await ctx.app.notifications.runOnce()).toMatchObject({ sent: 0, retried: 0 })
      clock.advance(Date.parse(row.next_attempt_at) - clock.now().getTime())
    }
    expect(waits).toEqual([30_000, 60_000, 120_000])
    expect(await ctx.app.notifications.runOnce()).toMatchObject({ sent: 1 })
    expect(sentTo(dan.openid)).toHaveLength(1)
    expect(await creditsOf(dan.id, PROGRESS)).toBe(1)
    expect((await rowsOf(ticket.id))[0]).toMatchObject({ state: 'sent', attempts: 4 })
  })

  it.each([
    [43101, 'refused'],
    [47003, 'bad_field'],
  ] as const)('gives up on %i (%s), records why and never retries', async (errcode, reason) => {
    const erin = await resident(`erin-${errcode}`, [PROGRESS])
    const ticket = await fileTicketOk(ctx.app, erin.token)
    await act(dispatcher, ticket.id, 'accept')
    fake.plan = [{ errcode, errmsg: 'planned' }]
    const sendsBefore = fake.sends.length
    expect(await ctx.app.notifications.runOnce()).toMatchObject({ failed: 1 })
    clock.advance(HOUR)
    await ctx.app.notifications.runOnce()
    expect(fake.sends.length - sendsBefore).toBe(1)
    expect((await rowsOf(ticket.id))[0]).toMatchObject({ state: 'failed', reason, errcode, last_error: `${errcode}: planned` })
    const list = (await injectAs(ctx.app, erin.token, { method: 'GET', url: `/api/tickets/${ticket.id}/notifications` })).json<TicketNotificationList>()
    expect(list.items).toMatchObject([{ eventType: 'accepted', state: 'failed', reason }])
  })

  it('waits out an hour of WeChat being down, then sends everything exactly once', async () => {
    const fay = await resident('fay-outage', [PROGRESS, PROGRESS])
    const first = await fileTicketOk(ctx.app, fay.token)
    const second = await fileTicketOk(ctx.app, fay.token)
    fake.down = 'reset'
    await act(dispatcher, first.id, 'accept')
    await act(dispatcher, second.id, 'accept')
    const sendsBefore = fake.sends.length
    for (let minute = 0; minute < 60; minute += 1) {
      await ctx.app.notifications.runOnce()
      clock.advance(MINUTE)
    }
    expect(sentTo(fay.openid)).toHaveLength(0)
    expect((await rowsOf(first.id))[0].state).toBe('pending')
    fake.down = false
    for (let minute = 0; minute <= DEFAULT_SENDER_OPTIONS.backoffMaxMs / MINUTE; minute += 1) {
      await ctx.app.notifications.runOnce()
      clock.advance(MINUTE)
    }
    expect(sentTo(fay.openid).map((send) => send.body.page).sort()).toEqual(
      [`packages/ticket/detail/index?id=${first.id}`, `packages/ticket/detail/index?id=${second.id}`].sort(),
    )
    expect(fake.sends.length - sendsBefore).toBeLessThan(20) // backed off, not hammered every minute per row
    expect(await creditsOf(fay.id, PROGRESS)).toBe(0)
    expect((await rowsOf(second.id))[0].state).toBe('sent')
  })

  it('tells the reporter and followers (not the actor), and 督办 only to the reporter', async () => {
    const gus = await resident('gus-reporter', [PROGRESS, PROGRESS])
    const hal = await resident('hal-follower', [PROGRESS, PROGRESS])
    const ticket = await fileTicketOk(ctx.app, gus.token)
    expect((await injectAs(ctx.app, hal.token, { method: 'POST', url: `/api/tickets/${ticket.id}/follow` })).statusCode).toBe(200)
    await act(dispatcher, ticket.id, 'accept')
    clock.advance(3 * HOUR) // 暴露垃圾 is due in 2 h
    await runTicketMaintenance(ctx.app)
    await ctx.app.notifications.runOnce()
    const rows = await rowsOf(ticket.id)
    expect(rows.map((row) => [row.event_type, row.user_id]).sort()).toEqual(
      [
        ['accepted', gus.id],
        ['accepted', hal.id],
        ['escalated', gus.id],
      ].sort(),
    )
    expect(sentTo(hal.openid)).toHaveLength(1)
    expect(sentTo(gus.openid).map((send) => send.body.data.phrase3.value)).toEqual(['已受理', '已督办'])
    // A follower sees only their own messages on the ticket page.
    const halList = (await injectAs(ctx.app, hal.token, { method: 'GET', url: `/api/tickets/${ticket.id}/notifications` })).json<TicketNotificationList>()
    expect(halList.items.map((item) => item.recipientId)).toEqual([hal.id])
  })

  it('cuts fields to WeChat limits by code points: an emoji-filled reason is never split', async () => {
    const ida = await resident('ida-emoji', [PROGRESS])
    const ticket = await fileTicketOk(ctx.app, ida.token)
    const note = '重复上报😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀'
    expect((await act(dispatcher, ticket.id, 'reject', { reason: 'duplicate', note })).statusCode).toBe(200)
    await ctx.app.notifications.runOnce()
    const [sent] = sentTo(ida.openid)
    const remark = sent.body.data.thing5.value
    expect(Array.from(remark)).toHaveLength(20)
    expect(remark).toBe(`原因：重复上报${'😀'.repeat(12)}…`)
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(remark)).toBe(false)
    expect(sent.body.data).toMatchObject({
      character_string1: { value: ticket.number },
      thing2: { value: '暴露垃圾' },
      phrase3: { value: '不予受理' },
      time4: { value: expect.stringMatching(/^2026年11月25日 \d\d:\d\d$/) },
    })
  })

  it('from a resolve to a 办结 message that opens the ticket page and asks for a rating', async () => {
    const jo = await resident('jo-resolve', [PROGRESS, RESULT])
    const ticket = await fileTicketOk(ctx.app, jo.token)
    await act(dispatcher, ticket.id, 'accept')
    const dispatched = await act(dispatcher, ticket.id, 'dispatch')
    const assignee = dispatched.json<TicketDetail>().assignee!
    const worker = await workerToken(ctx.app, assignee.id)
    expect((await act(worker, ticket.id, 'start')).statusCode).toBe(200)
    const after = await uploadPhoto(ctx.app, worker, undefined, afterPhotoFields(ticket.id, ticket.location))
    expect((await act(worker, ticket.id, 'resolve', { note: '已清理', photoIds: [after] })).statusCode).toBe(200)
    await ctx.app.notifications.runOnce()

    const messages = sentTo(jo.openid)
    // accepted used the one progress credit; dispatched found none; resolved used the result credit.
    expect(messages.map((m) => m.body.template_id)).toEqual([PROGRESS, RESULT])
    const resolved = messages[1].body
    expect(resolved.page).toBe(`packages/ticket/detail/index?id=${ticket.id}`)
    expect(resolved.data.phrase3.value).toBe('已处置')
    expect(resolved.data.thing5.value).toContain('评价')
    expect(resolved).toMatchObject({ miniprogram_state: 'formal', lang: 'zh_CN' })

    const list = (await injectAs(ctx.app, jo.token, { method: 'GET', url: `/api/tickets/${ticket.id}/notifications` })).json<TicketNotificationList>()
    expect(list.items.map((item) => [item.eventType, item.kind, item.state, item.reason])).toEqual([
      ['accepted', 'progress', 'sent', null],
      ['dispatched', 'progress', 'skipped', 'no_credit'],
      ['resolved', 'result', 'sent', null],
    ])
    expect(list.items[2].sentAt).toBe(clock.now().toISOString())
  })

  describe('staff replies (工单回复)', () => {
    const reply = (id: number, payload: object) => injectAs(ctx.app, dispatcher, { method: 'POST', url: `/api/ops/tickets/${id}/reply`, payload })
    const messagesOf = async (token: string) => (await injectAs(ctx.app, token, { method: 'GET', url: '/api/messages' })).json<MessagePage>()
    const count = async (table: 'notifications' | 'messages' | 'ticket_events') =>
      Number((await ctx.app.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    /** WeChat's time field, read on a clock in Guangzhou (UTC+8), worked out here independently. */
    const chinaTimeField = (ms: number) => {
      const d = new Date(ms + 8 * HOUR)
      const two = (n: number) => String(n).padStart(2, '0')
      return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`
    }

    it('with the reply template accepted: one outbox row, sent once with the number, the reply cut to 20 and the China time', async () => {
      const lea = await resident('lea-reply', [REPLY])
      const max = await resident('max-follower', [REPLY])
      const ticket = await fileTicketOk(ctx.app, lea.token)
      expect((await injectAs(ctx.app, max.token, { method: 'POST', url: `/api/tickets/${ticket.id}/follow` })).statusCode).toBe(200)
      const text = '您好，已通知属地街道环卫所，今天下班前清理完毕，请留意现场。' // 30 characters
      const repliedAt = clock.now().getTime()
      expect((await reply(ticket.id, { text })).statusCode).toBe(200)

      // Queued with the event, for the reporter only (the follower's credit stays).
      const rows = await rowsOf(ticket.id)
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ user_id: lea.id, event_type: 'replied', kind: 'reply', state: 'pending', credit_spent: 0 })

      expect(await ctx.app.notifications.runOnce()).toMatchObject({ sent: 1, skipped: 0 })
      expect(await ctx.app.notifications.runOnce()).toMatchObject({ sent: 0 })
      const sent = sentTo(lea.openid)
      expect(sent).toHaveLength(1)
      expect(sent[0].body).toMatchObject({ template_id: REPLY, page: `packages/ticket/detail/index?id=${ticket.id}` })
      expect(sent[0].body.data).toEqual({
        character_string1: { value: ticket.number },
        thing2: { value: '您好，已通知属地街道环卫所，今天下班前…' },
        time3: { value: chinaTimeField(repliedAt) },
      })
      expect(Array.from(sent[0].body.data.thing2.value)).toHaveLength(20)
      expect(sentTo(max.openid)).toHaveLength(0)
      expect(await creditsOf(lea.id, REPLY)).toBe(0)
      expect(await creditsOf(max.id, REPLY)).toBe(1)
      expect((await rowsOf(ticket.id))[0]).toMatchObject({ state: 'sent', credit_spent: 1, attempts: 1, template_id: REPLY })

      // The in-app message still comes, with the whole reply.
      const [message] = (await messagesOf(lea.token)).items
      expect(message).toMatchObject({ ticketId: ticket.id, read: false })
      expect(message.body).toContain(text)

      // The ticket page lists it; a second reply finds no credit left and is not sent.
      expect((await reply(ticket.id, { text: '已清理完毕。' })).statusCode).toBe(200)
      expect(await ctx.app.notifications.runOnce()).toMatchObject({ sent: 0, skipped: 1 })
      const list = (await injectAs(ctx.app, lea.token, { method: 'GET', url: `/api/tickets/${ticket.id}/notifications` })).json<TicketNotificationList>()
      expect(list.items.map((item) => [item.eventType, item.kind, item.state, item.reason])).toEqual([
        ['replied', 'reply', 'sent', null],
        ['replied', 'reply', 'skipped', 'no_credit'],
      ])
      expect(sentTo(lea.openid)).toHaveLength(1)
    })

    it('without the reply template accepted: no WeChat message (other credits untouched), the in-app message still arrives', async () => {
      const ned = await resident('ned-noreply', [PROGRESS])
      const ticket = await fileTicketOk(ctx.app, ned.token)
      expect((await reply(ticket.id, { text: '收到，马上安排。' })).statusCode).toBe(200)
      expect(await ctx.app.notifications.runOnce()).toMatchObject({ sent: 0, skipped: 1 })
      expect(sentTo(ned.openid)).toHaveLength(0)
      expect(await rowsOf(ticket.id)).toMatchObject([{ event_type: 'replied', kind: 'reply', state: 'skipped', reason: 'no_credit', credit_spent: 0 }])
      expect(await creditsOf(ned.id, PROGRESS)).toBe(1)
      const [message] = (await messagesOf(ned.token)).items
      expect(message.body).toContain('收到，马上安排。')
      expect(message.body).toContain(ticket.number)
    })

    it('400 for an empty, blank or too long reply: no event, no message, nothing queued or sent', async () => {
      const ora = await resident('ora-badreply', [REPLY])
      const ticket = await fileTicketOk(ctx.app, ora.token)
      const before = await Promise.all([count('notifications'), count('messages'), count('ticket_events')])
      for (const payload of [{ text: '' }, { text: '   \n ' }, { text: '长'.repeat(501) }, {}]) {
        const res = await reply(ticket.id, payload)
        expect(res.statusCode).toBe(400)
        expect(res.json().details[0].field).toBe('body.text')
      }
      expect(await Promise.all([count('notifications'), count('messages'), count('ticket_events')])).toEqual(before)
      expect(await ctx.app.notifications.runOnce()).toMatchObject({ sent: 0 })
      expect(sentTo(ora.openid)).toHaveLength(0)
      expect(await creditsOf(ora.id, REPLY)).toBe(1)
    })
  })

  it('does not send twice after a restart in the middle of a send, and loses nothing queued', async () => {
    const kim = await resident('kim-restart', [PROGRESS, PROGRESS])
    const first = await fileTicketOk(ctx.app, kim.token)
    await act(dispatcher, first.id, 'accept')
    fake.plan = ['hang']
    const pass = ctx.app.notifications.runOnce()
    await fake.waitForSends(fake.sends.length + 1)
    const second = await fileTicketOk(ctx.app, kim.token)
    await act(dispatcher, second.id, 'accept') // queued while the first is in flight
    expect((await rowsOf(first.id))[0]).toMatchObject({ state: 'sending', credit_spent: 1 })
    const received = fake.sends.filter((send) => send.body.touser === kim.openid).length

    await ctx.app.close() // the in-flight call is cut after the grace period, like a crash
    await pass
    ctx = await build(ctx.dataDir)
    expect((await rowsOf(first.id))[0].state).toBe('sending')
    // Within the lease nobody touches it (another process may still be sending it).
    expect(await ctx.app.notifications.runOnce()).toMatchObject({ interrupted: 0, sent: 1 })
    clock.advance(DEFAULT_SENDER_OPTIONS.leaseMs + 1)
    expect(await ctx.app.notifications.runOnce()).toMatchObject({ interrupted: 1, sent: 0 })
    await ctx.app.notifications.runOnce()

    expect(fake.sends.filter((send) => send.body.touser === kim.openid)).toHaveLength(received + 1) // the second only
    expect((await rowsOf(first.id))[0]).toMatchObject({ state: 'unknown', reason: 'interrupted' })
    expect((await rowsOf(second.id))[0]).toMatchObject({ state: 'sent' })
    expect(await creditsOf(kim.id, PROGRESS)).toBe(0)
    dispatcher = (await login(ctx.app, 'dispatcher')).token
  })
})
