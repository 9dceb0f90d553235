/**
 * The whole life of a ticket through the API: a resident reports, the dispatcher accepts and
 * dispatches, the worker walks there, starts and resolves with an after-photo, the resident sees
 * the proof, rates it and the ticket closes. Then the other roads: appeal, rejection, escalation.
 */
import type { MessagePage, TicketDetail } from '@contract/tickets'
import { FakeClock, DAY, HOUR } from '../../../../mock-server/src/lib/clock'
import { runTicketMaintenance } from '../../../../mock-server/src/services/tickets/maintenance'
import { injectAs, login, useTestApp } from '../../../helpers/app'
import { afterPhotoFields, uploadPhoto } from '../../../helpers/photos'
import { fileTicketOk, getTicket, validReport, workerToken } from '../../../helpers/tickets'

describe('ticket lifecycle', () => {
  const clock = new FakeClock(Date.parse('2026-11-25T02:00:00Z'))
  const ctx = useTestApp({}, { clock, maintenanceIntervalMs: 0 })
  let alice: string
  let dispatcher: string
  beforeAll(async () => {
    alice = (await login(ctx.app, 'alice')).token
    dispatcher = (await login(ctx.app, 'dispatcher')).token
  })

  const act = (token: string, id: number, action: string, payload: object = {}) =>
    injectAs(ctx.app, token, { method: 'POST', url: `/api/ops/tickets/${id}/${action}`, payload })

  async function resolveTicket(ticket: TicketDetail) {
    expect((await act(dispatcher, ticket.id, 'accept')).statusCode).toBe(200)
    const dispatched = await act(dispatcher, ticket.id, 'dispatch')
    expect(dispatched.statusCode).toBe(200)
    const workerId = dispatched.json<TicketDetail>().assignee!.id
    const worker = await workerToken(ctx.app, workerId)
    clock.advance(10 * 60_000)
    expect((await act(worker, ticket.id, 'start')).statusCode).toBe(200)
    const after = await uploadPhoto(ctx.app, worker, undefined, afterPhotoFields(ticket.id, ticket.location))
    clock.advance(20 * 60_000)
    const resolved = await act(worker, ticket.id, 'resolve', { note: '已清理现场并冲洗地面', photoIds: [after] })
    expect(resolved.statusCode).toBe(200)
    return { worker, workerId, after }
  }

  it('walks the main path and the resident sees every step, the proof and then rates', async () => {
    const before = await uploadPhoto(ctx.app, alice)
    const ticket = await fileTicketOk(ctx.app, alice, validReport({ photoIds: [before] }))
    const { workerId, after } = await resolveTicket(ticket)

    await ctx.app.privacy.drain() // the worker's after-photo reaches the resident as its protected copy (#20)
    const seen = (await getTicket(ctx.app, alice, ticket.id)).json<TicketDetail>()
    expect(seen.status).toBe('resolved')
    expect(seen.events.map((event) => event.type)).toEqual(['created', 'accepted', 'dispatched', 'started', 'resolved'])
    expect(seen.assignee?.id).toBe(workerId)
    const resolvedEvent = seen.events[4]
    expect(resolvedEvent).toMatchObject({ actorRole: 'worker', note: '已清理现场并冲洗地面', status: 'resolved' })
    expect(resolvedEvent.actorName).toBe(seen.assignee!.name)
    expect(resolvedEvent.photos.map((photo) => photo.id)).toEqual([after])
    expect(seen.photos.map((photo) => photo.id)).toEqual([before])
    expect(seen.afterPhotos.map((photo) => photo.id)).toEqual([after])
    expect(seen).toMatchObject({ canRate: true, canReopen: true })

    const messages = (await injectAs(ctx.app, alice, { method: 'GET', url: '/api/messages' })).json<MessagePage>()
    expect(messages.unread).toBe(4) // accepted, dispatched, started, resolved
    expect(messages.items[0].body).toContain(ticket.number)

    const rated = await injectAs(ctx.app, alice, { method: 'POST', url: `/api/tickets/${ticket.id}/rating`, payload: { score: 5, tags: ['处理及时'], comment: '很干净' } })
    expect(rated.statusCode).toBe(200)
    expect(rated.json<TicketDetail>()).toMatchObject({ status: 'closed', rating: { score: 5, tags: ['处理及时'], comment: '很干净' }, canRate: false })
    expect(rated.json<TicketDetail>().events.map((event) => event.type).slice(-2)).toEqual(['rated', 'closed'])

    const again = await injectAs(ctx.app, alice, { method: 'POST', url: `/api/tickets/${ticket.id}/rating`, payload: { score: 1 } })
    expect(again.statusCode).toBe(409)
  })

  it('refuses a rating before the ticket is resolved, and a score out of range', async () => {
    const ticket = await fileTicketOk(ctx.app, alice)
    const early = await injectAs(ctx.app, alice, { method: 'POST', url: `/api/tickets/${ticket.id}/rating`, payload: { score: 4 } })
    expect(early.statusCode).toBe(409)
    expect(early.json().code).toBe('INVALID_TRANSITION')
    const bad = await injectAs(ctx.app, alice, { method: 'POST', url: `/api/tickets/${ticket.id}/rating`, payload: { score: 6 } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().details[0].field).toBe('body.score')
  })

  it('lets the reporter appeal within 7 days: back into the queue, reopen count up, visible in the timeline', async () => {
    const ticket = await fileTicketOk(ctx.app, alice)
    await resolveTicket(ticket)
    clock.advance(2 * DAY)
    const res = await injectAs(ctx.app, alice, { method: 'POST', url: `/api/tickets/${ticket.id}/reopen`, payload: { reason: '垃圾又堆起来了' } })
    expect(res.statusCode).toBe(200)
    const reopened = res.json<TicketDetail>()
    expect(reopened).toMatchObject({ status: 'reopened', reopenCount: 1, assignee: null })
    expect(reopened.events.at(-1)).toMatchObject({ type: 'reopened', note: '垃圾又堆起来了', actorRole: 'resident' })
    const queue = await injectAs(ctx.app, dispatcher, { method: 'GET', url: '/api/ops/queue?status=reopened' })
    expect(queue.json().items.map((item: { id: number }) => item.id)).toContain(ticket.id)
    // Dispatched again from the appeal.
    expect((await act(dispatcher, ticket.id, 'dispatch')).json().status).toBe('dispatched')
  })

  it('refuses an appeal after 7 days, and closes such a ticket by itself', async () => {
    const ticket = await fileTicketOk(ctx.app, alice)
    await resolveTicket(ticket)
    clock.advance(7 * DAY + HOUR)
    const late = await injectAs(ctx.app, alice, { method: 'POST', url: `/api/tickets/${ticket.id}/reopen`, payload: { reason: '还是没处理好' } })
    expect(late.statusCode).toBe(409)
    await runTicketMaintenance(ctx.app)
    const closed = (await getTicket(ctx.app, alice, ticket.id)).json<TicketDetail>()
    expect(closed.status).toBe('closed')
    expect(closed.events.at(-1)).toMatchObject({ type: 'closed', actorRole: 'system' })
  })

  it('requires a reason to appeal', async () => {
    const ticket = await fileTicketOk(ctx.app, alice)
    const res = await injectAs(ctx.app, alice, { method: 'POST', url: `/api/tickets/${ticket.id}/reopen`, payload: { reason: '' } })
    expect(res.statusCode).toBe(400)
    expect(res.json().details[0].field).toBe('body.reason')
  })

  it('lets the dispatcher reject a duplicate with a reason the resident sees', async () => {
    const ticket = await fileTicketOk(ctx.app, alice)
    const res = await act(dispatcher, ticket.id, 'reject', { reason: 'duplicate' })
    expect(res.statusCode).toBe(200)
    const seen = (await getTicket(ctx.app, alice, ticket.id)).json<TicketDetail>()
    expect(seen).toMatchObject({ status: 'rejected', rejectReason: 'duplicate' })
    expect(seen.events.at(-1)?.note).toContain('重复')
    // A final state: nothing moves it any more.
    expect((await act(dispatcher, ticket.id, 'accept')).statusCode).toBe(409)
  })

  it('escalates (督办) an overdue ticket once, and the timeline shows it', async () => {
    const ticket = await fileTicketOk(ctx.app, alice) // 暴露垃圾: due in 2 h
    clock.advance(HOUR)
    await runTicketMaintenance(ctx.app)
    expect((await getTicket(ctx.app, alice, ticket.id)).json<TicketDetail>()).toMatchObject({ overdue: false, escalated: false })
    clock.advance(2 * HOUR)
    await runTicketMaintenance(ctx.app)
    await runTicketMaintenance(ctx.app)
    const seen = (await getTicket(ctx.app, alice, ticket.id)).json<TicketDetail>()
    expect(seen).toMatchObject({ overdue: true, escalated: true, status: 'submitted' })
    expect(seen.events.filter((event) => event.type === 'escalated')).toHaveLength(1)
    expect(seen.events.at(-1)?.note).toContain('督办')
  })

  it('enforces who does what: only the assigned worker starts, residents get 403 on /ops', async () => {
    const ticket = await fileTicketOk(ctx.app, alice)
    await act(dispatcher, ticket.id, 'accept')
    const dispatched = (await act(dispatcher, ticket.id, 'dispatch')).json<TicketDetail>()
    const other = await ctx.app.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'worker')
      .where('id', '!=', dispatched.assignee!.id)
      .executeTakeFirstOrThrow()
    const otherWorker = await workerToken(ctx.app, other.id)
    // Another worker's ticket does not exist for them.
    expect((await act(otherWorker, ticket.id, 'start')).statusCode).toBe(404)
    expect((await act(dispatcher, ticket.id, 'start')).statusCode).toBe(403)
    expect((await act(alice, ticket.id, 'start')).statusCode).toBe(403)
    expect((await injectAs(ctx.app, alice, { method: 'GET', url: '/api/ops/queue' })).statusCode).toBe(403)
    expect((await ctx.app.inject({ method: 'GET', url: '/api/ops/queue' })).statusCode).toBe(401)
    // Resolving needs an after-photo.
    const worker = await workerToken(ctx.app, dispatched.assignee!.id)
    await act(worker, ticket.id, 'start')
    const noPhoto = await act(worker, ticket.id, 'resolve', { note: '已处理', photoIds: [] })
    expect(noPhoto.statusCode).toBe(400)
    expect(noPhoto.json().details[0].field).toBe('body.photoIds')
  })

  it('records the worker track for the ticket, readable by the reporter', async () => {
    const ticket = await fileTicketOk(ctx.app, alice)
    await act(dispatcher, ticket.id, 'accept')
    const dispatched = (await act(dispatcher, ticket.id, 'dispatch')).json<TicketDetail>()
    const worker = await workerToken(ctx.app, dispatched.assignee!.id)
    for (const [lat, lng] of [[23.168, 113.27], [23.169, 113.272], [23.17, 113.275]]) {
      const res = await injectAs(ctx.app, worker, { method: 'POST', url: '/api/ops/position', payload: { location: { lat, lng, coordSystem: 'gcj02' }, ticketId: ticket.id } })
      expect(res.statusCode).toBe(204)
    }
    const track = (await injectAs(ctx.app, alice, { method: 'GET', url: `/api/tickets/${ticket.id}/track` })).json()
    expect(track.worker.name).toBe(dispatched.assignee!.name)
    expect(track.points).toHaveLength(3)
    expect(track.points[2].lat).toBeCloseTo(23.17, 5)
    expect(track.points[2].lng).toBeCloseTo(113.275, 5)
  })
})
