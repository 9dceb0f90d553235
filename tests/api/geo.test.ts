import gcoord from 'gcoord'
import type { GeoFeatureCollection, GeoResolveResponse } from '@contract/geo'
import { DEFAULT_FACILITY_COUNTS } from '../../mock-server/src/db/seed/geo'
import { buildTestApp, useTestApp } from '../helpers/app'

const toWgs84 = (lng: number, lat: number) => gcoord.transform([lng, lat], gcoord.GCJ02, gcoord.WGS84) as [number, number]

describe('district geography', () => {
  const ctx = useTestApp()

  it('stores the district, its 24 streets, communities and grids in the database, and app.geo matches them', async () => {
    const streets = await ctx.app.db.selectFrom('geo_streets').selectAll().orderBy('sort_order').execute()
    expect(streets).toHaveLength(24)
    expect(streets[0]).toMatchObject({ code: '440111-001', name: '三元里街', kind: 'street' })
    const grids = await ctx.app.db.selectFrom('geo_grids').select(['id', 'name', 'street_code']).orderBy('sort_order').execute()
    expect(grids.map((grid) => grid.id)).toEqual(ctx.app.geo.grids.map((grid) => grid.id))
    expect(ctx.app.geo.grids.length).toBeGreaterThan(200)
    const districts = await ctx.app.db.selectFrom('geo_districts').selectAll().execute()
    expect(districts).toEqual([expect.objectContaining({ adcode: '440111', name: '白云区' })])
  })

  it('GET /api/geo/district answers GeoJSON in GCJ-02 by default for each level', async () => {
    const district = await ctx.app.inject({ url: '/api/geo/district?level=district' })
    expect(district.statusCode).toBe(200)
    const outline = district.json<GeoFeatureCollection>()
    expect(outline).toMatchObject({ type: 'FeatureCollection', coordSystem: 'gcj02' })
    expect(outline.features).toHaveLength(1)
    expect(outline.features[0]).toMatchObject({ type: 'Feature', properties: { level: 'district', code: '440111' }, geometry: { type: 'MultiPolygon' } })

    const streets = (await ctx.app.inject({ url: '/api/geo/district?level=street' })).json<GeoFeatureCollection>()
    expect(streets.features.map((f) => f.properties.name)).toContain('钟落潭镇')
    const grids = (await ctx.app.inject({ url: '/api/geo/district?level=grid' })).json<GeoFeatureCollection>()
    expect(grids.features).toHaveLength(ctx.app.geo.grids.length)
    expect(grids.features[0].properties).toMatchObject({ level: 'grid', streetName: '三元里街', communityName: expect.any(String) })

    // A GCJ-02 vertex converted back lands on the stored WGS-84 vertex.
    const wgs = (await ctx.app.inject({ url: '/api/geo/district?level=street&coordSystem=wgs84' })).json<GeoFeatureCollection>()
    const [gLng, gLat] = streets.features[0].geometry.coordinates[0][0][0]
    const [wLng, wLat] = wgs.features[0].geometry.coordinates[0][0][0]
    const [bLng, bLat] = toWgs84(gLng, gLat)
    expect(Math.abs(bLng - wLng)).toBeLessThan(5e-6)
    expect(Math.abs(bLat - wLat)).toBeLessThan(5e-6)
  })

  it('GET /api/geo/district refuses an unknown level, naming the field', async () => {
    const res = await ctx.app.inject({ url: '/api/geo/district?level=province' })
    expect(res.statusCode).toBe(400)
    expect(res.json().details).toEqual([expect.objectContaining({ field: 'querystring.level' })])
  })

  it('GET /api/geo/resolve names the street, community and grid of a GCJ-02 point, and null outside', async () => {
    const inside = (await ctx.app.inject({ url: '/api/geo/resolve?lat=23.161&lng=113.2605' })).json<GeoResolveResponse>()
    expect(inside).toMatchObject({ inside: true, address: { street: '三元里街', text: expect.stringMatching(/^广州市白云区三元里街/) } })
    const [lng, lat] = toWgs84(113.2605, 23.161)
    const wgs = (await ctx.app.inject({ url: `/api/geo/resolve?lat=${lat}&lng=${lng}&coordSystem=wgs84` })).json<GeoResolveResponse>()
    expect(wgs.address).toEqual(inside.address)
    const tianhe = (await ctx.app.inject({ url: '/api/geo/resolve?lat=23.1325&lng=113.3262' })).json<GeoResolveResponse>()
    expect(tianhe).toEqual({ inside: false, address: null })
  })
})

describe('geo and facility seed on restart', () => {
  it('skips the seed when the database already holds this version, and reseeds when the version changes', async () => {
    const first = await buildTestApp()
    const { dataDir } = first
    const seeded = await first.app.db.selectFrom('app_meta').selectAll().where('key', 'in', ['geo_divisions_version', 'facilities_seed_version']).execute()
    expect(seeded).toHaveLength(2)
    await first.app.db.updateTable('facilities').set({ name: '改过的名字' }).where('id', '=', 'wc-00001').execute()
    await first.app.close()

    const started = performance.now()
    const second = await buildTestApp({ dataDir })
    await second.app.ready()
    const restartMs = performance.now() - started
    const kept = await second.app.db.selectFrom('facilities').select('name').where('id', '=', 'wc-00001').executeTakeFirstOrThrow()
    expect(kept.name).toBe('改过的名字') // not reseeded
    expect(second.app.facilities.indexedCount).toBe(DEFAULT_FACILITY_COUNTS.toilets + DEFAULT_FACILITY_COUNTS.garbagePoints)
    expect(restartMs).toBeLessThan(5000)
    await second.app.db.updateTable('app_meta').set({ value: 'old' }).where('key', '=', 'facilities_seed_version').execute()
    await second.app.close()

    const third = await buildTestApp({ dataDir })
    const reseeded = await third.app.db.selectFrom('facilities').select('name').where('id', '=', 'wc-00001').executeTakeFirstOrThrow()
    expect(reseeded.name).not.toBe('改过的名字')
    const count = await third.app.db.selectFrom('facilities').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    expect(Number(count.n)).toBe(DEFAULT_FACILITY_COUNTS.toilets + DEFAULT_FACILITY_COUNTS.garbagePoints)
    await third.cleanup()
  })
})
