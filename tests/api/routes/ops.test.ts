/**
 * /api/ops: the dispatch centre's and the workers' endpoints, one describe each: who may call it,
 * what it answers and what it stores. The whole road of a ticket is tests/api/routes/tickets/lifecycle.test.ts.
 */
import type { TicketDetail, TicketPage, Worker } from '@contract/tickets'
import { FakeClock } from '../../../mock-server/src/lib/clock'
import { injectAs, login, useTestApp } from '../../helpers/app'
import { afterPhotoFields, uploadPhoto } from '../../helpers/photos'
import { JINGTAI, fileTicketOk, workerToken } from '../../helpers/tickets'

describe('ops routes', () => {
  const clock = new FakeClock(Date.parse('2026-11-25T02:00:00Z'))
  const ctx = useTestApp({}, { clock, maintenanceIntervalMs: 0 })
  let resident: string
  let dispatcher: string
  beforeAll(async () => {
    resident = (await login(ctx.app, 'ops-resident')).token
    dispatcher = (await login(ctx.app, 'dispatcher')).token
  })

  const post = (token: string, url: string, payload: object = {}) => injectAs(ctx.app, token, { method: 'POST', url: `/api/ops${url}`, payload })
  const get = (token: string, url: string) => injectAs(ctx.app, token, { method: 'GET', url: `/api/ops${url}` })
  const statusOf = async (id: number) => (await ctx.app.db.selectFrom('tickets').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status
  /** A fresh ticket, accepted and dispatched: its id and the assigned worker's token. */
  async function dispatchedTicket() {
    const ticket = await fileTicketOk(ctx.app, resident)
    expect((await post(dispatcher, `/tickets/${ticket.id}/accept`)).statusCode).toBe(200)
    const dispatched = (await post(dispatcher, `/tickets/${ticket.id}/dispatch`)).json<TicketDetail>()
    return { ticket, worker: await workerToken(ctx.app, dispatched.assignee!.id), workerId: dispatched.assignee!.id }
  }

  it('every ops endpoint is 401 without a token and 403 for a resident', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/ops/queue' })).statusCode).toBe(401)
    for (const [method, url] of [['GET', '/queue'], ['GET', '/workers'], ['POST', '/tickets/1/accept'], ['POST', '/duty']] as const) {
      const res = await injectAs(ctx.app, resident, { method, url: `/api/ops${url}`, ...(method === 'POST' ? { payload: url === '/duty' ? { onDuty: true } : {} } : {}) })
      expect([url, res.statusCode, res.json().code]).toEqual([url, 403, 'FORBIDDEN'])
    }
  })

  describe('GET /api/ops/queue', () => {
    it('lists tickets newest first, filtered by status; workers see their own with mine=true', async () => {
      const { ticket, worker } = await dispatchedTicket()
      const fresh = await fileTicketOk(ctx.app, resident)
      const submitted = (await get(dispatcher, '/queue?status=submitted')).json<TicketPage>()
      expect(submitted.items.map((item) => item.id)).toContain(fresh.id)
      expect(submitted.items.every((item) => item.status === 'submitted')).toBe(true)
      const mine = (await get(worker, '/queue?mine=true')).json<TicketPage>()
      expect(mine.items.map((item) => item.id)).toEqual([ticket.id])
    })

    it('refuses an unknown status', async () => {
      expect((await get(dispatcher, '/queue?status=lost')).statusCode).toBe(400)
    })
  })

  describe('POST /api/ops/tickets/:id/accept', () => {
    it('moves a submitted ticket to accepted (stored), once', async () => {
      const ticket = await fileTicketOk(ctx.app, resident)
      const res = await post(dispatcher, `/tickets/${ticket.id}/accept`)
      expect(res.statusCode).toBe(200)
      expect(res.json<TicketDetail>().status).toBe('accepted')
      expect(await statusOf(ticket.id)).toBe('accepted')
      const again = await post(dispatcher, `/tickets/${ticket.id}/accept`)
      expect(again.statusCode).toBe(409)
      expect(again.json().code).toBe('INVALID_TRANSITION')
    })

    it('is 404 for a ticket that does not exist', async () => {
      expect((await post(dispatcher, '/tickets/999999/accept')).statusCode).toBe(404)
    })
  })

  describe('POST /api/ops/tickets/:id/dispatch', () => {
    it('assigns the nearest on-duty worker of the grid when none is named', async () => {
      const ticket = await fileTicketOk(ctx.app, resident)
      await post(dispatcher, `/tickets/${ticket.id}/accept`)
      const res = await post(dispatcher, `/tickets/${ticket.id}/dispatch`)
      expect(res.statusCode).toBe(200)
      const row = await ctx.app.db.selectFrom('tickets').select(['status', 'assignee_id']).where('id', '=', ticket.id).executeTakeFirstOrThrow()
      expect(row).toMatchObject({ status: 'dispatched', assignee_id: res.json<TicketDetail>().assignee!.id })
    })

    it('a worker may not dispatch (403)', async () => {
      const { ticket, worker } = await dispatchedTicket()
      expect((await post(worker, `/tickets/${ticket.id}/dispatch`)).statusCode).toBe(403)
    })
  })

  describe('POST /api/ops/tickets/:id/start', () => {
    it('the assigned worker starts; to another worker the ticket does not exist (404)', async () => {
      const { ticket, worker, workerId } = await dispatchedTicket()
      const other = await ctx.app.db.selectFrom('users').select('openid').where('role', '=', 'worker').where('id', '!=', workerId).executeTakeFirstOrThrow()
      const stranger = (await login(ctx.app, other.openid.replace(/^dev:/, ''))).token
      expect((await post(stranger, `/tickets/${ticket.id}/start`)).statusCode).toBe(404)
      expect(await statusOf(ticket.id)).toBe('dispatched')
      expect((await post(worker, `/tickets/${ticket.id}/start`)).statusCode).toBe(200)
      expect(await statusOf(ticket.id)).toBe('in_progress')
    })
  })

  describe('POST /api/ops/tickets/:id/resolve', () => {
    it('needs a note and an after-photo; with them the ticket is resolved', async () => {
      const { ticket, worker } = await dispatchedTicket()
      await post(worker, `/tickets/${ticket.id}/start`)
      const bare = await post(worker, `/tickets/${ticket.id}/resolve`, { note: '已清理' })
      expect(bare.statusCode).toBe(400)
      expect(await statusOf(ticket.id)).toBe('in_progress')
      const photo = await uploadPhoto(ctx.app, worker, undefined, afterPhotoFields(ticket.id, ticket.location))
      const res = await post(worker, `/tickets/${ticket.id}/resolve`, { note: '已清理现场', photoIds: [photo] })
      expect(res.statusCode).toBe(200)
      expect(await statusOf(ticket.id)).toBe('resolved')
    })
  })

  describe('POST /api/ops/tickets/:id/reject', () => {
    it('rejects with a listed reason (stored); an unlisted reason is 400', async () => {
      const ticket = await fileTicketOk(ctx.app, resident)
      expect((await post(dispatcher, `/tickets/${ticket.id}/reject`, { reason: 'boring' })).statusCode).toBe(400)
      expect(await statusOf(ticket.id)).toBe('submitted')
      const res = await post(dispatcher, `/tickets/${ticket.id}/reject`, { reason: 'duplicate', note: '与已有工单重复' })
      expect(res.statusCode).toBe(200)
      expect(await statusOf(ticket.id)).toBe('rejected')
    })
  })

  describe('POST /api/ops/duty and /api/ops/position', () => {
    it('a worker goes off and on duty, and reports a position (stored in WGS-84)', async () => {
      const { worker, workerId } = await dispatchedTicket()
      const off = await post(worker, '/duty', { onDuty: false })
      expect(off.statusCode).toBe(200)
      expect(off.json<Worker>().onDuty).toBe(false)
      expect((await ctx.app.db.selectFrom('users').select('on_duty').where('id', '=', workerId).executeTakeFirstOrThrow()).on_duty).toBe(0)
      expect((await post(worker, '/duty', { onDuty: true })).json<Worker>().onDuty).toBe(true)

      const moved = await post(worker, '/position', { location: JINGTAI })
      expect(moved.statusCode).toBe(204)
      const row = await ctx.app.db.selectFrom('users').select(['lat', 'lng']).where('id', '=', workerId).executeTakeFirstOrThrow()
      expect(Math.abs(row.lng! - JINGTAI.lng)).toBeGreaterThan(0.003) // GCJ-02 in, WGS-84 stored
    })

    it('the dispatcher has no duty of their own (403)', async () => {
      expect((await post(dispatcher, '/duty', { onDuty: true })).statusCode).toBe(403)
    })
  })

  describe('GET /api/ops/workers', () => {
    it('lists the workers with grid, duty and active tickets', async () => {
      const res = await get(dispatcher, '/workers')
      expect(res.statusCode).toBe(200)
      const workers = res.json<Worker[] | { items: Worker[] }>()
      const list = Array.isArray(workers) ? workers : workers.items
      expect(list.length).toBeGreaterThanOrEqual(358)
      expect(list.some((worker) => worker.activeTickets > 0)).toBe(true)
    })
  })
})
