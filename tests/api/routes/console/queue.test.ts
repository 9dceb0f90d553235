/** GET /api/ops/tickets: the console's queue with its filters, sort by time left and server paging. */
import type { OpsTicketTable } from '@contract/console'
import { HOUR } from '../../../../mock-server/src/lib/clock'
import { injectAs, login } from '../../../helpers/app'
import { act, consoleTestApp, ok, ticketInGrid } from './helpers'

describe('GET /api/ops/tickets', () => {
  let ctx: Awaited<ReturnType<typeof consoleTestApp>>
  const ids: Record<string, number> = {}
  const numbers: Record<string, string> = {}
  beforeAll(async () => {
    ctx = await consoleTestApp('2026-11-20T02:00:00Z')
    const { app, resident, dispatcher, clock } = ctx
    // 11-20 10:00 China: garbage (2 h SLA) in grid 0
    const a = await ticketInGrid(app, resident, 0, { categoryId: 'exposed_garbage', description: '垃圾堆在路口 100%' })
    clock.advance(24 * HOUR)
    // 11-21: a streetlight (48 h) in grid 1, and a vending stall (2 h) in grid 0
    const b = await ticketInGrid(app, resident, 1, { categoryId: 'broken_streetlight', description: '路灯不亮' })
    const c = await ticketInGrid(app, resident, 0, { categoryId: 'street_vending', description: '占道摆卖水果' })
    clock.advance(24 * HOUR)
    // 11-22: posting (24 h) in grid 40, then rejected
    const d = await ticketInGrid(app, resident, 40, { categoryId: 'illegal_posting', description: '电线杆小广告' })
    await ok(act(app, dispatcher, d.id, 'reject', { reason: 'not_responsible' }))
    await ok(act(app, dispatcher, c.id, 'dispatch', {}))
    clock.advance(HOUR)
    Object.assign(ids, { a: a.id, b: b.id, c: c.id, d: d.id })
    Object.assign(numbers, { a: a.number, b: b.number, c: c.number, d: d.number })
    // now 11-22 03:00Z: a and c are overdue; b is due 11-23 02:00Z; d is rejected
  })
  afterAll(() => ctx.cleanup())

  const list = (query = '', token = ctx.dispatcher) => injectAs(ctx.app, token, { method: 'GET', url: `/api/ops/tickets${query}` })
  const idsOf = (table: OpsTicketTable) => table.items.map((row) => row.id)

  it('sorts by time left: open tickets by deadline first, then the closed ones; answers the total', async () => {
    const table = await ok<OpsTicketTable>(list())
    expect(idsOf(table)).toEqual([ids.a, ids.c, ids.b, ids.d])
    expect(table).toMatchObject({ total: 4, page: 1, pageSize: 50 })
  })

  it('answers the row the table shows', async () => {
    const table = await ok<OpsTicketTable>(list())
    const c = table.items.find((row) => row.id === ids.c)!
    const grid = ctx.app.geo.grids[0]
    expect(c).toMatchObject({
      number: numbers.c,
      status: 'dispatched',
      categoryId: 'street_vending',
      categoryName: '占道经营',
      street: grid.streetName,
      community: grid.community,
      gridId: grid.id,
      gridName: grid.name,
      overdue: true,
      reopenCount: 0,
      followerCount: 0,
      source: 'app',
    })
    expect(c.assignee).toEqual({ id: expect.any(Number), name: expect.any(String) })
    expect(Date.parse(c.dueAt) - Date.parse(c.createdAt)).toBe(2 * HOUR)
    expect(table.items.find((row) => row.id === ids.d)!.overdue).toBe(false)
  })

  it('pages on the server', async () => {
    const second = await ok<OpsTicketTable>(list('?pageSize=2&page=2'))
    expect(idsOf(second)).toEqual([ids.b, ids.d])
    expect(second).toMatchObject({ total: 4, page: 2, pageSize: 2 })
    const beyond = await ok<OpsTicketTable>(list('?pageSize=2&page=9'))
    expect(beyond).toMatchObject({ items: [], total: 4 })
  })

  it('filters by street, grid, category and one or more statuses', async () => {
    const grid0 = ctx.app.geo.grids[0]
    expect(idsOf(await ok(list(`?gridId=${encodeURIComponent(grid0.id)}`)))).toEqual([ids.a, ids.c])
    const byStreet = await ok<OpsTicketTable>(list(`?street=${encodeURIComponent(grid0.streetName)}`))
    expect(byStreet.items.every((row) => row.street === grid0.streetName)).toBe(true)
    expect(idsOf(byStreet)).toEqual(expect.arrayContaining([ids.a, ids.c]))
    expect(idsOf(await ok(list('?categoryId=broken_streetlight')))).toEqual([ids.b])
    expect(idsOf(await ok(list('?status=submitted')))).toEqual([ids.a, ids.b])
    expect(idsOf(await ok(list('?status=dispatched&status=rejected')))).toEqual([ids.c, ids.d])
    expect(idsOf(await ok(list('?open=true')))).toEqual([ids.a, ids.c, ids.b])
  })

  it('filters overdue and not overdue', async () => {
    expect(idsOf(await ok(list('?overdue=true')))).toEqual([ids.a, ids.c])
    expect(idsOf(await ok(list('?overdue=false')))).toEqual([ids.b, ids.d])
  })

  it('filters by the day of filing in China time, both ends included', async () => {
    expect(idsOf(await ok(list('?from=2026-11-21&to=2026-11-21')))).toEqual([ids.c, ids.b])
    expect(idsOf(await ok(list('?from=2026-11-22')))).toEqual([ids.d])
    expect(idsOf(await ok(list('?to=2026-11-20')))).toEqual([ids.a])
  })

  it('searches the number, the description and the address; % is no wildcard', async () => {
    expect(idsOf(await ok(list(`?q=${numbers.b}`)))).toEqual([ids.b])
    expect(idsOf(await ok(list(`?q=${encodeURIComponent('小广告')}`)))).toEqual([ids.d])
    expect(idsOf(await ok(list(`?q=${encodeURIComponent('100%')}`)))).toEqual([ids.a])
    expect(idsOf(await ok(list(`?q=${encodeURIComponent('%')}`)))).toEqual([ids.a])
    expect(idsOf(await ok(list(`?q=${encodeURIComponent(ctx.app.geo.grids[40].community)}`)))).toContain(ids.d)
  })

  it('other sorts', async () => {
    expect(idsOf(await ok(list('?sort=created_desc')))).toEqual([ids.d, ids.c, ids.b, ids.a])
    expect(idsOf(await ok(list('?sort=created_asc')))).toEqual([ids.a, ids.b, ids.c, ids.d])
  })

  it.each([
    ['?street=%E4%B8%8D%E5%AD%98%E5%9C%A8%E8%A1%97', 'querystring.street'],
    ['?gridId=nope', 'querystring.gridId'],
    ['?categoryId=nope', 'querystring.categoryId'],
    ['?from=2026-02-30', 'querystring.from'],
    ['?from=20261120', 'querystring.from'],
    ['?from=2026-11-22&to=2026-11-21', 'querystring.to'],
    ['?status=lost', 'querystring.status.0'],
    ['?pageSize=500', 'querystring.pageSize'],
    ['?page=0', 'querystring.page'],
    ['?sort=random', 'querystring.sort'],
    ['?color=red', 'querystring.color'],
  ])('400 for %s naming %s', async (query, field) => {
    const res = await list(query)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(res.json().details.map((d: { field: string }) => d.field)).toContain(field)
  })

  it('403 for residents and workers, 401 without a session', async () => {
    expect((await list('', ctx.resident)).statusCode).toBe(403)
    const worker = await login(ctx.app, 'worker-1')
    expect((await list('', worker.token)).statusCode).toBe(403)
    expect((await ctx.app.inject({ method: 'GET', url: '/api/ops/tickets' })).statusCode).toBe(401)
  })
})
