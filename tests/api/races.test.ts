/**
 * Races that must end the same way on SQLite (one connection: requests interleave between awaits)
 * and on PostgreSQL (a pool: transactions really run at the same time). Part of api and api-pg.
 */
import crypto from 'node:crypto'
import { buildTestApp, injectAs, login } from '../helpers/app'
import { countRows, fileTicket, validReport } from '../helpers/tickets'

let ctx: Awaited<ReturnType<typeof buildTestApp>>

beforeAll(async () => {
  ctx = await buildTestApp({ rateLimitScale: 0 }, { maintenanceIntervalMs: 0 })
})
afterAll(() => ctx.cleanup())

describe('concurrent requests', () => {
  it('file one ticket for one Idempotency-Key, however many retries race', async () => {
    const { token } = await login(ctx.app, 'race-retry')
    const key = crypto.randomUUID()
    const before = await countRows(ctx.app, 'tickets')
    const answers = await Promise.all(Array.from({ length: 12 }, () => fileTicket(ctx.app, token, validReport(), key)))
    expect(answers.map((res) => res.statusCode).filter((code) => code !== 200 && code !== 201)).toEqual([])
    expect(new Set(answers.map((res) => res.json().id)).size).toBe(1)
    expect(answers.filter((res) => res.statusCode === 201)).toHaveLength(1)
    expect(await countRows(ctx.app, 'tickets')).toBe(before + 1)
    const stored = await ctx.app.db.selectFrom('tickets').select('id').where('idempotency_key', '=', key).execute()
    expect(stored).toHaveLength(1)
  })

  it('number concurrent tickets of a day without gaps or repeats', async () => {
    const { token } = await login(ctx.app, 'race-numbers')
    const answers = await Promise.all(Array.from({ length: 15 }, () => fileTicket(ctx.app, token)))
    expect(answers.map((res) => res.statusCode)).toEqual(Array(15).fill(201))
    const numbers = answers.map((res) => res.json().number as string)
    expect(new Set(numbers).size).toBe(15)
    const day = numbers[0].slice(0, 10)
    const { last } = await ctx.app.db.selectFrom('ticket_counters').select('last').where('day', '=', day.slice(2)).executeTakeFirstOrThrow()
    const all = await ctx.app.db.selectFrom('tickets').select('number').where('number', 'like', `${day}-%`).execute()
    // Every number of the day from 0001 to the counter, once: the 15 above and the earlier ones.
    expect(all.map((row) => Number(row.number.slice(-4))).sort((a, b) => a - b)).toEqual(Array.from({ length: last }, (_, i) => i + 1))
  })

  it('let one of two dispatchers accept a ticket; the other gets 409 and writes nothing', async () => {
    const { token } = await login(ctx.app, 'race-accept')
    const ticket = (await fileTicket(ctx.app, token)).json()
    const dispatcher = await login(ctx.app, 'dispatcher')
    const eventsBefore = await countRows(ctx.app, 'ticket_events')
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => injectAs(ctx.app, dispatcher.token, { method: 'POST', url: `/api/ops/tickets/${ticket.id}/accept`, payload: {} })),
    )
    expect(answers.map((res) => res.statusCode).sort()).toEqual([200, 409, 409, 409, 409, 409])
    expect(answers.filter((res) => res.statusCode === 409).map((res) => res.json().code).sort()[0]).toMatch(/CONFLICT|INVALID_TRANSITION/)
    const accepts = await ctx.app.db.selectFrom('ticket_events').select('id').where('ticket_id', '=', ticket.id).where('type', '=', 'accepted').execute()
    expect(accepts).toHaveLength(1)
    expect(await countRows(ctx.app, 'ticket_events')).toBe(eventsBefore + 1)
  })

  it('file tickets while another change holds its transaction open, all of them kept once it commits', async () => {
    // On SQLite a filing runs synchronously on the connection when it is free, and waits in
    // Kysely's queue while another change holds a transaction open between its awaits (db/steps.ts).
    const { token } = await login(ctx.app, 'race-held')
    const [ticketsBefore, liveBefore] = await Promise.all((['tickets', 'live_events'] as const).map((table) => countRows(ctx.app, table)))
    let release!: () => void
    let began!: () => void
    const open = new Promise<void>((resolve) => (began = resolve))
    const held = ctx.app.db.transaction().execute(async (trx) => {
      await trx.selectFrom('categories').select('id').limit(1).execute()
      began()
      await new Promise<void>((resolve) => (release = resolve))
    })
    await open
    const filings = Array.from({ length: 4 }, () => fileTicket(ctx.app, token))
    await new Promise((resolve) => setTimeout(resolve, 50))
    release()
    await held
    const answers = await Promise.all(filings)
    expect(answers.map((res) => res.statusCode)).toEqual([201, 201, 201, 201])
    expect(new Set(answers.map((res) => res.json().number)).size).toBe(4)
    expect(await countRows(ctx.app, 'tickets')).toBe(ticketsBefore + 4)
    expect(await countRows(ctx.app, 'live_events')).toBe(liveBefore + 4)
  })
})
