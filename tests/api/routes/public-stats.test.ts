/**
 * GET /api/stats (数据公开, #15) on a fixture with known answers, on a fake clock. Tickets are
 * written straight into the tables so every time is exact. Now: 2026-11-25T04:00Z (12:00 in China);
 * 7 days = 11-19 … 11-25, 30 days = 10-27 … 11-25 (China days). The figures must equal the
 * console's (GET /api/ops/kpi) for the same period: one service. 返工率 counts resolve events:
 * A2 was resolved twice, so the 7 days hold 3 resolutions and 1 appeal.
 */
import type { KpiAnswer } from '@contract/console'
import type { PublicStatsAnswer } from '@contract/public'
import { FakeClock } from '../../../mock-server/src/lib/clock'
import { buildTestApp, injectAs, login } from '../../helpers/app'

interface Fixture {
  key: string
  street: 0 | 1
  category: 'exposed_garbage' | 'broken_streetlight'
  status: 'submitted' | 'dispatched' | 'resolved' | 'closed' | 'rejected'
  created: string
  due: string
  resolved?: string
  rating?: [number, string]
  events?: [type: 'resolved' | 'reopened', at: string][]
}

const FIXTURES: Fixture[] = [
  { key: 'A1', street: 0, category: 'exposed_garbage', status: 'closed', created: '2026-11-24T02:00:00Z', due: '2026-11-24T04:00:00Z', resolved: '2026-11-24T03:00:00Z', rating: [5, '2026-11-24T05:00:00Z'], events: [['resolved', '2026-11-24T03:00:00Z']] },
  {
    key: 'A2', street: 0, category: 'exposed_garbage', status: 'resolved', created: '2026-11-23T00:00:00Z', due: '2026-11-23T02:00:00Z', resolved: '2026-11-23T05:00:00Z', rating: [2, '2026-11-23T06:00:00Z'],
    events: [['resolved', '2026-11-23T03:00:00Z'], ['reopened', '2026-11-23T04:00:00Z'], ['resolved', '2026-11-23T05:00:00Z']],
  },
  { key: 'A3', street: 0, category: 'broken_streetlight', status: 'dispatched', created: '2026-11-24T00:00:00Z', due: '2026-11-26T00:00:00Z' },
  { key: 'A4', street: 0, category: 'exposed_garbage', status: 'closed', created: '2026-11-10T00:00:00Z', due: '2026-11-10T02:00:00Z', resolved: '2026-11-10T01:00:00Z', events: [['resolved', '2026-11-10T01:00:00Z']] },
  { key: 'B1', street: 1, category: 'exposed_garbage', status: 'rejected', created: '2026-11-22T00:00:00Z', due: '2026-11-22T02:00:00Z' },
  { key: 'B2', street: 1, category: 'broken_streetlight', status: 'submitted', created: '2026-11-24T06:00:00Z', due: '2026-11-24T08:00:00Z' },
]

type Ctx = Awaited<ReturnType<typeof buildTestApp>> & { clock: FakeClock; streets: string[] }

async function setup(): Promise<Ctx> {
  const clock = new FakeClock(Date.parse('2026-11-25T04:00:00Z'))
  const ctx = await buildTestApp({ rateLimitScale: 0 }, { clock, maintenanceIntervalMs: 0, liveEvents: { pollMs: 0 } })
  await login(ctx.app, 'alice')
  const reporter = await ctx.app.db.selectFrom('users').select('id').where('openid', '=', 'dev:alice').executeTakeFirstOrThrow()
  const streets = [ctx.app.geo.streets[0], ctx.app.geo.streets[1]]
  for (const [index, f] of FIXTURES.entries()) await insert(ctx.app, reporter.id, streets[f.street].code, f, index)
  return { ...ctx, clock, streets: streets.map((s) => s.name) }
}

async function insert(app: Ctx['app'], reporterId: number, streetCode: string, f: Fixture, index: number) {
  const grid = app.geo.grids.find((g) => g.streetCode === streetCode)!
  const { id } = await app.db
    .insertInto('tickets')
    .values({
      number: `PUB-${f.key}`, reporter_id: reporterId, category_id: f.category, status: f.status, description: `私密描述 ${f.key} 13812345678`,
      lat: grid.center.lat, lng: grid.center.lng, street: grid.streetName, community: grid.community, grid_id: grid.id, address_note: '3栋502', source: 'app',
      facility_id: null, assignee_id: null, idempotency_key: `pub-${f.key}-${index}`, contact: '{"phone":"13812345678"}', due_at: f.due, created_at: f.created, updated_at: f.created,
      resolved_at: f.resolved ?? null, closed_at: null, escalated_at: null, reopen_count: f.events?.filter(([t]) => t === 'reopened').length ?? 0, follower_count: 0,
      rating_score: f.rating?.[0] ?? null, rating_tags: null, rating_comment: f.rating ? '王小明很满意' : null, rated_at: f.rating?.[1] ?? null,
      reject_reason: f.status === 'rejected' ? 'not_responsible' : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  for (const [type, at] of [['created', f.created] as const, ...(f.events ?? [])]) {
    await app.db
      .insertInto('ticket_events')
      .values({ ticket_id: id, type, actor_role: 'system', actor_id: null, actor_name: '系统', note: null, from_status: null, to_status: f.status, created_at: at })
      .execute()
  }
}

const stats = async (ctx: Ctx, query = '') => {
  const res = await ctx.app.inject({ method: 'GET', url: `/api/stats${query}` })
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`)
  return res.json<PublicStatsAnswer>()
}

describe('GET /api/stats', () => {
  let ctx: Ctx
  beforeEach(async () => {
    ctx = await setup()
  })
  afterEach(async () => ctx.cleanup())

  it('the district over 7 days: known answers, top categories, ranking, trend', async () => {
    const body = await stats(ctx, '?period=7')
    expect(body).toMatchObject({ street: null, period: 7, from: '2026-11-19', to: '2026-11-25' })
    expect(body.figures).toEqual({ received: 5, resolved: 2, open: 2, onTimeRate: 1 / 3, medianResolveHours: 3, satisfactionRate: 0.5, reworkRate: 1 / 3 })
    expect(body.topCategories).toEqual([
      { categoryId: 'exposed_garbage', categoryName: '暴露垃圾', received: 3 },
      { categoryId: 'broken_streetlight', categoryName: expect.any(String), received: 2 },
    ])
    expect(body.ranking.slice(0, 2)).toEqual([
      { rank: 1, street: ctx.streets[0], onTimeRate: 0.5, satisfactionRate: 0.5, received: 3 },
      { rank: 2, street: ctx.streets[1], onTimeRate: 0, satisfactionRate: null, received: 2 },
    ])
    expect(body.ranking).toHaveLength(ctx.app.geo.streets.length)
    expect(body.streets).toEqual(ctx.app.geo.streets.map((s) => s.name))
    expect(body.trend).toHaveLength(30)
    expect(body.trend.at(-1)).toEqual({ day: '2026-11-25', received: 0, resolved: 0 })
    expect(body.trend.find((d) => d.day === '2026-11-24')).toEqual({ day: '2026-11-24', received: 3, resolved: 1 })
    expect(body.trend.find((d) => d.day === '2026-11-10')).toEqual({ day: '2026-11-10', received: 1, resolved: 1 })
  })

  it('a street and the periods: the numbers change with them', async () => {
    const a7 = await stats(ctx, `?street=${encodeURIComponent(ctx.streets[0])}&period=7`)
    expect(a7.figures).toEqual({ received: 3, resolved: 2, open: 1, onTimeRate: 0.5, medianResolveHours: 3, satisfactionRate: 0.5, reworkRate: 1 / 3 })
    const a30 = await stats(ctx, `?street=${encodeURIComponent(ctx.streets[0])}&period=30`)
    expect(a30.figures).toEqual({ received: 4, resolved: 3, open: 1, onTimeRate: 2 / 3, medianResolveHours: 1, satisfactionRate: 0.5, reworkRate: 1 / 4 })
    const b7 = await stats(ctx, `?street=${encodeURIComponent(ctx.streets[1])}&period=7`)
    expect(b7.figures).toEqual({ received: 2, resolved: 0, open: 1, onTimeRate: 0, medianResolveHours: null, satisfactionRate: null, reworkRate: null })
    // The ranking of a street's page is the district's.
    expect(b7.ranking[0]).toMatchObject({ rank: 1, street: ctx.streets[0] })
    expect((await stats(ctx, '?period=90')).from).toBe('2026-08-28')
  })

  it('the same figures as the console for the same period (one service)', async () => {
    const { token } = await login(ctx.app, 'dispatcher')
    const street = ctx.streets[0]
    const kpi = (await injectAs(ctx.app, token, { method: 'GET', url: `/api/ops/kpi?from=2026-10-27&to=2026-11-25&street=${encodeURIComponent(street)}` })).json<KpiAnswer>()
    const pub = await stats(ctx, `?street=${encodeURIComponent(street)}&period=30`)
    expect(pub.figures).toMatchObject({
      received: kpi.totals.created,
      resolved: kpi.totals.resolvedInPeriod,
      onTimeRate: kpi.totals.onTimeRate,
      medianResolveHours: kpi.totals.medianResolveHours,
      satisfactionRate: kpi.totals.satisfactionRate,
      reworkRate: kpi.totals.reworkRate,
    })
  })

  it('carries no personal data', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/stats?period=30' })
    for (const secret of ['13812345678', '私密描述', '502', '王小明', 'PUB-', 'reporter']) expect(res.body).not.toContain(secret)
  })

  it('is computed at most once a minute; ETag and 304', async () => {
    const first = await ctx.app.inject({ method: 'GET', url: '/api/stats?period=7' })
    expect(first.headers['cache-control']).toBe('public, max-age=30')
    const etag = first.headers.etag as string
    const reporter = await ctx.app.db.selectFrom('users').select('id').where('openid', '=', 'dev:alice').executeTakeFirstOrThrow()
    await insert(ctx.app, reporter.id, ctx.app.geo.streets[0].code, { key: 'N1', street: 0, category: 'exposed_garbage', status: 'submitted', created: '2026-11-25T03:00:00Z', due: '2026-11-26T03:00:00Z' }, 99)
    ctx.clock.advance(30_000)
    const cached = await ctx.app.inject({ method: 'GET', url: '/api/stats?period=7', headers: { 'if-none-match': etag } })
    expect(cached.statusCode).toBe(304)
    ctx.clock.advance(31_000)
    const fresh = await ctx.app.inject({ method: 'GET', url: '/api/stats?period=7', headers: { 'if-none-match': etag } })
    expect(fresh.statusCode).toBe(200)
    expect(fresh.json<PublicStatsAnswer>().figures.received).toBe(6)
  })

  it('400 for an unknown street or period', async () => {
    for (const query of ['?street=不存在街', '?period=14', '?period=abc', '?street=', '?from=2026-11-01']) {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/stats${query}` })
      expect({ query, status: res.statusCode }).toEqual({ query, status: 400 })
      expect(res.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) })
    }
  })
})
