/** 反馈 at a facility: a rating, and optionally a problem that becomes a ticket at the facility. */
import type { TicketDetail } from '@contract/tickets'
import { injectAs, login, useTestApp } from '../../helpers/app'
import { countRows, getTicket } from '../../helpers/tickets'

describe('POST /api/facilities/:id/feedback with a problem', () => {
  const ctx = useTestApp({}, { maintenanceIntervalMs: 0 })
  let token: string
  beforeAll(async () => {
    token = (await login(ctx.app, 'feedback-resident')).token
  })

  const facilityOf = (type: 'toilet' | 'garbage_point') =>
    ctx.app.db.selectFrom('facilities').selectAll().where('type', '=', type).orderBy('id').executeTakeFirstOrThrow()

  it('opens a ticket at the toilet with the 公厕问题 category, and records the rating', async () => {
    const toilet = await facilityOf('toilet')
    const res = await injectAs(ctx.app, token, {
      method: 'POST',
      url: `/api/facilities/${toilet.id}/feedback`,
      payload: { score: 2, problem: { description: '洗手池坏了' } },
      headers: { 'idempotency-key': 'facility-draft-1' },
    })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.myRating.score).toBe(2)
    expect(body.ticket.number).toMatch(/^BY\d{8}-\d{4}$/)
    const ticket = (await getTicket(ctx.app, token, body.ticket.id)).json<TicketDetail>()
    expect(ticket).toMatchObject({ categoryId: 'public_toilet', description: '洗手池坏了', source: 'facility', addressNote: toilet.name })
    const row = await ctx.app.db.selectFrom('tickets').selectAll().where('id', '=', body.ticket.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ facility_id: toilet.id, lat: toilet.lat, lng: toilet.lng })

    // A retry with the same key does not open a second ticket.
    const again = await injectAs(ctx.app, token, {
      method: 'POST',
      url: `/api/facilities/${toilet.id}/feedback`,
      payload: { score: 2, problem: { description: '洗手池坏了' } },
      headers: { 'idempotency-key': 'facility-draft-1' },
    })
    expect(again.json().ticket.id).toBe(body.ticket.id)
  })

  it('uses 垃圾满溢 for a garbage point', async () => {
    const point = await facilityOf('garbage_point')
    const res = await injectAs(ctx.app, token, { method: 'POST', url: `/api/facilities/${point.id}/feedback`, payload: { score: 1, problem: { description: '满了' } } })
    const ticket = (await getTicket(ctx.app, token, res.json().ticket.id)).json<TicketDetail>()
    expect(ticket.categoryId).toBe('garbage_overflow')
  })

  it('writes nothing, not even the rating, when the problem is invalid', async () => {
    const point = await facilityOf('garbage_point')
    const tickets = await countRows(ctx.app, 'tickets')
    const ratings = await ctx.app.db.selectFrom('facility_ratings').selectAll().where('facility_id', '=', point.id).execute()
    const res = await injectAs(ctx.app, token, {
      method: 'POST',
      url: `/api/facilities/${point.id}/feedback`,
      payload: { score: 5, problem: { categoryId: 'nope', description: 'x' } },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().details[0].field).toBe('body.categoryId')
    expect(await countRows(ctx.app, 'tickets')).toBe(tickets)
    expect(await ctx.app.db.selectFrom('facility_ratings').selectAll().where('facility_id', '=', point.id).execute()).toEqual(ratings)
  })

  it('answers a rating alone with ticket: null', async () => {
    const toilet = await facilityOf('toilet')
    const res = await injectAs(ctx.app, token, { method: 'POST', url: `/api/facilities/${toilet.id}/feedback`, payload: { score: 4 } })
    expect(res.json().ticket).toBeNull()
  })
})
