/**
 * The KPI service and GET /api/ops/kpi on a fixture with known answers, on a fake clock.
 * Tickets and their events are written straight into the tables, so every time is exact.
 * Period: 2026-11-20 … 2026-11-24 (China days) = [11-19T16:00Z, 11-24T16:00Z); now 11-25T04:00Z.
 */
import type { KpiAnswer, KpiValues } from '@contract/console'
import { KPI_DEFINITIONS, KPI_IDS } from '@contract/kpi'
import { injectAs, login } from '../../../helpers/app'
import { fileTicketOk, validReport } from '../../../helpers/tickets'
import { consoleTestApp, ok } from './helpers'

type Ctx = Awaited<ReturnType<typeof consoleTestApp>>

interface Fixture {
  key: string
  street: 0 | 1
  category: 'exposed_garbage' | 'broken_streetlight'
  status: 'submitted' | 'dispatched' | 'resolved' | 'closed' | 'rejected'
  created: string
  due: string
  resolved?: string
  rating?: [number, string]
  events?: [type: 'resolved' | 'reopened' | 'escalated', at: string][]
}

const FIXTURES: Fixture[] = [
  { key: 'T1', street: 0, category: 'exposed_garbage', status: 'closed', created: '2026-11-20T02:00:00Z', due: '2026-11-20T04:00:00Z', resolved: '2026-11-20T03:00:00Z', rating: [5, '2026-11-20T05:00:00Z'], events: [['resolved', '2026-11-20T03:00:00Z']] },
  {
    key: 'T2', street: 0, category: 'exposed_garbage', status: 'resolved', created: '2026-11-21T02:00:00Z', due: '2026-11-21T04:00:00Z', resolved: '2026-11-21T06:00:00Z',
    events: [['escalated', '2026-11-21T04:30:00Z'], ['resolved', '2026-11-21T05:00:00Z'], ['reopened', '2026-11-21T05:30:00Z'], ['resolved', '2026-11-21T06:00:00Z']],
  },
  { key: 'T3', street: 0, category: 'broken_streetlight', status: 'dispatched', created: '2026-11-21T00:00:00Z', due: '2026-11-23T00:00:00Z', events: [['escalated', '2026-11-23T00:05:00Z']] },
  { key: 'T4', street: 1, category: 'exposed_garbage', status: 'closed', created: '2026-11-22T00:00:00Z', due: '2026-11-22T02:00:00Z', resolved: '2026-11-22T01:00:00Z', rating: [2, '2026-11-22T03:00:00Z'], events: [['resolved', '2026-11-22T01:00:00Z']] },
  { key: 'T5', street: 1, category: 'exposed_garbage', status: 'rejected', created: '2026-11-23T00:00:00Z', due: '2026-11-23T02:00:00Z' },
  { key: 'T6', street: 1, category: 'broken_streetlight', status: 'submitted', created: '2026-11-24T10:00:00Z', due: '2026-11-26T10:00:00Z' },
  { key: 'T7', street: 0, category: 'exposed_garbage', status: 'closed', created: '2026-11-18T02:00:00Z', due: '2026-11-18T04:00:00Z', resolved: '2026-11-20T02:00:00Z', rating: [4, '2026-11-20T08:00:00Z'], events: [['resolved', '2026-11-20T02:00:00Z']] },
  // Filed at 22:00 China on the 24th, due exactly when the period ends: filed in it, not due in it.
  { key: 'T8', street: 0, category: 'exposed_garbage', status: 'submitted', created: '2026-11-24T14:00:00Z', due: '2026-11-24T16:00:00Z' },
  // Filed on the 25th (outside the period), due at 05:00Z, an hour after "now".
  { key: 'T9', street: 1, category: 'broken_streetlight', status: 'submitted', created: '2026-11-25T01:00:00Z', due: '2026-11-25T05:00:00Z' },
]

async function insertFixtures(ctx: Ctx) {
  const reporter = await ctx.app.db.selectFrom('users').select('id').where('openid', '=', 'dev:alice').executeTakeFirstOrThrow()
  const streets = [ctx.app.geo.streets[0], ctx.app.geo.streets[1]]
  for (const [index, f] of FIXTURES.entries()) {
    const grid = ctx.app.geo.grids.find((g) => g.streetCode === streets[f.street].code)!
    const { id } = await ctx.app.db
      .insertInto('tickets')
      .values({
        number: `KPI-${f.key}`,
        reporter_id: reporter.id,
        category_id: f.category,
        status: f.status,
        description: f.key,
        lat: grid.center.lat,
        lng: grid.center.lng,
        street: grid.streetName,
        community: grid.community,
        grid_id: grid.id,
        address_note: null,
        source: 'app',
        facility_id: null,
        assignee_id: null,
        idempotency_key: `kpi-${index}`,
        contact: null,
        due_at: new Date(f.due).toISOString(),
        created_at: new Date(f.created).toISOString(),
        updated_at: new Date(f.created).toISOString(),
        resolved_at: f.resolved ? new Date(f.resolved).toISOString() : null,
        closed_at: null,
        escalated_at: null,
        reopen_count: f.events?.filter(([type]) => type === 'reopened').length ?? 0,
        follower_count: 0,
        rating_score: f.rating?.[0] ?? null,
        rating_tags: null,
        rating_comment: null,
        rated_at: f.rating ? new Date(f.rating[1]).toISOString() : null,
        reject_reason: f.status === 'rejected' ? 'not_responsible' : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    for (const [type, at] of [['created', f.created] as const, ...(f.events ?? [])]) {
      await ctx.app.db
        .insertInto('ticket_events')
        .values({ ticket_id: id, type, actor_role: 'system', actor_id: null, actor_name: '系统', note: null, from_status: null, to_status: f.status, created_at: new Date(at).toISOString() })
        .execute()
    }
  }
  return streets.map((s) => s.name)
}

const zero = (overrides: Partial<KpiValues>): KpiValues => ({
  created: 0,
  onTimeRate: null,
  onTimeResolved: 0,
  dueInPeriod: 0,
  resolveRate: null,
  createdResolved: 0,
  createdCounted: 0,
  medianResolveHours: null,
  p90ResolveHours: null,
  resolvedInPeriod: 0,
  satisfactionRate: null,
  satisfied: 0,
  rated: 0,
  reworkRate: null,
  reopened: 0,
  resolutions: 0,
  escalations: 0,
  ...overrides,
})

describe('KPIs', () => {
  let ctx: Ctx
  let s1: string
  let s2: string
  beforeAll(async () => {
    ctx = await consoleTestApp('2026-11-25T04:00:00Z')
    ;[s1, s2] = await insertFixtures(ctx)
  })
  afterAll(() => ctx.cleanup())

  const kpi = (query: string, token = ctx.dispatcher) => injectAs(ctx.app, token, { method: 'GET', url: `/api/ops/kpi${query}` })
  const PERIOD = '?from=2026-11-20&to=2026-11-24'

  describe('the service (known answers)', () => {
    let answer: KpiAnswer
    beforeAll(async () => {
      answer = await ctx.app.kpi.compute({ from: '2026-11-20', to: '2026-11-24' })
    })

    it('district totals', () => {
      expect(answer.totals).toEqual(
        zero({
          created: 7, // T1 T2 T3 T4 T5 T6 T8 (T7 before, T9 after)
          createdCounted: 6, // T5 rejected
          createdResolved: 3, // T1 T2 T4
          resolveRate: 0.5,
          dueInPeriod: 4, // T1 T2 T3 T4 (T3 overdue and open)
          onTimeResolved: 2, // T1 T4
          onTimeRate: 0.5,
          resolvedInPeriod: 4, // T1 1 h, T2 4 h, T4 1 h, T7 48 h
          medianResolveHours: 2.5,
          p90ResolveHours: 34.8,
          rated: 3, // T1 5★, T4 2★, T7 4★
          satisfied: 2,
          satisfactionRate: 2 / 3,
          reopened: 1,
          resolutions: 5,
          reworkRate: 0.2,
          escalations: 2,
        }),
      )
      expect(answer).toMatchObject({ from: '2026-11-20', to: '2026-11-24', street: null, categoryId: null, generatedAt: '2026-11-25T04:00:00.000Z' })
    })

    it('per street, every street listed', () => {
      expect(answer.byStreet).toHaveLength(ctx.app.geo.streets.length)
      expect(answer.byStreet.map((row) => row.street)).toEqual(ctx.app.geo.streets.map((s) => s.name))
      expect(answer.byStreet[0]).toEqual({
        street: s1,
        ...zero({
          created: 4, createdCounted: 4, createdResolved: 2, resolveRate: 0.5,
          dueInPeriod: 3, onTimeResolved: 1, onTimeRate: 1 / 3,
          resolvedInPeriod: 3, medianResolveHours: 4, p90ResolveHours: 39.2,
          rated: 2, satisfied: 2, satisfactionRate: 1,
          reopened: 1, resolutions: 4, reworkRate: 0.25, escalations: 2,
        }),
      })
      expect(answer.byStreet[1]).toEqual({
        street: s2,
        ...zero({
          created: 3, createdCounted: 2, createdResolved: 1, resolveRate: 0.5,
          dueInPeriod: 1, onTimeResolved: 1, onTimeRate: 1,
          resolvedInPeriod: 1, medianResolveHours: 1, p90ResolveHours: 1,
          rated: 1, satisfied: 0, satisfactionRate: 0,
          resolutions: 1, reworkRate: 0,
        }),
      })
      expect(answer.byStreet[2]).toEqual({ street: ctx.app.geo.streets[2].name, ...zero({}) })
    })

    it('per category', () => {
      const garbage = answer.byCategory.find((row) => row.categoryId === 'exposed_garbage')!
      expect(garbage).toMatchObject({ categoryName: '暴露垃圾', created: 5, createdCounted: 4, resolveRate: 0.75, dueInPeriod: 3, onTimeResolved: 2, medianResolveHours: 2.5, escalations: 1 })
      const light = answer.byCategory.find((row) => row.categoryId === 'broken_streetlight')!
      expect(light).toMatchObject({ created: 2, createdCounted: 2, resolveRate: 0, dueInPeriod: 1, onTimeRate: 0, medianResolveHours: null, satisfactionRate: null, reworkRate: null, escalations: 1 })
      expect(answer.byCategory.length).toBeGreaterThanOrEqual(12)
    })

    it('a 30-day trend ending on `to`, each day its own period', () => {
      expect(answer.trend).toHaveLength(30)
      expect(answer.trend[0].day).toBe('2026-10-26')
      expect(answer.trend[29].day).toBe('2026-11-24')
      const day = (d: string) => answer.trend.find((row) => row.day === d)!
      expect(day('2026-11-20')).toMatchObject({ created: 1, dueInPeriod: 1, onTimeRate: 1, resolvedInPeriod: 2, medianResolveHours: 24.5, rated: 2, satisfactionRate: 1 })
      expect(day('2026-11-21')).toMatchObject({ created: 2, dueInPeriod: 1, onTimeRate: 0, resolutions: 2, reopened: 1, reworkRate: 0.5, escalations: 1, medianResolveHours: 4 })
      expect(day('2026-11-24')).toMatchObject({ created: 2, dueInPeriod: 0, onTimeRate: null })
      expect(day('2026-11-01')).toEqual({ day: '2026-11-01', ...zero({}) })
    })

    it('ranks streets by 按时办结率, then 满意率, no data last in district order', () => {
      expect(answer.ranking.slice(0, 3)).toEqual([
        { rank: 1, street: s2, onTimeRate: 1, satisfactionRate: 0, escalations: 0, created: 3 },
        { rank: 2, street: s1, onTimeRate: 1 / 3, satisfactionRate: 1, escalations: 2, created: 4 },
        { rank: 3, street: ctx.app.geo.streets[2].name, onTimeRate: null, satisfactionRate: null, escalations: 0, created: 0 },
      ])
      expect(answer.ranking).toHaveLength(ctx.app.geo.streets.length)
    })

    it('filters every number by street or category', async () => {
      const street = await ctx.app.kpi.compute({ from: '2026-11-20', to: '2026-11-24', street: s2 })
      const s2Values: Partial<KpiAnswer['byStreet'][number]> = { ...answer.byStreet[1] }
      delete s2Values.street
      expect(street.totals).toEqual(s2Values)
      expect(street.byStreet[0].created).toBe(0)
      const light = await ctx.app.kpi.compute({ from: '2026-11-20', to: '2026-11-24', categoryId: 'broken_streetlight' })
      expect(light.totals.created).toBe(2)
      expect(light.totals.escalations).toBe(1)
    })

    it('counts an open ticket once its deadline has passed, not before', async () => {
      // The 25th: T8 fell due at its first instant (still open), T9 falls due at 05:00Z.
      const today = { from: '2026-11-25', to: '2026-11-25' }
      expect((await ctx.app.kpi.compute(today)).totals).toMatchObject({ created: 1, dueInPeriod: 1, onTimeResolved: 0, onTimeRate: 0 })
      ctx.clock.set('2026-11-25T06:00:00Z')
      expect((await ctx.app.kpi.compute(today)).totals).toMatchObject({ created: 1, dueInPeriod: 2, onTimeResolved: 0, onTimeRate: 0 })
      ctx.clock.set('2026-11-25T04:00:00Z')
    })
  })

  describe('GET /api/ops/kpi', () => {
    it('answers the same numbers as the service', async () => {
      const answer = await ok<KpiAnswer>(kpi(PERIOD))
      expect(answer.totals).toMatchObject({ created: 7, onTimeRate: 0.5, medianResolveHours: 2.5, escalations: 2 })
    })

    it('defaults to the 30 days ending today (China)', async () => {
      const answer = await ok<KpiAnswer>(kpi(''))
      expect(answer).toMatchObject({ from: '2026-10-27', to: '2026-11-25' })
      expect(answer.totals.created).toBe(9)
    })

    it('follows new tickets at once (the cache moves with every change)', async () => {
      const before = await ok<KpiAnswer>(kpi('?from=2026-11-25&to=2026-11-25'))
      await fileTicketOk(ctx.app, ctx.resident, validReport())
      const after = await ok<KpiAnswer>(kpi('?from=2026-11-25&to=2026-11-25'))
      expect(after.totals.created).toBe(before.totals.created + 1)
    })

    it('reuses an answer until a ticket changes; worker positions do not count', async () => {
      const period = { from: '2026-11-20', to: '2026-11-24' }
      const first = await ctx.app.kpi.compute(period)
      const worker = await login(ctx.app, 'worker-2')
      const moved = await injectAs(ctx.app, worker.token, { method: 'POST', url: '/api/ops/position', payload: { location: { lat: 23.2, lng: 113.3, coordSystem: 'wgs84' } } })
      expect(moved.statusCode).toBe(204)
      expect(await ctx.app.kpi.compute(period)).toBe(first)
      await fileTicketOk(ctx.app, ctx.resident, validReport())
      expect(await ctx.app.kpi.compute(period)).not.toBe(first)
    })

    it.each([
      ['?from=2026-11-24&to=2026-11-20', 'querystring.to'],
      ['?from=2026-13-01', 'querystring.from'],
      ['?from=2025-01-01&to=2026-11-24', 'querystring.from'],
      ['?street=nowhere', 'querystring.street'],
      ['?categoryId=nope', 'querystring.categoryId'],
      ['?period=week', 'querystring.period'],
    ])('400 for %s naming %s', async (query, field) => {
      const res = await kpi(query)
      expect(res.statusCode).toBe(400)
      expect(res.json().details.map((d: { field: string }) => d.field)).toContain(field)
    })

    it('403 for residents', async () => {
      expect((await kpi('', ctx.resident)).statusCode).toBe(403)
    })
  })

  it('every KPI has a Chinese name and a definition', () => {
    for (const id of KPI_IDS) {
      expect(KPI_DEFINITIONS[id].name).toMatch(/[\u4e00-\u9fff]/)
      expect(KPI_DEFINITIONS[id].definition.length).toBeGreaterThan(10)
    }
  })
})
