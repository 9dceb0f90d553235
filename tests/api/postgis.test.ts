/**
 * PostGIS (#18): on PostgreSQL, tickets and facilities carry a generated point column with GiST
 * indexes, and nearest/bbox run in the database. The answers must match a brute-force scan, as
 * the in-memory index does on SQLite (tests/api/routes/facilities.test.ts runs on both too).
 */
import { sql } from 'kysely'
import type { FacilitiesInBBoxResponse, NearestFacilitiesResponse } from '@contract/facilities'
import { seedFacilities } from '../../mock-server/src/db/seed/facilities'
import { distanceMeters } from '../../mock-server/src/lib/coords'
import { metresLowerBound } from '../../mock-server/src/services/facilities-postgis'
import { buildTestApp, onPostgres } from '../helpers/app'

const onPg = onPostgres ? describe : describe.skip

describe('the PostGIS lower bound', () => {
  it('never exceeds the true distance of a point that far away in planar degrees', () => {
    const from = { lat: 23.17, lng: 113.27 }
    for (let angle = 0; angle < 360; angle += 7.5) {
      const rad = (angle * Math.PI) / 180
      const to = { lat: from.lat + 0.05 * Math.sin(rad), lng: from.lng + 0.05 * Math.cos(rad) }
      expect(metresLowerBound(from, 0.05)).toBeLessThanOrEqual(distanceMeters(from, to))
    }
  })
})

onPg('on PostgreSQL + PostGIS', () => {
  let ctx: Awaited<ReturnType<typeof buildTestApp>>
  beforeAll(async () => {
    ctx = await buildTestApp({}, { maintenanceIntervalMs: 0 })
  })
  afterAll(() => ctx.cleanup())

  it('has a geometry(Point, 4326) kept by a trigger on tickets and facilities, with GiST indexes', async () => {
    const columns = await sql<{ table_name: string; type: string }>`
      SELECT c.relname AS table_name, format_type(a.atttypid, a.atttypmod) AS type
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ${ctx.app.database.schema} AND c.relkind = 'r' AND a.attname = 'geom' AND NOT a.attisdropped ORDER BY 1`.execute(ctx.app.db)
    expect(columns.rows).toEqual([
      { table_name: 'facilities', type: 'geometry(Point,4326)' },
      { table_name: 'tickets', type: 'geometry(Point,4326)' },
    ])
    const indexes = await sql<{ indexname: string }>`
      SELECT indexname FROM pg_indexes WHERE schemaname = ${ctx.app.database.schema} AND indexdef LIKE '%USING gist%' ORDER BY 1`.execute(ctx.app.db)
    expect(indexes.rows.map((row) => row.indexname)).toEqual(['facilities_geog', 'facilities_geom', 'tickets_geog', 'tickets_geom'])
    const facility = await ctx.app.db.selectFrom('facilities').select(['lat', 'lng']).select(sql<string>`ST_AsText(geom)`.as('wkt')).executeTakeFirstOrThrow()
    expect(facility.wkt).toBe(`POINT(${facility.lng} ${facility.lat})`)
    // Moving a facility moves its point; a row read whole can be written again (the trigger owns geom).
    await ctx.app.db.updateTable('facilities').set({ lat: 23.2, lng: 113.3 }).where('id', '=', 'wc-00001').execute()
    const moved = await ctx.app.db.selectFrom('facilities').selectAll().select(sql<string>`ST_AsText(geom)`.as('wkt')).where('id', '=', 'wc-00001').executeTakeFirstOrThrow()
    expect(moved.wkt).toBe('POINT(113.3 23.2)')
    const { wkt: _wkt, ...row } = moved
    await ctx.app.db.insertInto('facilities').values({ ...row, id: 'wc-copy', lat: 23.21 }).execute()
    const copy = await ctx.app.db.selectFrom('facilities').select(sql<string>`ST_AsText(geom)`.as('wkt')).where('id', '=', 'wc-copy').executeTakeFirstOrThrow()
    expect(copy.wkt).toBe('POINT(113.3 23.21)')
  })

  it('answers nearest and bbox from the table at 6,000 facilities, exactly as a scan would', async () => {
    await seedFacilities(ctx.app.db, { toilets: 3000, garbagePoints: 3000, geo: ctx.app.geo, seed: 'postgis-test' })
    await sql`ANALYZE facilities`.execute(ctx.app.db)
    const rows = await ctx.app.db.selectFrom('facilities').select(['id', 'type', 'lat', 'lng', 'accessible']).execute()
    // No reload: the database is the index on PostgreSQL.
    for (const from of [
      { lat: 23.17, lng: 113.27 },
      { lat: 23.3, lng: 113.3 },
      { lat: 23.22, lng: 113.42 },
    ]) {
      const url = `/api/facilities/nearest?lat=${from.lat}&lng=${from.lng}&coordSystem=wgs84&limit=25&type=toilet&accessible=true`
      const { items } = (await ctx.app.inject({ url })).json<NearestFacilitiesResponse>()
      const expected = rows
        .filter((row) => row.type === 'toilet' && row.accessible === 1)
        .map((row) => ({ id: row.id, meters: distanceMeters(from, row) }))
        .sort((a, b) => a.meters - b.meters || (a.id < b.id ? -1 : 1))
        .slice(0, 25)
      expect(items.map((item) => item.id)).toEqual(expected.map((hit) => hit.id))
      expect(items.map((item) => item.distanceMeters)).toEqual(expected.map((hit) => Math.round(hit.meters)))
    }
    const bbox = [113.25, 23.15, 113.29, 23.19]
    const inside = rows.filter((row) => row.lng >= bbox[0] && row.lng <= bbox[2] && row.lat >= bbox[1] && row.lat <= bbox[3])
    const res = (await ctx.app.inject({ url: `/api/facilities?bbox=${bbox.join(',')}&coordSystem=wgs84&limit=2000` })).json<FacilitiesInBBoxResponse>()
    expect(res.total).toBe(inside.length)
    expect(res.items.map((item) => item.id).sort()).toEqual(inside.map((row) => row.id).sort())
  })

  it('plans nearest with the GiST index (KNN), not a sort of the table', async () => {
    const plan = await sql<{ 'QUERY PLAN': string }>`
      EXPLAIN SELECT id FROM facilities ORDER BY geom <-> ST_SetSRID(ST_MakePoint(113.27, 23.17), 4326) LIMIT 10`.execute(ctx.app.db)
    const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n')
    expect(text).toMatch(/Index Scan using facilities_geom/)
  })
})
