/**
 * Facilities on PostgreSQL: nearest and bbox run in the database on the PostGIS point column
 * (migration 009) instead of the in-memory kdbush index, so every instance answers from the same
 * rows, and a rating or a new facility on one instance shows on all of them at once.
 *
 * Nearest: the GiST index orders candidates by planar distance in degrees (`geom <-> point`,
 * fast KNN); the exact great-circle metres (the same formula as the SQLite path) then order
 * them. Planar degrees are not metres (a degree of longitude is cos(lat) shorter), so the batch
 * grows until no unseen facility can be nearer than the k-th found (a lower bound from the last
 * candidate's degree distance). "Open now" is decided in JS from the opening hours, as on SQLite.
 */
import { sql, type ExpressionBuilder, type SqlBool } from 'kysely'
import type { CoordSystem, Point } from '@contract/schemas'
import { nearestFirst, withinMetres } from '../db/postgis'
import type { Database } from '../db/schema'
import type { BBox } from '../geo/polygon'
import { distanceMeters } from '../lib/coords'
import { FacilityService, type FacilityRow, type NearestOptions } from './facilities'
import { isOpenAt, parseOpeningHours } from './facilities-hours'
import type { FacilityFilter } from './facilities-index'


const RECENT_MS = 100

/** Metres per degree of latitude (lower bound) and of longitude at the equator. */
const M_PER_DEG_LAT_MIN = 110_574
const M_PER_DEG_LNG_EQ = 111_320

/** No point farther than `degrees` (planar) from `point` can be nearer than this many metres. */
export function metresLowerBound(point: Point, degrees: number): number {
  const lat = Math.min(89.9, Math.abs(point.lat) + degrees)
  return degrees * Math.min(M_PER_DEG_LAT_MIN, M_PER_DEG_LNG_EQ * Math.cos((lat * Math.PI) / 180)) * 0.999
}

function where(filter: FacilityFilter) {
  return (eb: ExpressionBuilder<Database, 'facilities'>) => {
    const conditions = []
    if (filter.type) conditions.push(eb('type', '=', filter.type))
    if (filter.accessible) conditions.push(eb('accessible', '=', 1))
    if (filter.babyCare) conditions.push(eb('baby_care', '=', 1))
    if (filter.free) conditions.push(eb('is_free', '=', 1))
    return eb.and(conditions)
  }
}

export class PostgisFacilityService extends FacilityService {
  private hoursCache = new Map<string, ReturnType<typeof parseOpeningHours>>()
  private counted = 0
  /** Rows nearest queries just read whole, so the answer needs no second query (see loadRows). */
  private recent = new Map<string, { row: FacilityRow; at: number }>()

  /** The rows the GiST index covered at the last reload (it covers every row, always). */
  override get indexedCount(): number {
    return this.counted
  }

  /** Nothing to load: the database is the index. Counts, for the startup log and indexedCount. */
  override async reloadIndex(): Promise<{ count: number; ms: number }> {
    const started = performance.now()
    this.counted = await this.count()
    return { count: this.counted, ms: performance.now() - started }
  }

  /** The answer's JSON from the database's search (the in-memory index is empty here). */
  override async nearestJson(point: Point, options: NearestOptions, coordSystem: CoordSystem, now: Date): Promise<Buffer> {
    return this.nearestJsonFromRows(point, options, coordSystem, now)
  }

  private openAt(hours: string, minute: number): boolean {
    let ranges = this.hoursCache.get(hours)
    if (!ranges) this.hoursCache.set(hours, (ranges = parseOpeningHours(hours)))
    return isOpenAt(ranges, minute)
  }

  protected override async nearestHits(point: Point, options: { limit: number; maxMeters?: number; filter: FacilityFilter }) {
    const { limit, maxMeters, filter } = options
    let batch = limit * 2 + 20
    for (;;) {
      let query = this.db
        .selectFrom('facilities')
        .selectAll()
        .where(where(filter))
        .orderBy(nearestFirst('facilities', point))
        .orderBy('id')
        .limit(batch)
      if (maxMeters !== undefined) {
        query = query.where(withinMetres('facilities', point, maxMeters)) // exact below
      }
      const rows = await query.execute()
      if (this.recent.size > 10_000) this.recent.clear()
      const at = performance.now()
      for (const row of rows) this.recent.set(row.id, { row, at })
      const found = rows
        .filter((row) => filter.openAtMinute === undefined || this.openAt(row.opening_hours, filter.openAtMinute))
        .map((row) => ({ id: row.id, meters: distanceMeters(point, row) }))
        .filter((hit) => maxMeters === undefined || hit.meters <= maxMeters)
        .sort((a, b) => a.meters - b.meters || (a.id < b.id ? -1 : 1))
      const exhausted = rows.length < batch
      const last = rows[rows.length - 1]
      const reach = last ? Math.hypot(last.lat - point.lat, last.lng - point.lng) : 0
      if (exhausted || (found.length >= limit && found[limit - 1].meters <= metresLowerBound(point, reach))) {
        return found.slice(0, limit)
      }
      batch *= 4
    }
  }

  protected override async withinBBox(bbox: BBox, filter: FacilityFilter): Promise<{ id: string; lat: number; lng: number }[]> {
    const [minLng, minLat, maxLng, maxLat] = bbox
    const rows = await this.db
      .selectFrom('facilities')
      .select(['id', 'lat', 'lng'])
      .where(where(filter))
      .where(sql<SqlBool>`geom && ST_MakeEnvelope(${minLng}, ${minLat}, ${maxLng}, ${maxLat}, 4326)`)
      .execute()
    // `&&` compares the index's float4 boxes (rounded outwards): re-check with the exact coordinates.
    return rows.filter((row) => row.lng >= minLng && row.lng <= maxLng && row.lat >= minLat && row.lat <= maxLat)
  }

  protected override async loadRows(ids: readonly string[]): Promise<Map<string, FacilityRow>> {
    if (ids.length === 0) return new Map()
    // Read by nearestHits within the last 100 ms (this request's own query): no second round trip.
    const fresh = performance.now() - RECENT_MS
    if (ids.every((id) => (this.recent.get(id)?.at ?? -Infinity) >= fresh)) return new Map(ids.map((id) => [id, this.recent.get(id)!.row]))
    const rows = await this.db.selectFrom('facilities').selectAll().where('id', 'in', [...ids]).execute()
    return new Map(rows.map((row) => [row.id, row]))
  }
}
