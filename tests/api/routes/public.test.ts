/**
 * The public map and a report's public page (#15): privacy checked field by field against a ticket
 * with every personal field set, rejected/held/hidden left out, ETag/304, bad input and 429.
 */
import type { PublicMapAnswer, PublicTicket } from '@contract/public'
import { buildTestApp, injectAs, login } from '../../helpers/app'
import { fileTicketOk, validReport } from '../../helpers/tickets'
import { FakeClock } from '../../../mock-server/src/lib/clock'

type Ctx = Awaited<ReturnType<typeof buildTestApp>> & { clock: FakeClock; alice: { token: string; user: { id: number } }; bob: { token: string; user: { id: number } } }

const PHONE = '13812345678'
const SECRET_DESCRIPTION = `门口垃圾没人收，电话 ${PHONE}，我是王小明`
/** Around 景泰街 in GCJ-02. */
const BBOX = '113.25,23.15,113.30,23.19'

async function setup(rateLimitScale = 0): Promise<Ctx> {
  const clock = new FakeClock(Date.parse('2026-11-25T02:00:00Z'))
  const ctx = await buildTestApp({ rateLimitScale }, { clock, maintenanceIntervalMs: 0, liveEvents: { pollMs: 0 } })
  const alice = await login(ctx.app, 'alice')
  const bob = await login(ctx.app, 'bob')
  return { ...ctx, clock, alice, bob }
}

/** A resolved ticket with every personal field set: description (private), address note, contact, rating comment, names in events. */
async function personalTicket(ctx: Ctx, overrides: { sharePublicly?: boolean } = {}) {
  const ticket = await fileTicketOk(ctx.app, ctx.alice.token, validReport({ description: SECRET_DESCRIPTION, address: '3栋502室 王小明家门口', ...overrides }))
  const resolvedAt = new Date(ctx.clock.now().getTime() + 3 * 3_600_000).toISOString()
  await ctx.app.db
    .updateTable('tickets')
    .set({ status: 'resolved', resolved_at: resolvedAt, contact: JSON.stringify({ phone: PHONE, name: '王小明', email: 'wang@example.com' }), rating_comment: `谢谢，联系我 ${PHONE}`, rating_score: 5, rated_at: resolvedAt })
    .where('id', '=', ticket.id)
    .execute()
  await ctx.app.db
    .insertInto('ticket_events')
    .values([
      { ticket_id: ticket.id, type: 'dispatched', actor_role: 'dispatcher', actor_id: null, actor_name: '调度员李娜', note: `派给张师傅 ${PHONE}`, from_status: 'accepted', to_status: 'dispatched', created_at: resolvedAt },
      { ticket_id: ticket.id, type: 'resolved', actor_role: 'worker', actor_id: null, actor_name: '张建国', note: '已清理', from_status: 'in_progress', to_status: 'resolved', created_at: resolvedAt },
      { ticket_id: ticket.id, type: 'reopened', actor_role: 'resident', actor_id: ctx.alice.user.id, actor_name: '王小明', note: `没扫干净 ${PHONE}`, from_status: 'resolved', to_status: 'resolved', created_at: resolvedAt },
    ])
    .execute()
  return ticket
}

describe('GET /api/public/tickets (the public map)', () => {
  let ctx: Ctx
  beforeEach(async () => {
    ctx = await setup()
  })
  afterEach(async () => ctx.cleanup())

  it('lists open and fixed reports with public fields only, location rounded, nothing personal', async () => {
    const fixed = await personalTicket(ctx)
    const open = await fileTicketOk(ctx.app, ctx.bob.token, validReport({ categoryId: 'broken_streetlight', description: `灯坏了 ${PHONE}` }))
    ctx.clock.advance(4 * 3_600_000)
    const res = await ctx.app.inject({ method: 'GET', url: `/api/public/tickets?bbox=${BBOX}` })
    expect(res.statusCode).toBe(200)
    const body = res.json<PublicMapAnswer>()
    expect(body.items.map((i) => i.id).sort()).toEqual([fixed.id, open.id].sort())
    const item = body.items.find((i) => i.id === fixed.id)!
    // Field by field: exactly these keys, nothing else.
    expect(Object.keys(item).sort()).toEqual(
      ['categoryId', 'categoryName', 'community', 'createdAt', 'fixHours', 'followerCount', 'id', 'location', 'number', 'resolvedAt', 'state', 'status', 'street'].sort(),
    )
    expect(item).toMatchObject({ state: 'fixed', status: 'resolved', categoryName: '暴露垃圾', fixHours: 3, street: fixed.address.street, community: fixed.address.community })
    // ~10 m: four decimals at most.
    expect(String(item.location.lat).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(4)
    expect(String(item.location.lng).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(4)
    expect(body.items.find((i) => i.id === open.id)).toMatchObject({ state: 'open', fixHours: null, resolvedAt: null })
    for (const secret of [PHONE, '王小明', '502', 'wang@example.com', '张建国', '李娜', 'reporter', String(ctx.alice.user.id) + ',']) expect(res.body).not.toContain(secret)
  })

  it('filters by state, category and days, and leaves out rejected, held and hidden reports', async () => {
    const fixed = await personalTicket(ctx)
    const open = await fileTicketOk(ctx.app, ctx.bob.token, validReport({ categoryId: 'broken_streetlight' }))
    const rejected = await fileTicketOk(ctx.app, ctx.bob.token, validReport())
    const held = await fileTicketOk(ctx.app, ctx.bob.token, validReport())
    const hidden = await fileTicketOk(ctx.app, ctx.bob.token, validReport())
    await ctx.app.db.updateTable('tickets').set({ status: 'rejected', reject_reason: 'duplicate' }).where('id', '=', rejected.id).execute()
    await ctx.app.db.updateTable('tickets').set({ moderation: 'held' }).where('id', '=', held.id).execute()
    await ctx.app.db.updateTable('tickets').set({ moderation: 'hidden' }).where('id', '=', hidden.id).execute()
    const ids = async (query: string) =>
      (await ctx.app.inject({ method: 'GET', url: `/api/public/tickets?bbox=${BBOX}${query}` })).json<PublicMapAnswer>().items.map((i) => i.id).sort()
    expect(await ids('')).toEqual([fixed.id, open.id].sort())
    expect(await ids('&state=open')).toEqual([open.id])
    expect(await ids('&state=fixed')).toEqual([fixed.id])
    expect(await ids('&category=broken_streetlight')).toEqual([open.id])
    ctx.clock.advance(8 * 86_400_000)
    expect(await ids('&days=7')).toEqual([])
    expect(await ids('&days=30')).toEqual([fixed.id, open.id].sort())
    // Elsewhere: nothing.
    const elsewhere = await ctx.app.inject({ method: 'GET', url: '/api/public/tickets?bbox=113.0,22.0,113.1,22.1' })
    expect(elsewhere.json<PublicMapAnswer>().items).toEqual([])
  })

  it('answers with Cache-Control and an ETag, 304 to If-None-Match, and a new ETag once a report changes', async () => {
    await personalTicket(ctx)
    const first = await ctx.app.inject({ method: 'GET', url: `/api/public/tickets?bbox=${BBOX}` })
    expect(first.headers['cache-control']).toBe('public, max-age=30')
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^W\/".+"$/)
    const again = await ctx.app.inject({ method: 'GET', url: `/api/public/tickets?bbox=${BBOX}`, headers: { 'if-none-match': etag } })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
    await fileTicketOk(ctx.app, ctx.bob.token, validReport())
    const changed = await ctx.app.inject({ method: 'GET', url: `/api/public/tickets?bbox=${BBOX}`, headers: { 'if-none-match': etag } })
    expect(changed.statusCode).toBe(200)
    expect(changed.headers.etag).not.toBe(etag)
  })

  it('400 for a bad or too large area, an unknown state or days', async () => {
    for (const query of ['', 'bbox=1,2,3', 'bbox=113.3,23.1,113.2,23.2', 'bbox=112,22,114,24', `bbox=${BBOX}&state=rejected`, `bbox=${BBOX}&days=90`, `bbox=${BBOX}&reporter=1`]) {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/public/tickets?${query}` })
      expect({ query, status: res.statusCode }).toEqual({ query, status: 400 })
      expect(res.json()).toHaveProperty('code')
    }
  })
})

describe('GET /api/public/tickets/:id (a public report)', () => {
  let ctx: Ctx
  beforeEach(async () => {
    ctx = await setup()
  })
  afterEach(async () => ctx.cleanup())

  it('shows the public timeline by role, never names, notes of residents or phone numbers', async () => {
    const ticket = await personalTicket(ctx)
    const res = await ctx.app.inject({ method: 'GET', url: `/api/public/tickets/${ticket.id}` })
    expect(res.statusCode).toBe(200)
    const body = res.json<PublicTicket>()
    expect(Object.keys(body).sort()).toEqual(
      ['afterPhotos', 'canFollow', 'categoryId', 'categoryName', 'community', 'createdAt', 'description', 'dueAt', 'events', 'fixHours', 'followerCount', 'following', 'id', 'location', 'number', 'photos', 'resolvedAt', 'state', 'status', 'street'].sort(),
    )
    expect(body.description).toBeNull() // not shared
    expect(body.photos).toEqual([])
    for (const event of body.events) expect(Object.keys(event).sort()).toEqual(['actorLabel', 'actorRole', 'at', 'note', 'photos', 'type'])
    expect(body.events.find((e) => e.type === 'resolved')).toMatchObject({ actorLabel: '作业人员', note: '已清理' })
    expect(body.events.find((e) => e.type === 'dispatched')).toMatchObject({ actorLabel: '调度员' })
    expect(body.events.find((e) => e.type === 'reopened')).toMatchObject({ actorLabel: '市民', note: null })
    for (const secret of [PHONE, '王小明', '502', 'wang@example.com', '张建国', '李娜', '门口垃圾']) expect(res.body).not.toContain(secret)
    expect(res.headers.etag).toBeDefined()
    expect((await ctx.app.inject({ method: 'GET', url: `/api/public/tickets/${ticket.id}`, headers: { 'if-none-match': res.headers.etag as string } })).statusCode).toBe(304)
  })

  it('shows a shared description as the public copy (phone removed)', async () => {
    const ticket = await personalTicket(ctx, { sharePublicly: true })
    const body = (await ctx.app.inject({ method: 'GET', url: `/api/public/tickets/${ticket.id}` })).json<PublicTicket>()
    expect(body.description).toContain('门口垃圾没人收')
    expect(body.description).not.toContain(PHONE)
  })

  it('404 for a rejected, held, hidden or missing report', async () => {
    const ids: number[] = []
    for (const set of [{ status: 'rejected' as const, reject_reason: 'duplicate' }, { moderation: 'held' as const }, { moderation: 'hidden' as const }]) {
      const t = await fileTicketOk(ctx.app, ctx.bob.token, validReport({ sharePublicly: true }))
      await ctx.app.db.updateTable('tickets').set(set).where('id', '=', t.id).execute()
      ids.push(t.id)
    }
    for (const id of [...ids, 999_999]) {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/public/tickets/${id}` })
      expect({ id, status: res.statusCode }).toEqual({ id, status: 404 })
      expect(res.body).not.toContain('垃圾')
    }
  })

  it('我也遇到: a signed-in resident follows an open report through the existing endpoint; the page then says so', async () => {
    const open = await fileTicketOk(ctx.app, ctx.alice.token, validReport())
    const before = (await injectAs(ctx.app, ctx.bob.token, { method: 'GET', url: `/api/public/tickets/${open.id}` })).json<PublicTicket>()
    expect(before).toMatchObject({ following: false, canFollow: true, followerCount: 0 })
    const follow = await injectAs(ctx.app, ctx.bob.token, { method: 'POST', url: `/api/tickets/${open.id}/follow` })
    expect(follow.statusCode).toBe(200)
    const stored = await ctx.app.db.selectFrom('ticket_followers').select('user_id').where('ticket_id', '=', open.id).execute()
    expect(stored.map((r) => r.user_id)).toEqual([ctx.bob.user.id])
    const res = await injectAs(ctx.app, ctx.bob.token, { method: 'GET', url: `/api/public/tickets/${open.id}` })
    expect(res.json<PublicTicket>()).toMatchObject({ following: true, canFollow: false, followerCount: 1 })
    // A signed-in copy is the viewer's own: private caching.
    expect(res.headers['cache-control']).toBe('private, max-age=30')
    expect((await ctx.app.inject({ method: 'GET', url: `/api/public/tickets/${open.id}` })).json<PublicTicket>()).toMatchObject({ following: false, followerCount: 1 })
  })
})

describe('public routes under abuse', () => {
  it('429 past the public rate', async () => {
    const ctx = await setup(0.05) // 120 × 0.05 = 6 a minute
    try {
      const codes: number[] = []
      for (let i = 0; i < 8; i++) codes.push((await ctx.app.inject({ method: 'GET', url: `/api/public/tickets?bbox=${BBOX}` })).statusCode)
      expect(codes.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200])
      expect(codes.slice(6)).toEqual([429, 429])
      const stats: number[] = []
      for (let i = 0; i < 7; i++) stats.push((await ctx.app.inject({ method: 'GET', url: '/api/stats' })).statusCode)
      expect(stats).toEqual([200, 200, 200, 200, 200, 200, 429])
    } finally {
      await ctx.cleanup()
    }
  })
})
