import { FormatRegistry, TypeRegistry } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import gcoord from 'gcoord'
import { NearestFacilitiesResponse as NearestFacilitiesSchema } from '@contract/facilities'
import type {
  FacilitiesInBBoxResponse,
  FacilityDetail,
  FacilityFeedbackResponse,
  NearestFacilitiesResponse,
} from '@contract/facilities'
import type { FacilityRow } from '../../../mock-server/src/services/facilities'
import { FakeClock } from '../../../mock-server/src/lib/clock'
import { distanceMeters } from '../../../mock-server/src/lib/coords'
import { isOpenNow } from '../../../mock-server/src/services/facilities-hours'
import { buildTestApp, injectAs, login } from '../../helpers/app'

// 22:30 in Guangzhou: most garbage points and some toilets are closed.
const EVENING = '2026-11-25T14:30:00Z'
// Near 三元里, GCJ-02 (what WeChat's map gives).
const HERE = { lat: 23.1637, lng: 113.2605 }

const toWgs84 = (p: { lat: number; lng: number }) => {
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.GCJ02, gcoord.WGS84) as [number, number]
  return { lat, lng }
}
const toGcj02 = (p: { lat: number; lng: number }) => {
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number]
  return { lat, lng }
}

// The contract's StringEnum is Type.Unsafe({ type: 'string', enum }): teach TypeBox's checker it.
if (!TypeRegistry.Has('Unsafe')) {
  TypeRegistry.Set<{ enum?: unknown[] }>('Unsafe', (schema, value) => typeof value === 'string' && (!schema.enum || schema.enum.includes(value)))
}
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (value) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d\d-\d\dT/.test(value))

describe('/api/facilities', () => {
  let ctx: Awaited<ReturnType<typeof buildTestApp>>
  let clock: FakeClock
  let rows: FacilityRow[]
  const nearestUrl = (query: Record<string, string | number | boolean>) =>
    `/api/facilities/nearest?${new URLSearchParams(Object.entries({ lat: HERE.lat, lng: HERE.lng, ...query }).map(([k, v]) => [k, String(v)]))}`
  /** The expected answer, by brute force over the table. */
  const bruteForce = (keep: (row: FacilityRow) => boolean, limit = 10, from = toWgs84(HERE)) =>
    rows
      .filter(keep)
      .map((row) => ({ id: row.id, meters: distanceMeters(from, row) }))
      .sort((a, b) => a.meters - b.meters)
      .slice(0, limit)

  beforeAll(async () => {
    clock = new FakeClock(Date.parse(EVENING))
    ctx = await buildTestApp({}, { clock })
    rows = await ctx.app.db.selectFrom('facilities').selectAll().execute()
  })
  afterAll(() => ctx.cleanup())

  it('seeds at least 300 toilets and 300 garbage points, all inside the district', async () => {
    expect(rows.filter((row) => row.type === 'toilet').length).toBeGreaterThanOrEqual(300)
    expect(rows.filter((row) => row.type === 'garbage_point').length).toBeGreaterThanOrEqual(300)
    for (const row of rows) expect(ctx.app.geo.resolve(row)?.gridId).toBe(row.grid_id)
    const health = (await ctx.app.inject({ url: '/api/health' })).json()
    expect(health.counts.facilities).toBe(rows.length)
  })

  describe('GET /api/facilities/nearest', () => {
    it('answers the nearest by true distance, sorted, with distance and walking minutes', async () => {
      const res = await ctx.app.inject({ url: nearestUrl({ limit: 15 }) })
      expect(res.statusCode).toBe(200)
      const { items } = res.json<NearestFacilitiesResponse>()
      const expected = bruteForce(() => true, 15)
      expect(items.map((item) => item.id)).toEqual(expected.map((hit) => hit.id))
      items.forEach((item, i) => {
        expect(item.distanceMeters).toBe(Math.round(expected[i].meters))
        expect(item.walkingMinutes).toBe(Math.ceil(item.distanceMeters / 80))
        if (i) expect(item.distanceMeters).toBeGreaterThanOrEqual(items[i - 1].distanceMeters)
      })
    })

    it('defaults to 10 of any type, and filters by type', async () => {
      const all = (await ctx.app.inject({ url: nearestUrl({}) })).json<NearestFacilitiesResponse>().items
      expect(all).toHaveLength(10)
      const toilets = (await ctx.app.inject({ url: nearestUrl({ type: 'toilet' }) })).json<NearestFacilitiesResponse>().items
      expect(toilets.map((item) => item.id)).toEqual(bruteForce((row) => row.type === 'toilet').map((hit) => hit.id))
      expect(toilets.every((item) => item.type === 'toilet' && item.toilet && !item.garbagePoint)).toBe(true)
      const points = (await ctx.app.inject({ url: nearestUrl({ type: 'garbage_point', limit: 3 }) })).json<NearestFacilitiesResponse>().items
      expect(points.map((item) => item.id)).toEqual(bruteForce((row) => row.type === 'garbage_point', 3).map((hit) => hit.id))
      expect(points[0].garbagePoint!.bins).toEqual(expect.arrayContaining(['kitchen', 'other']))
    })

    it.each([
      ['accessible', (row: FacilityRow) => row.accessible === 1],
      ['babyCare', (row: FacilityRow) => row.baby_care === 1],
      ['free', (row: FacilityRow) => row.is_free === 1],
    ])('with %s=true answers the nearest that have it (searched, not the top 10 filtered)', async (flag, keep) => {
      const { items } = (await ctx.app.inject({ url: nearestUrl({ [flag]: true, limit: 20 }) })).json<NearestFacilitiesResponse>()
      const expected = bruteForce(keep, 20)
      expect(expected).toHaveLength(20)
      expect(items.map((item) => item.id)).toEqual(expected.map((hit) => hit.id))
      expect(items.every((item) => item.toilet![flag as 'accessible' | 'babyCare' | 'free'])).toBe(true)
    })

    it('with openNow=true answers only what is open at the clock time, in Guangzhou time', async () => {
      const now = new Date(EVENING)
      const { items } = (await ctx.app.inject({ url: nearestUrl({ openNow: true, limit: 20 }) })).json<NearestFacilitiesResponse>()
      expect(items.map((item) => item.id)).toEqual(bruteForce((row) => isOpenNow(row.opening_hours, now), 20).map((hit) => hit.id))
      expect(items.every((item) => item.openNow)).toBe(true)
      // The filter mattered: closed facilities are among the unfiltered nearest.
      const unfiltered = (await ctx.app.inject({ url: nearestUrl({ limit: 20 }) })).json<NearestFacilitiesResponse>().items
      expect(unfiltered.some((item) => !item.openNow)).toBe(true)

      clock.set('2026-11-25T00:30:00Z') // 08:30: garbage points open for the morning drop-off
      const morning = (await ctx.app.inject({ url: nearestUrl({ openNow: true, type: 'garbage_point' }) })).json<NearestFacilitiesResponse>()
      expect(morning.items.map((item) => item.id)).toEqual(
        bruteForce((row) => row.type === 'garbage_point' && isOpenNow(row.opening_hours, new Date('2026-11-25T00:30:00Z'))).map((hit) => hit.id),
      )
      clock.set(EVENING)
    })

    it('combines filters and honours a radius', async () => {
      const { items } = (await ctx.app.inject({ url: nearestUrl({ radius: 800, limit: 50 }) })).json<NearestFacilitiesResponse>()
      const expected = bruteForce(() => true, 50).filter((hit) => hit.meters <= 800)
      expect(items.map((item) => item.id)).toEqual(expected.map((hit) => hit.id))
      expect(items.every((item) => item.distanceMeters <= 800)).toBe(true)
      const both = (await ctx.app.inject({ url: nearestUrl({ type: 'toilet', accessible: true, openNow: true }) })).json<NearestFacilitiesResponse>()
      expect(both.items.map((item) => item.id)).toEqual(
        bruteForce((row) => row.type === 'toilet' && row.accessible === 1 && isOpenNow(row.opening_hours, new Date(EVENING))).map((hit) => hit.id),
      )
    })

    it('sends the JSON text the contract describes, equal to the service\'s objects (toilets and garbage points, both systems)', async () => {
      for (const coordSystem of ['gcj02', 'wgs84'] as const) {
        const res = await ctx.app.inject({ url: nearestUrl({ limit: 50, coordSystem }) })
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
        const body = res.json<NearestFacilitiesResponse>()
        expect(Value.Errors(NearestFacilitiesSchema, body).First()).toBeUndefined()
        expect(new Set(body.items.map((item) => item.type))).toEqual(new Set(['toilet', 'garbage_point']))
        const point = coordSystem === 'wgs84' ? HERE : toWgs84(HERE)
        const objects = await ctx.app.facilities.nearest(point, { limit: 50 }, coordSystem, clock.now())
        expect(body).toEqual({ items: JSON.parse(JSON.stringify(objects)) })
      }
    })

    it('takes WGS-84 input on request and answers in that system', async () => {
      const wgs = toWgs84(HERE)
      const res = await ctx.app.inject({ url: `/api/facilities/nearest?lat=${wgs.lat}&lng=${wgs.lng}&coordSystem=wgs84&limit=3` })
      const { items } = res.json<NearestFacilitiesResponse>()
      expect(items.map((item) => item.id)).toEqual(bruteForce(() => true, 3).map((hit) => hit.id))
      const row = rows.find((r) => r.id === items[0].id)!
      expect(items[0].coordSystem).toBe('wgs84')
      expect(distanceMeters(items[0].location, row)).toBeLessThan(0.2)
    })

    it.each([
      ['lat=100', 'querystring.lat'],
      ['lng=abc', 'querystring.lng'],
      ['limit=51', 'querystring.limit'],
      ['limit=0', 'querystring.limit'],
      ['type=bench', 'querystring.type'],
      ['coordSystem=bd09', 'querystring.coordSystem'],
      ['radius=-5', 'querystring.radius'],
    ])('refuses %s with 400 naming %s', async (bad, field) => {
      const [key, value] = bad.split('=')
      const query = new URLSearchParams({ lat: String(HERE.lat), lng: String(HERE.lng), [key]: value })
      const res = await ctx.app.inject({ url: `/api/facilities/nearest?${query}` })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field })] })
    })

    it('requires lat and lng', async () => {
      const res = await ctx.app.inject({ url: '/api/facilities/nearest?lat=23.16' })
      expect(res.statusCode).toBe(400)
      expect(res.json().details).toEqual([expect.objectContaining({ field: 'querystring.lng' })])
    })
  })

  describe('GET /api/facilities?bbox=', () => {
    const bbox = [113.25, 23.15, 113.3, 23.2] // GCJ-02, around 三元里/景泰/棠景

    it('answers exactly the facilities inside the bbox (GCJ-02 by default)', async () => {
      const res = await ctx.app.inject({ url: `/api/facilities?bbox=${bbox.join(',')}&limit=2000` })
      expect(res.statusCode).toBe(200)
      const body = res.json<FacilitiesInBBoxResponse>()
      const inside = rows.filter((row) => {
        const p = toGcj02(row)
        return p.lng >= bbox[0] && p.lng <= bbox[2] && p.lat >= bbox[1] && p.lat <= bbox[3]
      })
      expect(inside.length).toBeGreaterThan(20)
      expect(inside.length).toBeLessThan(rows.length)
      expect(body.items.map((item) => item.id).sort()).toEqual(inside.map((row) => row.id).sort())
      expect(body).toMatchObject({ total: inside.length, truncated: false })
      for (const item of body.items) {
        expect(item.location.lng).toBeGreaterThanOrEqual(bbox[0])
        expect(item.location.lat).toBeLessThanOrEqual(bbox[3])
      }
    })

    it('filters by type, takes a WGS-84 bbox, and says when the limit cut the answer', async () => {
      const toilets = (await ctx.app.inject({ url: `/api/facilities?bbox=${bbox.join(',')}&type=toilet&limit=5` })).json<FacilitiesInBBoxResponse>()
      expect(toilets.items).toHaveLength(5)
      expect(toilets.truncated).toBe(true)
      expect(toilets.items.every((item) => item.type === 'toilet')).toBe(true)

      const wgsBox = [113.2, 23.15, 113.25, 23.2]
      const wgs = (await ctx.app.inject({ url: `/api/facilities?bbox=${wgsBox.join(',')}&coordSystem=wgs84&limit=2000` })).json<FacilitiesInBBoxResponse>()
      const inside = rows.filter((row) => row.lng >= wgsBox[0] && row.lng <= wgsBox[2] && row.lat >= wgsBox[1] && row.lat <= wgsBox[3])
      expect(wgs.items.map((item) => item.id).sort()).toEqual(inside.map((row) => row.id).sort())
    })

    it.each([
      ['113.25,23.15,113.3', 'four numbers'],
      ['113.25,23.15,113.3,abc', 'four numbers'],
      ['113.3,23.15,113.25,23.2', 'minLng < maxLng'],
      ['113.0,22.5,113.9,23.5', 'too large'],
      ['', 'four numbers'],
    ])('refuses bbox=%s with 400 naming querystring.bbox (%s)', async (value, message) => {
      const res = await ctx.app.inject({ url: `/api/facilities?bbox=${value}` })
      expect(res.statusCode).toBe(400)
      const body = res.json()
      expect(body.code).toBe('VALIDATION_FAILED')
      expect(body.details[0]).toEqual({ field: 'querystring.bbox', message: expect.stringContaining(message) })
    })

    it('requires a bbox', async () => {
      const res = await ctx.app.inject({ url: '/api/facilities' })
      expect(res.statusCode).toBe(400)
      expect(res.json().details).toEqual([expect.objectContaining({ field: 'querystring.bbox' })])
    })
  })

  describe('GET /api/facilities/:id', () => {
    it('answers the full detail, GCJ-02 by default and WGS-84 on request, both matching the stored point', async () => {
      const row = rows.find((r) => r.type === 'toilet')!
      const res = await ctx.app.inject({ url: `/api/facilities/${row.id}` })
      expect(res.statusCode).toBe(200)
      const detail = res.json<FacilityDetail>()
      expect(detail).toMatchObject({ id: row.id, name: row.name, manager: row.manager, coordSystem: 'gcj02', gridId: row.grid_id })
      expect(detail.toilet).toMatchObject({ accessible: row.accessible === 1, starLevel: row.star_level, cleaningStatus: row.cleaning_status })
      expect(detail.myRating).toBeUndefined()
      // GCJ-02 is ~500 m off the stored WGS-84 point; back-converted it lands on it within 0.5 m.
      expect(distanceMeters(detail.location, row)).toBeGreaterThan(100)
      expect(distanceMeters(toWgs84(detail.location), row)).toBeLessThan(0.5)

      const wgs = (await ctx.app.inject({ url: `/api/facilities/${row.id}?coordSystem=wgs84` })).json<FacilityDetail>()
      expect(wgs.coordSystem).toBe('wgs84')
      expect(distanceMeters(wgs.location, row)).toBeLessThan(0.5)
    })

    it('answers 404 NOT_FOUND for an unknown id', async () => {
      const res = await ctx.app.inject({ url: '/api/facilities/wc-99999' })
      expect(res.statusCode).toBe(404)
      expect(res.json()).toMatchObject({ code: 'NOT_FOUND' })
    })
  })

  describe('POST /api/facilities/:id/feedback', () => {
    const stored = (id: string) => ctx.app.db.selectFrom('facilities').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

    it('needs a signed-in user (401)', async () => {
      const res = await ctx.app.inject({ method: 'POST', url: `/api/facilities/${rows[0].id}/feedback`, payload: { score: 5 } })
      expect(res.statusCode).toBe(401)
      expect(res.json().code).toBe('UNAUTHORIZED')
    })

    it('adds a rating to the average, and a second rating by the same user replaces the first', async () => {
      const { token, user } = await login(ctx.app, 'rater')
      const id = rows.find((row) => row.type === 'garbage_point')!.id
      const before = await stored(id)

      const first = await injectAs(ctx.app, token, { method: 'POST', url: `/api/facilities/${id}/feedback`, payload: { score: 1, comment: '有点脏' } })
      expect(first.statusCode).toBe(200)
      const afterFirst = await stored(id)
      expect(afterFirst).toMatchObject({ rating_count: before.rating_count + 1, rating_sum: before.rating_sum + 1 })
      const body = first.json<FacilityFeedbackResponse>()
      expect(body.facility.rating).toEqual({
        count: before.rating_count + 1,
        average: Math.round(((before.rating_sum + 1) / (before.rating_count + 1)) * 10) / 10,
      })
      expect(body.myRating).toMatchObject({ score: 1, comment: '有点脏' })

      const second = await injectAs(ctx.app, token, { method: 'POST', url: `/api/facilities/${id}/feedback`, payload: { score: 5 } })
      expect(second.statusCode).toBe(200)
      expect(await stored(id)).toMatchObject({ rating_count: before.rating_count + 1, rating_sum: before.rating_sum + 5 })
      const ratings = await ctx.app.db.selectFrom('facility_ratings').selectAll().where('facility_id', '=', id).execute()
      expect(ratings).toEqual([expect.objectContaining({ user_id: user.id, score: 5, comment: null })])

      const detail = (await injectAs(ctx.app, token, { url: `/api/facilities/${id}` })).json<FacilityDetail>()
      expect(detail.myRating).toMatchObject({ score: 5 })
      expect(detail.rating.count).toBe(before.rating_count + 1)

      const other = await login(ctx.app, 'second-rater')
      await injectAs(ctx.app, other.token, { method: 'POST', url: `/api/facilities/${id}/feedback`, payload: { score: 3 } })
      expect(await stored(id)).toMatchObject({ rating_count: before.rating_count + 2, rating_sum: before.rating_sum + 8 })
    })

    it('shows a new rating at once in the nearest answer, in both systems (its cached parts are dropped)', async () => {
      const nearestOf = async (coordSystem: 'gcj02' | 'wgs84') => {
        const here = coordSystem === 'wgs84' ? toWgs84(HERE) : HERE
        const url = `/api/facilities/nearest?lat=${here.lat}&lng=${here.lng}&coordSystem=${coordSystem}&limit=1`
        return (await ctx.app.inject({ url })).json<NearestFacilitiesResponse>().items[0]
      }
      // Answered once in each system first, so both have the facility's parts cached.
      const before = await nearestOf('gcj02')
      expect((await nearestOf('wgs84')).id).toBe(before.id)
      const { token } = await login(ctx.app, 'nearest-rater')
      const rated = await injectAs(ctx.app, token, { method: 'POST', url: `/api/facilities/${before.id}/feedback`, payload: { score: 1 } })
      expect(rated.statusCode).toBe(200)
      const row = await stored(before.id)
      const expected = { count: row.rating_count, average: Math.round((row.rating_sum / row.rating_count) * 10) / 10 }
      expect(expected.count).toBe(before.rating.count + 1)
      for (const coordSystem of ['gcj02', 'wgs84'] as const) {
        const after = await nearestOf(coordSystem)
        expect(after).toMatchObject({ id: before.id, coordSystem, rating: expected, distanceMeters: before.distanceMeters })
      }
    })

    it.each([
      [{ score: 6 }, 'body.score'],
      [{ score: 2.5 }, 'body.score'],
      [{}, 'body.score'],
      [{ score: 4, comment: 'x'.repeat(201) }, 'body.comment'],
      [{ score: 4, extra: true }, 'body.extra'],
    ])('refuses %j with 400 naming %s', async (payload, field) => {
      const { token } = await login(ctx.app, 'rater')
      const res = await injectAs(ctx.app, token, { method: 'POST', url: `/api/facilities/${rows[0].id}/feedback`, payload })
      expect(res.statusCode).toBe(400)
      expect(res.json().details).toEqual([expect.objectContaining({ field })])
    })

    it('answers 404 for an unknown facility and stores nothing', async () => {
      const { token } = await login(ctx.app, 'rater')
      const res = await injectAs(ctx.app, token, { method: 'POST', url: '/api/facilities/gp-99999/feedback', payload: { score: 4 } })
      expect(res.statusCode).toBe(404)
      const stray = await ctx.app.db.selectFrom('facility_ratings').selectAll().where('facility_id', '=', 'gp-99999').execute()
      expect(stray).toEqual([])
    })
  })
})
