/** The console's map layers: per-grid load, open ticket points, workers with their recent track. */
import zlib from 'node:zlib'
import type { MapGridsAnswer, MapTicketsAnswer, MapWorkersAnswer } from '@contract/console'
import { readMapPoint } from '@contract/map-points'
import { HOUR } from '../../../../mock-server/src/lib/clock'
import { injectAs, login } from '../../../helpers/app'
import { act, consoleTestApp, ok, ticketInGrid } from './helpers'

describe('console map layers', () => {
  let ctx: Awaited<ReturnType<typeof consoleTestApp>>
  let open: number[]
  let tickets: { id: number; number: string }[]
  beforeAll(async () => {
    ctx = await consoleTestApp()
    const { app, resident, dispatcher, clock } = ctx
    const a = await ticketInGrid(app, resident, 3)
    clock.advance(3 * HOUR) // a (2 h SLA) is overdue now
    const b = await ticketInGrid(app, resident, 3, { categoryId: 'broken_streetlight' })
    const c = await ticketInGrid(app, resident, 5)
    const closed = await ticketInGrid(app, resident, 5)
    await ok(act(app, dispatcher, closed.id, 'reject', { reason: 'duplicate' }))
    open = [a.id, b.id, c.id]
    tickets = [a, b, c]
  })
  afterAll(() => ctx.cleanup())

  const get = (url: string, token = ctx.dispatcher) => injectAs(ctx.app, token, { method: 'GET', url })

  describe('GET /api/ops/map/grids', () => {
    it('counts open and overdue tickets for every grid', async () => {
      const answer = await ok<MapGridsAnswer>(get('/api/ops/map/grids'))
      expect(answer.items).toHaveLength(ctx.app.geo.grids.length)
      const grid3 = answer.items.find((row) => row.gridId === ctx.app.geo.grids[3].id)!
      expect(grid3).toMatchObject({ open: 2, overdue: 1, gridName: ctx.app.geo.grids[3].name, street: ctx.app.geo.grids[3].streetName })
      expect(answer.items.find((row) => row.gridId === ctx.app.geo.grids[5].id)).toMatchObject({ open: 1, overdue: 0 })
      expect(answer.items.reduce((sum, row) => sum + row.open, 0)).toBe(3)
    })
  })

  describe('GET /api/ops/map/tickets', () => {
    it('lists every open ticket as a compact array point with its number, in GCJ-02 (or WGS-84 when asked)', async () => {
      const answer = await ok<MapTicketsAnswer>(get('/api/ops/map/tickets'))
      const points = answer.items.map((p) => readMapPoint(p, answer))
      expect(points.map((p) => p.id).sort()).toEqual([...open].sort())
      expect(answer.items.every((p) => Array.isArray(p) && p.length === 8)).toBe(true)
      const a = points.find((p) => p.id === open[0])!
      const b = points.find((p) => p.id === open[1])!
      expect(a).toMatchObject({ number: tickets[0].number, status: 'submitted', overdue: true, categoryId: 'exposed_garbage', gridId: ctx.app.geo.grids[3].id })
      expect(b).toMatchObject({ number: tickets[1].number, overdue: false, categoryId: 'broken_streetlight', gridId: ctx.app.geo.grids[3].id })
      // Each category and grid is named once, and points refer to them by index.
      expect(answer.gridIds).toHaveLength(2)
      expect([...answer.categoryIds].sort()).toEqual(['broken_streetlight', 'exposed_garbage'])
      const wgs = await ok<MapTicketsAnswer>(get('/api/ops/map/tickets?coordSystem=wgs84'))
      const center = ctx.app.geo.grids[3].center
      const aw = wgs.items.map((p) => readMapPoint(p, wgs)).find((p) => p.id === open[0])!
      expect(aw.lat).toBeCloseTo(center.lat, 4)
      expect(aw.lng).toBeCloseTo(center.lng, 4)
      // 5 decimals (about 1 m) are enough for a marker
      expect(String(aw.lat).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(5)
      // GCJ-02 is a few hundred metres off WGS-84 here
      expect(Math.abs(a.lng - aw.lng)).toBeGreaterThan(0.003)
    })

    it('is compressed (brotli, else gzip) when the client accepts it', async () => {
      for (let i = 0; i < 30; i++) await ticketInGrid(ctx.app, ctx.resident, 7 + (i % 5))
      const plain = await get('/api/ops/map/tickets')
      expect(plain.headers['content-encoding']).toBeUndefined()
      expect(plain.headers.vary).toMatch(/accept-encoding/i)
      const br = await injectAs(ctx.app, ctx.dispatcher, { method: 'GET', url: '/api/ops/map/tickets', headers: { 'accept-encoding': 'gzip, deflate, br' } })
      expect(br.headers['content-encoding']).toBe('br')
      expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2)
      expect(JSON.parse(zlib.brotliDecompressSync(br.rawPayload).toString())).toEqual(plain.json())
      const gz = await injectAs(ctx.app, ctx.dispatcher, { method: 'GET', url: '/api/ops/map/tickets', headers: { 'accept-encoding': 'gzip' } })
      expect(gz.headers['content-encoding']).toBe('gzip')
      expect(JSON.parse(zlib.gunzipSync(gz.rawPayload).toString())).toEqual(plain.json())
    })

    it('400 names a bad coordSystem', async () => {
      const res = await get('/api/ops/map/tickets?coordSystem=bd09')
      expect(res.statusCode).toBe(400)
      expect(res.json().details[0].field).toBe('querystring.coordSystem')
    })
  })

  describe('GET /api/ops/map/workers', () => {
    it('answers each worker with last position, load and only the last 10 minutes of track', async () => {
      const worker = await login(ctx.app, 'worker-9')
      const at = (lng: number) => ({ location: { lat: 23.2, lng, coordSystem: 'wgs84' as const } })
      await ok(injectAs(ctx.app, worker.token, { method: 'POST', url: '/api/ops/position', payload: at(113.3) }), 204)
      ctx.clock.advance(11 * 60_000)
      await ok(injectAs(ctx.app, worker.token, { method: 'POST', url: '/api/ops/position', payload: at(113.301) }), 204)
      ctx.clock.advance(60_000)
      await ok(injectAs(ctx.app, worker.token, { method: 'POST', url: '/api/ops/position', payload: at(113.302) }), 204)

      const answer = await ok<MapWorkersAnswer>(get('/api/ops/map/workers?coordSystem=wgs84'))
      expect(answer.items).toHaveLength(358)
      const row = answer.items.find((w) => w.id === worker.user.id)!
      expect(row).toMatchObject({ onDuty: true, location: { lat: 23.2, lng: 113.302 }, activeTickets: 0 })
      expect(row.track.map((p) => p.lng)).toEqual([113.301, 113.302])
      expect(answer.items.filter((w) => w.id !== worker.user.id).every((w) => w.track.length === 0)).toBe(true)

      await ok(injectAs(ctx.app, worker.token, { method: 'POST', url: '/api/ops/duty', payload: { onDuty: false } }))
      const onDuty = await ok<MapWorkersAnswer>(get('/api/ops/map/workers?onDuty=true'))
      expect(onDuty.items).toHaveLength(357)
      expect(onDuty.items.some((w) => w.id === worker.user.id)).toBe(false)
    })

    it('counts a dispatched ticket in the load of its worker', async () => {
      const dispatched = await ok<{ assignee: { id: number } }>(act(ctx.app, ctx.dispatcher, open[2], 'dispatch', {}))
      const answer = await ok<MapWorkersAnswer>(get('/api/ops/map/workers'))
      expect(answer.items.find((w) => w.id === dispatched.assignee.id)!.activeTickets).toBe(1)
    })
  })

  it('every layer is for dispatchers only', async () => {
    for (const url of ['/api/ops/map/grids', '/api/ops/map/tickets', '/api/ops/map/workers']) {
      expect((await get(url, ctx.resident)).statusCode).toBe(403)
      expect((await ctx.app.inject({ method: 'GET', url })).statusCode).toBe(401)
    }
  })
})
