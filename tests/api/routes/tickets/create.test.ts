import type { TicketDetail } from '@contract/tickets'
import { FakeClock, HOUR } from '../../../../mock-server/src/lib/clock'
import { injectAs, login, useTestApp } from '../../../helpers/app'
import { uploadPhoto } from '../../../helpers/photos'
import { TIANHE, countRows, fileTicket, validReport } from '../../../helpers/tickets'

describe('POST /api/tickets', () => {
  const clock = new FakeClock(Date.parse('2026-11-25T02:00:00Z'))
  const ctx = useTestApp({}, { clock, maintenanceIntervalMs: 0 })
  let alice: string
  let bob: string
  beforeAll(async () => {
    alice = (await login(ctx.app, 'alice')).token
    bob = (await login(ctx.app, 'bob')).token
  })

  it('files a ticket with a public number, a due time from the SLA and the resolved address', async () => {
    const photoId = await uploadPhoto(ctx.app, alice)
    const res = await fileTicket(ctx.app, alice, validReport({ photoIds: [photoId], address: '景泰直街12号门口' }))
    expect(res.statusCode).toBe(201)
    const ticket = res.json<TicketDetail>()
    // 02:00 UTC is 10:00 in Guangzhou on 25 November.
    expect(ticket.number).toBe('BY20261125-0001')
    expect(ticket.status).toBe('submitted')
    expect(ticket.createdAt).toBe('2026-11-25T02:00:00.000Z')
    expect(ticket.dueAt).toBe(new Date(clock.now().getTime() + 2 * HOUR).toISOString()) // 暴露垃圾: 2 h
    expect(ticket.address.street).toMatch(/街|镇$/)
    expect(ticket.address.community).not.toBe('')
    expect(ticket.address.gridId).not.toBe('')
    expect(ticket.address.text).toContain('白云区')
    expect(ticket.addressNote).toBe('景泰直街12号门口')
    expect(ticket.photos.map((photo) => photo.id)).toEqual([photoId])
    expect(ticket.events.map((event) => event.type)).toEqual(['created'])
    // The location comes back in GCJ-02, as sent, within a metre.
    expect(ticket.location.lat).toBeCloseTo(23.17, 5)
    expect(ticket.location.lng).toBeCloseTo(113.275, 5)
    const row = await ctx.app.db.selectFrom('tickets').selectAll().where('id', '=', ticket.id).executeTakeFirstOrThrow()
    // Stored in WGS-84: a few hundred metres from the GCJ-02 input in Guangzhou.
    expect(Math.abs(row.lng - 113.275)).toBeGreaterThan(0.003)
  })

  it('answers a new ticket exactly as its page then shows it to the reporter (with and without photos, in either coordinate system)', async () => {
    // The answer is built from the rows the filing wrote (#19), not read back: it must not differ.
    const photoId = await uploadPhoto(ctx.app, alice)
    const bodies = [
      validReport({ photoIds: [photoId], address: '景泰直街12号门口', sharePublicly: true }),
      validReport({ location: { lat: 23.167, lng: 113.27, coordSystem: 'wgs84' } }),
    ]
    for (const body of bodies) {
      const filed = await fileTicket(ctx.app, alice, body)
      expect(filed.statusCode).toBe(201)
      const ticket = filed.json<TicketDetail>()
      const page = await injectAs(ctx.app, alice, { method: 'GET', url: `/api/tickets/${ticket.id}?coordSystem=${body.location.coordSystem}` })
      expect(page.statusCode).toBe(200)
      expect(ticket).toEqual(page.json())
    }
  })

  it('returns the same ticket (200) for a retried Idempotency-Key, never a second one', async () => {
    const before = await countRows(ctx.app, 'tickets')
    const first = await fileTicket(ctx.app, alice, validReport(), 'draft-key-0001')
    const again = await fileTicket(ctx.app, alice, validReport({ description: 'changed on retry' }), 'draft-key-0001')
    expect(first.statusCode).toBe(201)
    expect(again.statusCode).toBe(200)
    expect(again.json().id).toBe(first.json().id)
    expect(await countRows(ctx.app, 'tickets')).toBe(before + 1)
    // The key is per user: bob's draft with the same key is his own ticket.
    const bobs = await fileTicket(ctx.app, bob, validReport(), 'draft-key-0001')
    expect(bobs.statusCode).toBe(201)
    expect(bobs.json().id).not.toBe(first.json().id)
  })

  it('numbers tickets per day in China time', async () => {
    clock.set('2026-11-25T16:30:00Z') // 00:30 on the 26th in Guangzhou
    const res = await fileTicket(ctx.app, alice)
    expect(res.json().number).toBe('BY20261126-0001')
    clock.set('2026-11-25T02:00:00Z')
  })

  describe('refuses bad input with a 400 naming the field, and writes nothing', () => {
    let bobsPhoto: string
    beforeAll(async () => {
      bobsPhoto = await uploadPhoto(ctx.app, bob)
    })

    const cases: [string, () => object, string, string?][] = [
      ['a location outside the district', () => validReport({ location: TIANHE }), 'body.location', 'OUT_OF_DISTRICT'],
      ['an unknown category', () => validReport({ categoryId: 'no_such_thing' }), 'body.categoryId'],
      ['an empty description with no photos', () => validReport({ description: '   ' }), 'body.description'],
      ['a description that is too long', () => validReport({ description: '脏'.repeat(501) }), 'body.description'],
      ["a photo id that isn't yours", () => validReport({ photoIds: [bobsPhoto] }), 'body.photoIds.0'],
      ['an unknown field', () => ({ ...validReport(), reporterId: 1 }), 'body.reporterId'],
      ['a bad coordinate system', () => validReport({ location: { lat: 23.17, lng: 113.275, coordSystem: 'bd09' as never } }), 'body.location.coordSystem'],
      ['a latitude out of range', () => validReport({ location: { lat: 123, lng: 113.275, coordSystem: 'gcj02' } }), 'body.location.lat'],
    ]
    it.each(cases)('%s', async (_name, body, field, code = 'VALIDATION_FAILED') => {
      const tickets = await countRows(ctx.app, 'tickets')
      const events = await countRows(ctx.app, 'ticket_events')
      const res = await fileTicket(ctx.app, alice, body())
      expect(res.statusCode).toBe(400)
      expect(res.json().code).toBe(code)
      expect(res.json().details.map((detail: { field: string }) => detail.field)).toContain(field)
      expect(await countRows(ctx.app, 'tickets')).toBe(tickets)
      expect(await countRows(ctx.app, 'ticket_events')).toBe(events)
    })

    it('a missing Idempotency-Key', async () => {
      const res = await injectAs(ctx.app, alice, { method: 'POST', url: '/api/tickets', payload: validReport() })
      expect(res.statusCode).toBe(400)
      expect(res.json().details[0].field).toBe('headers.idempotency-key')
    })

    it("does not take someone else's photo even after a failed try (the photo stays unattached)", async () => {
      const row = await ctx.app.db.selectFrom('uploads').select('ticket_id').where('id', '=', bobsPhoto).executeTakeFirstOrThrow()
      expect(row.ticket_id).toBeNull()
    })
  })

  it('needs a signed-in user', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/tickets', payload: validReport(), headers: { 'idempotency-key': 'anon-key-1' } })
    expect(res.statusCode).toBe(401)
    expect(res.json().code).toBe('UNAUTHORIZED')
  })

  it('accepts a photo-only report (no description)', async () => {
    const photoId = await uploadPhoto(ctx.app, alice)
    const res = await fileTicket(ctx.app, alice, validReport({ description: '', photoIds: [photoId] }))
    expect(res.statusCode).toBe(201)
  })

  it('links a report made from a facility to it (source facility), and refuses an unknown facility', async () => {
    const toilet = await ctx.app.db.selectFrom('facilities').select(['id']).where('type', '=', 'toilet').orderBy('id').executeTakeFirstOrThrow()
    const res = await fileTicket(ctx.app, alice, validReport({ facilityId: toilet.id }))
    expect(res.statusCode).toBe(201)
    const row = await ctx.app.db.selectFrom('tickets').selectAll().where('id', '=', res.json<TicketDetail>().id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ facility_id: toilet.id, source: 'facility' })
    expect(res.json<TicketDetail>().source).toBe('facility')

    const before = await countRows(ctx.app, 'tickets')
    const unknown = await fileTicket(ctx.app, alice, validReport({ facilityId: 'wc-nope' }))
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'body.facilityId' }] })
    expect(await countRows(ctx.app, 'tickets')).toBe(before)
  })
})
