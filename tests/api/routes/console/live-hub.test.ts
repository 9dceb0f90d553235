/** The live-event log behind GET /api/ops/events: written with the change or not at all, and trimmed. */
import { HOUR } from '../../../../mock-server/src/lib/clock'
import { LiveEventHub } from '../../../../mock-server/src/services/live-events'
import { fileTicket, validReport } from '../../../helpers/tickets'
import { consoleTestApp, ticketInGrid } from './helpers'

describe('live event log', () => {
  let ctx: Awaited<ReturnType<typeof consoleTestApp>>
  beforeAll(async () => {
    ctx = await consoleTestApp()
  })
  afterAll(() => ctx.cleanup())

  const rows = () => ctx.app.db.selectFrom('live_events').selectAll().orderBy('id').execute()

  it('writes one ticket event per committed change, and none for a refused one', async () => {
    const before = (await rows()).length
    const refused = await fileTicket(ctx.app, ctx.resident, validReport({ categoryId: 'nope' }))
    expect(refused.statusCode).toBe(400)
    expect(await rows()).toHaveLength(before)
    const ticket = await ticketInGrid(ctx.app, ctx.resident, 0)
    const after = await rows()
    expect(after).toHaveLength(before + 1)
    expect(after.at(-1)).toMatchObject({ kind: 'ticket', ticket_id: ticket.id })
    const { reporter_id: reporter } = await ctx.app.db.selectFrom('tickets').select('reporter_id').where('id', '=', ticket.id).executeTakeFirstOrThrow()
    // The users it concerns, for per-user streams: here only the reporter.
    expect(JSON.parse(after.at(-1)!.user_ids!)).toEqual([reporter])
  })

  it('keeps the last 24 hours and at most the row limit', async () => {
    await ticketInGrid(ctx.app, ctx.resident, 1)
    ctx.clock.advance(25 * HOUR)
    await ticketInGrid(ctx.app, ctx.resident, 2)
    await ticketInGrid(ctx.app, ctx.resident, 3)
    const removed = await ctx.app.events.hub.trim()
    const kept = await rows()
    expect(removed).toBeGreaterThanOrEqual(2)
    expect(kept).toHaveLength(2)
    expect(kept.every((row) => Date.parse(row.created_at) > ctx.clock.now().getTime() - 24 * HOUR)).toBe(true)

    const small = new LiveEventHub(ctx.app.db, ctx.clock, { retainRows: 1 })
    await small.trim()
    expect(await rows()).toHaveLength(1)
  })
})
